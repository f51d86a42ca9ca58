"""Queue message models: the SNS envelope, the HMPPS domain event and the mapping-retry message.

Parsing is strict about what we need and tolerant of everything else: unknown fields are ignored,
and anything we cannot use raises `PoisonMessage` with a reason, so it goes to the DLQ instead of
breaking a sensor tick.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

NOTIFICATION = "Notification"
RETRY_CREATE_MAPPING = "RETRY_CREATE_MAPPING"
MAX_BODY_BYTES = 256 * 1024


class PoisonMessage(Exception):
    """A message that can never be processed; `reason` is written to the DLQ with it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SnsEnvelope(BaseModel):
    """SNS Notification as delivered to SQS (raw delivery off); PascalCase on the wire."""

    model_config = ConfigDict(extra="ignore")

    type: str = Field(alias="Type")
    message: str = Field(alias="Message")
    message_id: str | None = Field(default=None, alias="MessageId")


class Identifier(BaseModel):
    type: str
    value: str


class PersonReference(BaseModel):
    model_config = ConfigDict(extra="ignore")
    identifiers: list[Identifier] = []


class DomainEvent(BaseModel):
    """The HMPPS domain event inside `Message`; each domain reads its ids from it."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    event_type: str
    occurred_at: dt.datetime | None = None
    version: str | int | None = None
    description: str | None = None
    additional_information: dict[str, Any] = {}
    person_reference: PersonReference | None = None
    prisoner_id: str | None = None

    def offender_no(self) -> str | None:
        """The NOMS number from personReference, when the publisher sent one."""
        if self.person_reference is None:
            return None
        for identifier in self.person_reference.identifiers:
            if identifier.type == "NOMS":
                return identifier.value
        return None


class RetryMappingMessage(BaseModel):
    """Internal message asking for a mapping to be created again after NOMIS was written."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    mapping: dict[str, Any]
    telemetry_attributes: dict[str, str] = {}
    entity_name: str | None = None


def _short(error: ValidationError) -> str:
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"]) or "body"
    return f"{location}: {first['msg']}"


def parse_envelope(body: str) -> SnsEnvelope:
    """The outer envelope; raises PoisonMessage for oversize, non-JSON or non-SNS bodies."""
    if len(body.encode()) > MAX_BODY_BYTES:
        raise PoisonMessage(f"message body larger than {MAX_BODY_BYTES} bytes")
    try:
        return SnsEnvelope.model_validate_json(body)
    except ValidationError as error:
        if error.errors()[0]["type"] == "json_invalid":
            raise PoisonMessage("body is not valid JSON") from None
        raise PoisonMessage(f"not an SNS envelope ({_short(error)})") from None


def event_id(body: str, message_id: str) -> str:
    """The id ops follow a message by: its SNS MessageId, else its SQS message id.

    The SNS MessageId (in the envelope) is what `p2n publish` prints; our own messages (mapping
    retries) and unreadable bodies have none, so their SQS message id stands in.
    """
    try:
        envelope = parse_envelope(body)
    except PoisonMessage:
        return message_id
    return envelope.message_id or message_id


def parse_domain_event(message: str) -> DomainEvent:
    """The domain event in an envelope's `Message`; eventType is required."""
    try:
        return DomainEvent.model_validate_json(message)
    except ValidationError as error:
        if error.errors()[0]["type"] == "json_invalid":
            raise PoisonMessage("Message is not valid JSON") from None
        raise PoisonMessage(f"invalid domain event ({_short(error)})") from None


def parse_retry_message(message: str) -> RetryMappingMessage:
    """The payload of a RETRY_CREATE_MAPPING message."""
    try:
        return RetryMappingMessage.model_validate_json(message)
    except ValidationError as error:
        raise PoisonMessage(f"invalid {RETRY_CREATE_MAPPING} payload ({_short(error)})") from None


def retry_message_body(retry: RetryMappingMessage) -> str:
    """SQS body of a mapping retry, in the same envelope shape the old service used."""
    inner = retry.model_dump(mode="json", by_alias=True)
    return json.dumps({"Type": RETRY_CREATE_MAPPING, "Message": json.dumps(inner)})


def validation_reason(error: ValidationError) -> str:
    """A one-line reason for a payload that does not fit its event type."""
    return _short(error)
