"""Watches every domain queue and DLQ: depth over time in the UI, an alert when a DLQ fills.

Each tick observes `queues/<domain>_queue` and `queues/<domain>_dlq` (visible, in flight,
delayed), so the assets' Plots tab shows the depth history. A DLQ alerts once when it becomes
non-empty and again only when it grows past the depth last alerted; draining to 0 resets it.
The depth last alerted per domain is the cursor. An SQS error skips that domain, never the tick.
"""

from typing import Any

import dagster as dg
from botocore.exceptions import BotoCoreError
from pydantic import BaseModel, ValidationError

from dagster_project.sync.domain import Domain
from dagster_project.telemetry import Telemetry
from resources.alerts import AlertsResource
from resources.queues import EventQueue, QueueDepth, SqsEventQueue
from resources.store import Store

ALERT = "dead-letter-queue-not-empty"
GROUP = "queues"


def queue_key(domain: str) -> dg.AssetKey:
    return dg.AssetKey([GROUP, f"{domain}_queue"])


def dlq_key(domain: str) -> dg.AssetKey:
    return dg.AssetKey([GROUP, f"{domain}_dlq"])


def queue_asset_specs(domains: tuple[Domain[Any], ...]) -> list[dg.AssetSpec]:
    """`queues/<domain>_queue` and `queues/<domain>_dlq` for every domain."""
    return [
        spec
        for domain in domains
        for spec in (
            dg.AssetSpec(
                queue_key(domain.name),
                group_name=GROUP,
                kinds={"sqs"},
                description=f"The {domain.name} domain-event SQS queue (observed depth).",
            ),
            dg.AssetSpec(
                dlq_key(domain.name),
                group_name=GROUP,
                kinds={"sqs"},
                description=(
                    f"The {domain.name} dead-letter queue (observed depth); list, redrive or "
                    "purge it with the dead_letters_* jobs."
                ),
            ),
        )
    ]


class DeadLetterCursor(BaseModel):
    """Per domain, the DLQ depth last alerted (absent = empty or never alerted)."""

    alerted: dict[str, int] = {}


def read_cursor(raw: str | None) -> DeadLetterCursor:
    if not raw:
        return DeadLetterCursor()
    try:
        return DeadLetterCursor.model_validate_json(raw)
    except ValidationError:
        return DeadLetterCursor()


def observation(key: dg.AssetKey, depth: QueueDepth) -> dg.AssetObservation:
    return dg.AssetObservation(
        asset_key=key,
        metadata={
            "visible": dg.MetadataValue.int(depth.visible),
            "in_flight": dg.MetadataValue.int(depth.in_flight),
            "delayed": dg.MetadataValue.int(depth.delayed),
        },
    )


def depths(queue: SqsEventQueue, domain: str) -> tuple[QueueDepth, QueueDepth]:
    return queue.depth(domain), queue.depth(domain, dead_letters=True)


def build_dead_letter_sensor(domains: tuple[Domain[Any], ...]) -> dg.SensorDefinition:
    """Observes every domain's queue and DLQ depth; alerts when a DLQ fills."""

    @dg.sensor(
        name="dead_letter_queues_sensor",
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=(
            "Records every domain queue's and DLQ's depth as asset observations and alerts "
            f"({ALERT}) when a DLQ becomes non-empty or grows past the depth last alerted."
        ),
    )
    def dead_letter_queues_sensor(
        context: dg.SensorEvaluationContext,
        event_queue: EventQueue,
        store: Store,
        alerts: AlertsResource,
    ) -> dg.SensorResult:
        cursor = read_cursor(context.cursor)
        queue = event_queue.get_client()
        sync_store = store.get_client()
        telemetry = Telemetry(sync_store, context.log)
        events: list[dg.AssetObservation] = []
        notes: list[str] = []
        for domain in domains:
            name = domain.name
            try:
                main, dlq = depths(queue, name)
            except Exception as error:  # an SQS failure must never fail the tick
                context.log.warning(f"{name}: cannot read queue depth, skipped: {error}")
                notes.append(f"{name}: error")
                if isinstance(error, BotoCoreError):
                    break  # endpoint unreachable: every other domain would wait on it too
                continue
            events += [observation(queue_key(name), main), observation(dlq_key(name), dlq)]
            last = cursor.alerted.get(name, 0)
            notes.append(f"{name}: dlq {dlq.total}")
            if dlq.total == 0:
                cursor.alerted.pop(name, None)
            elif dlq.total > last:
                dims = {
                    "domain": name,
                    "queue": queue.dlq_name(name),
                    "depth": dlq.total,
                    "previousDepth": last,
                }
                event_id = telemetry.alert(ALERT, dims)
                alerts.post(
                    f":rotating_light: {dims['queue']} has {dlq.total} message(s) "
                    f"(last alerted at {last}, event {event_id}): run dead_letters_list_job "
                    f"for {name}"
                )
                cursor.alerted[name] = dlq.total
        return dg.SensorResult(
            asset_events=events,
            cursor=cursor.model_dump_json(),
            skip_reason="; ".join(notes),
        )

    return dead_letter_queues_sensor
