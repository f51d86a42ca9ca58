"""One SQS sensor per domain queue: bounded batch per tick, one run per batch.

At-least-once (DESIGN.md §3.1, design a): the daemon stores a tick's run requests and cursor
before launching runs, so this tick deletes the messages handed over on the *previous* tick
(receipt handles kept in the cursor). Poison and ignored messages are settled here and never
reach a run; messages already handled (inbox) are just deleted.

Backpressure: while the domain's previous run is still waiting to start (queued, not yet
launched), the tick receives nothing, so a backlog stays on SQS and leaves as a few full
batches instead of a queue of small runs (each run costs a process start; DAGSTER.md §8).
A run being launched or applying does not hold the tick: two runs of a domain may overlap (the
per-domain run limit in dagster.yaml), so a new event does not wait for the current run to end.

Order across overlapping runs (`in_flight.py`, `holds.py`): an event of an entity that an
unfinished run holds is not handed over; it goes back on the queue behind a short delay (a new
message, so SQS's receive count and redrive policy never see it) and reaches a run after the
holding one. Newer events of that entity wait behind it (the cursor remembers it until it is
back), and each tick looks at its events in occurredAt order.

A batch takes what the queue holds, up to `SENSOR_BATCH_SIZE` messages and `MAX_BATCH_BYTES`
of bodies (they travel in the run config), received within `RECEIVE_SECONDS`, and stops at the
first short receive: a shallow queue leaves in small runs at once (a steady stream does not
wait while the tick collects more), a deep one in few large ones.
"""

import datetime as dt
import hashlib
import time
from collections.abc import Iterable
from typing import Any

import dagster as dg
from pydantic import BaseModel, ValidationError

from dagster_project.events import event_id
from dagster_project.sync.batch import OLDEST
from dagster_project.sync.dispositions import Dispositions
from dagster_project.sync.domain import Domain
from dagster_project.sync.triage import Accepted, Decision, Ignored, triage
from dagster_project.telemetry import Telemetry
from resources.dead_letter_queue import FIRST_FAILED_AT_ATTRIBUTE, SQS_BATCH
from resources.queues import EventQueue, QueueMessage, SqsEventQueue
from resources.store import TERMINAL_STATUSES, Store
from sensors.holds import HeldEvent, Holds, hold_key
from sensors.in_flight import held_entities
from sensors.options import SyncOptions
from sensors.sync_job import QueuedMessage, SyncBatchConfig, build_sync_job

WAITING_TO_START = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED]


# A batch stops growing once its bodies reach this size (an event may be 64 KiB, so 500 of the
# largest would make a 32 MiB run config).
MAX_BATCH_BYTES = 2 * 1024 * 1024
# ... or once receiving has taken this long. A tick must end well inside Dagster's 60 s sensor
# timeout: the messages of a tick that times out stay hidden until their visibility timeout.
RECEIVE_SECONDS = 20.0


def receive_batch(
    queue: SqsEventQueue, domain: Domain[Any], max_messages: int
) -> list[QueueMessage]:
    """Up to `max_messages` messages, received now.

    Fewer at `MAX_BATCH_BYTES`, after `RECEIVE_SECONDS`, or once a receive comes back short
    (the queue is empty for now).
    """
    received: list[QueueMessage] = []
    size = 0
    deadline = time.monotonic() + RECEIVE_SECONDS
    while len(received) < max_messages and size < MAX_BATCH_BYTES:
        if received and time.monotonic() >= deadline:
            break
        wanted = min(SQS_BATCH, max_messages - len(received))
        messages = queue.receive(domain.name, wanted)
        received.extend(messages)
        size += sum(len(m.body.encode()) for m in messages)
        if len(messages) < wanted:
            break  # the queue held no more just now: hand these over rather than wait for more
    return received


def runs_waiting(instance: dg.DagsterInstance, domain: Domain[Any]) -> int:
    """Runs of the domain's sync job created but not yet launched."""
    return instance.get_runs_count(
        dg.RunsFilter(job_name=domain.job_name, statuses=WAITING_TO_START)
    )


class SensorCursor(BaseModel):
    """Receipt handles handed to the last run request (deleted next tick); held events."""

    pending: list[str] = []
    held: dict[str, list[HeldEvent]] = {}


def batch_run_key(domain: Domain[Any], messages: list[QueueMessage]) -> str:
    """Same messages, same key: a re-received identical batch is not launched twice."""
    ids = ",".join(sorted(m.message_id for m in messages))
    return f"{domain.name}-{hashlib.sha256(ids.encode()).hexdigest()[:24]}"


def hold_back(
    queue: SqsEventQueue,
    domain: Domain[Any],
    message: QueueMessage,
    decision: Accepted,
    reason: str,
    delay_seconds: int,
    dispositions: Dispositions,
    telemetry: Telemetry,
) -> None:
    """Re-send an event that must wait for its entity; the original is deleted after."""
    new_id = queue.send(
        domain.name,
        message.body,
        event_type=decision.event_type,
        attempt=message.attempt,
        delay_seconds=delay_seconds,
        extra={"heldBack": reason, **first_failed(message)},
    )
    dispositions.mark(message.message_id, "requeued", decision.event_type, f"as {new_id}: {reason}")
    telemetry.track(
        "domain-event-held",
        {
            "domain": domain.name,
            "eventType": decision.event_type,
            "messageId": message.message_id,
            "newMessageId": new_id,
            "reason": reason,
        },
    )


