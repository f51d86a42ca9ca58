"""Bounded in-memory journal of the requests the fake services received.

Tests and the local CLI read it to assert *what the sync actually sent*, which is the only
observable behaviour of a client against a fake server.
"""

import threading
from collections import deque
from datetime import datetime
from typing import Any

from dagster_project.sandbox.core.common import CamelModel

JOURNAL_LIMIT = 10_000


class JournalEntry(CamelModel):
    """One request: which fake service, what was asked and what status it got."""

    nullable_fields = frozenset({"body"})

    time: datetime
    service: str
    method: str
    path: str
    query: str
    status: int
    body: Any = None
    fault_injected: bool = False


class RequestJournal:
    """Thread-safe ring buffer of the last ``limit`` requests."""

    def __init__(self, limit: int = JOURNAL_LIMIT) -> None:
        """Create an empty journal holding at most ``limit`` entries."""
        self._entries: deque[JournalEntry] = deque(maxlen=limit)
        self._lock = threading.Lock()

    def record(self, entry: JournalEntry) -> None:
        """Append an entry, evicting the oldest when full."""
        with self._lock:
            self._entries.append(entry)

    def entries(self, service: str | None = None, method: str | None = None) -> list[JournalEntry]:
        """Return entries oldest first, optionally only for one service and/or HTTP verb."""
        with self._lock:
            items = list(self._entries)
        if service:
            items = [e for e in items if e.service == service]
        if method:
            items = [e for e in items if e.method == method.upper()]
        return items

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()
