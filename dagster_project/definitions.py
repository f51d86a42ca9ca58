"""The main code location: reconciliations, checks, repairs, runbook, DLQ and health jobs.

Everything per domain is built by a factory looping over the registry (`DOMAINS`), so adding a
domain adds its operations, reconciliations, schedules and checks here, and its queue sensor
and sync job to the event-sync location (`sync_definitions.py`), which stays light so that
each sync run starts fast.
"""

from __future__ import annotations

import dagster as dg

from assets.freshness import build_freshness_checks, build_freshness_sensor
from assets.reconciliation import build_reconciliation_assets
from dagster_project.dead_letters.jobs import DEAD_LETTER_JOBS
from dagster_project.domains import DOMAINS
from dagster_project.operations.jobs import build_operation_jobs
from dagster_project.settings import Settings, auto_repair_enabled, load_settings
from dagster_project.wiring import resources_for
from sensors.alerts import build_alerts_sensor
from sensors.alerts_view_sensor import ALERTS_SPEC, build_alerts_view_sensor
from sensors.dead_letter_sensor import build_dead_letter_sensor, queue_asset_specs
from sensors.health import build_health_check_schedule, health_check_job
from sensors.reconciliation import build_reconciliation_jobs, build_schedules
from sensors.repair_sensors import build_auto_repair_sensor, build_recheck_sensor, repair_routes
from sensors.store_retention import build_store_retention
from sensors.stranded import build_stranded_messages_sensor


def build_definitions(settings: Settings) -> dg.Definitions:
    """Definitions for the given settings (tests pass their own)."""
    reconciliations = build_reconciliation_assets(DOMAINS)
    freshness = build_freshness_checks(DOMAINS, reconciliations)
    check_keys = [key for asset in reconciliations.values() for key in asset.check_keys]
    reconciliation_jobs = build_reconciliation_jobs(DOMAINS, reconciliations)
    operation_jobs = build_operation_jobs(DOMAINS)
    routes = repair_routes(DOMAINS)
    repair_jobs = [job for job in operation_jobs if job.name in {r.job for r in routes}]
    retention_job, retention_schedule = build_store_retention(
        settings.store_retention_days, settings.schedules_on
    )
    return dg.Definitions(
        assets=[*reconciliations.values(), *queue_asset_specs(DOMAINS), ALERTS_SPEC],
        asset_checks=freshness,
        jobs=[
            *reconciliation_jobs.values(),
            *operation_jobs,
            *DEAD_LETTER_JOBS,
            health_check_job,
            retention_job,
        ],
        sensors=[
            build_alerts_sensor(check_keys),
            build_alerts_view_sensor(),
            build_recheck_sensor(routes, repair_jobs, reconciliation_jobs),
            build_auto_repair_sensor(auto_repair_enabled(), routes, check_keys, repair_jobs),
            build_freshness_sensor(DOMAINS, freshness, settings.schedules_on),
            build_dead_letter_sensor(DOMAINS),
            build_stranded_messages_sensor(DOMAINS),
        ],
        schedules=[
            *build_schedules(DOMAINS, reconciliation_jobs, settings.schedules_on),
            retention_schedule,
            build_health_check_schedule(settings.schedules_on),
        ],
        resources=resources_for(settings),
        # every job here is one op or one asset with its checks: steps in one process, not a
        # process each (each would only add the seconds it takes to load the code)
        executor=dg.in_process_executor,
    )


@dg.definitions
def defs() -> dg.Definitions:
    """The code location; a wrong setting stops the load with one line per variable."""
    return build_definitions(load_settings())
