"""Freshness checks: the latest expected partition of each reconciliation exists by a deadline."""

import dagster as dg

from assets.activities import (
    allocation_reconciliation,
    attendance_reconciliation,
    suspended_allocation_reconciliation,
)
from assets.incentives import incentive_levels_reconciliation

TIMEZONE = "Europe/London"

FRESHNESS_CHECKS = [
    *dg.build_time_partition_freshness_checks(
        assets=[incentive_levels_reconciliation], deadline_cron="0 8 * * 1", timezone=TIMEZONE
    ),
    *dg.build_time_partition_freshness_checks(
        assets=[allocation_reconciliation, suspended_allocation_reconciliation],
        deadline_cron="0 10 * * *",
        timezone=TIMEZONE,
    ),
    *dg.build_time_partition_freshness_checks(
        assets=[attendance_reconciliation], deadline_cron="0 4 * * *", timezone=TIMEZONE
    ),
]


def build_freshness_sensor(running: bool) -> dg.SensorDefinition:
    """Running where the schedules run (production), stopped otherwise.

    Locally the schedules are off, so every partition is "late": the sensor's check runs would
    only raise false alarms and compete with the event runs for the machine.
    """
    return dg.build_sensor_for_freshness_checks(
        freshness_checks=FRESHNESS_CHECKS,
        name="reconciliation_freshness_sensor",
        default_status=(
            dg.DefaultSensorStatus.RUNNING if running else dg.DefaultSensorStatus.STOPPED
        ),
    )
