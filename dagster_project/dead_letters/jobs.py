"""Dead-letter queue jobs for the Launchpad: list, redrive and purge (the old /queue-admin).

Each is one op on the in-process executor calling the same functions as `p2n dlq`; a request
that makes no sense (unknown domain, purge not confirmed) fails before any queue is touched.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import dagster as dg
from pydantic import Field

from dagster_project import dead_letters
from dagster_project.dead_letters import (
    DeadLetterRequestError,
    DeadLetterRow,
    PurgeSummary,
    RedriveSummary,
)
from dagster_project.domains import DOMAINS
from dagster_project.telemetry import Telemetry
from resources.queues import EventQueue
from resources.store import Store

T = TypeVar("T")
JOB_TAGS = {"dagster/retry_on_asset_or_op_failure": "false"}
DOMAIN_HELP = f'"all" or one domain: {", ".join(domain.name for domain in DOMAINS)}'
TABLE_SCHEMA = dg.TableSchema(
    columns=[
        dg.TableColumn("domain"),
        dg.TableColumn("event_id", description="SNS MessageId: what p2n publish and alerts show"),
        dg.TableColumn("message_id", description="the message's id on the DLQ"),
        dg.TableColumn("event_type"),
        dg.TableColumn("ids", description="entity ids from additionalInformation / NOMS number"),
        dg.TableColumn("reason"),
        dg.TableColumn("attempts", "int"),
        dg.TableColumn("first_failed_at", description="first failure of this event (ISO)"),
        dg.TableColumn("last_failed_at", description="the failure that dead-lettered it (ISO)"),
    ]
)


class ListDeadLettersConfig(dg.Config):
    domain: str = Field(default=dead_letters.ALL, description=DOMAIN_HELP)
    limit: int = Field(default=100, description="At most this many messages per DLQ")


class RedriveDeadLettersConfig(dg.Config):
    domain: str = Field(default=dead_letters.ALL, description=DOMAIN_HELP)
    max_messages: int = Field(default=100, description="Move at most this many per DLQ")


class PurgeDeadLettersConfig(dg.Config):
    domain: str = Field(description=f"Exactly one domain: {', '.join(d.name for d in DOMAINS)}")
    confirm: str = Field(description="The DLQ's name, e.g. prisoner_to_nomis_incentive_dlq")
    max_messages: int = Field(default=100, description="Delete at most this many")


def refused(action: Callable[[], T]) -> T:
    """Run `action`; a refused request fails the run with its reason, nothing touched."""
    try:
        return action()
    except DeadLetterRequestError as error:
        raise dg.Failure(description=str(error)) from None


def table(rows: Iterable[DeadLetterRow]) -> dg.TableMetadataValue:
    return dg.MetadataValue.table(
        records=[
            dg.TableRecord(
                {
                    "domain": row.domain,
                    "event_id": row.event_id,
                    "message_id": row.message_id,
                    "event_type": row.event_type or "",
                    "ids": row.ids_text(),
                    "reason": row.reason or "",
                    "attempts": row.attempts,
                    "first_failed_at": row.first_failed_at or "",
                    "last_failed_at": row.last_failed_at or "",
                }
            )
            for row in rows
        ],
        schema=TABLE_SCHEMA,
    )


def log_row(context: dg.OpExecutionContext, verb: str, row: DeadLetterRow) -> None:
    context.log.info(
        f"{verb} {row.domain} event {row.event_id} (DLQ message {row.message_id}) "
        f"{row.event_type or '(no event type)'} "
        f"ids[{row.ids_text()}] attempts={row.attempts} first failure={row.first_failed_at} "
        f"last failure={row.last_failed_at} reason: {row.reason}"
    )


def stopped(summaries: Sequence[RedriveSummary | PurgeSummary], metadata: dict[str, Any]) -> None:
    """Fail the run, with what was done, when SQS stopped a DLQ part way."""
    errors = [f"{s.domain}: {s.error}" for s in summaries if s.error]
    if errors:
        raise dg.Failure(
            description=f"stopped part way by SQS errors: {'; '.join(errors)}", metadata=metadata
        )


def counts(domains: list[str], rows: list[DeadLetterRow], suffix: str) -> dict[str, int]:
    return {f"{domain}_{suffix}": sum(r.domain == domain for r in rows) for domain in domains}


@dg.op(out=dg.Out(dg.Nothing))
def list_dead_letters(
    context: dg.OpExecutionContext, config: ListDeadLettersConfig, event_queue: EventQueue
) -> dg.Output[None]:
    """List DLQ messages without consuming them: event, ids, reason, attempts, failures."""
    domains = refused(lambda: dead_letters.select_domains(config.domain))
    rows = refused(
        lambda: dead_letters.browse(event_queue.get_client(), config.domain, config.limit)
    )
    for row in rows:
        log_row(context, "dead letter", row)
    context.log.info(f"{len(rows)} dead letter(s) on {', '.join(domains)}")
    return dg.Output(
        None,
        metadata={
            "dead_letters": table(rows),
            "total": len(rows),
            **counts(domains, rows, "count"),
        },
    )


@dg.op(out=dg.Out(dg.Nothing))
def redrive_dead_letters(
    context: dg.OpExecutionContext,
    config: RedriveDeadLettersConfig,
    event_queue: EventQueue,
    store: Store,
) -> dg.Output[None]:
    """Move DLQ messages back to their main queue (attempt 1); the event sensors pick them up."""
    telemetry = Telemetry(store.get_client(), context.log, run_id=context.run_id)
    summaries = refused(
        lambda: dead_letters.redrive(
            event_queue.get_client(), telemetry, config.domain, config.max_messages
        )
    )
    rows = [row for summary in summaries for row in summary.redriven]
    not_deleted = [m for summary in summaries for m in summary.not_deleted]
    for summary in summaries:
        context.log.info(f"{summary.domain}: redrove {len(summary.redriven)} message(s)")
    if not_deleted:
        context.log.warning(
            f"sent to the main queue but still on the DLQ (redriving again duplicates them): "
            f"{', '.join(not_deleted)}"
        )
    metadata: dict[str, Any] = {
        "redriven": table(rows),
        "total": len(rows),
        "not_deleted": len(not_deleted),
        **counts([summary.domain for summary in summaries], rows, "redriven"),
    }
    stopped(summaries, metadata)
    return dg.Output(None, metadata=metadata)


@dg.op(out=dg.Out(dg.Nothing))
def purge_dead_letters(
    context: dg.OpExecutionContext,
    config: PurgeDeadLettersConfig,
    event_queue: EventQueue,
    store: Store,
) -> dg.Output[None]:
    """Delete one domain's DLQ messages once `confirm` names that DLQ, recording each one."""
    telemetry = Telemetry(store.get_client(), context.log, run_id=context.run_id)
    summary = refused(
        lambda: dead_letters.purge(
            event_queue.get_client(), telemetry, config.domain, config.max_messages, config.confirm
        )
    )
    context.log.warning(f"purged {len(summary.purged)} message(s) from {config.confirm}")
    metadata: dict[str, Any] = {"purged": table(summary.purged), "total": len(summary.purged)}
    stopped([summary], metadata)
    return dg.Output(None, metadata=metadata)


@dg.job(
    description=(
        "List dead-lettered messages (one domain or all) without consuming them: event type, "
        "entity ids, reason, attempts, first and last failure. Read-only."
    ),
    executor_def=dg.in_process_executor,
    tags=JOB_TAGS,
)
def dead_letters_list_job() -> None:
    list_dead_letters()


@dg.job(
    description=(
        "Move dead-lettered messages back to their main queue (attempt reset to 1) once the "
        "cause is fixed; the event sensors then process them. Records dead-letter-redriven."
    ),
    executor_def=dg.in_process_executor,
    tags=JOB_TAGS,
)
def dead_letters_redrive_job() -> None:
    redrive_dead_letters()


@dg.job(
    description=(
        "DESTRUCTIVE: delete one domain's dead-lettered messages. Needs confirm = that DLQ's "
        "name; every purged message is kept as dead-letter-purged telemetry."
    ),
    executor_def=dg.in_process_executor,
    tags=JOB_TAGS,
)
def dead_letters_purge_job() -> None:
    purge_dead_letters()


DEAD_LETTER_JOBS = [dead_letters_list_job, dead_letters_redrive_job, dead_letters_purge_job]
