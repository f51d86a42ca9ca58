"""Store retention: rows past their use are deleted, a small batch per transaction.

What each table keeps (see `resources/claims.py` for why those rows exist):

- `message_inbox` and `applied_events` must outlive every possible redelivery of their message.
  SQS keeps a message at most 14 days, so the retention (settings: at least 15 days) is the
  margin; a row younger than the cutoff is never touched.
- `entity_claims`: only claims whose lease ended before the cutoff, so never a live claim.
- `write_intents` are never deleted: a row is an unfinished NOMIS write (finished ones are
  removed at once), the only evidence that NOMIS may hold a record without a mapping. Those
  older than the cutoff are counted instead, for ops to look at.
- `telemetry_events`, `alerts`: history, by their time.
- `reconciliation_mismatches`: repaired ones only; an open mismatch is current state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from pydantic import BaseModel

from resources.store_schema import (
    alerts,
    applied_events,
    entity_claims,
    inbox,
    mismatches,
    telemetry_events,
    write_intents,
)

MIN_RETENTION_DAYS = 15  # SQS keeps a message at most 14 days


@dataclass(frozen=True)
class _Rule:
    table: sa.Table
    expired: Callable[[dt.datetime], sa.ColumnElement[bool]]


RULES = (
    _Rule(inbox, lambda cutoff: inbox.c.updated_at < cutoff),
    _Rule(applied_events, lambda cutoff: applied_events.c.applied_at < cutoff),
    _Rule(entity_claims, lambda cutoff: entity_claims.c.expires_at < cutoff),
    _Rule(telemetry_events, lambda cutoff: telemetry_events.c.occurred_at < cutoff),
    _Rule(alerts, lambda cutoff: alerts.c.raised_at < cutoff),
    _Rule(
        mismatches,
        lambda cutoff: mismatches.c.repaired_at.is_not(None) & (mismatches.c.repaired_at < cutoff),
    ),
)


class PruneReport(BaseModel):
    """Rows deleted per table (or, in a dry run, that would be), and the intents kept."""

    cutoff: dt.datetime
    dry_run: bool
    deleted: dict[str, int]
    old_write_intents_kept: int

    @property
    def total(self) -> int:
        return sum(self.deleted.values())


class StoreRetention:
    """Deletes store rows older than a cutoff, table by table, in bounded batches."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine

    def prune(
        self, retention_days: int, batch_size: int = 1000, dry_run: bool = False
    ) -> PruneReport:
        """Delete (or, dry run, count) every row past `retention_days`.

        Raises:
            ValueError: a retention shorter than SQS keeps messages, or a batch size below 1.
        """
        if retention_days < MIN_RETENTION_DAYS:
            raise ValueError(f"retention must be at least {MIN_RETENTION_DAYS} days")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=retention_days)
        count = self._count if dry_run else self._delete
        deleted = {
            rule.table.name: count(rule.table, rule.expired(cutoff), batch_size) for rule in RULES
        }
        kept = self._count(write_intents, write_intents.c.started_at < cutoff, batch_size)
        return PruneReport(
            cutoff=cutoff, dry_run=dry_run, deleted=deleted, old_write_intents_kept=kept
        )

    def _count(self, table: sa.Table, condition: sa.ColumnElement[bool], _batch: int) -> int:
        query = sa.select(sa.func.count()).select_from(table).where(condition)
        with self._engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def _delete(self, table: sa.Table, condition: sa.ColumnElement[bool], batch_size: int) -> int:
        keys = list(table.primary_key.columns)
        batch = sa.select(*keys).where(condition).limit(batch_size)
        chosen = keys[0].in_(batch) if len(keys) == 1 else sa.tuple_(*keys).in_(batch)
        total = 0
        while True:
            with self._engine.begin() as connection:
                deleted = connection.execute(table.delete().where(chosen, condition)).rowcount
            total += deleted
            if deleted < batch_size:
                return total
