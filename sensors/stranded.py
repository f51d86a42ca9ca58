"""Messages stranded in a dead run go back to their queue (DESIGN.md §3.1, the gap it closes).

A sync run owns its batch once the sensor has deleted the messages from SQS. Dagster retries a
run that dies (worker killed, never started), but when the last retry fails too — or the run is
cancelled — the batch would live on only in that run's config. This sensor finds such runs and
puts every message the inbox has no outcome for back on the domain queue, attempt unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import dagster as dg
from pydantic import BaseModel, ValidationError

from dagster_project.sync.domain import Domain
from dagster_project.telemetry import Telemetry
from resources.queues import EventQueue
from resources.store import TERMINAL_STATUSES, Store, SyncStore
from sensors.sync_job import QueuedMessage, batch_of

WILL_RETRY_TAG = "dagster/will_retry"
ENDED = [dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED]
# a failed run the retry daemon has not tagged yet is taken as final after this long
UNTAGGED_GRACE_SECONDS = 120.0
RUNS_PER_TICK = 50


class StrandedCursor(BaseModel):
    """Runs updated after this time have not been looked at yet."""

    after: float = 0.0


def retry_coming(record: dg.RunRecord, now: float) -> bool | None:
    """True: a retry run carries the batch; False: nobody will; None: too early to say."""
    will_retry = record.dagster_run.tags.get(WILL_RETRY_TAG)
    if will_retry is not None:
        return will_retry == "true"
    if now - record.update_timestamp.timestamp() < UNTAGGED_GRACE_SECONDS:
        return None
    return False


@dataclass(frozen=True)
class Stranded:
    """One message of a dead run that nobody recorded an outcome for."""

    domain: Domain[Any]
    run_id: str
    message: QueuedMessage


def find_stranded(
    records: Sequence[dg.RunRecord],
    domains: tuple[Domain[Any], ...],
    inbox: SyncStore,
    now: float,
) -> tuple[list[Stranded], float | None]:
    """Stranded messages in `records` (oldest update first) and the update time reached.

    Stops at a failed run the retry daemon has not decided on yet, so it is looked at again.
    """
    by_job = {domain.job_name: domain for domain in domains}
    found: list[Stranded] = []
    reached: float | None = None
    for record in records:
        domain = by_job.get(record.dagster_run.job_name)
        coming = retry_coming(record, now) if domain is not None else True
        if coming is None:
            break
        reached = record.update_timestamp.timestamp()
        batch = batch_of(domain, record.dagster_run) if domain and not coming else None
        if domain is None or batch is None:
            continue
        statuses = inbox.inbox_statuses(m.message_id for m in batch.messages)
        found.extend(
            Stranded(domain, record.dagster_run.run_id, message)
            for message in batch.messages
            if statuses.get(message.message_id) not in TERMINAL_STATUSES
        )
    return found, reached


def ended_sync_runs(
    instance: dg.DagsterInstance, after: float, limit: int = RUNS_PER_TICK
) -> Sequence[dg.RunRecord]:
    """Failed or cancelled runs updated after `after`, oldest first."""
    return instance.get_run_records(
        filters=dg.RunsFilter(
            statuses=ENDED, updated_after=dt.datetime.fromtimestamp(after, dt.UTC)
        ),
        limit=limit,
        order_by="update_timestamp",
        ascending=True,
    )


def build_stranded_messages_sensor(domains: tuple[Domain[Any], ...]) -> dg.SensorDefinition:
    @dg.sensor(
        name="stranded_messages_sensor",
        minimum_interval_seconds=30,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=(
            "Re-queues the messages of a sync run that failed or was cancelled for good "
            "(no retry coming) and never recorded an outcome for them."
        ),
    )
    def stranded_messages_sensor(
        context: dg.SensorEvaluationContext, event_queue: EventQueue, store: Store
    ) -> dg.SkipReason:
        try:
            cursor = StrandedCursor.model_validate_json(context.cursor or "{}")
        except ValidationError:
            cursor = StrandedCursor()
        sync_store = store.get_client()
        stranded, reached = find_stranded(
            ended_sync_runs(context.instance, cursor.after),
            domains,
            sync_store,
            dt.datetime.now(dt.UTC).timestamp(),
        )
        queue = event_queue.get_client()
        telemetry = Telemetry(sync_store, context.log)
        for item in stranded:
            new_id = queue.send(
                item.domain.name,
                item.message.body,
                attempt=item.message.attempt,
                extra={"strandedInRun": item.run_id},
            )
            sync_store.mark_message(
                item.message.message_id,
                item.domain.name,
                "requeued",
                detail=f"stranded in run {item.run_id}; re-sent as {new_id}",
            )
            telemetry.track(
                "domain-event-stranded-requeued",
                {
                    "domain": item.domain.name,
                    "messageId": item.message.message_id,
                    "newMessageId": new_id,
                    "runId": item.run_id,
                },
            )
        if reached is not None:
            cursor.after = reached
        context.update_cursor(cursor.model_dump_json())
        return dg.SkipReason(f"{len(stranded)} stranded message(s) put back on their queues")

    return stranded_messages_sensor
