"""Alerts reconciliation end to end, on real sockets: the planted prisoners (and only they) fail
the check with the old telemetry, one alert is raised, the dry run writes nothing, the partition
repair (the resynchronise) fixes them, and the re-check passes; and the 04:45 schedule."""

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg

from dagster_project.definitions import build_definitions
from dagster_project.settings import Settings
from tests.harness import written

PARTITION = "2026-11-27"
ASSET = "alerts_reconciliation"
CHECK = "alerts_match"
JOB, OP = "resynchronise_alerts_job", "resynchronise_alerts"
PREFIX = "alerts-reports-reconciliation"


def nomis_rows(harness, bookings) -> list[list[dict]]:
    return [harness.get("/sandbox/nomis/alerts", bookingId=b) for b in sorted(bookings)]


def count(codes: str) -> int:
    return len(codes.split(", ")) if codes else 0


def test_planted_alert_mismatches_are_found_and_repaired(harness):
    planted = {m["offenderNo"]: m for m in harness.get("/sandbox/planted")["alertMismatches"]}
    assert len(planted) == 3
    active = [p for p in harness.get("/sandbox/prisoners", limit=1000) if p["active"]]
    bookings = {p["offenderNo"]: p["bookingId"] for p in active}
    cursor = harness.alerts_tick(None)  # first deploy: start from now

    first = harness.materialize(ASSET, PARTITION)
    check = harness.check_evaluation(first, CHECK)
    assert check.passed is False and check.severity == dg.AssetCheckSeverity.ERROR
    found = first.output_for_node(ASSET)
    assert {
        o: (d, n)
        for o, d, n in zip(
            found["offender_no"],
            found["missing_from_dps"],
            found["missing_from_nomis"],
            strict=True,
        )
    } == {o: (m["missingFromDps"], m["missingFromNomis"]) for o, m in planted.items()}
    assert set(found["kind"]) == {"different_codes", "missing_from_nomis", "missing_from_dps"}
    metadata = first.asset_materializations_for_node(ASSET)[0].metadata
    assert metadata["bookings_checked"].value == len(active), "every active prisoner"
    assert metadata["mismatch_count"].value == 3 and metadata["errors"].value == 0

    assert harness.telemetry(f"{PREFIX}-requested") == [{"active-prisoners": str(len(active))}]
    mismatch = {t["offenderNo"]: t for t in harness.telemetry(f"{PREFIX}-mismatch")}
    assert mismatch == {
        o: {
            "offenderNo": o,
            "bookingId": str(bookings[o]),
            "missingFromDps": m["missingFromDps"],
            "missingFromNomis": m["missingFromNomis"],
        }
        for o, m in planted.items()
    }
    [report] = harness.telemetry(f"{PREFIX}-report")
    assert report == {
        "mismatch-count": "3",
        "success": "true",
        **{
            o: f"missing-dps={count(m['missingFromDps'])}"
            f":missing-nomis={count(m['missingFromNomis'])}"
            for o, m in planted.items()
        },
    }

    cursor = harness.alerts_tick(harness.alerts_tick(cursor))
    assert [a.dimensions["partition"] for a in harness.failed_alerts()] == [PARTITION]

    planted_bookings = [bookings[o] for o in planted]
    before = nomis_rows(harness, planted_bookings)
    dry = harness.operate(JOB, OP, {"partition_key": PARTITION})
    assert written(dry, OP) == (3, 0)
    assert nomis_rows(harness, planted_bookings) == before

    real = harness.operate(JOB, OP, {"partition_key": PARTITION, "dry_run": False})
    assert written(real, OP) == (3, 3)
    repaired = harness.telemetry("to-nomis-synch-alerts-resynchronisation-repair")
    assert sorted(r["offenderNo"] for r in repaired) == sorted(planted)
    resynchronised = {r["offenderNo"]: r for r in harness.telemetry("alert-resynchronise-success")}
    assert set(resynchronised) == set(planted)
    request = harness.recheck_request(real)
    assert (request.job_name, request.partition_key) == (f"{ASSET}_job", PARTITION)

    second = harness.materialize(ASSET, PARTITION)
    assert harness.check_evaluation(second, CHECK).passed is True
    history = harness.resources["store"].get_history().history(reconciliation=ASSET)
    assert {m.offender_no for m in history} == set(planted)
    assert all(m.repaired_at is not None for m in history)
    harness.alerts_tick(cursor)  # the passing evaluation raises nothing new
    assert len(harness.failed_alerts()) == 1


def test_max_writes_refuses_a_larger_repair_before_any_write(harness):
    harness.materialize(ASSET, PARTITION)
    before = harness.get("/sandbox/nomis/alerts")
    result = harness.defs.resolve_job_def(JOB).execute_in_process(
        run_config={
            "ops": {OP: {"config": {"partition_key": PARTITION, "dry_run": False, "max_writes": 2}}}
        },
        instance=harness.instance,
        raise_on_error=False,
    )
    assert not result.success and harness.get("/sandbox/nomis/alerts") == before


def test_the_daily_run_at_04_45_london_takes_the_run_date(tmp_path):
    defs = build_definitions(Settings(store_url=f"sqlite:///{tmp_path / 's.db'}"))
    schedule = defs.resolve_schedule_def(f"{ASSET}_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("45 4 * * *", "Europe/London")
    run_at = dt.datetime(2026, 11, 27, 4, 45, tzinfo=ZoneInfo("Europe/London"))
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(instance=instance, scheduled_execution_time=run_at)
        [request] = schedule.evaluate_tick(context).run_requests
    assert request.partition_key == PARTITION
