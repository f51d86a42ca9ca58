"""Activity reconciliations end to end: each planted kind fails its check (no more, no fewer),
prisoners now elsewhere are ignored, the dry run writes nothing, the resync fixes all of them."""

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
    cursor = harness.alerts_tick(None)

    first = harness.materialize(asset, partition)
    check = harness.check_evaluation(first)
    assert check.passed is False
    found = first.output_for_node(asset)
    assert dict(zip(found["booking_id"], found["kind"], strict=True)) == expected
    metadata = first.asset_materializations_for_node(asset)[0].metadata
    assert metadata["ignored_located_elsewhere"].value == len(elsewhere)
    assert metadata["prisons_checked"].value == 2
    failed = harness.telemetry(f"activity-{kind}-reconciliation-report-failed")
    assert {int(f["bookingId"]) for f in failed} == set(expected)
    harness.alerts_tick(harness.alerts_tick(cursor))
    alerts = harness.failed_alerts()
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
    request = harness.recheck_request(real)
    assert (request.job_name, request.partition_key) == (f"{asset}_job", partition)
    assert harness.check_evaluation(harness.materialize(asset, partition)).passed is True
    history = harness.resources["store"].get_history().history(reconciliation=asset)
    assert {int(m.booking_id) for m in history} == set(expected)
    assert all(m.repaired_at is not None for m in history)
