"""Locations reconciliation end to end: planted mismatches -> failed check -> one alert ->
dry run writes nothing -> repair -> re-check passes; and the Wednesday schedule's partition."""

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg

from dagster_project.domains.locations.reconciliation import LOCATIONS_RECONCILIATION
from dagster_project.sandbox.domains.locations.seed import PLANTED_LOCATION_MISMATCHES

PARTITION = "2026-11-16"
ASSET = "locations_reconciliation"
CHECK = "locations_match"
LONDON = ZoneInfo("Europe/London")


def planted() -> set[tuple[str, str]]:
    return {(p.kind, p.key) for p in PLANTED_LOCATION_MISMATCHES}


def repair(harness, dry_run: bool) -> dg.ExecuteInProcessResult:
    config = {"partition_key": PARTITION, "dry_run": dry_run, "max_writes": 10}
    return harness.operate("repair_location_job", "repair_locations", config)


def test_planted_mismatches_fail_alert_once_and_the_repair_fixes_them(harness):
    cursor = harness.alerts_tick(None)  # first deploy: start from now

    first = harness.materialize(ASSET, PARTITION)
    check = harness.check_evaluation(first, CHECK)
    assert check.passed is False and check.severity == dg.AssetCheckSeverity.ERROR
    mismatches = first.output_for_node(ASSET)
    assert set(zip(mismatches["kind"], mismatches["key"], strict=True)) == planted()
    assert len(mismatches) == len(planted())  # found exactly: nothing else, nothing twice
    metadata = first.asset_materializations_for_node(ASSET)[0].metadata
    assert metadata["invalid_prison_locations"].value == 1  # ZZGHI: counted apart, not reported
    assert metadata["errors"].value == 0
    summary = harness.telemetry("locations-reports-reconciliation-success")[0]
    assert summary["mismatch-count"] == str(len(planted()))
    assert len(harness.telemetry("locations-reports-reconciliation-mismatch-missing-dps")) == 1
    [dps_only] = harness.telemetry("locations-reports-reconciliation-dps-only")
    assert dps_only["key"] == "MDI-A-1-011"

    cursor = harness.alerts_tick(cursor)
    cursor = harness.alerts_tick(cursor)
    [alert] = harness.failed_alerts()
    assert alert.dimensions["partition"] == PARTITION

    before = harness.get("/sandbox/nomis/locations", prisonId="MDI")
    assert repair(harness, dry_run=True).success
    assert harness.get("/sandbox/nomis/locations", prisonId="MDI") == before

    real = repair(harness, dry_run=False)
    assert real.success
    repaired = harness.telemetry("location-repaired")
    assert sorted((r["key"], r["operation"]) for r in repaired) == sorted(
        (key, "create" if kind == "DPS_only" else "amend") for kind, key in planted()
    )

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
    assert len(history) == len(planted()) and all(m.repaired_at is not None for m in history)
    harness.alerts_tick(cursor)
    assert len(harness.failed_alerts()) == 1  # the passing evaluation raises nothing new


def test_the_wednesday_run_takes_the_week_that_ended_on_monday(tmp_path):
    from dagster_project.definitions import build_definitions
    from dagster_project.settings import Settings

    https = {name: "https://hmpps.test/api" for name in Settings().tls_urls()}
    https["sqs_endpoint_url"] = None
    definitions = build_definitions(
        Settings(store_url=f"sqlite:///{tmp_path / 's.db'}", environment="production", **https)
    )
    schedule = definitions.resolve_schedule_def(LOCATIONS_RECONCILIATION.schedule_name)
    assert schedule.cron_schedule == "30 2 * * 3"
    assert schedule.execution_timezone == "Europe/London"
    when = dt.datetime(2026, 4, 1, 2, 30, tzinfo=LONDON)  # Wednesday, after the BST change
    with (
        dg.instance_for_test() as instance,
        dg.build_schedule_context(
            instance=instance,
            scheduled_execution_time=when,
            repository_def=definitions.get_repository_def(),
        ) as context,
    ):
        result = schedule.evaluate_tick(context)
    assert [r.partition_key for r in result.run_requests or []] == ["2026-03-23"]
