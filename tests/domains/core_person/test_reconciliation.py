"""Core person reconciliation end to end, on real sockets: the planted prisoners (and only they)
fail the check with the old telemetry, one alert, the dry run writes nothing, the merge repair
fixes every planted prisoner, the re-check passes and no second alert; and the schedule."""

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg

from dagster_project.definitions import build_definitions
from dagster_project.settings import Settings
from tests.harness import written

ASSET = "core_person_reconciliation"
CHECK = "core_person_religions_match"
JOB = "merge_core_person_religions_job"
OP = "merge_core_person_religions"
PARTITION = "2026-11-23"  # weekly: a Monday
PREFIX = "coreperson-reports-reconciliation"


def nomis_beliefs(harness, prisoners) -> dict[str, list[dict]]:
    return {p: harness.get(f"/sandbox/core-person/{p}")["nomis"] for p in sorted(prisoners)}


def test_planted_religion_mismatches_are_found_alerted_once_and_repaired(harness):
    planted = {
        m["prisonNumber"]: m["religions"]
        for m in harness.get("/sandbox/planted")["religionMismatches"]
    }
    assert len(planted) == 3
    everyone = harness.get("/sandbox/prisoners", limit=5000)
    cursor = harness.alerts_tick(None)

    first = harness.materialize(ASSET, PARTITION)
    check = harness.check_evaluation(first, CHECK)
    assert check.passed is False and check.severity == dg.AssetCheckSeverity.ERROR
    found = first.output_for_node(ASSET)
    assert dict(zip(found["offender_no"], found["religions"], strict=True)) == planted
    assert set(found["kind"]) == {"religions"} and found["religion"].isna().all()
    metadata = first.asset_materializations_for_node(ASSET)[0].metadata
    assert metadata["bookings_checked"].value == len(everyone)  # released prisoners too
    assert metadata["mismatch_count"].value == 3 and metadata["errors"].value == 0

    assert harness.telemetry(f"{PREFIX}-requested") == [{"activeOnly": "false"}]
    mismatches = {t["prisonNumber"]: t for t in harness.telemetry(f"{PREFIX}-mismatch")}
    assert set(mismatches) == set(planted)
    assert all(t["differences5"] == "religions" and t["bookingId"] for t in mismatches.values())
    [report] = harness.telemetry(f"{PREFIX}-report")
    assert report["mismatch-count"] == "3" and report["success"] == "true"
    assert report["prisoners-count"] == str(len(everyone)) and report["activeOnly"] == "false"
    assert {k: v for k, v in report.items() if k in planted} == {
        p: "differences5=religions" for p in planted
    }

    cursor = harness.alerts_tick(cursor)
    cursor = harness.alerts_tick(cursor)
    [alert] = harness.failed_alerts()
    assert alert.dimensions["partition"] == PARTITION

    before = nomis_beliefs(harness, planted)
    dry = harness.operate(JOB, OP, {"partition_key": PARTITION})
    assert written(dry, OP) == (3, 0)
    assert nomis_beliefs(harness, planted) == before

    real = harness.operate(JOB, OP, {"partition_key": PARTITION, "dry_run": False})
    assert written(real, OP) == (3, 3)
    merged = harness.telemetry("cpr-person-merged-success")
    assert sorted(t["prisonNumber"] for t in merged) == sorted(planted)
    request = harness.recheck_request(real)
    assert (request.job_name, request.partition_key) == (f"{ASSET}_job", PARTITION)

    second = harness.materialize(ASSET, PARTITION)
    assert harness.check_evaluation(second, CHECK).passed is True
    history = harness.resources["store"].get_history().history(reconciliation=ASSET)
    assert {m.offender_no for m in history} == set(planted)
    assert all(m.repaired_at is not None for m in history)
    harness.alerts_tick(cursor)
    assert len(harness.failed_alerts()) == 1


def test_the_monday_run_at_half_past_six_london_takes_the_week_just_ended(tmp_path):
    defs = build_definitions(Settings(store_url=f"sqlite:///{tmp_path / 's.db'}"))
    schedule = defs.resolve_schedule_def(f"{ASSET}_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("30 6 * * 1", "Europe/London")
    at = dt.datetime(2026, 11, 30, 6, 30, tzinfo=ZoneInfo("Europe/London"))
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(instance=instance, scheduled_execution_time=at)
        [request] = schedule.evaluate_tick(context).run_requests
    assert request.partition_key == PARTITION
