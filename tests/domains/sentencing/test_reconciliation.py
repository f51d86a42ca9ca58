"""Sentencing adjustments reconciliation end to end, on real sockets: the planted bookings (and
only they) fail the check with the old telemetry, one alert is raised, the dry run writes
nothing, the partition repair fixes every planted bucket, and the re-check passes."""

import dagster as dg

from tests.harness import written

PARTITION = "2026-11-27"
ASSET = "sentencing_adjustments_reconciliation"
CHECK = "sentencing_adjustments_match"
JOB, OP = "repair_adjustment_job", "repair_adjustments"
PREFIX = "sentencing-reports-reconciliation"


def materialize(harness) -> dg.ExecuteInProcessResult:
    job = harness.defs.resolve_job_def(f"{ASSET}_job")
    return job.execute_in_process(partition_key=PARTITION, instance=harness.instance)


def evaluation(result: dg.ExecuteInProcessResult):
    [check] = [e for e in result.get_asset_check_evaluations() if e.check_name == CHECK]
    return check


def alerts_tick(harness, cursor):
    sensor = harness.defs.resolve_sensor_def("reconciliation_alerts_sensor")
    with dg.build_sensor_context(
        instance=harness.instance, cursor=cursor, resources=harness.resources
    ) as context:
        sensor.evaluate_tick(context)
        return context.cursor


def failed_alerts(harness) -> list:
    return [a for a in harness.store.list_alerts() if a.name == "reconciliation-check-failed"]


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


def nomis_rows(harness, bookings) -> list[list[dict]]:
    return [harness.get("/sandbox/nomis/adjustments", bookingId=b) for b in sorted(bookings)]


def test_planted_adjustment_mismatches_are_found_and_repaired(harness):
    planted = {m["bookingId"]: m for m in harness.get("/sandbox/planted")["adjustmentMismatches"]}
    assert len(planted) == 3
    prisoners = harness.get("/sandbox/prisoners", limit=1000)
    cursor = alerts_tick(harness, None)  # first deploy: start from now

    first = materialize(harness)
    check = evaluation(first)
    assert check.passed is False and check.severity == dg.AssetCheckSeverity.ERROR
    assert set(check.metadata["booking_ids"].value) == set(planted)
    found = first.output_for_node(ASSET)
    assert {
        b: (k, d, n, p)
        for b, k, d, n, p in zip(
            found["booking_id"],
            found["kind"],
            found["differences"],
            found["nomis_count"],
            found["dps_count"],
            strict=True,
        )
    } == {
        b: (m["kind"], m["differences"], m["nomisAdjustmentsCount"], m["dpsAdjustmentsCount"])
        for b, m in planted.items()
    }
    metadata = first.asset_materializations_for_node(ASSET)[0].metadata
    assert metadata["bookings_checked"].value == len(prisoners), "released prisoners too"
    assert metadata["mismatch_count"].value == 3 and metadata["errors"].value == 0
    assert metadata["mismatches_different_count"].value == 2

    assert harness.telemetry(f"{PREFIX}-requested") == [{}]
    mismatch = {int(t["bookingId"]): t for t in harness.telemetry(f"{PREFIX}-mismatch")}
    assert set(mismatch) == set(planted)
    for booking, m in planted.items():
        assert mismatch[booking] == {
            "offenderNo": m["offenderNo"],
            "bookingId": str(booking),
            "nomisAdjustmentsCount": str(m["nomisAdjustmentsCount"]),
            "dpsAdjustmentsCount": str(m["dpsAdjustmentsCount"]),
            "differences": m["differences"],
        }
    [report] = harness.telemetry(f"{PREFIX}-report")
    assert report == {
        "mismatch-count": "3",
        "success": "true",
        **{
            m["offenderNo"]: f"{m['nomisAdjustmentsCount']}:{m['dpsAdjustmentsCount']}"
            for m in planted.values()
        },
    }

    cursor = alerts_tick(harness, alerts_tick(harness, cursor))
    assert [a.dimensions["partition"] for a in failed_alerts(harness)] == [PARTITION]

    before = nomis_rows(harness, planted)
    dry = harness.operate(JOB, OP, {"partition_key": PARTITION})
    assert written(dry, OP) == (6, 0), "every DPS adjustment of the three bookings"
    assert nomis_rows(harness, planted) == before

    real = harness.operate(JOB, OP, {"partition_key": PARTITION, "dry_run": False})
    assert written(real, OP) == (6, 6)
    assert len(harness.telemetry("to-nomis-synch-adjustment-repair")) == 6
    request = recheck_request(harness, real)
    assert (request.job_name, request.partition_key) == (f"{ASSET}_job", PARTITION)

    second = materialize(harness)
    assert evaluation(second).passed is True
    history = harness.resources["store"].get_history().history(reconciliation=ASSET)
    assert {int(m.booking_id) for m in history} == set(planted)
    assert all(m.repaired_at is not None for m in history)
    alerts_tick(harness, cursor)  # the passing evaluation raises nothing new
    assert len(failed_alerts(harness)) == 1
