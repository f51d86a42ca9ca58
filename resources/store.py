"""The service's own SQL store (SQLAlchemy): telemetry events, alerts and the message inbox.

SQLite by default, Postgres by URL. Engines are cached per URL so sensor ticks and runs in one
process share a connection pool. The schema is Alembic's (`resources.store_migrations`): local
runs and tests migrate the store on first use, production only checks it is at the newest
revision (ops run `p2n store upgrade` before deploying).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
import sqlalchemy as sa
from pydantic import BaseModel, Field

from resources import store_migrations
from resources.claims import ClaimStore
from resources.history import MismatchHistory
from resources.store_retention import StoreRetention
from resources.store_schema import alerts, inbox, telemetry_events

TERMINAL_STATUSES = frozenset({"done", "ignored", "requeued", "dead_lettered"})


class TelemetryRow(BaseModel):
    name: str
    occurred_at: dt.datetime
    dimensions: dict[str, str]
    run_id: str | None = None


class AlertRow(BaseModel):
    id: int
    name: str
    raised_at: dt.datetime
    dimensions: dict[str, str]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SyncStore:
    """Typed access to the store's tables; every write is its own short transaction."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine

    def record_telemetry(
        self, name: str, dimensions: Mapping[str, str], run_id: str | None = None
    ) -> None:
        with self._engine.begin() as connection:
            connection.execute(
                telemetry_events.insert().values(
                    name=name,
                    occurred_at=_now(),
                    offender_no=dimensions.get("offenderNo"),
                    booking_id=dimensions.get("bookingId") or dimensions.get("nomisBookingId"),
                    run_id=run_id,
                    dimensions=json.dumps(dict(dimensions), sort_keys=True),
                )
            )

    def query_telemetry(
        self,
        name_prefix: str | None = None,
        offender_no: str | None = None,
        booking_id: str | None = None,
        limit: int = 100,
    ) -> list[TelemetryRow]:
        """Newest first: "what happened to offender Y / booking X" in one call."""
        query = sa.select(telemetry_events).order_by(telemetry_events.c.id.desc()).limit(limit)
        if name_prefix:
            query = query.where(telemetry_events.c.name.startswith(name_prefix, autoescape=True))
        if offender_no:
            query = query.where(telemetry_events.c.offender_no == offender_no)
        if booking_id:
            query = query.where(telemetry_events.c.booking_id == booking_id)
        with self._engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [
            TelemetryRow(
                name=row["name"],
                occurred_at=row["occurred_at"],
                dimensions=json.loads(row["dimensions"]),
                run_id=row["run_id"],
            )
            for row in rows
        ]

    def record_alert(self, name: str, dimensions: Mapping[str, str]) -> None:
        with self._engine.begin() as connection:
            connection.execute(
                alerts.insert().values(
                    name=name, raised_at=_now(), dimensions=json.dumps(dict(dimensions))
                )
            )

    def record_alert_once(self, name: str, dimensions: Mapping[str, str], dedupe_key: str) -> bool:
        """Record an alert unless one with this key exists; True when it is new."""
        with self._engine.begin() as connection:
            exists = connection.execute(
                sa.select(alerts.c.id).where(alerts.c.dedupe_key == dedupe_key)
            ).first()
            if exists:
                return False
            connection.execute(
                alerts.insert().values(
                    name=name,
                    raised_at=_now(),
                    dimensions=json.dumps(dict(dimensions)),
                    dedupe_key=dedupe_key,
                )
            )
        return True

    def list_alerts(
        self,
        limit: int = 100,
        name_prefix: str | None = None,
        event_id: str | None = None,
        since: dt.datetime | None = None,
    ) -> list[AlertRow]:
        """Newest first; filtered by name prefix, `eventId` dimension and time raised."""
        query = sa.select(alerts).order_by(alerts.c.id.desc()).limit(limit)
        if name_prefix:
            query = query.where(alerts.c.name.startswith(name_prefix, autoescape=True))
        if event_id:
            # the dimensions are json.dumps of a dict: the pair reads exactly like this
            pair = json.dumps({"eventId": event_id})[1:-1]
            query = query.where(alerts.c.dimensions.contains(pair, autoescape=True))
        if since is not None:
            query = query.where(alerts.c.raised_at >= since)
        return self._alert_rows(query)

    def alerts_after(self, after_id: int, limit: int = 100) -> list[AlertRow]:
        """Alerts raised after the one with id `after_id`, oldest first (a cursor's view)."""
        query = sa.select(alerts).where(alerts.c.id > after_id).order_by(alerts.c.id).limit(limit)
        return self._alert_rows(query)

    def last_alert_id(self) -> int:
        with self._engine.connect() as connection:
            return int(connection.execute(sa.select(sa.func.max(alerts.c.id))).scalar() or 0)

    def _alert_rows(self, query: sa.Select[Any]) -> list[AlertRow]:
        with self._engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [
            AlertRow(
                id=r["id"],
                name=r["name"],
                raised_at=r["raised_at"],
                dimensions=json.loads(r["dimensions"]),
            )
            for r in rows
        ]

    def inbox_statuses(self, message_ids: Iterable[str]) -> dict[str, str]:
        """Status of each message id already seen (absent ids were never handled)."""
        ids = list(message_ids)
        if not ids:
            return {}
        query = sa.select(inbox.c.message_id, inbox.c.status).where(inbox.c.message_id.in_(ids))
        with self._engine.connect() as connection:
            return {row.message_id: row.status for row in connection.execute(query)}

    def mark_message(
        self,
        message_id: str,
        domain: str,
        status: str,
        event_type: str | None = None,
        detail: str | None = None,
        run_id: str | None = None,
    ) -> None:
        """Upsert the message's outcome, so a redelivery is recognised and not applied twice."""
        values: dict[str, Any] = {
            "domain": domain,
            "event_type": event_type,
            "status": status,
            "detail": detail,
            "run_id": run_id,
            "updated_at": _now(),
        }
        with self._engine.begin() as connection:
            updated = connection.execute(
                inbox.update().where(inbox.c.message_id == message_id).values(**values)
            )
            if updated.rowcount == 0:
                connection.execute(inbox.insert().values(message_id=message_id, **values))


