"""What the batch processor needs from the queue and the store (fakes in unit tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol


class BatchQueue(Protocol):
    def send(
        self,
        domain: str,
        body: str,
        event_type: str | None = None,
        attempt: int = 1,
        delay_seconds: int = 0,
        extra: dict[str, str] | None = None,
    ) -> str: ...

    def dead_letter(
        self,
        domain: str,
        body: str,
        reason: str,
        attempts: int,
        event_type: str | None,
        first_failed_at: str | None = None,
    ) -> str: ...


class Inbox(Protocol):
    def inbox_statuses(self, message_ids: Iterable[str]) -> dict[str, str]: ...

    def mark_message(
        self,
        message_id: str,
        domain: str,
        status: str,
        event_type: str | None = None,
        detail: str | None = None,
        run_id: str | None = None,
    ) -> None: ...


class UnfinishedWrite(Protocol):
    owner: str
    started_at: dt.datetime


class WriteIntents(Protocol):
    def unfinished_write(self, event_key: str) -> UnfinishedWrite | None: ...

    def begin_write(self, event_key: str, domain: str, owner: str) -> UnfinishedWrite | None: ...

    def end_write(self, event_key: str) -> None: ...


class Claims(WriteIntents, Protocol):
    def claim(self, domain: str, entity_key: str, owner: str, lease_seconds: int) -> bool: ...

    def release(self, domain: str, entity_key: str, owner: str) -> None: ...

    def was_applied(self, event_key: str) -> bool: ...

    def record_applied(
        self, event_key: str, domain: str, message_id: str, run_id: str | None
    ) -> None: ...
