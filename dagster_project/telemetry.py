"""Telemetry with the old service's event names, to the log and the SQL store, secrets redacted.

Ops already query events such as `incentive-create-success`; keeping the names and dimension keys
means their queries and alerts carry over.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from typing import Protocol

from resources.redaction import scrub

SECRET_ENV_SUFFIXES = ("_CLIENT_SECRET", "_TOKEN", "_PASSWORD")
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
    ) -> None:
        self._sink = sink
        self._log = log
        self._run_id = run_id
        self._secrets = secret_values()

    def track(self, name: str, dimensions: Mapping[str, object] | None = None) -> None:
        """Record one event; values are stringified like the old service's property maps."""
        clean = self._clean(dimensions or {})
        self._log.info(f"telemetry {name} {json.dumps(clean, sort_keys=True)}")
        self._sink.record_telemetry(name, clean, self._run_id)

    def alert(self, name: str, dimensions: Mapping[str, object] | None = None) -> None:
        """Record the event and raise an ops alert for it (duplicates, dead letters)."""
        clean = self._clean(dimensions or {})
        self._log.error(f"ALERT {name} {json.dumps(clean, sort_keys=True)}")
        self._sink.record_telemetry(name, clean, self._run_id)
        self._sink.record_alert(name, clean)

    def _clean(self, dimensions: Mapping[str, object]) -> dict[str, str]:
        return {
            key: redact(render(value), self._secrets)
            for key, value in dimensions.items()
            if value is not None
        }


def render(value: object) -> str:
    """Stringify like the Kotlin service: booleans lower-case, lists as `[A, B]`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(render(item) for item in value) + "]"
    return str(value)