_engines: dict[str, sa.Engine] = {}
_engines_lock = threading.Lock()


def create_store_engine(url: str) -> sa.Engine:
    """A new engine for the store, uncached and unchecked (the caller disposes of it)."""
    connect_args = {"check_same_thread": False} if url.startswith("sqlite") else {}
    engine = sa.create_engine(url, connect_args=connect_args, pool_pre_ping=True)
    if url.startswith("sqlite"):
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def engine_for(url: str, *, upgrade_schema: bool = True) -> sa.Engine:
    """One engine per URL per process; the schema is checked on first use.

    Args:
        url: SQLAlchemy URL of the store.
        upgrade_schema: migrate the store to the newest revision (local runs, tests). False in
            production: nothing is created, and a store not at the newest revision raises.

    Raises:
        StoreSchemaError: the store is not at the revision this code needs (and, without
            `upgrade_schema`, the message names the command ops must run).
    """
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            if upgrade_schema:
                _make_sqlite_folder(url)
            engine = create_store_engine(url)
            try:
                if upgrade_schema:
                    store_migrations.ensure_upgraded(engine)
                else:
                    store_migrations.verify_at_head(engine)
            except BaseException:
                engine.dispose()  # not cached: the next use checks again, after the upgrade
                raise
            _engines[url] = engine
        return engine


def _make_sqlite_folder(url: str) -> None:
    """A local SQLite store may be the first thing in its folder (e.g. a new `DAGSTER_HOME`)."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # wait for another writer first: switching to WAL itself needs the lock
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


class Store(dg.ConfigurableResource):
    """The service's SQL store: telemetry, alerts, message inbox, reconciliation history."""

    url: str = Field(description="SQLAlchemy URL (STORE_URL); SQLite by default")
    upgrade_schema: bool = Field(
        default=True,
        description="Migrate the store on first use (local, tests); production only checks it",
    )

    def _engine(self) -> sa.Engine:
        return engine_for(self.url, upgrade_schema=self.upgrade_schema)

    def get_client(self) -> SyncStore:
        return SyncStore(self._engine())

    def get_history(self) -> MismatchHistory:
        return MismatchHistory(self._engine())

    def get_claims(self) -> ClaimStore:
        return ClaimStore(self._engine())

    def get_retention(self) -> StoreRetention:
        return StoreRetention(self._engine())
