"""Duplicate prevention in the SQL store: per-entity claims and the ledger of applied events.

Dagster's per-domain run limit keeps one run per domain *in one deployment*; these rows hold
across runs, processes and deployments sharing the store. A claim is a row keyed by
(domain, entity); the insert is atomic, so of two runs racing for the same entity exactly one
wins. Claims carry a lease, so a run killed while holding one blocks the entity only until the
lease ends. The ledger remembers which domain events (by SNS message id) were applied, so a
duplicate delivery that arrives later, under another SQS message id, is recognised.

A write intent brackets "write NOMIS, then save the mapping". Every way out of that bracket
removes it, except the process dying; so an intent found on the next attempt means NOMIS may
hold a record the mapping service does not know, and writing again could double it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import sqlalchemy as sa
from pydantic import BaseModel

from resources.store_schema import applied_events, entity_claims, write_intents

MAX_KEY_LENGTH = 200


class WriteIntent(BaseModel):
    """An unfinished NOMIS write: who started it and when."""

    owner: str
    started_at: dt.datetime


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _bounded(key: str) -> str:
    """Keys longer than the column are replaced by a stable digest."""
    if len(key) <= MAX_KEY_LENGTH:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


class ClaimStore:
    """Claim/release an entity, and record/check applied events; each call one transaction."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine

    def claim(self, domain: str, entity_key: str, owner: str, lease_seconds: int) -> bool:
        """True if `owner` now holds the entity: it was free, expired, or already ours."""
        key = _bounded(entity_key)
        now = _now()
        expires = now + dt.timedelta(seconds=lease_seconds)
        try:
            with self._engine.begin() as connection:
                connection.execute(
                    entity_claims.insert().values(
                        domain=domain, entity_key=key, owner=owner, expires_at=expires
                    )
                )
            return True
        except sa.exc.IntegrityError:
            pass
        with self._engine.begin() as connection:
            taken = connection.execute(
                entity_claims.update()
                .where(
                    entity_claims.c.domain == domain,
                    entity_claims.c.entity_key == key,
                    sa.or_(entity_claims.c.expires_at < now, entity_claims.c.owner == owner),
                )
                .values(owner=owner, expires_at=expires)
            )
        return taken.rowcount == 1

    def release(self, domain: str, entity_key: str, owner: str) -> None:
        """Give the entity back; a claim since taken over by another owner is left alone."""
        with self._engine.begin() as connection:
            connection.execute(
                entity_claims.delete().where(
                    entity_claims.c.domain == domain,
                    entity_claims.c.entity_key == _bounded(entity_key),
                    entity_claims.c.owner == owner,
                )
            )

    def was_applied(self, event_key: str) -> bool:
        query = sa.select(applied_events.c.event_key).where(
            applied_events.c.event_key == _bounded(event_key)
        )
        with self._engine.connect() as connection:
            return connection.execute(query).first() is not None

    def record_applied(
        self, event_key: str, domain: str, message_id: str, run_id: str | None
    ) -> None:
        """Remember the event as applied; recording it twice is harmless."""
        try:
            with self._engine.begin() as connection:
                connection.execute(
                    applied_events.insert().values(
                        event_key=_bounded(event_key),
                        domain=domain,
                        message_id=message_id,
                        run_id=run_id,
                        applied_at=_now(),
                    )
                )
        except sa.exc.IntegrityError:
            return

    def unfinished_write(self, event_key: str) -> WriteIntent | None:
        """The intent an earlier attempt left open for this event, if any (read only)."""
        query = sa.select(write_intents.c.owner, write_intents.c.started_at).where(
            write_intents.c.event_key == _bounded(event_key)
        )
        with self._engine.connect() as connection:
            row = connection.execute(query).first()
        return None if row is None else WriteIntent(owner=row.owner, started_at=row.started_at)

    def begin_write(self, event_key: str, domain: str, owner: str) -> WriteIntent | None:
        """Open the bracket; returns the earlier intent instead if one was left unfinished."""
        key = _bounded(event_key)
        try:
            with self._engine.begin() as connection:
                connection.execute(
                    write_intents.insert().values(
                        event_key=key, domain=domain, owner=owner, started_at=_now()
                    )
                )
            return None
        except sa.exc.IntegrityError:
            pass
        earlier = self.unfinished_write(event_key)
        if earlier is None:  # finished between our insert and this read
            return self.begin_write(event_key, domain, owner)
        return earlier

    def end_write(self, event_key: str) -> None:
        """Close the bracket (also used to hand an interrupted write over to ops)."""
        with self._engine.begin() as connection:
            connection.execute(
                write_intents.delete().where(write_intents.c.event_key == _bounded(event_key))
            )
