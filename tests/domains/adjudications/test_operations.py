"""The old service's five repair endpoints as jobs, on real sockets: configs refused when they
can never be right, dry runs that write nothing, and each repair's effect on NOMIS."""

import pytest

from dagster_project.domains.adjudications.operations import (
    DELETE_HEARING_RESULT,
    REPAIR_ADA,
    REPAIR_ADJUDICATION,
    REPAIR_HEARING,
    REPAIR_OUTCOME,
    REPAIR_PUNISHMENTS,
    ChargesConfig,
    HearingsConfig,
    RepairAdaConfig,
)
from dagster_project.sandbox.core.estate import offender_no

SEEDED = offender_no(0, 4)  # MDI, a proved charge with a hearing and ADA awards


@pytest.mark.parametrize(
    "target", ["MDI,A1234BC", "MDI,a1234bc,1", "MDI,A1234BC,1,2", ",A1234BC,1"]
)
def test_a_charge_target_that_can_never_be_right_is_refused(target):
    with pytest.raises(ValueError):
        ChargesConfig(charges=[target])


def test_every_repair_is_a_dry_run_by_default_with_a_guard():
    charges = ChargesConfig(charges=[" MDI , A1234BC , 12345 "])
    assert charges.charges == ["MDI,A1234BC,12345"] and charges.dry_run and charges.max_writes == 50
    assert HearingsConfig(hearings=["MDI,A1234BC,12345,678"]).dry_run
    with pytest.raises(ValueError):
        HearingsConfig(hearings=["MDI,A1234BC,12345"])
    assert RepairAdaConfig(bookings=["A1234BC,1234567"]).max_writes == 100
    with pytest.raises(ValueError):
        RepairAdaConfig()


def seeded(harness) -> tuple[dict, dict]:
    [charge] = harness.get("/sandbox/dps/adjudications", prisonerNumber=SEEDED)
    [adjudication] = harness.get("/sandbox/nomis/adjudications", offenderNo=SEEDED)
    return charge, adjudication


def operate(harness, operation, dry_run: bool, **targets):
    return harness.operate(operation.job, operation.op, {"dry_run": dry_run, **targets})


def test_a_dry_run_writes_nothing(harness):
    charge, before = seeded(harness)
    target = f"MDI,{SEEDED},{charge['chargeNumber']}"
    for operation in (REPAIR_ADJUDICATION, REPAIR_PUNISHMENTS):
        assert operate(harness, operation, True, charges=[target]).success
    hearing = f"{target},{charge['hearings'][0]['id']}"
    for operation in (DELETE_HEARING_RESULT, REPAIR_OUTCOME, REPAIR_HEARING):
        assert operate(harness, operation, True, hearings=[hearing]).success
    assert seeded(harness)[1] == before
    assert harness.telemetry("adjudication-") == []


def test_the_full_repair_recreates_the_charge_with_its_hearing_result_and_awards(harness):
    charge, old = seeded(harness)
    number = charge["chargeNumber"]
    assert operate(harness, REPAIR_ADJUDICATION, False, charges=[f"MDI,{SEEDED},{number}"]).success
    adjudications = harness.get("/sandbox/nomis/adjudications", offenderNo=SEEDED)
    [new] = [a for a in adjudications if a["adjudicationNumber"] != old["adjudicationNumber"]]
    [mapping] = harness.get("/sandbox/mappings/adjudications", chargeNumber=number)
    assert mapping["adjudicationNumber"] == new["adjudicationNumber"]
    [hearing] = new["hearings"]
    assert hearing["results"]["1"]["findingCode"] == "PROVED"
    hearing_date = charge["hearings"][0]["dateTimeOfHearing"][:10]
    assert [a["effectiveDate"] for a in new["awards"]] == [hearing_date] * len(
        charge["punishments"]
    )
    [audit] = harness.telemetry("adjudication-adjudication-repair")
    assert audit["adjudicationNumber"] == str(new["adjudicationNumber"])


def test_the_hearing_outcome_and_result_delete_repairs(harness):
    charge, before = seeded(harness)
    hearing = f"MDI,{SEEDED},{charge['chargeNumber']},{charge['hearings'][0]['id']}"
    assert operate(harness, REPAIR_HEARING, False, hearings=[hearing]).success
    assert harness.telemetry("hearing-create-duplicate")  # mapped already: nothing written
    assert operate(harness, REPAIR_OUTCOME, False, hearings=[hearing]).success
    # the last outcome is a proved charge: the result delete rolls back to it
    assert operate(harness, DELETE_HEARING_RESULT, False, hearings=[hearing]).success
    [after] = harness.get("/sandbox/nomis/adjudications", offenderNo=SEEDED)
    assert after["hearings"] == before["hearings"] and after["awards"] == before["awards"]
    for name in ("hearing-repair", "outcome-repair", "hearing-delete-result-repair"):
        assert len(harness.telemetry(f"adjudication-{name}")) == 1, name


def test_the_punishments_repair_puts_dps_days_on_the_award(harness):
    offender = offender_no(0, 7)  # planted: NOMIS has two days fewer
    [charge] = harness.get("/sandbox/dps/adjudications", prisonerNumber=offender)
    target = f"MDI,{offender},{charge['chargeNumber']}"
    assert operate(harness, REPAIR_PUNISHMENTS, False, charges=[target]).success
    [adjudication] = harness.get("/sandbox/nomis/adjudications", offenderNo=offender)
    assert [a["sanctionDays"] for a in adjudication["awards"]] == [10]
    assert harness.telemetry("adjudication-punishment-repair")
    assert REPAIR_ADA.config.cadence == "weekly"


def test_the_sandbox_charges_stand_in_a_location_the_locations_seed_maps():
    from dagster_project.sandbox.domains.adjudications.records import location_uuid
    from dagster_project.sandbox.domains.locations.estate import dps_location_id

    assert location_uuid("LEI") == dps_location_id("LEI-A-1")
