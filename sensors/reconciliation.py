"""Jobs and schedules of the reconciliations, at the old CronJobs' times (London)."""

from typing import Any

import dagster as dg

from dagster_project.cadences import TIMEZONE, partitions_for
from dagster_project.sync.domain import Domain, Reconciliation

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
            job = jobs[reconciliation.name]
            if when.days_of_week:
                schedules.append(_on_weekdays(reconciliation, job, status))
                continue
            schedules.append(
                dg.build_schedule_from_partitioned_job(
                    job,
                    name=reconciliation.schedule_name,
                    hour_of_day=when.hour,
                    minute_of_hour=when.minute,
                    day_of_week=when.day_of_week,
                    default_status=status,
                )
            )
    return schedules


def _on_weekdays(
    reconciliation: Reconciliation, job: AssetJob, status: dg.DefaultScheduleStatus
) -> dg.ScheduleDefinition:
    """A daily reconciliation on some weekdays only (the old CronJob's `* * 0-4`).

    Dagster's partitioned-job schedule takes one weekday or every day, so this is a plain
    schedule on the weekday cron that asks for the partition Dagster's own would have: the last
    one as of the scheduled time.
    """
    when = reconciliation.schedule
    days = ",".join(str(day) for day in sorted(when.days_of_week))
    partitions = partitions_for(reconciliation.cadence)

    @dg.schedule(
        name=reconciliation.schedule_name,
        cron_schedule=f"{when.minute} {when.hour} * * {days}",
        job=job,
        execution_timezone=TIMEZONE,
        default_status=status,
    )
    def weekday_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
        keys = partitions.get_partition_keys(current_time=context.scheduled_execution_time)
        if not keys:
            return dg.SkipReason("no partition exists yet")
        return dg.RunRequest(partition_key=keys[-1])

    return weekday_schedule
