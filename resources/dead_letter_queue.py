"""One domain's dead-letter queue: browse it without consuming, redrive it, purge it.

Every operation is bounded (a limit, and never more than the visible depth seen at the start, so
a DLQ that keeps filling cannot keep a call going) and loses nothing: messages are hidden only
for `HOLD_SECONDS` while they are handled, and a redriven message leaves the DLQ only after it
is on the main queue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel

REASON_ATTRIBUTE = "reason"
ATTEMPTS_ATTRIBUTE = "attempts"
FAILED_AT_ATTRIBUTE = "failedAt"
FIRST_FAILED_AT_ATTRIBUTE = "firstFailedAt"
SOURCE_QUEUE_ATTRIBUTE = "sourceQueue"
EVENT_TYPE_ATTRIBUTE = "eventType"
REDRIVEN_AT_ATTRIBUTE = "redrivenAt"
LAST_FAILURE_ATTRIBUTE = "lastFailure"
HOLD_SECONDS = 30
WAIT_SECONDS = 1
SQS_BATCH = 10

# (body, event type, extra attributes) -> new message id on the domain's main queue
SendBack = Callable[[str, str | None, dict[str, str]], str]


class DeadLetter(BaseModel):
    """One DLQ message: the original body and the attributes written when it was dead-lettered."""

    message_id: str
    body: str
    reason: str | None = None
    attempts: int | None = None
    failed_at: str | None = None
    first_failed_at: str | None = None
    source_queue: str | None = None
    event_type: str | None = None


class RedrivenMessage(BaseModel):
    """A dead letter sent back to its main queue under a new message id."""

    dead_letter: DeadLetter
    new_message_id: str


class RedriveResult(BaseModel):
    """What one redrive moved; `not_deleted` were sent but SQS did not confirm their delete.

    `error` is the SQS error that stopped it part way; what was moved until then is listed.
    """

    domain: str
    redriven: list[RedrivenMessage] = []
    not_deleted: list[str] = []
    error: str | None = None


class PurgeResult(BaseModel):
    """The messages one purge deleted, so they can be recorded; `error` stopped it part way."""

    domain: str
    purged: list[DeadLetter] = []
    error: str | None = None


class DeadLetterQueue:
    """Operations on one domain's DLQ; `send_back` puts a message on the domain's main queue."""

    def __init__(self, client: Any, domain: str, url: str, send_back: SendBack) -> None:
        self._sqs = client
        self._domain = domain
        self._url = url
        self._send_back = send_back

    def browse(self, limit: int) -> list[DeadLetter]:
        """Read up to `limit` messages without consuming them.

        Each is hidden while the DLQ is read, so it is listed once, and made visible again at
        the end; if this process dies first it reappears after `HOLD_SECONDS`.
        """
        held: list[str] = []
        found: list[DeadLetter] = []
        try:
            for batch in self._batches(limit):
                held.extend(handle for handle, _ in batch)
                found.extend(letter for _, letter in batch)
        finally:
            self._release(held)
        return found

    def redrive(self, max_messages: int) -> RedriveResult:
        """Move up to `max_messages` messages back to the main queue.

        Each is sent first (attempt 1, `redrivenAt`, its event type, first failure and reason
        kept) and deleted from the DLQ only once the send succeeded; an error part way leaves
        the rest on the DLQ, and at worst a message is on both queues and is processed twice.
        """
        result = RedriveResult(domain=self._domain)
        redriven_at = dt.datetime.now(dt.UTC).isoformat()
        try:
            for batch in self._batches(max_messages):
                self._redrive_batch(batch, redriven_at, result)
        except (BotoCoreError, ClientError) as error:
            result.error = str(error)
        return result

    def _redrive_batch(
        self, batch: list[tuple[str, DeadLetter]], redriven_at: str, result: RedriveResult
    ) -> None:
        sent: dict[str, RedrivenMessage] = {}
        try:
            for handle, letter in batch:
                new_id = self._send_back(
                    letter.body, letter.event_type, _redrive_attributes(letter, redriven_at)
                )
                sent[handle] = RedrivenMessage(dead_letter=letter, new_message_id=new_id)
        finally:
            self._release([handle for handle, _ in batch if handle not in sent])
            result.redriven.extend(sent.values())
            result.not_deleted.extend(moved.dead_letter.message_id for moved in sent.values())
            for handle in self._delete(list(sent)):
                result.not_deleted.remove(sent[handle].dead_letter.message_id)

    def purge(self, max_messages: int) -> PurgeResult:
        """Delete up to `max_messages` messages; returns exactly those SQS confirmed deleted."""
        result = PurgeResult(domain=self._domain)
        try:
            for batch in self._batches(max_messages):
                deleted = set(self._delete([handle for handle, _ in batch]))
                result.purged.extend(letter for handle, letter in batch if handle in deleted)
        except (BotoCoreError, ClientError) as error:
            result.error = str(error)
        return result

    def _batches(self, max_messages: int) -> Iterator[list[tuple[str, DeadLetter]]]:
        """Batches of (receipt handle, message), each message once, hidden for `HOLD_SECONDS`."""
        attributes = self._sqs.get_queue_attributes(
            QueueUrl=self._url, AttributeNames=["ApproximateNumberOfMessages"]
        )["Attributes"]
        wanted = min(max_messages, int(attributes.get("ApproximateNumberOfMessages", 0)))
        seen: set[str] = set()
        while len(seen) < wanted:
            response = self._sqs.receive_message(
                QueueUrl=self._url,
                MaxNumberOfMessages=min(SQS_BATCH, wanted - len(seen)),
                WaitTimeSeconds=WAIT_SECONDS,
                VisibilityTimeout=HOLD_SECONDS,
                MessageAttributeNames=["All"],
            )
            batch = [
                (raw["ReceiptHandle"], _to_dead_letter(raw))
                for raw in response.get("Messages", [])
                if raw["MessageId"] not in seen
            ]
            if not batch:
                return
            seen.update(letter.message_id for _, letter in batch)
            yield batch

    def _delete(self, receipt_handles: list[str]) -> list[str]:
        """Delete by receipt handle; returns the handles SQS confirmed."""
        deleted: list[str] = []
        for start in range(0, len(receipt_handles), SQS_BATCH):
            chunk = receipt_handles[start : start + SQS_BATCH]
            response = self._sqs.delete_message_batch(
                QueueUrl=self._url,
                Entries=[{"Id": str(i), "ReceiptHandle": h} for i, h in enumerate(chunk)],
            )
            deleted.extend(chunk[int(entry["Id"])] for entry in response.get("Successful", []))
        return deleted

    def _release(self, receipt_handles: list[str]) -> None:
        """Make held messages visible again; best effort, as they reappear on their own."""
        for start in range(0, len(receipt_handles), SQS_BATCH):
            chunk = receipt_handles[start : start + SQS_BATCH]
            try:
                self._sqs.change_message_visibility_batch(
                    QueueUrl=self._url,
                    Entries=[
                        {"Id": str(i), "ReceiptHandle": h, "VisibilityTimeout": 0}
                        for i, h in enumerate(chunk)
                    ],
                )
            except (BotoCoreError, ClientError):
                return


def _redrive_attributes(letter: DeadLetter, redriven_at: str) -> dict[str, str]:
    attributes = {
        REDRIVEN_AT_ATTRIBUTE: redriven_at,
        FIRST_FAILED_AT_ATTRIBUTE: letter.first_failed_at or letter.failed_at,
        LAST_FAILURE_ATTRIBUTE: letter.reason,
    }
    return {key: value for key, value in attributes.items() if value}


def _to_dead_letter(raw: dict[str, Any]) -> DeadLetter:
    attributes = raw.get("MessageAttributes", {})

    def value(name: str) -> str | None:
        found = attributes.get(name, {}).get("StringValue")
        return str(found) if found else None

    attempts = value(ATTEMPTS_ATTRIBUTE)
    return DeadLetter(
        message_id=raw["MessageId"],
        body=raw.get("Body", ""),
        reason=value(REASON_ATTRIBUTE),
        attempts=int(attempts) if attempts and attempts.isdigit() else None,
        failed_at=value(FAILED_AT_ATTRIBUTE),
        first_failed_at=value(FIRST_FAILED_AT_ATTRIBUTE),
        source_queue=value(SOURCE_QUEUE_ATTRIBUTE),
        event_type=value(EVENT_TYPE_ATTRIBUTE),
    )
