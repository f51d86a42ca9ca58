"""Jobs and schedules of the reconciliations, at the old CronJobs' times (London)."""

from typing import Any

import dagster as dg

from dagster_project.sync.domain import Domain

# what dg.define_asset_job returns; its type is not public
AssetJob = Any


def build_reconciliation_jobs(
    domains: tuple[Domain[Any], ...], built: dict[str, dg.AssetsDefinition]
) -> dict[str, AssetJob]:
    """Reconciliation name -> `<name>_job`, materialising that one asset."""
    return {
        reconciliation.name: dg.define_asset_job(
            reconciliation.job_name, selection=[built[reconciliation.name]]
        )
        for domain in domains
        for reconciliation in domain.reconciliations
    }


def build_schedules(
    domains: tuple[Domain[Any], ...],
    jobs: dict[str, AssetJob],
    enabled: bool,
) -> list[Any]:
    """One schedule per reconciliation job; running by default only when `enabled`."""
    status = dg.DefaultScheduleStatus.RUNNING if enabled else dg.DefaultScheduleStatus.STOPPED
    schedules: list[Any] = []  # Dagster's partitioned-schedule type is not public
    for domain in domains:
        for reconciliation in domain.reconciliations:
            when = reconciliation.schedule
            schedules.append(
                dg.build_schedule_from_partitioned_job(
                    jobs[reconciliation.name],
                    name=reconciliation.schedule_name,
                    hour_of_day=when.hour,
                    minute_of_hour=when.minute,
                    day_of_week=when.day_of_week,
                    default_status=status,
                )
            )
    return schedules
