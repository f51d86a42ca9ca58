"""Schedules ask for the right partitions at the old times, across the BST changes."""

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg
import pytest
from dagster._utils.schedules import cron_string_iterator

from dagster_project.definitions import build_definitions
from dagster_project.settings import Settings
from dagster_project.sync.domain import Schedule

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(scope="module")
def definitions(tmp_path_factory):
    store = tmp_path_factory.mktemp("s") / "s.db"
    https = {name: "https://hmpps.test/api" for name in Settings().tls_urls()}
    https["sqs_endpoint_url"] = None  # real AWS
    return build_definitions(
        Settings(store_url=f"sqlite:///{store}", environment="production", **https)
    )


def tick(definitions, name, when):
    schedule = definitions.resolve_schedule_def(name)
    with (
        dg.instance_for_test() as instance,
        dg.build_schedule_context(
            instance=instance,
            scheduled_execution_time=when,
            repository_def=definitions.get_repository_def(),
        ) as context,
    ):
        result = schedule.evaluate_tick(context)
    return [request.partition_key for request in result.run_requests or []]


@pytest.mark.parametrize(
    ("name", "cron"),
    [
        ("incentive_levels_reconciliation_schedule", "10 4 * * 1"),
        ("allocation_reconciliation_schedule", "5 7 * * *"),
        ("suspended_allocation_reconciliation_schedule", "35 7 * * *"),
        ("attendance_reconciliation_schedule", "5 1 * * *"),
    ],
)
def test_cadence_matches_the_old_cronjobs_in_london_time(definitions, name, cron):
    schedule = definitions.resolve_schedule_def(name)
    assert schedule.cron_schedule == cron
    assert schedule.execution_timezone == "Europe/London"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (dt.datetime(2026, 3, 29, 1, 5, tzinfo=LONDON), "2026-03-28"),  # BST starts 01:00
        (dt.datetime(2026, 3, 30, 1, 5, tzinfo=LONDON), "2026-03-29"),
        (dt.datetime(2026, 10, 25, 1, 5, tzinfo=LONDON), "2026-10-24"),  # BST ends 02:00
        (dt.datetime(2026, 10, 26, 1, 5, tzinfo=LONDON), "2026-10-25"),
    ],
)
def test_attendance_takes_yesterday_across_dst(definitions, when, expected):
    assert tick(definitions, "attendance_reconciliation_schedule", when) == [expected]


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (dt.datetime(2026, 3, 29, 7, 5, tzinfo=LONDON), "2026-03-29"),
        (dt.datetime(2026, 10, 25, 7, 5, tzinfo=LONDON), "2026-10-25"),
    ],
)
def test_allocations_take_the_run_date_across_dst(definitions, when, expected):
    assert tick(definitions, "allocation_reconciliation_schedule", when) == [expected]


def test_incentives_take_the_week_that_just_ended(definitions):
    when = dt.datetime(2026, 3, 30, 4, 10, tzinfo=LONDON)  # Monday after the BST change
    assert tick(definitions, "incentive_levels_reconciliation_schedule", when) == ["2026-03-23"]


def test_a_weekday_schedule_runs_on_its_days_only_and_takes_the_run_date(definitions):
    name = "casenotes_active_reconciliation_schedule"
    schedule = definitions.resolve_schedule_def(name)
    assert schedule.cron_schedule == "30 19 * * 0,1,2,3,4"  # the old CronJob: Sunday to Thursday
    assert schedule.execution_timezone == "Europe/London"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    thursday = dt.datetime(2026, 10, 22, 19, 30, tzinfo=LONDON)
    assert tick(definitions, name, thursday) == ["2026-10-22"]
    after_bst = dt.datetime(2026, 10, 25, 19, 30, tzinfo=LONDON)  # Sunday, BST ended at 02:00
    assert tick(definitions, name, after_bst) == ["2026-10-25"]
    # Dagster's own cron iterator, the one the daemon uses (no public wrapper)
    ticks = cron_string_iterator(thursday.timestamp(), schedule.cron_schedule, "Europe/London")
    next_days = [next(ticks).strftime("%a") for _ in range(6)]
    assert next_days == ["Thu", "Sun", "Mon", "Tue", "Wed", "Thu"]


@pytest.mark.parametrize(
    "when",
    [
        {"day_of_week": 1, "days_of_week": (1, 2)},  # weekly and daily at once
        {"days_of_week": (0, 7)},  # no day 7
    ],
)
def test_a_schedule_refuses_days_it_cannot_mean(when):
    with pytest.raises(ValueError, match="day"):
        Schedule(hour=1, minute=0, **when)


def test_schedules_are_off_by_default_locally(tmp_path):
    local = build_definitions(Settings(store_url=f"sqlite:///{tmp_path / 's.db'}"))
    schedule = local.resolve_schedule_def("attendance_reconciliation_schedule")
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    freshness = local.resolve_sensor_def("reconciliation_freshness_sensor")
    assert freshness.default_status == dg.DefaultSensorStatus.STOPPED


def test_freshness_sensor_runs_where_the_schedules_run(definitions):
    freshness = definitions.resolve_sensor_def("reconciliation_freshness_sensor")
    assert freshness.default_status == dg.DefaultSensorStatus.RUNNING