def first_failed(message: QueueMessage) -> dict[str, str]:
    return {FIRST_FAILED_AT_ATTRIBUTE: message.first_failed_at} if message.first_failed_at else {}


def in_time_order(
    decisions: Iterable[tuple[QueueMessage, Decision]],
) -> list[tuple[QueueMessage, Decision]]:
    """Accepted events by occurredAt (an entity's earliest is looked at first), the rest after."""

    def when(item: tuple[QueueMessage, Decision]) -> tuple[int, dt.datetime]:
        decision = item[1]
        if isinstance(decision, Accepted):
            return 0, decision.occurred_at or OLDEST
        return 1, OLDEST

    return sorted(decisions, key=when)


def read_cursor(raw: str | None) -> SensorCursor:
    if not raw:
        return SensorCursor()
    try:
        return SensorCursor.model_validate_json(raw)
    except ValidationError:
        return SensorCursor()


def build_event_sensor(
    domain: Domain[Any], job: dg.JobDefinition, options: SyncOptions
) -> dg.SensorDefinition:
    """`<domain>_events_sensor` over the domain's SQS queue."""

    @dg.sensor(
        name=domain.sensor_name,
        job=job,
        minimum_interval_seconds=options.interval_seconds,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=(
            f"Polls the {domain.name} domain-event queue and launches {domain.job_name} "
            f"with up to {options.batch_size} events per run."
        ),
    )
    def event_sensor(
        context: dg.SensorEvaluationContext, event_queue: EventQueue, store: Store
    ) -> dg.SensorResult:
        queue = event_queue.get_client()
        sync_store = store.get_client()
        telemetry = Telemetry(sync_store, context.log)
        dispositions = Dispositions(domain.name, queue, sync_store, telemetry)
        previous = read_cursor(context.cursor)
        acknowledged = queue.delete(domain.name, previous.pending)
        holds = Holds(previous.held, now=time.time())
        waiting = runs_waiting(context.instance, domain)
        if waiting:
            return dg.SensorResult(
                skip_reason=(
                    f"{domain.name}: {waiting} run(s) still waiting to start; "
                    f"acknowledged {acknowledged}, leaving the rest on the queue"
                ),
                cursor=SensorCursor(held=holds.dump()).model_dump_json(),
            )
        received = receive_batch(queue, domain, options.batch_size)
        telemetry.know_events({m.message_id: event_id(m.body, m.message_id) for m in received})
        seen = sync_store.inbox_statuses(m.message_id for m in received)
        holding = (
            held_entities(context.instance, domain, options.disabled_switches, sync_store)
            if received
            else {}
        )
        settled = [
            m.receipt_handle for m in received if seen.get(m.message_id) in TERMINAL_STATUSES
        ]
        accepted: list[QueueMessage] = []
        held_back = 0
        event_types: set[str] = set()
        for message, decision in in_time_order(
            (m, triage(domain, m.body, options.disabled_switches))
            for m in received
            if seen.get(m.message_id) not in TERMINAL_STATUSES
        ):
            if isinstance(decision, Accepted):
                entity, key = decision.entity_key, hold_key(message.body)
                reason = holds.must_wait(entity, key, decision.occurred_at, holding.get(entity))
                if reason is not None:
                    delay = options.interval_seconds
                    hold_back(
                        queue, domain, message, decision, reason, delay, dispositions, telemetry
                    )
                    holds.hold(entity, key, decision.occurred_at, delay)
                    settled.append(message.receipt_handle)
                    held_back += 1
                    continue
                holds.release(entity, key)
                accepted.append(message)
                event_types.add(decision.event_type)
                continue
            if isinstance(decision, Ignored):
                dispositions.ignore(message.message_id, decision.reason, decision.event_type)
            else:
                dispositions.dead_letter(
                    message.message_id,
                    message.body,
                    decision.reason,
                    message.attempt,
                    decision.event_type,
                    message.first_failed_at,
                )
            settled.append(message.receipt_handle)
        queue.delete(domain.name, settled)
        context.log.info(
            f"{domain.name}: acknowledged {acknowledged}, received {len(received)}, "
            f"settled {len(settled)} ({held_back} held behind unfinished runs), "
            f"handing {len(accepted)} to a run"
        )
        cursor = SensorCursor(
            pending=[m.receipt_handle for m in accepted], held=holds.dump()
        ).model_dump_json()
        if not accepted:
            return dg.SensorResult(
                skip_reason=f"{domain.name} queue: nothing to run ({len(received)} received)",
                cursor=cursor,
            )
        config = SyncBatchConfig(
            messages=[
                QueuedMessage(
                    message_id=m.message_id,
                    body=m.body,
                    attempt=m.attempt,
                    first_failed_at=m.first_failed_at,
                )
                for m in accepted
            ]
        )
        request = dg.RunRequest(
            run_key=batch_run_key(domain, accepted),
            run_config=dg.RunConfig(ops={domain.op_name: config}),
            tags={
                "domain": domain.name,
                "sync/event_types": ",".join(sorted(event_types))[:200],
                "sync/messages": str(len(accepted)),
            },
        )
        return dg.SensorResult(run_requests=[request], cursor=cursor)

    return event_sensor


def build_event_sync(
    options: SyncOptions, domains: tuple[Domain[Any], ...]
) -> tuple[list[dg.JobDefinition], list[dg.SensorDefinition]]:
    """The sync job and sensor of every domain."""
    jobs = [build_sync_job(domain, options) for domain in domains]
    sensors = [build_event_sensor(d, job, options) for d, job in zip(domains, jobs, strict=True)]
    return jobs, sensors
