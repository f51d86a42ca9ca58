"""Retention: a daily job deletes store rows and finished Dagster runs past their retention.

What is kept and why is in `resources/store_retention.py`: never a row a redelivery could
still need, a live claim or an unfinished write intent. Dagster itself purges only ticks
(`retention:` in dagster.yaml), so finished runs and their event logs go here too.
"""

import datetime as dt

import dagster as dg
from pydantic import Field

from resources.store import Store
from resources.store_retention import MIN_RETENTION_DAYS, PruneReport


class StoreRetentionConfig(dg.Config):
    retention_days: int = Field(
        ge=MIN_RETENTION_DAYS, description="Delete rows older than this many days"
    )
    batch_size: int = Field(default=1000, ge=1, le=10000, description="Rows per transaction")
    dry_run: bool = Field(default=False, description="Only count what would be deleted")
    max_runs: int = Field(
        default=20_000, ge=0, le=1_000_000, description="Most Dagster runs deleted per job run"
    )


FINISHED = [
    dg.DagsterRunStatus.SUCCESS,
    dg.DagsterRunStatus.FAILURE,
    dg.DagsterRunStatus.CANCELED,
]


def prune_runs(
    instance: dg.DagsterInstance,
    retention_days: int,
    max_runs: int,
    dry_run: bool,
    now: dt.datetime | None = None,
) -> tuple[dt.datetime, int]:
    """Delete (or count) finished runs last updated before the cutoff; never one in progress."""
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=retention_days)
    filters = dg.RunsFilter(statuses=FINISHED, updated_before=cutoff)
    if dry_run:
        return cutoff, len(instance.get_run_records(filters=filters, limit=max_runs))
    done = 0
    while done < max_runs:
        records = instance.get_run_records(
            filters=filters, limit=min(500, max_runs - done), ascending=True
        )
        if not records:
            break
        for record in records:
            instance.delete_run(record.dagster_run.run_id)
        done += len(records)
    return cutoff, done


def _summary(context: dg.OpExecutionContext, report: PruneReport) -> dg.Output[None]:
    verb = "would delete" if report.dry_run else "deleted"
    context.log.info(f"store retention {verb} {report.total} row(s) before {report.cutoff}")
    if report.old_write_intents_kept:
        context.log.warning(
            f"{report.old_write_intents_kept} write intent(s) older than the cutoff kept: "
            "unfinished NOMIS writes whose message never came back; check NOMIS for them"
        )
    return dg.Output(
        None,
        metadata={
            "cutoff": report.cutoff.isoformat(),
            "dry_run": report.dry_run,
            "deleted_total": report.total,
            **{f"deleted_{table}": count for table, count in report.deleted.items()},
            "old_write_intents_kept": report.old_write_intents_kept,
        },
    )


def build_store_retention(
    retention_days: int, running: bool
) -> tuple[dg.JobDefinition, dg.ScheduleDefinition]:
    """The job (retention defaulting to `retention_days`) and its daily schedule."""
    default_days = retention_days  # the class body below cannot see a name it assigns

    class RetentionConfig(StoreRetentionConfig):
        retention_days: int = Field(
            default=default_days,
            ge=MIN_RETENTION_DAYS,
            description="Delete rows older than this many days (STORE_RETENTION_DAYS)",
        )

    @dg.op(out=dg.Out(dg.Nothing))
    def prune_store(
        context: dg.OpExecutionContext, config: RetentionConfig, store: Store
    ) -> dg.Output[None]:
        """Delete inbox, ledger, expired-claim, telemetry, alert and repaired-mismatch rows."""
        retention = store.get_retention()
        return _summary(
            context, retention.prune(config.retention_days, config.batch_size, config.dry_run)
        )

    @dg.op(out=dg.Out(dg.Nothing))
    def prune_dagster_runs(
        context: dg.OpExecutionContext, config: RetentionConfig
    ) -> dg.Output[None]:
        """Delete finished runs (and their event logs) older than the retention."""
        cutoff, count = prune_runs(
            context.instance, config.retention_days, config.max_runs, config.dry_run
        )
        verb = "would delete" if config.dry_run else "deleted"
        context.log.info(f"run retention {verb} {count} finished run(s) before {cutoff}")
        return dg.Output(
            None, metadata={"cutoff": cutoff.isoformat(), f"runs_{verb.replace(' ', '_')}": count}
        )

    @dg.job(
        name="store_retention_job",
        description=(
            "Deletes store rows past their retention (never a live claim or intent) and"
            " finished Dagster runs older than the same retention."
        ),
    )
    def store_retention_job() -> None:
        prune_store()
        prune_dagster_runs()

    schedule = dg.ScheduleDefinition(
        name="store_retention_schedule",
        job=store_retention_job,
        cron_schedule="15 3 * * *",
        execution_timezone="Europe/London",
        default_status=(
            dg.DefaultScheduleStatus.RUNNING if running else dg.DefaultScheduleStatus.STOPPED
        ),
        description="Store retention every night at 03:15 London, between reconciliations.",
    )
    return store_retention_job, schedule
