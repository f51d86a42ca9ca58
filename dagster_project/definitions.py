"""The one code location: every asset, check, job, sensor, schedule and resource."""

from __future__ import annotations

import dagster as dg

import assets
from assets.freshness import build_freshness_sensor
from dagster_project.domains import DOMAINS
from dagster_project.settings import Settings, auto_repair_enabled
from dagster_project.wiring import resources_for
from sensors.adjustment_jobs import ADJUSTMENT_JOBS
from sensors.alerts import build_alerts_sensor
from sensors.dead_letter_jobs import DEAD_LETTER_JOBS
from sensors.dead_letter_sensor import QUEUE_ASSET_SPECS, dead_letter_queues_sensor
from sensors.event_sync import build_event_sync
from sensors.health import build_health_check_schedule, health_check_job
from sensors.ops_jobs import OPS_JOBS
from sensors.options import SyncOptions
from sensors.reconciliation import RECONCILIATION_JOBS, build_schedules
from sensors.repair import REPAIR_JOBS
from sensors.repair_sensors import build_auto_repair_sensor, recheck_after_repair_sensor
from sensors.store_retention import build_store_retention
from sensors.stranded import build_stranded_messages_sensor


def build_definitions(settings: Settings) -> dg.Definitions:
    """Definitions for the given settings (tests pass their own)."""
    sync_jobs, event_sensors = build_event_sync(SyncOptions.from_settings(settings), DOMAINS)
    check_keys = [key for asset in assets.ALL for key in asset.check_keys]
    retention_job, retention_schedule = build_store_retention(
        settings.store_retention_days, settings.schedules_on
    )
    return dg.Definitions(
        assets=[*assets.ALL, *QUEUE_ASSET_SPECS],
        asset_checks=list(assets.CHECKS),
        jobs=[
            *sync_jobs,
            *RECONCILIATION_JOBS.values(),
            *REPAIR_JOBS,
            *OPS_JOBS,
            *ADJUSTMENT_JOBS,
            *DEAD_LETTER_JOBS,
            health_check_job,
            retention_job,
        ],
        sensors=[
            *event_sensors,
            build_alerts_sensor(check_keys),
            recheck_after_repair_sensor,
            build_auto_repair_sensor(auto_repair_enabled()),
            build_freshness_sensor(settings.schedules_on),
            dead_letter_queues_sensor,
            build_stranded_messages_sensor(DOMAINS),
        ],
        schedules=[
            *build_schedules(settings.schedules_on),
            retention_schedule,
            build_health_check_schedule(settings.schedules_on),
        ],
        resources=resources_for(settings),
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions(Settings.from_env())
