"""SQS for the domain queues and their DLQs: the same boto3 code for moto server and real AWS.

dagster-aws ships no SQS resource, so this builds on its boto3 configuration base class
(region, endpoint URL, credentials) and adds the queue operations the sensors and runs need.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import boto3
from botocore.config import Config
from dagster_aws.utils import ResourceWithBoto3Configuration
from pydantic import BaseModel, Field

from resources.dead_letter_queue import (
    EVENT_TYPE_ATTRIBUTE,
    FIRST_FAILED_AT_ATTRIBUTE,
    SQS_BATCH,
    DeadLetter,
    DeadLetterQueue,
    PurgeResult,
    RedriveResult,
)

ATTEMPT_ATTRIBUTE = "attempt"
MAX_REASON_LENGTH = 900


class QueueMessage(BaseModel):
    """One received SQS message; `attempt` counts our own re-queues (1 = first delivery)."""

    message_id: str
    receipt_handle: str
    body: str
    attempt: int = 1
    receive_count: int = 1
    event_type: str | None = None
    first_failed_at: str | None = None


class QueueDepth(BaseModel):
    visible: int
    in_flight: int
    delayed: int

    @property
    def total(self) -> int:
        return self.visible + self.in_flight + self.delayed


def _string(value: str) -> dict[str, str]:
    return {"DataType": "String", "StringValue": value}


def _number(value: int) -> dict[str, str]:
    return {"DataType": "Number", "StringValue": str(value)}


class SqsEventQueue:
    """Receive, acknowledge, re-queue with delay and dead-letter, per domain."""

    def __init__(
        self,
        client: Any,
        queue_names: dict[str, str],
        dlq_names: dict[str, str],
        visibility_timeout_seconds: int,
    ) -> None:
        self._sqs = client
        self._queue_names = queue_names
        self._dlq_names = dlq_names
        self._visibility = visibility_timeout_seconds
        self._urls: dict[str, str] = {}

    def queue_url(self, domain: str) -> str:
        return self._url(self._queue_names[domain])

    def dlq_url(self, domain: str) -> str:
        return self._url(self._dlq_names[domain])

    def dlq_name(self, domain: str) -> str:
        return self._dlq_names[domain]

    def _url(self, name: str) -> str:
        if name not in self._urls:
            self._urls[name] = self._sqs.get_queue_url(QueueName=name)["QueueUrl"]
        return self._urls[name]

    def receive(self, domain: str, max_messages: int, wait_seconds: int = 0) -> list[QueueMessage]:
        """Up to `max_messages` messages, hidden for the visibility timeout while we own them."""
        received: list[QueueMessage] = []
        while len(received) < max_messages:
            response = self._sqs.receive_message(
                QueueUrl=self.queue_url(domain),
                MaxNumberOfMessages=min(SQS_BATCH, max_messages - len(received)),
                WaitTimeSeconds=wait_seconds,
                VisibilityTimeout=self._visibility,
                MessageAttributeNames=["All"],
                MessageSystemAttributeNames=["ApproximateReceiveCount"],
            )
            batch = response.get("Messages", [])
            if not batch:
                break
            received.extend(_to_message(raw) for raw in batch)
        return received

    def delete(self, domain: str, receipt_handles: list[str]) -> int:
        """Acknowledge; returns how many were deleted. A stale handle just means redelivery."""
        deleted = 0
        url = self.queue_url(domain)
        for start in range(0, len(receipt_handles), SQS_BATCH):
            chunk = receipt_handles[start : start + SQS_BATCH]
            response = self._sqs.delete_message_batch(
                QueueUrl=url,
                Entries=[{"Id": str(i), "ReceiptHandle": h} for i, h in enumerate(chunk)],
            )
            deleted += len(response.get("Successful", []))
        return deleted

    def send(
        self,
        domain: str,
        body: str,
        event_type: str | None = None,
        attempt: int = 1,
        delay_seconds: int = 0,
        extra: dict[str, str] | None = None,
    ) -> str:
        """Put a message on the domain queue (mapping retries, re-queued events)."""
        attributes: dict[str, Any] = {ATTEMPT_ATTRIBUTE: _number(attempt)}
        if event_type:
            attributes[EVENT_TYPE_ATTRIBUTE] = _string(event_type)
        for key, value in (extra or {}).items():
            attributes[key] = _string(value[:MAX_REASON_LENGTH])
        response = self._sqs.send_message(
            QueueUrl=self.queue_url(domain),
            MessageBody=body,
            DelaySeconds=delay_seconds,
            MessageAttributes=attributes,
        )
        return str(response["MessageId"])

    def dead_letter(
        self,
        domain: str,
        body: str,
        reason: str,
        attempts: int,
        event_type: str | None,
        first_failed_at: str | None = None,
    ) -> str:
        """Park a message on the DLQ with why it failed; nothing is dropped silently."""
        failed_at = dt.datetime.now(dt.UTC).isoformat()
        attributes: dict[str, Any] = {
            "reason": _string(reason[:MAX_REASON_LENGTH] or "unknown"),
            "attempts": _number(attempts),
            "failedAt": _string(failed_at),
            FIRST_FAILED_AT_ATTRIBUTE: _string(first_failed_at or failed_at),
            "sourceQueue": _string(self._queue_names[domain]),
        }
        if event_type:
            attributes[EVENT_TYPE_ATTRIBUTE] = _string(event_type)
        response = self._sqs.send_message(
            QueueUrl=self.dlq_url(domain), MessageBody=body, MessageAttributes=attributes
        )
        return str(response["MessageId"])

    def depth(self, domain: str, dead_letters: bool = False) -> QueueDepth:
        url = self.dlq_url(domain) if dead_letters else self.queue_url(domain)
        attributes = self._sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])[
            "Attributes"
        ]
        return QueueDepth(
            visible=int(attributes.get("ApproximateNumberOfMessages", 0)),
            in_flight=int(attributes.get("ApproximateNumberOfMessagesNotVisible", 0)),
            delayed=int(attributes.get("ApproximateNumberOfMessagesDelayed", 0)),
        )

    def dead_letter_queue(self, domain: str) -> DeadLetterQueue:
        """The domain's DLQ, sending redriven messages back to the domain's main queue."""

        def send_back(body: str, event_type: str | None, extra: dict[str, str]) -> str:
            return self.send(domain, body, event_type=event_type, attempt=1, extra=extra)

        return DeadLetterQueue(self._sqs, domain, self.dlq_url(domain), send_back)

    def browse_dead_letters(self, domain: str, limit: int = 100) -> list[DeadLetter]:
        """Up to `limit` DLQ messages, left on the DLQ (see `DeadLetterQueue.browse`)."""
        return self.dead_letter_queue(domain).browse(limit)

    def redrive_dead_letters(self, domain: str, max_messages: int = 100) -> RedriveResult:
        """Move up to `max_messages` DLQ messages to the main queue, send before delete."""
        return self.dead_letter_queue(domain).redrive(max_messages)

    def purge_dead_letters(self, domain: str, max_messages: int = 100) -> PurgeResult:
        """Delete up to `max_messages` DLQ messages and return them, for the record."""
        return self.dead_letter_queue(domain).purge(max_messages)


def _to_message(raw: dict[str, Any]) -> QueueMessage:
    attributes = raw.get("MessageAttributes", {})
    attempt = attributes.get(ATTEMPT_ATTRIBUTE, {}).get("StringValue", "1")
    event_type = attributes.get(EVENT_TYPE_ATTRIBUTE, {}).get("StringValue")
    return QueueMessage(
        message_id=raw["MessageId"],
        receipt_handle=raw["ReceiptHandle"],
        body=raw["Body"],
        attempt=int(attempt) if attempt.isdigit() else 1,
        receive_count=int(raw.get("Attributes", {}).get("ApproximateReceiveCount", 1)),
        event_type=event_type,
        first_failed_at=attributes.get(FIRST_FAILED_AT_ATTRIBUTE, {}).get("StringValue"),
    )


class EventQueue(ResourceWithBoto3Configuration):
    """SQS domain queues + DLQs; `endpoint_url` selects moto server locally, empty = real AWS."""

    queue_names: dict[str, str] = Field(description="domain -> SQS queue name")
    dlq_names: dict[str, str] = Field(description="domain -> dead-letter queue name")
    visibility_timeout_seconds: int = Field(
        default=300, description="How long a received message stays hidden before redelivery"
    )

    def get_client(self) -> SqsEventQueue:
        session = boto3.session.Session(
            profile_name=self.profile_name,
            aws_access_key_id=self.aws_access_key_id,
            aws_secret_access_key=self.aws_secret_access_key,
            aws_session_token=self.aws_session_token,
        )
        client = session.client(
            "sqs",
            region_name=self.region_name,
            endpoint_url=self.endpoint_url or None,
            use_ssl=self.use_ssl,
            verify=self.verify,
            config=Config(retries={"max_attempts": self.max_attempts, "mode": "standard"}),
        )
        return SqsEventQueue(
            client, self.queue_names, self.dlq_names, self.visibility_timeout_seconds
        )
