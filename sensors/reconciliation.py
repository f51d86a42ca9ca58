"""Jobs and schedules of the reconciliations, at the old CronJobs' times (London)."""

from typing import Any

import dagster as dg

from assets.activities import (
    allocation_reconciliation,
    attendance_reconciliation,
    suspended_allocation_reconciliation,
)
from assets.incentives import incentive_levels_reconciliation

RECONCILIATION_JOBS = {
    "incentive_levels_reconciliation": dg.define_asset_job(
        "incentive_levels_reconciliation_job", selection=[incentive_levels_reconciliation]
    ),
    "allocation_reconciliation": dg.define_asset_job(
        "allocation_reconciliation_job", selection=[allocation_reconciliation]
    ),
    "suspended_allocation_reconciliation": dg.define_asset_job(
        "suspended_allocation_reconciliation_job", selection=[suspended_allocation_reconciliation]
    ),
    "attendance_reconciliation": dg.define_asset_job(
        "attendance_reconciliation_job", selection=[attendance_reconciliation]
    ),
}

# (hour, minute, day of week) of the old service's production CronJobs
CADENCE = {
    "incentive_levels_reconciliation": (4, 10, 1),
    "allocation_reconciliation": (7, 5, None),
    "suspended_allocation_reconciliation": (7, 35, None),
    "attendance_reconciliation": (1, 5, None),
}


def build_schedules(enabled: bool) -> list[Any]:
    """One schedule per reconciliation job; running by default only when `enabled`."""
    status = dg.DefaultScheduleStatus.RUNNING if enabled else dg.DefaultScheduleStatus.STOPPED
    schedules: list[Any] = []  # Dagster's partitioned-schedule type is not public
    for name, job in RECONCILIATION_JOBS.items():
        hour, minute, weekday = CADENCE[name]
        schedules.append(
            dg.build_schedule_from_partitioned_job(
                job,
                name=f"{name}_schedule",
                hour_of_day=hour,
                minute_of_hour=minute,
                day_of_week=weekday,
                default_status=status,
            )
        )
    return schedules
