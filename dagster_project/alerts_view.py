"""Every alert ops were sent, in one list: the body of `p2n alerts`.

Alerts come from several places (a failed reconciliation check, a DLQ that grew, a message
dead-lettered, a duplicate mapping); each writes one row to the store's `alerts` table, and
this lists them newest first as JSON lines, like `p2n telemetry`. Each line has `event_id`:
for an event, its SNS MessageId (what `p2n publish` printed and `p2n dlq list` shows); for a
failed check `check:<evaluation record id>`; otherwise the alert's own id. The UI shows the same
rows as observations of the `ops/alerts` asset (`sensors/alerts_view_sensor.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pydantic import BaseModel

from dagster_project.telemetry import EVENT_ID
from resources.store import AlertRow, SyncStore

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000


class AlertLine(BaseModel):
    """One alert as `p2n alerts` prints it."""

    id: int
    name: str
    raised_at: dt.datetime
    event_id: str
    dimensions: dict[str, str]

    @classmethod
    def of(cls, row: AlertRow) -> AlertLine:
        return cls(
            id=row.id,
            name=row.name,
            raised_at=row.raised_at,
            event_id=alert_event_id(row),
            dimensions=row.dimensions,
        )


def alert_event_id(row: AlertRow) -> str:
    """The alert's event id; rows written before ids existed get `alert:<row id>`."""
    return row.dimensions.get(EVENT_ID) or f"alert:{row.id}"


def list_alerts(
    store: SyncStore,
    name: str | None = None,
    event_id: str | None = None,
    since_hours: float | None = None,
    limit: int = DEFAULT_LIMIT,
    now: dt.datetime | None = None,
) -> list[AlertLine]:
    """Alerts newest first, filtered by name prefix, event id and age.

    Raises:
        ValueError: `limit` is not between 1 and `MAX_LIMIT`, or `since_hours` is negative.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if since_hours is not None and since_hours < 0:
        raise ValueError(f"since_hours must not be negative, not {since_hours}")
    since = None
    if since_hours is not None:
        since = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(hours=since_hours)
    rows = store.list_alerts(limit=limit, name_prefix=name, event_id=event_id, since=since)
    return [AlertLine.of(row) for row in rows]


def alert_lines(
    store: SyncStore,
    name: str | None = None,
    event_id: str | None = None,
    since_hours: float | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Iterator[str]:
    """`p2n alerts`: one JSON object per alert, newest first."""
    for line in list_alerts(store, name, event_id, since_hours, limit):
        yield line.model_dump_json()
