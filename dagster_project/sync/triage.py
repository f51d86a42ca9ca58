"""Decides, before any API call, what to do with one queue message.

The sensor uses it to dead-letter poison and drop ignored messages at once; the run uses it again
to rebuild typed events, so both sides read a message the same way.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from dagster_project.events import (
    NOTIFICATION,
    RETRY_CREATE_MAPPING,
    PoisonMessage,
    RetryMappingMessage,
    parse_domain_event,
    parse_envelope,
    parse_retry_message,
    validation_reason,
)
from dagster_project.sync.domain import Domain
from dagster_project.sync.payloads import EventPayload
from dagster_project.sync.switches import feature_switch_name

# HMPPS domain events are about 1 KB; SQS itself accepts up to 256 KiB. Mapping retries are
# our own messages, sized by the mapping they carry, so they are held to SQS's limit only.
MAX_EVENT_BYTES = 64 * 1024


@dataclass(frozen=True)
class Accepted:
    """A message to process: a typed event with its handler, or a mapping retry."""

    event_type: str
    entity_key: str
    occurred_at: dt.datetime | None
    payload: EventPayload | None = None
    handle: Callable[[Any, Any], None] | None = None
    retry: RetryMappingMessage | None = None


@dataclass(frozen=True)
class Ignored:
    """A message to acknowledge and drop (unknown type, switched off), with telemetry."""

    reason: str
    event_type: str | None


@dataclass(frozen=True)
class Poison:
    """A message that can never be processed: straight to the DLQ with the reason."""

    reason: str
    event_type: str | None


Decision = Accepted | Ignored | Poison


def triage(domain: Domain[Any], body: str, disabled_switches: frozenset[str]) -> Decision:
    """Classify one SQS body for `domain`; never raises."""
    event_type: str | None = None
    try:
        envelope = parse_envelope(body)
        if envelope.type == RETRY_CREATE_MAPPING:
            return _retry(domain, parse_retry_message(envelope.message))
        size = len(body.encode())
        if size > MAX_EVENT_BYTES:
            return Poison(
                f"message body of {size} bytes is over the {MAX_EVENT_BYTES}-byte limit", None
            )
        if envelope.type != NOTIFICATION:
            return Ignored(f"message type {envelope.type!r} is not a domain event", None)
        event = parse_domain_event(envelope.message)
        event_type = event.event_type
        row = domain.event(event_type)
        if row is None:
            return Ignored(f"event type not handled by the {domain.name} domain", event_type)
        if row.handle is None:
            return Ignored(f"subscribed but not synced: {row.dropped_because}", event_type)
        for switch in (
            feature_switch_name(event_type),
            feature_switch_name(event_type, domain.name),
        ):
            if switch in disabled_switches:
                return Ignored(f"feature switch {switch} is off", event_type)
        try:
            payload = row.payload.model_validate_json(envelope.message)
        except ValidationError as error:
            raise PoisonMessage(f"{event_type}: {validation_reason(error)}") from None
        return Accepted(
            event_type, payload.entity_key(), payload.occurred_at, payload, handle=row.handle
        )
    except PoisonMessage as poison:
        return Poison(poison.reason, event_type)


def _retry(domain: Domain[Any], retry: RetryMappingMessage) -> Decision:
    try:
        ids = domain.retry_mapping.model_validate(retry.mapping)
    except ValidationError as error:
        reason = f"{RETRY_CREATE_MAPPING} mapping: {validation_reason(error)}"
        return Poison(reason, RETRY_CREATE_MAPPING)
    key = "retry:" + json.dumps(ids.model_dump(mode="json"), sort_keys=True)
    return Accepted(RETRY_CREATE_MAPPING, key, None, retry=retry)
