"""Visit operations: config rules, and the runbook jobs against the sandbox (a dry run writes
nothing, a real run writes what it said)."""

import pytest
from pydantic import ValidationError

from dagster_project.domains.visits.operations import RepairVisitConfig
from tests.harness import written


def test_a_valid_repair_visit_config_passes_unchanged():
    visit = RepairVisitConfig(offender_no="A1234BC", visit_references=["ab-cd-ef-gh"])
    assert (visit.dry_run, visit.max_writes) == (True, 50)


@pytest.mark.parametrize("reference", ["", "ab cd-ef-gh", " ab-cd-ef-gh"])
def test_a_visit_reference_with_blanks_is_refused_naming_its_field(reference):
    with pytest.raises(ValidationError, match="is not a VSIP visit reference") as refused:
        RepairVisitConfig(offender_no="A1234BC", visit_references=["ab-cd-ef-gh", reference])
    assert [error["loc"] for error in refused.value.errors()] == [("visit_references", 1)]


def test_repair_visit_job_creates_the_missing_nomis_visit(harness):
    offender = harness.first_prisoner()["offenderNo"]
    visit = harness.sandbox.post(
        "/sandbox/dps/visits",
        json={
            "prisonerId": offender,
            "prisonId": "MDI",
            "visitors": [4729570],
            "startTimestamp": "2026-12-20T14:00:00",
            "endTimestamp": "2026-12-20T15:00:00",
            "visitRoom": "Visits Main Hall",
        },
    ).json()
    config = {"offender_no": offender, "visit_references": [visit["reference"]]}
    before = harness.get("/sandbox/nomis/visits", offenderNo=offender)

    dry = harness.operate("repair_visit_job", "repair_visits", config)
    assert written(dry, "repair_visits") == (1, 0)
    assert harness.get("/sandbox/nomis/visits", offenderNo=offender) == before

    real = harness.operate("repair_visit_job", "repair_visits", {**config, "dry_run": False})
    assert written(real, "repair_visits") == (1, 1)
    after = harness.get("/sandbox/nomis/visits", offenderNo=offender)
    assert len(after) == len(before) + 1
    assert harness.get("/sandbox/mappings/visits", vsipId=visit["reference"])
    assert harness.telemetry("to-nomis-synch-visit-resynchronisation-repair")


def test_cancel_duplicate_visit_job_cancels_exactly_the_given_visit(harness):
    visits = harness.get("/sandbox/nomis/visits")
    target = next(v for v in visits if v["status"] == "SCH")
    config = {"offender_no": target["offenderNo"], "nomis_visit_ids": [target["visitId"]]}

    dry = harness.operate("cancel_duplicate_visit_job", "cancel_duplicate_visits", config)
    assert written(dry, "cancel_duplicate_visits") == (1, 0)
    assert harness.get("/sandbox/nomis/visits") == visits

    harness.operate(
        "cancel_duplicate_visit_job",
        "cancel_duplicate_visits",
        {**config, "dry_run": False},
    )
    after = {v["visitId"]: v for v in harness.get("/sandbox/nomis/visits")}
    assert after[target["visitId"]]["status"] == "CANC"
    assert after[target["visitId"]]["outcome"] == "ADMIN"
    changed = [v for v in visits if after[v["visitId"]] != v]
    assert [v["visitId"] for v in changed] == [target["visitId"]]
