"""Partition definitions, one per cadence, all in London time (the old CronJobs' zone)."""

import dagster as dg

START = "2026-01-01"

# Attendance: a partition is the session date reconciled; the 01:05 run takes yesterday.
daily_partitions = dg.DailyPartitionsDefinition(start_date=START, timezone="Europe/London")

# Allocations compare current state: a partition is the run date, so today's is materialisable.
daily_state_partitions = dg.DailyPartitionsDefinition(
    start_date=START, timezone="Europe/London", end_offset=1
)

# Incentives: weeks start on Monday; the Monday 04:10 run takes the week that just ended.
weekly_partitions = dg.WeeklyPartitionsDefinition(
    start_date="2026-01-05", timezone="Europe/London", day_offset=1
)


def run_partition(context: dg.AssetExecutionContext) -> str:
    """The run's partition; a run launched without one stops here, before any API call."""
    if not context.has_partition_key:
        raise dg.Failure(
            f"{context.asset_key.to_user_string()} is partitioned: launch it for one partition"
        )
    return context.partition_key
