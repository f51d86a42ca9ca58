"""Dead-letter queue operations shared by the DLQ jobs and `p2n dlq`: list, redrive, purge.

The queue work is in `resources.dead_letter_queue`; this adds what needs the project: the domain
registry (which DLQs exist), reading entity ids out of the event body, and telemetry, so every
redriven or purged message leaves a row in the store after it has left SQS.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from dagster_project.domains import DOMAINS, domain_named
from dagster_project.events import (
    RETRY_CREATE_MAPPING,
    PoisonMessage,
    event_id,
    parse_domain_event,
    parse_envelope,
    parse_retry_message,
)
from dagster_project.telemetry import Telemetry
from resources.dead_letter_queue import DeadLetter, PurgeResult, RedriveResult
from resources.queues import SqsEventQueue

ALL = "all"
MAX_MESSAGES = 1000
REDRIVEN = "dead-letter-redriven"
PURGED = "dead-letter-purged"
# additionalInformation keys that identify an entity (id, nomsNumber, bookingId, levelCode, …)
ID_KEY = re.compile(r"^(id|reference)$|(Id|Number|No|Code|Level|Reference)$")
MAX_ID_LENGTH = 64


class DeadLetterRequestError(ValueError):
    """A DLQ request that must be refused before any queue is touched."""


class DeadLetterRow(BaseModel):
    """One DLQ message as ops see it: what it was, which entity, why and since when it fails.

    `event_id` is the SNS MessageId, the id `p2n publish` printed and the alerts carry;
    `message_id` is the message's id on the DLQ (SQS gives every copy a new one).
    """

    domain: str
    event_id: str
    message_id: str
    event_type: str | None
    ids: dict[str, str]
    reason: str | None
    attempts: int | None
    first_failed_at: str | None
    last_failed_at: str | None

    def ids_text(self) -> str:
        return ", ".join(f"{key}={value}" for key, value in self.ids.items())

    def dimensions(self, queue: str) -> dict[str, object]:
        """Telemetry dimensions; ids come first-class so `p2n telemetry --offender` finds it."""
        return {
            **self.ids,
            "offenderNo": self.ids.get("offenderNo") or self.ids.get("nomsNumber"),
            "domain": self.domain,
            "queue": queue,
            "messageId": self.message_id,
            "eventId": self.event_id,
            "eventType": self.event_type,
            "reason": self.reason,
            "attempts": self.attempts,
            "firstFailedAt": self.first_failed_at,
            "failedAt": self.last_failed_at,
        }


class RedriveSummary(BaseModel):
    """One DLQ's redrive; `error` is the SQS error that stopped it after what is listed."""

    domain: str
    redriven: list[DeadLetterRow] = []
    not_deleted: list[str] = []
    error: str | None = None


class PurgeSummary(BaseModel):
    """One DLQ's purge; `error` is the SQS error that stopped it after what is listed."""

    domain: str
    purged: list[DeadLetterRow] = []
    error: str | None = None


def select_domains(selection: str) -> list[str]:
    """`all` or one domain name -> the domains to act on; refuses an unknown name."""
    if selection.strip().lower() == ALL:
        return [domain.name for domain in DOMAINS]
    try:
        return [domain_named(selection.strip()).name]
    except ValueError as error:
        raise DeadLetterRequestError(f"{error} (or {ALL!r})") from None


def check_bound(name: str, value: int) -> int:
    if not 1 <= value <= MAX_MESSAGES:
        raise DeadLetterRequestError(f"{name} must be between 1 and {MAX_MESSAGES}, not {value}")
    return value


def entity_ids(body: str) -> tuple[str | None, dict[str, str]]:
    """Event type and entity ids read from an SQS body; (None, {}) when it cannot be read."""
    try:
        envelope = parse_envelope(body)
        if envelope.type == RETRY_CREATE_MAPPING:
            retry = parse_retry_message(envelope.message)
            return RETRY_CREATE_MAPPING, _id_values(retry.mapping)
        event = parse_domain_event(envelope.message)
    except PoisonMessage:
        return None, {}
    ids = _id_values(event.additional_information)
    offender = event.offender_no() or event.prisoner_id
    if offender:
        ids["offenderNo"] = offender
    return event.event_type, ids


def _id_values(values: dict[str, object]) -> dict[str, str]:
    return {
        key: str(value)[:MAX_ID_LENGTH]
        for key, value in values.items()
        if ID_KEY.search(key) and isinstance(value, str | int) and not isinstance(value, bool)
    }


def describe(domain: str, letter: DeadLetter) -> DeadLetterRow:
    """The row ops see for one dead letter; works for garbage bodies too (no ids)."""
    event_type, ids = entity_ids(letter.body)
    return DeadLetterRow(
        domain=domain,
        event_id=event_id(letter.body, letter.message_id),
        message_id=letter.message_id,
        event_type=letter.event_type or event_type,
        ids=ids,
        reason=letter.reason,
        attempts=letter.attempts,
        first_failed_at=letter.first_failed_at or letter.failed_at,
        last_failed_at=letter.failed_at,
    )


def browse(queue: SqsEventQueue, selection: str, limit: int) -> list[DeadLetterRow]:
    """Up to `limit` messages of each selected DLQ, left where they are."""
    domains = select_domains(selection)
    check_bound("limit", limit)
    return [
        describe(domain, letter)
        for domain in domains
        for letter in queue.browse_dead_letters(domain, limit)
    ]


def redrive(
    queue: SqsEventQueue, telemetry: Telemetry, selection: str, max_messages: int
) -> list[RedriveSummary]:
    """Move up to `max_messages` messages of each selected DLQ back to its main queue."""
    domains = select_domains(selection)
    check_bound("max_messages", max_messages)
    summaries: list[RedriveSummary] = []
    for domain in domains:
        result: RedriveResult = queue.redrive_dead_letters(domain, max_messages)
        summary = RedriveSummary(domain=domain, not_deleted=result.not_deleted, error=result.error)
        for moved in result.redriven:
            row = describe(domain, moved.dead_letter)
            telemetry.track(
                REDRIVEN,
                {**row.dimensions(queue.dlq_name(domain)), "newMessageId": moved.new_message_id},
            )
            summary.redriven.append(row)
        summaries.append(summary)
    return summaries


def check_purge(queue: SqsEventQueue, selection: str, confirm: str) -> str:
    """The one domain to purge, only when `confirm` is exactly that domain's DLQ name."""
    domains = select_domains(selection)
    if len(domains) != 1:
        raise DeadLetterRequestError("purge works on exactly one domain, not 'all'")
    expected = queue.dlq_name(domains[0])
    if confirm != expected:
        raise DeadLetterRequestError(
            f"purge of {domains[0]} not confirmed: set confirm to the DLQ name {expected!r} "
            f"(got {confirm!r}); nothing was deleted"
        )
    return domains[0]


def purge(
    queue: SqsEventQueue, telemetry: Telemetry, selection: str, max_messages: int, confirm: str
) -> PurgeSummary:
    """Delete up to `max_messages` messages of one DLQ, recording each one deleted."""
    domain = check_purge(queue, selection, confirm)
    check_bound("max_messages", max_messages)
    result: PurgeResult = queue.purge_dead_letters(domain, max_messages)
    summary = PurgeSummary(domain=domain, error=result.error)
    for letter in result.purged:
        row = describe(domain, letter)
        telemetry.track(PURGED, row.dimensions(queue.dlq_name(domain)))
        summary.purged.append(row)
    return summary
