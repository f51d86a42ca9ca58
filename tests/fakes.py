"""Small hand-written fakes for the sync core's ports (no MagicMock)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from dagster_project.telemetry import Telemetry
from resources.claims import WriteIntent


@dataclass
class FakeSink:
    events: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    alerts: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def record_telemetry(
        self, name: str, dimensions: Mapping[str, str], run_id: str | None = None
    ) -> None:
        self.events.append((name, dict(dimensions)))

    def record_alert(self, name: str, dimensions: Mapping[str, str]) -> None:
        self.alerts.append((name, dict(dimensions)))

    def names(self) -> list[str]:
        return [name for name, _ in self.events]

    def one(self, name: str) -> dict[str, str]:
        matches = [dims for event, dims in self.events if event == name]
        assert len(matches) == 1, f"{name}: {self.names()}"
        return matches[0]


@dataclass
class SentMessage:
    domain: str
    body: str
    event_type: str | None
    attempt: int
    delay_seconds: int
    extra: dict[str, str] | None


@dataclass
class FakeQueue:
    sent: list[SentMessage] = field(default_factory=list)
    dead: list[tuple[str, str, str, int, str | None]] = field(default_factory=list)
    first_failures: list[str | None] = field(default_factory=list)
    fail_sends: bool = False

    def send(
        self,
        domain: str,
        body: str,
        event_type: str | None = None,
        attempt: int = 1,
        delay_seconds: int = 0,
        extra: dict[str, str] | None = None,
    ) -> str:
        if self.fail_sends:
            raise ConnectionError("sqs unavailable")
        self.sent.append(SentMessage(domain, body, event_type, attempt, delay_seconds, extra))
        return f"sent-{len(self.sent)}"

    def dead_letter(
        self,
        domain: str,
        body: str,
        reason: str,
        attempts: int,
        event_type: str | None,
        first_failed_at: str | None = None,
    ) -> str:
        self.dead.append((domain, body, reason, attempts, event_type))
        self.first_failures.append(first_failed_at)
        return f"dead-{len(self.dead)}"


@dataclass
class FakeInbox:
    statuses: dict[str, str] = field(default_factory=dict)

    def inbox_statuses(self, message_ids: Iterable[str]) -> dict[str, str]:
        return {m: self.statuses[m] for m in message_ids if m in self.statuses}

    def mark_message(
        self,
        message_id: str,
        domain: str,
        status: str,
        event_type: str | None = None,
        detail: str | None = None,
        run_id: str | None = None,
    ) -> None:
        self.statuses[message_id] = status


@dataclass
class FakeClaims:
    """In-memory claims: `held` maps (domain, entity) to owner; `applied` is the ledger."""

    held: dict[tuple[str, str], str] = field(default_factory=dict)
    applied: set[str] = field(default_factory=set)
    refused: list[str] = field(default_factory=list)
    writes: dict[str, WriteIntent] = field(default_factory=dict)

    def claim(self, domain: str, entity_key: str, owner: str, lease_seconds: int) -> bool:
        holder = self.held.setdefault((domain, entity_key), owner)
        if holder != owner:
            self.refused.append(entity_key)
        return holder == owner

    def release(self, domain: str, entity_key: str, owner: str) -> None:
        if self.held.get((domain, entity_key)) == owner:
            del self.held[(domain, entity_key)]

    def was_applied(self, event_key: str) -> bool:
        return event_key in self.applied

    def record_applied(
        self, event_key: str, domain: str, message_id: str, run_id: str | None
    ) -> None:
        self.applied.add(event_key)

    def unfinished_write(self, event_key: str) -> WriteIntent | None:
        return self.writes.get(event_key)

    def begin_write(self, event_key: str, domain: str, owner: str) -> WriteIntent | None:
        if event_key in self.writes:
            return self.writes[event_key]
        self.writes[event_key] = WriteIntent(owner=owner, started_at=dt.datetime.now(dt.UTC))
        return None

    def end_write(self, event_key: str) -> None:
        self.writes.pop(event_key, None)


def telemetry_with(sink: FakeSink) -> Telemetry:
    return Telemetry(sink, logging.getLogger("test-telemetry"))
