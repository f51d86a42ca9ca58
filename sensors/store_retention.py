"""Store retention: a daily job deletes store rows past `STORE_RETENTION_DAYS`, in batches.

What is kept and why is in `resources/store_retention.py`: never a row a redelivery could
still need, a live claim or an unfinished write intent.
"""

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

    @dg.job(
        name="store_retention_job",
        description="Deletes store rows past their retention (never a live claim or intent).",
    )
    def store_retention_job() -> None:
        prune_store()

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
