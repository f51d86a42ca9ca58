"""The CSIP operations: the old repair endpoint as a job, and the reconciliation repair's config.

On real sockets: a dry run writes nothing; a real run re-sends the whole report (keeping or,
with `clear_child_mappings`, rebuilding the child mappings); a report with no mapping fails.
"""

import pytest

from dagster_project.domains.csip.operations import (
    REPAIR_CSIP,
    RESYNCHRONISE_CSIP,
    RepairCsipConfig,
    ResynchroniseCsipConfig,
)
from dagster_project.sandbox.core.estate import offender_no

JOB, OP = RESYNCHRONISE_CSIP.job, RESYNCHRONISE_CSIP.op
RECORD = "8cdadcf3-b003-4116-9956-c99bd8df6a00"


@pytest.mark.parametrize(
    "reports",
    [["A1234BC"], ["A1234BC,12345"], ["a1234bc," + RECORD], [RECORD]],
)
def test_a_resynchronise_target_that_can_never_be_right_is_refused(reports):
    with pytest.raises(ValueError):
        ResynchroniseCsipConfig(reports=reports)


def test_both_operations_are_dry_runs_by_default_with_a_guard():
    resync = ResynchroniseCsipConfig(reports=[f" A1234BC , {RECORD}"])
    assert resync.reports == [f"A1234BC,{RECORD}"] and resync.dry_run is True
    assert resync.clear_child_mappings is False
    repair = RepairCsipConfig(offender_nos=["A1234BC"])
    assert repair.dry_run is True and repair.max_writes == 100
    assert REPAIR_CSIP.config.cadence == "daily_state"
    with pytest.raises(ValueError):
        RepairCsipConfig()


def seeded(harness) -> tuple[str, dict, dict]:
    """A seeded, synced prisoner: its DPS record and its NOMIS report."""
    offender = offender_no(0, 3)
    [record] = harness.get("/sandbox/dps/csip-records", prisonNumber=offender)
    [report] = harness.get("/sandbox/nomis/csip", offenderNo=offender)
    return offender, record, report


def mapping(harness, record_uuid: str) -> dict:
    [found] = harness.get("/sandbox/mappings/csip", dpsCSIPReportId=record_uuid)
    return found


def resynchronise(harness, target: str, dry_run: bool, clear: bool = False):
    config = {"reports": [target], "dry_run": dry_run, "clear_child_mappings": clear}
    return harness.defs.resolve_job_def(JOB).execute_in_process(
        run_config={"ops": {OP: {"config": config}}},
        instance=harness.instance,
        raise_on_error=False,
    )


def test_a_dry_run_writes_nothing_and_a_real_run_resends_the_report(harness):
    offender, record, report = seeded(harness)
    target = f"{offender},{record['recordUuid']}"
    before = mapping(harness, record["recordUuid"])

    assert resynchronise(harness, target, dry_run=True).success
    assert harness.get("/sandbox/nomis/csip", offenderNo=offender) == [report]
    assert harness.telemetry("csip-resynchronisation-repair") == []

    assert resynchronise(harness, target, dry_run=False).success
    [after] = harness.get("/sandbox/nomis/csip", offenderNo=offender)
    assert after["id"] == report["id"]
    assert after["reportDetails"]["factors"] == report["reportDetails"]["factors"]  # ids kept
    assert mapping(harness, record["recordUuid"]) == before
    assert harness.telemetry("csip-resynchronisation-repair") == [
        {"prisonNumber": offender, "dpsCSIPReportId": record["recordUuid"]}
    ]
    assert harness.telemetry("csip-children-create-success")


def test_clearing_the_child_mappings_rebuilds_them_from_nomis(harness):
    offender, record, report = seeded(harness)
    before = mapping(harness, record["recordUuid"])
    target = f"{offender},{record['recordUuid']}"
    assert resynchronise(harness, target, dry_run=False, clear=True).success
    [after] = harness.get("/sandbox/nomis/csip", offenderNo=offender)
    rebuilt = mapping(harness, record["recordUuid"])
    new_ids = sorted(f["id"] for f in after["reportDetails"]["factors"])
    assert sorted(m["nomisId"] for m in rebuilt["factorMappings"]) == new_ids
    old_ids = {m["nomisId"] for m in before["factorMappings"]}
    assert old_ids.isdisjoint(new_ids)  # sent without ids: NOMIS created them again
    assert rebuilt["nomisCSIPReportId"] == before["nomisCSIPReportId"] == report["id"]


def test_resynchronising_a_report_that_was_never_created_fails(harness):
    offender = offender_no(2, 9)
    record = harness.sandbox.post("/sandbox/dps/csip-records", json={"prisonNumber": offender})
    target = f"{offender},{record.json()['recordUuid']}"
    result = resynchronise(harness, target, dry_run=False)
    assert not result.success
    assert harness.get("/sandbox/nomis/csip", offenderNo=offender) == []
    assert harness.telemetry("csip-children-create-failed")
