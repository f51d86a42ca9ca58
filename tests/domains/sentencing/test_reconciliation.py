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


def nomis_rows(harness, bookings) -> list[list[dict]]:
    return [harness.get("/sandbox/nomis/adjustments", bookingId=b) for b in sorted(bookings)]


def test_planted_adjustment_mismatches_are_found_and_repaired(harness):
    planted = {m["bookingId"]: m for m in harness.get("/sandbox/planted")["adjustmentMismatches"]}
    assert len(planted) == 3
    prisoners = harness.get("/sandbox/prisoners", limit=1000)
    cursor = harness.alerts_tick(None)  # first deploy: start from now

    first = harness.materialize(ASSET, PARTITION)
    check = harness.check_evaluation(first, CHECK)
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

    cursor = harness.alerts_tick(harness.alerts_tick(cursor))
    assert [a.dimensions["partition"] for a in harness.failed_alerts()] == [PARTITION]

    before = nomis_rows(harness, planted)
    dry = harness.operate(JOB, OP, {"partition_key": PARTITION})
    assert written(dry, OP) == (6, 0), "every DPS adjustment of the three bookings"
    assert nomis_rows(harness, planted) == before

    real = harness.operate(JOB, OP, {"partition_key": PARTITION, "dry_run": False})
    assert written(real, OP) == (6, 6)
    assert len(harness.telemetry("to-nomis-synch-adjustment-repair")) == 6
    request = harness.recheck_request(real)
    assert (request.job_name, request.partition_key) == (f"{ASSET}_job", PARTITION)

    second = harness.materialize(ASSET, PARTITION)
    assert harness.check_evaluation(second, CHECK).passed is True
    history = harness.resources["store"].get_history().history(reconciliation=ASSET)
    assert {int(m.booking_id) for m in history} == set(planted)
    assert all(m.repaired_at is not None for m in history)
    harness.alerts_tick(cursor)  # the passing evaluation raises nothing new
    assert len(harness.failed_alerts()) == 1
