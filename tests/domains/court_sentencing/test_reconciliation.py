"""Court case reconciliations end to end, on real sockets: the planted prisoners (and only they)
fail each check, every mismatch counted (case counts included, unlike the old report), one
alert, the dry run writes nothing, the partition repair fixes them and the re-check passes."""

import dagster as dg
import pytest

from dagster_project.definitions import build_definitions
from dagster_project.sandbox.domains.court_sentencing.seed import PLANTED_COURT_CASE_MISMATCHES
from dagster_project.settings import Settings

CASES = [
    pytest.param(
        "court_cases_active_reconciliation",
        "court_cases_active_match",
        "2026-12-01",
        "repair_active_court_cases_job",
        "repair_active_court_cases",
        "court-case-active-prisoner-reconciliation",
        id="active",
    ),
    pytest.param(
        "court_cases_reconciliation",
        "court_cases_match",
        "2026-11-23",
        "repair_court_cases_job",
        "repair_court_cases",
        "court-case-prisoner-reconciliation",
        id="full",
    ),
]


def planted() -> set[tuple[str, str]]:
    return {(p.offender_no, p.kind) for p in PLANTED_COURT_CASE_MISMATCHES}


def nomis_cases(harness) -> list[dict]:
    return harness.get("/sandbox/nomis/court-cases")


@pytest.mark.parametrize(("asset", "check", "partition", "job", "op", "prefix"), CASES)
def test_planted_mismatches_are_found_and_the_repair_fixes_them(
    harness, asset, check, partition, job, op, prefix
):
    cursor = harness.alerts_tick(None)
    first = harness.materialize(asset, partition)
    evaluation = harness.check_evaluation(first, check)
    assert evaluation.passed is False and evaluation.severity == dg.AssetCheckSeverity.ERROR
    found = first.output_for_node(asset)
    assert set(zip(found["offender_no"], found["kind"], strict=True)) == planted()
    assert len(found) == len(planted())  # one row each: the planted case, or the count
    metadata = first.asset_materializations_for_node(asset)[0].metadata
    assert metadata["mismatch_count"].value == len(planted()) and metadata["errors"].value == 0
    [report] = harness.telemetry(f"{prefix}-report")
    assert report["mismatch-count"] == str(len(planted())) and report["success"] == "true"
    mismatches = harness.telemetry(f"{prefix}-mismatch")
    counts = [m for m in mismatches if m.get("caseCountMismatch") == "true"]
    assert {m["offenderNo"] for m in counts} == {o for o, k in planted() if k == "case_count"}
    cursor = harness.alerts_tick(cursor)
    [alert] = harness.failed_alerts()
    assert alert.dimensions["partition"] == partition

    before = nomis_cases(harness)
    dry = harness.operate(job, op, {"partition_key": partition})
    assert dry.success and nomis_cases(harness) == before

    real = harness.operate(job, op, {"partition_key": partition, "dry_run": False})
    assert real.success
    repairs = harness.telemetry("court-sentencing-prisoner-repair")
    assert sorted(r["offenderNo"] for r in repairs) == sorted(o for o, _ in planted())
    assert len(harness.telemetry("court-case-create-success")) == 1  # the DPS-only case
    assert len(harness.telemetry("court-case-deleted-success")) == 1  # the NOMIS-only case
    assert len(harness.telemetry("sentence-create-success")) == 1  # with its children

    request = harness.recheck_request(real)
    assert (request.job_name, request.partition_key) == (f"{asset}_job", partition)
    second = harness.materialize(asset, partition)
    assert harness.check_evaluation(second, check).passed is True
    history = harness.resources["store"].get_history().history(reconciliation=asset)
    assert {(m.offender_no, m.kind) for m in history} == planted()
    assert all(m.repaired_at is not None for m in history)
    harness.alerts_tick(cursor)
    assert len(harness.failed_alerts()) == 1


@pytest.mark.parametrize(
    ("asset", "cron"),
    [
        ("court_cases_reconciliation", "0 19 * * 6"),  # the old `0 19 * * SAT`
        ("court_cases_active_reconciliation", "45 3 * * *"),
    ],
)
def test_the_schedules_are_the_old_cronjobs_in_london_time(tmp_path, asset, cron):
    defs = build_definitions(Settings(store_url=f"sqlite:///{tmp_path / 's.db'}"))
    schedule = defs.resolve_schedule_def(f"{asset}_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == (cron, "Europe/London")
