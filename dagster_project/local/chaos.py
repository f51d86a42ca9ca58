"""Queue-side faults for local runs and the soak: duplicate deliveries and re-ordering.

SNS delivers at least once and not in order. `ChaosPublisher` publishes through the real topic
and then, by a seeded draw, (a) delivers a second copy of the same SNS notification (same SNS
message id, new SQS message) to every subscribed queue, possibly delayed, and (b) holds an event
back so that up to `reorder_window` later events overtake it — updates before creates.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from typing import Any

import httpx
from pydantic import BaseModel, Field

from dagster_project.domains import DOMAINS
from dagster_project.local.aws import sqs_client
from dagster_project.local.publish import Publisher
from dagster_project.settings import Settings

MAX_SQS_DELAY_SECONDS = 900


class QueueChaos(BaseModel):
    """How unreliable delivery is: set per run (CLI flags, soak plan)."""

    duplicate_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    duplicate_max_delay_seconds: int = Field(default=5, ge=0, le=MAX_SQS_DELAY_SECONDS)
    reorder_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    reorder_window: int = Field(default=5, ge=1, le=1000)
    seed: int = 0


def sns_notification(
    message_id: str, topic_arn: str, event: dict[str, Any], timestamp: dt.datetime
) -> str:
    """The SQS body SNS writes for a notification (raw delivery off)."""
    return json.dumps(
        {
            "Type": "Notification",
            "MessageId": message_id,
            "TopicArn": topic_arn,
            "Message": json.dumps(event),
            "Timestamp": timestamp.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "SignatureVersion": "1",
            "MessageAttributes": {"eventType": {"Type": "String", "Value": event["eventType"]}},
        }
    )


class ChaosPublisher(Publisher):
    """A `Publisher` whose deliveries are duplicated and re-ordered; `chaos` may change any time."""

    def __init__(
        self, settings: Settings, chaos: QueueChaos, http: httpx.Client | None = None
    ) -> None:
        """Publish through `settings`' topic, with faults drawn from `chaos.seed`."""
        super().__init__(settings, http)
        self.chaos = chaos
        self._rng = random.Random(chaos.seed)  # noqa: S311 - reproducible faults, not security
        self._sqs = sqs_client(settings)
        self._queue_urls: dict[str, str] = {}
        self._held: list[tuple[int, dict[str, Any]]] = []
        self.injected: Counter[str] = Counter()

    def emit(self, event: dict[str, Any]) -> str:
        """Publish now, or hold back until `k` later events have overtaken it."""
        waiting = self._held
        if self._rng.random() < self.chaos.reorder_rate:
            self._held = [*waiting, (self._rng.randint(1, self.chaos.reorder_window), event)]
            self.injected["reordered"] += 1
            message_id = f"held-{self.injected['reordered']}"
        else:
            message_id = self._deliver(event)
        self._overtaken(len(waiting))
        return message_id

    def flush(self) -> None:
        """Publish everything still held back (end of a burst)."""
        held, self._held = self._held, []
        for _, event in held:
            self._deliver(event)

    def _overtaken(self, count: int) -> None:
        """One more event went past the first `count` held ones; release those now overtaken."""
        still: list[tuple[int, dict[str, Any]]] = []
        for index, (remaining, event) in enumerate(self._held):
            if index >= count:
                still.append((remaining, event))
            elif remaining <= 1:
                self._deliver(event)
            else:
                still.append((remaining - 1, event))
        self._held = still

    def _deliver(self, event: dict[str, Any]) -> str:
        message_id = super().emit(event)
        if self._rng.random() < self.chaos.duplicate_rate:
            self._duplicate(message_id, event)
        return message_id

    def _duplicate(self, message_id: str, event: dict[str, Any]) -> None:
        body = sns_notification(message_id, self.target.topic_arn, event, dt.datetime.now(dt.UTC))
        delay = self._rng.randint(0, self.chaos.duplicate_max_delay_seconds)
        for queue_url in self._subscribed_queues(event["eventType"]):
            self._sqs.send_message(QueueUrl=queue_url, MessageBody=body, DelaySeconds=delay)
            self.injected["duplicated"] += 1

    def _subscribed_queues(self, event_type: str) -> list[str]:
        urls: list[str] = []
        for domain in DOMAINS:
            if event_type in domain.event_types:  # the subscription filter `provision` sets
                name = self.settings.queue(domain)[0]
                if name not in self._queue_urls:
                    self._queue_urls[name] = self._sqs.get_queue_url(QueueName=name)["QueueUrl"]
                urls.append(self._queue_urls[name])
        return urls
