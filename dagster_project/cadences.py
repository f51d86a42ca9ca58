"""Partition definitions, one per reconciliation cadence, all in London time (the old CronJobs').

Shared by the reconciliation assets, their schedules and the repair configs that take a
partition key, so a partition is the same thing everywhere.
"""

from __future__ import annotations

import dagster as dg

from dagster_project.sync.domain import Cadence

TIMEZONE = "Europe/London"
START = "2026-01-01"

# a partition is the date reconciled; the 01:05 run takes yesterday
daily_partitions = dg.DailyPartitionsDefinition(start_date=START, timezone=TIMEZONE)

# the run compares current state: a partition is the run date, so today's is materialisable
daily_state_partitions = dg.DailyPartitionsDefinition(
    start_date=START, timezone=TIMEZONE, end_offset=1
)

# weeks start on Monday; the Monday run takes the week that just ended
weekly_partitions = dg.WeeklyPartitionsDefinition(
    start_date="2026-01-05", timezone=TIMEZONE, day_offset=1
)

PARTITIONS: dict[Cadence, dg.TimeWindowPartitionsDefinition] = {
    "daily": daily_partitions,
    "daily_state": daily_state_partitions,
    "weekly": weekly_partitions,
}


def partitions_for(cadence: Cadence) -> dg.TimeWindowPartitionsDefinition:
    return PARTITIONS[cadence]
