"""Non-associations reconciliation end to end: the planted pairs found exactly -> failed check ->
one alert -> a dry run writes nothing -> the repair -> the re-check passes; and the schedule."""

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg

from dagster_project.definitions import build_definitions
from dagster_project.sandbox.domains.non_associations.seed import PLANTED_NON_ASSOCIATION_MISMATCHES
from dagster_project.settings import Settings

PARTITION = "2026-11-16"
ASSET = "non_associations_reconciliation"
CHECK = "non_associations_match"
JOB = "repair_non_associations_job"
OP = "repair_non_associations"
PREFIX = "non-associations-reports-reconciliation"


def planted() -> set[tuple[str, str, str]]:
    return {(p.offender_no_1, p.offender_no_2, p.kind) for p in PLANTED_NON_ASSOCIATION_MISMATCHES}


def repair(harness, dry_run: bool, max_writes: int = 10) -> dg.ExecuteInProcessResult:
    config = {"partition_key": PARTITION, "dry_run": dry_run, "max_writes": max_writes}
    return harness.defs.resolve_job_def(JOB).execute_in_process(
        run_config={"ops": {OP: {"config": config}}},
        instance=harness.instance,
        raise_on_error=False,
    )


def nomis_state(harness) -> list[dict]:
    return harness.get("/sandbox/nomis/non-associations")


def test_planted_pairs_fail_the_check_alert_once_and_the_repair_fixes_them(harness):
    cursor = harness.alerts_tick(None)  # first deploy: start from now

    first = harness.materialize(ASSET, PARTITION)
    check = harness.check_evaluation(first, CHECK)
    assert check.passed is False and check.severity == dg.AssetCheckSeverity.ERROR
    mismatches = first.output_for_node(ASSET)
    found = set(
        zip(
            mismatches["offender_no_1"],
            mismatches["offender_no_2"],
            mismatches["kind"],
            strict=True,
        )
    )
    assert found == planted()
    metadata = first.asset_materializations_for_node(ASSET)[0].metadata
    assert metadata["mismatch_count"].value == len(planted()) and metadata["errors"].value == 0
    assert metadata["bookings_checked"].value == metadata["nomis_pairs"].value > 10
    summary = harness.telemetry(f"{PREFIX}-success")[0]
    assert summary["mismatch-count"] == str(len(planted()))
    assert len(harness.telemetry(f"{PREFIX}-dps-only")) == 1
    per_pair = [d for d in harness.telemetry(f"{PREFIX}-mismatch") if "offenderNo1" in d]
    assert len(per_pair) == len(planted()) - 1  # the DPS-only pair has its own event

    cursor = harness.alerts_tick(cursor)
    cursor = harness.alerts_tick(cursor)
    [alert] = harness.failed_alerts()
    assert alert.dimensions["partition"] == PARTITION

    before = nomis_state(harness)
    dry = repair(harness, dry_run=True)
    assert dry.success and nomis_state(harness) == before

    real = repair(harness, dry_run=False)
    assert real.success
    repairs = harness.telemetry("to-nomis-synch-non-association-repair")
    assert sorted((r["offenderNo1"], r["offenderNo2"]) for r in repairs) == sorted(
        (a, b) for a, b, _ in planted()
    )
    assert len(harness.telemetry("non-association-create-success")) == 2  # the two DPS-only
    assert len(harness.telemetry("non-association-delete-success")) == 1  # the NOMIS-only

    run = harness.instance.get_run_by_id(real.run_id)
    success = [
        e
        for e in harness.instance.all_logs(real.run_id)
        if e.dagster_event and e.dagster_event.event_type == dg.DagsterEventType.RUN_SUCCESS
    ][0]
    context = dg.build_run_status_sensor_context(
        sensor_name="recheck_after_repair_sensor",
        dagster_instance=harness.instance,
        dagster_run=run,
        dagster_event=success.dagster_event,
    )
    request = harness.defs.resolve_sensor_def("recheck_after_repair_sensor")(context)
    assert request.partition_key == PARTITION and request.job_name == f"{ASSET}_job"

    second = harness.materialize(ASSET, PARTITION)
    assert harness.check_evaluation(second, CHECK).passed is True
    history = harness.resources["store"].get_history().history(reconciliation=ASSET)
    assert {(m.offender_no, m.kind) for m in history} == {(a, k) for a, _, k in planted()}
    assert all(m.repaired_at is not None for m in history)
    harness.alerts_tick(cursor)  # the passing evaluation raises nothing new
    assert len(harness.failed_alerts()) == 1


def test_max_writes_refuses_a_larger_repair_before_any_write(harness):
    harness.materialize(ASSET, PARTITION)
    before = nomis_state(harness)
    result = repair(harness, dry_run=False, max_writes=2)
    assert not result.success and nomis_state(harness) == before


def test_the_tuesday_run_takes_the_week_that_ended_on_monday(tmp_path):
    defs = build_definitions(Settings(store_url=f"sqlite:///{tmp_path / 's.db'}"))
    schedule = defs.resolve_schedule_def(f"{ASSET}_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("30 2 * * 2", "Europe/London")
    tuesday = dt.datetime(2026, 11, 24, 2, 30, tzinfo=ZoneInfo("Europe/London"))
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(instance=instance, scheduled_execution_time=tuesday)
        [request] = schedule.evaluate_tick(context).run_requests
    assert request.partition_key == PARTITION  # Monday 16 to Monday 23 November
