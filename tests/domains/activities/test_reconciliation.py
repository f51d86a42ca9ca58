"""Activity reconciliations end to end: each planted kind fails its check (no more, no fewer),
prisoners now elsewhere are ignored, the dry run writes nothing, the resync fixes all of them."""

import dagster as dg
import pytest

RECONCILIATIONS = {
    "allocation": ("allocation_reconciliation", "resync_allocations", {}),
    "suspended-allocation": (
        "suspended_allocation_reconciliation",
        "resync_allocations",
        {"suspended": True},
    ),
    "attendance": ("attendance_reconciliation", "resync_attendances", {}),
}


def materialize(harness, asset: str, partition: str) -> dg.ExecuteInProcessResult:
    job = harness.defs.resolve_job_def(f"{asset}_job")
    return job.execute_in_process(partition_key=partition, instance=harness.instance)


def main_check(result: dg.ExecuteInProcessResult):
    [check] = [e for e in result.get_asset_check_evaluations() if e.check_name != "freshness_check"]
    return check


def alerts_tick(harness, cursor):
    sensor = harness.defs.resolve_sensor_def("reconciliation_alerts_sensor")
    with dg.build_sensor_context(
        instance=harness.instance, cursor=cursor, resources=harness.resources
    ) as context:
        sensor.evaluate_tick(context)
        return context.cursor


def recheck_request(harness, result: dg.ExecuteInProcessResult) -> dg.RunRequest:
    run = harness.instance.get_run_by_id(result.run_id)
    [success] = [
        e.dagster_event
        for e in harness.instance.all_logs(result.run_id)
        if e.dagster_event and e.dagster_event.event_type == dg.DagsterEventType.RUN_SUCCESS
    ]
    context = dg.build_run_status_sensor_context(
        sensor_name="recheck_after_repair_sensor",
        dagster_instance=harness.instance,
        dagster_run=run,
        dagster_event=success,
    )
    return harness.defs.resolve_sensor_def("recheck_after_repair_sensor")(context)


def nomis_state(harness, bookings):
    return [
        (
            harness.get("/sandbox/nomis/allocations", bookingId=b),
            harness.get("/sandbox/nomis/attendances", bookingId=b),
        )
        for b in sorted(bookings)
    ]


@pytest.mark.parametrize("kind", list(RECONCILIATIONS))
def test_planted_activity_mismatches_are_found_and_repaired(harness, kind):
    asset, op, extra = RECONCILIATIONS[kind]
    planted = harness.get("/sandbox/planted")
    expected = {
        m["bookingId"]: m["kind"]
        for m in planted["activityMismatches"]
        if m["reconciliation"] == kind
    }
    elsewhere = [m for m in planted["elsewhere"] if m["reconciliation"] == kind]
    partition = next(
        (
            m["date"]
            for m in planted["activityMismatches"]
            if m["reconciliation"] == kind and m.get("date")
        ),
        planted["seededOn"],
    )
    assert len(set(expected.values())) == 3  # NOMIS_only, DPS_only, different_count
    cursor = alerts_tick(harness, None)

    first = materialize(harness, asset, partition)
    check = main_check(first)
    assert check.passed is False
    found = first.output_for_node(asset)
    assert dict(zip(found["booking_id"], found["kind"], strict=True)) == expected
    metadata = first.asset_materializations_for_node(asset)[0].metadata
    assert metadata["ignored_located_elsewhere"].value == len(elsewhere)
    assert metadata["prisons_checked"].value == 2
    failed = harness.telemetry(f"activity-{kind}-reconciliation-report-failed")
    assert {int(f["bookingId"]) for f in failed} == set(expected)
    alerts_tick(harness, alerts_tick(harness, cursor))
    alerts = [a for a in harness.store.list_alerts() if a.name == "reconciliation-check-failed"]
    assert [a.dimensions["partition"] for a in alerts] == [partition]

    job = harness.defs.resolve_job_def(op + "_job")
    before = nomis_state(harness, expected)
    config = {"partition_key": partition, **extra}
    dry = job.execute_in_process(
        run_config={"ops": {op: {"config": config}}}, instance=harness.instance
    )
    assert dry.success and nomis_state(harness, expected) == before

    real = job.execute_in_process(
        run_config={"ops": {op: {"config": {**config, "dry_run": False}}}},
        instance=harness.instance,
    )
    assert real.success
    request = recheck_request(harness, real)
    assert (request.job_name, request.partition_key) == (f"{asset}_job", partition)
    assert main_check(materialize(harness, asset, partition)).passed is True
    history = harness.resources["store"].get_history().history(reconciliation=asset)
    assert {int(m.booking_id) for m in history} == set(expected)
    assert all(m.repaired_at is not None for m in history)
