"""Incentive reconciliation end to end: planted mismatches -> failed check -> one alert ->
dry run writes nothing -> repair -> re-check passes; and a partition rerun from the CLI."""

import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
from typer.testing import CliRunner

from dagster_project.cli.main import app
from dagster_project.sandbox.domains.incentives.seed import PLANTED_INCENTIVE_MISMATCHES

PARTITION = "2026-11-16"
ASSET = "incentive_levels_reconciliation"
CHECK = dg.AssetCheckKey(dg.AssetKey(ASSET), "incentive_levels_match")
REPO_ROOT = Path(__file__).resolve().parents[3]


def planted() -> set[int]:
    return {m.booking_id for m in PLANTED_INCENTIVE_MISMATCHES}


def repair(harness, dry_run: bool) -> dg.ExecuteInProcessResult:
    job = harness.defs.resolve_job_def("repair_incentives_job")
    config = {"partition_key": PARTITION, "dry_run": dry_run, "max_writes": 10}
    return job.execute_in_process(
        run_config={"ops": {"repair_incentives": {"config": config}}}, instance=harness.instance
    )


def nomis_row_count(harness) -> int:
    return len(harness.get("/sandbox/nomis/incentives"))


def test_planted_mismatches_fail_alert_once_and_repair_fixes_them(harness):
    cursor = harness.alerts_tick(None)  # first deploy: start from now

    first = harness.materialize(ASSET, PARTITION)
    check = harness.check_evaluation(first, CHECK)
    assert check.passed is False and check.severity == dg.AssetCheckSeverity.ERROR
    assert set(check.metadata["booking_ids"].value) == planted()
    mismatches = first.output_for_node(ASSET)
    assert set(mismatches["booking_id"]) == planted()
    materialization = first.asset_materializations_for_node(ASSET)[0]
    assert materialization.metadata["mismatch_count"].value == len(planted())
    assert materialization.metadata["bookings_checked"].value > 40
    report = harness.telemetry("incentives-reports-reconciliation-report")[0]
    assert report["mismatch-count"] == str(len(planted())) and report["success"] == "true"

    cursor = harness.alerts_tick(cursor)
    cursor = harness.alerts_tick(cursor)
    alerts = harness.failed_alerts()
    assert len(alerts) == 1 and alerts[0].dimensions["partition"] == PARTITION

    before = nomis_row_count(harness)
    dry = repair(harness, dry_run=True)
    assert dry.success and nomis_row_count(harness) == before

    real = repair(harness, dry_run=False)
    assert real.success and nomis_row_count(harness) == before + len(planted())
    assert len(harness.telemetry("incentives-repair")) == len(planted())

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
    recheck_after_repair_sensor = harness.defs.resolve_sensor_def("recheck_after_repair_sensor")
    request = recheck_after_repair_sensor(context)
    assert request.partition_key == PARTITION and request.job_name == f"{ASSET}_job"

    second = harness.materialize(ASSET, PARTITION)
    assert harness.check_evaluation(second, CHECK).passed is True
    history = harness.resources["store"].get_history().history(reconciliation=ASSET)
    assert {int(m.booking_id) for m in history} == planted()
    assert all(m.repaired_at is not None for m in history)
    harness.alerts_tick(cursor)  # the passing evaluation raises nothing new
    assert len(harness.failed_alerts()) == 1

    booking = str(sorted(planted())[0])
    shown = CliRunner().invoke(
        app,
        ["mismatches", "--booking", booking],
        env={"STORE_URL": harness.settings.resolved_store_url},
    )
    [row] = [json.loads(line) for line in shown.stdout.splitlines()]
    assert row["reconciliation"] == ASSET and row["partition_key"] == PARTITION
    assert row["booking_id"] == booking and row["repaired_at"] is not None
    assert len(harness.failed_alerts()) == 1


def test_max_writes_guard_refuses_a_large_repair(harness):
    harness.materialize(ASSET, PARTITION)
    job = harness.defs.resolve_job_def("repair_incentives_job")
    config = {"partition_key": PARTITION, "dry_run": False, "max_writes": 2}
    before = nomis_row_count(harness)
    result = job.execute_in_process(
        run_config={"ops": {"repair_incentives": {"config": config}}},
        instance=harness.instance,
        raise_on_error=False,
    )
    assert not result.success and nomis_row_count(harness) == before


def test_rerun_one_partition_from_the_cli(harness, tmp_path):
    s = harness.settings
    env = {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path),
        "HMPPS_AUTH_URL": s.hmpps_auth_url,
        "NOMIS_API_URL": s.nomis_api_url,
        "INCENTIVES_API_URL": s.incentives_api_url,
        "STORE_URL": s.resolved_store_url,
    }
    dagster = Path(sys.executable).parent / "dagster"
    result = subprocess.run(
        [
            str(dagster),
            "asset",
            "materialize",
            "-m",
            "dagster_project.definitions",
            "--select",
            ASSET,
            "--partition",
            PARTITION,
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert instance.get_materialized_partitions(dg.AssetKey(ASSET)) == {PARTITION}


def test_auto_repair_launches_the_repair_only_when_enabled(harness, monkeypatch):
    from dagster_project.definitions import build_definitions

    monkeypatch.setenv("AUTO_REPAIR_INCENTIVE_LEVELS_RECONCILIATION", "true")
    defs = build_definitions(harness.settings)
    sensor = defs.resolve_sensor_def("auto_repair_sensor")

    def tick(cursor):
        with dg.build_sensor_context(instance=harness.instance, cursor=cursor) as context:
            return sensor.evaluate_tick(context)

    first = tick(None)
    assert not first.run_requests
    harness.materialize(ASSET, PARTITION)
    second = tick(first.cursor)
    [request] = second.run_requests
    assert request.job_name == "repair_incentives_job"
    assert request.run_config["ops"]["repair_incentives"]["config"] == {
        "partition_key": PARTITION,
        "dry_run": False,
    }
    assert tick(second.cursor).run_requests == []

    monkeypatch.delenv("AUTO_REPAIR_INCENTIVE_LEVELS_RECONCILIATION")
    off = build_definitions(harness.settings).resolve_sensor_def("auto_repair_sensor")
    with dg.build_sensor_context(instance=harness.instance, cursor="0") as context:
        assert not off.evaluate_tick(context).run_requests
