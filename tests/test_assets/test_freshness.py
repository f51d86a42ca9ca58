"""The reconciliations' freshness check: passes once the due partition or a later one exists.

Dagster's superseded factory demanded, before a deadline passed, the partition due by the
previous deadline, and ran beside the asset instead of after it: materialising the week just
ended on a Monday morning left the check red. This one is ours, runs after the asset in every
reconciliation run, and is evaluated by our sensor when a deadline passes.
"""

import datetime as dt
import warnings
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from assets.freshness import (
    CHECK_NAME,
    FreshnessCursor,
    build_freshness_sensor,
    checks_to_evaluate,
    due_partition,
    evaluate,
)
from dagster_project.cadences import partitions_for
from dagster_project.definitions import build_definitions
from dagster_project.domains import DOMAINS
from dagster_project.settings import Settings

LONDON = ZoneInfo("Europe/London")
RECONCILIATIONS = {r.name: r for d in DOMAINS for r in d.reconciliations}
WEEKLY = RECONCILIATIONS["incentive_levels_reconciliation"]  # deadline Monday 08:00
DAILY = RECONCILIATIONS["attendance_reconciliation"]  # deadline 04:00, yesterday's date
STATE = RECONCILIATIONS["allocation_reconciliation"]  # deadline 10:00, today's date
MONDAY_EARLY = dt.datetime(2026, 12, 7, 2, 42, tzinfo=LONDON)  # the week just ended, pre-08:00
MONDAY_LATE = dt.datetime(2026, 12, 7, 9, 0, tzinfo=LONDON)


def passed(reconciliation, materialized, now) -> bool:
    return evaluate(reconciliation, set(materialized), now).passed


def test_before_the_deadline_the_latest_week_is_enough():
    assert due_partition(WEEKLY, MONDAY_EARLY)[0] == "2026-11-23"  # due by last Monday 08:00
    assert passed(WEEKLY, {"2026-11-30"}, MONDAY_EARLY)  # the week that just ended
    assert passed(WEEKLY, {"2026-11-23"}, MONDAY_EARLY)


def test_after_the_deadline_the_week_just_ended_is_due():
    assert due_partition(WEEKLY, MONDAY_LATE)[0] == "2026-11-30"
    assert passed(WEEKLY, {"2026-11-30"}, MONDAY_LATE)
    result = evaluate(WEEKLY, {"2026-11-23"}, MONDAY_LATE)
    assert not result.passed and result.severity == dg.AssetCheckSeverity.ERROR
    assert result.metadata["due_partition"].value == "2026-11-30"
    assert result.metadata["latest_partition"].value == "none"


def test_daily_deadlines_follow_each_cadence():
    before = dt.datetime(2026, 12, 7, 3, 0, tzinfo=LONDON)
    after = dt.datetime(2026, 12, 7, 4, 30, tzinfo=LONDON)
    assert due_partition(DAILY, before)[0] == "2026-12-05"
    assert due_partition(DAILY, after)[0] == "2026-12-06"
    assert passed(DAILY, {"2026-12-06"}, before) and not passed(DAILY, {"2026-12-05"}, after)
    morning = dt.datetime(2026, 12, 7, 10, 30, tzinfo=LONDON)
    assert due_partition(STATE, morning)[0] == "2026-12-07"  # the run date: current state
    assert passed(STATE, {"2026-12-07"}, morning) and not passed(STATE, set(), morning)


def test_nothing_is_due_before_the_first_partition():
    start = dt.datetime(2026, 1, 1, 0, 30, tzinfo=LONDON)
    result = evaluate(WEEKLY, set(), start)
    assert result.passed and result.metadata["due_partition"].value == "none yet"


def test_the_sensor_evaluates_each_check_once_per_deadline():
    reconciliations = [WEEKLY, DAILY]
    due, cursor = checks_to_evaluate(reconciliations, FreshnessCursor(), MONDAY_EARLY)
    assert {key.asset_key.to_user_string() for key in due} == {WEEKLY.name, DAILY.name}
    assert {key.name for key in due} == {CHECK_NAME}
    assert checks_to_evaluate(reconciliations, cursor, MONDAY_EARLY)[0] == []
    due, cursor = checks_to_evaluate(reconciliations, cursor, MONDAY_LATE)  # 04:00 and 08:00
    assert {key.asset_key.to_user_string() for key in due} == {WEEKLY.name, DAILY.name}
    tuesday_early = dt.datetime(2026, 12, 8, 3, 0, tzinfo=LONDON)
    assert checks_to_evaluate(reconciliations, cursor, tuesday_early)[0] == []


@pytest.fixture
def definitions(tmp_path):
    return build_definitions(Settings(store_url=f"sqlite:///{tmp_path / 's.db'}"))


def test_the_sensor_requests_the_check_runs(definitions):
    checks = [c for c in definitions.asset_checks or [] if CHECK_NAME in str(c.check_keys)]
    sensor = build_freshness_sensor(DOMAINS, checks, running=True, clock=lambda: MONDAY_EARLY)
    with dg.instance_for_test() as instance:
        first = sensor(dg.build_sensor_context(instance=instance))
        [request] = first.run_requests
        assert len(request.asset_check_keys) == len(RECONCILIATIONS)
        again = sensor(dg.build_sensor_context(instance=instance, cursor=first.cursor))
        assert again.run_requests == [] and again.skip_reason


def test_the_check_runs_after_the_asset_in_the_reconciliation_job(definitions):
    job = definitions.resolve_job_def(WEEKLY.job_name)
    structure = job.graph.dependency_structure
    check_node = f"{WEEKLY.name}_{CHECK_NAME}"
    upstream = [h.node_name for h in structure.all_upstream_outputs_from_node(check_node)]
    assert upstream == [WEEKLY.name]


@pytest.mark.parametrize("name", sorted(RECONCILIATIONS))
def test_materialising_the_latest_partition_makes_the_check_pass_now(definitions, name):
    key = dg.AssetCheckKey(dg.AssetKey(name), CHECK_NAME)
    latest = partitions_for(RECONCILIATIONS[name].cadence).get_last_partition_key()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        job = definitions.resolve_implicit_global_asset_job_def().get_subset(
            asset_check_selection={key}, asset_selection=set()
        )
    with dg.instance_for_test() as instance:
        missing = job.execute_in_process(instance=instance).get_asset_check_evaluations()
        assert [e.passed for e in missing] == [False]
        instance.report_runless_asset_event(dg.AssetMaterialization(name, partition=latest))
        [evaluation] = job.execute_in_process(instance=instance).get_asset_check_evaluations()
    assert evaluation.passed, evaluation.metadata
    assert evaluation.metadata["latest_partition"].value == latest
