"""Events held back at the handover, so one entity's events reach the runs in order.

An event whose entity an unfinished run holds goes back on the queue behind a short delay
(`in_flight.py`). While it is away, a newer event of that entity could arrive and be handed
over first; so the sensor remembers every held event (in its cursor) until it comes back, and
holds newer events of the entity behind it. A held event that comes back goes ahead unless a
run still holds its entity or an earlier held event of the entity is still away.

An entry expires `HOLD_GRACE_SECONDS` after its delay: a held message that never comes back
(purged, or its re-send lost in a crash) stops blocking its entity then.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from pydantic import BaseModel

from dagster_project.sync.batch import event_key

HOLD_GRACE_SECONDS = 120.0


class HeldEvent(BaseModel):
    """One event sent back to wait: its identity across re-sends, when it happened, expiry."""

    key: str
    occurred_at: dt.datetime | None = None
    until: float


def hold_key(body: str) -> str:
    """The same for every re-send of an event: its SNS id, else a digest of the body."""
    return event_key(body) or "body:" + hashlib.sha256(body.encode()).hexdigest()[:32]


def _earlier(first: dt.datetime | None, second: dt.datetime | None) -> bool:
    return first is not None and second is not None and first < second


class Holds:
    """The held events of one domain, by entity key (kept in the sensor's cursor)."""

    def __init__(self, held: dict[str, list[HeldEvent]], now: float) -> None:
        self._now = now
        self._held = {
            entity: live
            for entity, events in held.items()
            if (live := [event for event in events if event.until > now])
        }

    def must_wait(
        self, entity: str, key: str, occurred_at: dt.datetime | None, holding_run: str | None
    ) -> str | None:
        """Why this event must wait (None: it may be handed over now)."""
        if holding_run is not None:
            return f"{entity} is held by unfinished run {holding_run}"
        away = self._held.get(entity, [])
        others = [event for event in away if event.key != key]
        if len(others) == len(away):  # a new event: everything held is ahead of it
            if others:
                return f"{entity} has {len(others)} earlier event(s) held back"
            return None
        if any(_earlier(event.occurred_at, occurred_at) for event in others):
            return f"{entity} has an earlier event held back"
        return None

    def hold(self, entity: str, key: str, occurred_at: dt.datetime | None, delay: float) -> None:
        """Remember (or refresh) a held event until it comes back."""
        events = [event for event in self._held.get(entity, []) if event.key != key]
        until = self._now + delay + HOLD_GRACE_SECONDS
        self._held[entity] = [*events, HeldEvent(key=key, occurred_at=occurred_at, until=until)]

    def release(self, entity: str, key: str) -> None:
        """The event is handed over: it no longer holds its entity."""
        events = [event for event in self._held.get(entity, []) if event.key != key]
        if events:
            self._held[entity] = events
        else:
            self._held.pop(entity, None)

    def dump(self) -> dict[str, list[HeldEvent]]:
        return self._held
