"""Telemetry with the old service's event names, to the log and the SQL store, secrets redacted.

Ops already query events such as `incentive-create-success`; keeping the names and dimension keys
means their queries and alerts carry over.

Every alert also carries `eventId`, the one id ops follow an event by: the SNS MessageId that
`p2n publish` prints and `p2n dlq list` shows. The SQS `messageId` dimension stays as it was.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Mapping
from typing import Protocol

from resources.redaction import scrub

SECRET_ENV_SUFFIXES = ("_CLIENT_SECRET", "_TOKEN", "_PASSWORD")
EVENT_ID = "eventId"
MESSAGE_ID = "messageId"
MIN_SECRET_LENGTH = 6


def secret_values(environ: Mapping[str, str] | None = None) -> frozenset[str]:
    """Values of secret-looking environment variables, so they can be scrubbed from any text."""
    env = os.environ if environ is None else environ
    return frozenset(
        value
        for name, value in env.items()
        if name.endswith(SECRET_ENV_SUFFIXES) and len(value) >= MIN_SECRET_LENGTH
    )


def redact(text: str, secrets: frozenset[str] | None = None) -> str:
    """Replace known secret values, bearer/basic credentials, OAuth2 token fields and JWTs."""
    return scrub(text, secrets if secrets is not None else secret_values())


class TelemetrySink(Protocol):
    def record_telemetry(
        self, name: str, dimensions: Mapping[str, str], run_id: str | None = None
    ) -> None: ...

    def record_alert(self, name: str, dimensions: Mapping[str, str]) -> None: ...


class Telemetry:
    """Emits named events with string dimensions (App Insights customDimensions semantics)."""

    def __init__(
        self,
        sink: TelemetrySink,
        log: logging.Logger | logging.LoggerAdapter[logging.Logger],
        run_id: str | None = None,
        event_ids: Mapping[str, str] | None = None,
    ) -> None:
        """`event_ids` maps the SQS message ids a run handles to their event ids."""
        self._sink = sink
        self._log = log
        self._run_id = run_id
        self._secrets = secret_values()
        self._event_ids = dict(event_ids or {})

    def track(self, name: str, dimensions: Mapping[str, object] | None = None) -> None:
        """Record one event; values are stringified like the old service's property maps."""
        clean = self._clean(dimensions or {})
        self._log.info(f"telemetry {name} {json.dumps(clean, sort_keys=True)}")
        self._sink.record_telemetry(name, clean, self._run_id)

    def alert(self, name: str, dimensions: Mapping[str, object] | None = None) -> str:
        """Record the event and raise an ops alert for it (duplicates, dead letters).

        Returns the alert's `eventId`: the given one; else, for the message named by
        `messageId`, its SNS MessageId (its SQS id when it has none); else the event being
        applied; else a new id (an alert about no one event, such as a DLQ's depth).
        """
        given = dict(dimensions or {})
        given[EVENT_ID] = given.get(EVENT_ID) or self.event_id(given) or uuid.uuid4().hex
        clean = self._clean(given)
        self._log.error(f"ALERT {name} {json.dumps(clean, sort_keys=True)}")
        self._sink.record_telemetry(name, clean, self._run_id)
        self._sink.record_alert(name, clean)
        return clean[EVENT_ID]

    def know_events(self, event_ids: Mapping[str, str]) -> None:
        """Learn the event ids of more SQS messages (message id -> event id)."""
        self._event_ids.update(event_ids)

    def event_id(self, dimensions: Mapping[str, object]) -> str | None:
        """The event id of the message in `dimensions`, or of the event being applied."""
        message_id = dimensions.get(MESSAGE_ID)
        if isinstance(message_id, str) and message_id:
            return self._event_ids.get(message_id, message_id)
        return current_event_id()

    def _clean(self, dimensions: Mapping[str, object]) -> dict[str, str]:
        return {
            key: redact(render(value), self._secrets)
            for key, value in dimensions.items()
            if value is not None
        }


def current_event_id() -> str | None:
    """The id of the event the sync engine is applying in this thread, if any.

    The engine's event scope (`sync.intents`) names it `sns:<MessageId>` for a domain event
    and `sqs:<message id>` for a message of our own (a mapping retry); either id is returned.
    """
    from dagster_project.sync import intents  # the engine imports this module

    scope = intents._current.get()
    if scope is None:
        return None
    return scope.event_key.split(":", 1)[-1]


def render(value: object) -> str:
    """Stringify like the Kotlin service: booleans lower-case, lists as `[A, B]`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(render(item) for item in value) + "]"
    return str(value)
