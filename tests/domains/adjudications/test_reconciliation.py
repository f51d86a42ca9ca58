"""Adjudications reconciliation end to end: the planted prisoners found exactly (the merged one
and the charge with no hearing are not) -> failed check -> one alert -> a dry run writes
nothing -> the repair -> the re-check passes; and the Monday 02:30 schedule."""

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg

from dagster_project.definitions import build_definitions
from dagster_project.domains.adjudications.operations import REPAIR_ADA
from dagster_project.sandbox.core.estate import offender_no
from dagster_project.sandbox.domains.adjudications.seed import (
    MERGED_PRISONER,
    PLANTED_ADJUDICATION_MISMATCHES,
)
from dagster_project.settings import Settings

PARTITION = "2026-11-16"  # weekly: a Monday
ASSET = "adjudications_reconciliation"
CHECK = "adjudication_ada_awards_match"
PREFIX = "adjudication-reports-reconciliation"


def planted() -> set[tuple[str, str]]:
    return {(p.offender_no, p.kind) for p in PLANTED_ADJUDICATION_MISMATCHES}


def repair(harness, dry_run: bool, max_writes: int = 10) -> dg.ExecuteInProcessResult:
    config = {"partition_key": PARTITION, "dry_run": dry_run, "max_writes": max_writes}
    return harness.defs.resolve_job_def(REPAIR_ADA.job).execute_in_process(
        run_config={"ops": {REPAIR_ADA.op: {"config": config}}},
        instance=harness.instance,
        raise_on_error=False,
    )


def nomis_state(harness) -> list[dict]:
    return harness.get("/sandbox/nomis/adjudications")


def test_planted_prisoners_fail_the_check_alert_once_and_the_repair_fixes_them(harness):
    cursor = harness.alerts_tick(None)

    first = harness.materialize(ASSET, PARTITION)
    check = harness.check_evaluation(first, CHECK)
    assert check.passed is False and check.severity == dg.AssetCheckSeverity.ERROR
    mismatches = first.output_for_node(ASSET)
    assert set(zip(mismatches["offender_no"], mismatches["kind"], strict=True)) == planted()
    metadata = first.asset_materializations_for_node(ASSET)[0].metadata
    assert metadata["mismatch_count"].value == len(planted()) and metadata["errors"].value == 0
    assert metadata["merges_checked"].value == len(planted()) + 1  # the merged prisoner
    [report] = harness.telemetry(f"{PREFIX}-report")
    assert report["mismatch-count"] == str(len(planted())) and report["success"] == "true"
    by_offender = {d["offenderNo"]: d for d in harness.telemetry(f"{PREFIX}-mismatch")}
    assert set(by_offender) == {offender for offender, _ in planted()}
    days = by_offender[offender_no(0, 7)]
    assert (days["nomisAdaCount"], days["dpsAdaCount"]) == ("1", "1")
    assert (days["nomisAdaDays"], days["dpsAdaDays"]) == ("8", "10")
    assert report[offender_no(0, 7)] == "1:1,8:10"
    assert offender_no(*MERGED_PRISONER) not in by_offender
    assert harness.telemetry(f"{PREFIX}-merge-mismatch") == []

    cursor = harness.alerts_tick(cursor)
    cursor = harness.alerts_tick(cursor)
    [alert] = harness.failed_alerts()
    assert alert.dimensions["partition"] == PARTITION

    before = nomis_state(harness)
    dry = repair(harness, dry_run=True)
    assert dry.success and nomis_state(harness) == before

    real = repair(harness, dry_run=False)
    assert real.success
    repaired = harness.telemetry("adjudication-ada-prisoner-repair")
    assert sorted(r["offenderNo"] for r in repaired) == sorted(o for o, _ in planted())
    updates = harness.telemetry("punishment-update-success")
    assert len(updates) == len(planted())
    assert sum(int(u["punishmentsCreatedCount"]) for u in updates) == 1  # the prospective days
    assert sum(int(u["punishmentsDeletedCount"]) for u in updates) == 1  # the award DPS lost
    assert len(harness.telemetry("adjudication-punishment-repair")) == len(planted())

    request = harness.recheck_request(real)
    assert request.partition_key == PARTITION and request.job_name == f"{ASSET}_job"

    second = harness.materialize(ASSET, PARTITION)
    assert harness.check_evaluation(second, CHECK).passed is True
    history = harness.resources["store"].get_history().history(reconciliation=ASSET)
    assert {(m.offender_no, m.kind) for m in history} == planted()
    assert all(m.repaired_at is not None for m in history)
    harness.alerts_tick(cursor)
    assert len(harness.failed_alerts()) == 1


def test_max_writes_refuses_a_larger_repair_before_any_write(harness):
    harness.materialize(ASSET, PARTITION)
    before = nomis_state(harness)
    result = repair(harness, dry_run=False, max_writes=2)
    assert not result.success and nomis_state(harness) == before


def test_the_weekly_run_is_monday_half_past_two_london(tmp_path):
    defs = build_definitions(Settings(store_url=f"sqlite:///{tmp_path / 's.db'}"))
    schedule = defs.resolve_schedule_def(f"{ASSET}_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == (
        "30 2 * * 1",
        "Europe/London",
    )
    at = dt.datetime(2026, 11, 23, 2, 30, tzinfo=ZoneInfo("Europe/London"))
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(instance=instance, scheduled_execution_time=at)
        [request] = schedule.evaluate_tick(context).run_requests
    assert request.partition_key == "2026-11-16"
