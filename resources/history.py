"""Reconciliation mismatch history: since when has booking X been out of step, and is it fixed?"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from pydantic import BaseModel

from resources.store_schema import mismatches


class Mismatch(BaseModel):
    """One disagreement as a reconciliation saw it; `key` identifies it within its partition."""

    reconciliation: str
    partition_key: str
    key: str
    kind: str
    booking_id: str | None = None
    offender_no: str | None = None
    prison_id: str | None = None
    nomis_value: str | None = None
    dps_value: str | None = None
    first_seen: dt.datetime | None = None
    last_seen: dt.datetime | None = None
    repaired_at: dt.datetime | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _row(row: sa.RowMapping) -> Mismatch:
    return Mismatch(
        reconciliation=row["reconciliation"],
        partition_key=row["partition_key"],
        key=row["mismatch_key"],
        kind=row["kind"],
        booking_id=row["booking_id"],
        offender_no=row["offender_no"],
        prison_id=row["prison_id"],
        nomis_value=row["nomis_value"],
        dps_value=row["dps_value"],
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
        repaired_at=row["repaired_at"],
    )


class MismatchHistory:
    """Keeps one open row per mismatch; a rerun that no longer sees it marks it repaired."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine

    def record(self, reconciliation: str, partition_key: str, found: list[Mismatch]) -> int:
        """Store this run's mismatches for the partition; returns how many were resolved."""
        now = _now()
        open_rows = (
            (mismatches.c.reconciliation == reconciliation)
            & (mismatches.c.partition_key == partition_key)
            & mismatches.c.repaired_at.is_(None)
        )
        with self._engine.begin() as connection:
            existing = {
                row.mismatch_key: row.id
                for row in connection.execute(
                    sa.select(mismatches.c.id, mismatches.c.mismatch_key).where(open_rows)
                )
            }
            for item in found:
                values = {
                    "kind": item.kind,
                    "booking_id": item.booking_id,
                    "offender_no": item.offender_no,
                    "prison_id": item.prison_id,
                    "nomis_value": item.nomis_value,
                    "dps_value": item.dps_value,
                    "last_seen": now,
                }
                if item.key in existing:
                    connection.execute(
                        mismatches.update()
                        .where(mismatches.c.id == existing.pop(item.key))
                        .values(**values)
                    )
                else:
                    connection.execute(
                        mismatches.insert().values(
                            reconciliation=reconciliation,
                            partition_key=partition_key,
                            mismatch_key=item.key,
                            first_seen=now,
                            **values,
                        )
                    )
            if existing:
                connection.execute(
                    mismatches.update()
                    .where(mismatches.c.id.in_(list(existing.values())))
                    .values(repaired_at=now)
                )
        return len(existing)

    def open_for(self, reconciliation: str, partition_key: str) -> list[Mismatch]:
        """Unrepaired mismatches of one reconciliation partition (what a repair job targets)."""
        query = (
            sa.select(mismatches)
            .where(
                (mismatches.c.reconciliation == reconciliation)
                & (mismatches.c.partition_key == partition_key)
                & mismatches.c.repaired_at.is_(None)
            )
            .order_by(mismatches.c.mismatch_key)
        )
        with self._engine.connect() as connection:
            return [_row(row) for row in connection.execute(query).mappings()]

    def history(
        self,
        booking_id: str | None = None,
        offender_no: str | None = None,
        reconciliation: str | None = None,
        limit: int = 100,
    ) -> list[Mismatch]:
        """Newest first; open and repaired mismatches alike."""
        query = sa.select(mismatches).order_by(mismatches.c.id.desc()).limit(limit)
        if booking_id:
            query = query.where(mismatches.c.booking_id == booking_id)
        if offender_no:
            query = query.where(mismatches.c.offender_no == offender_no)
        if reconciliation:
            query = query.where(mismatches.c.reconciliation == reconciliation)
        with self._engine.connect() as connection:
            return [_row(row) for row in connection.execute(query).mappings()]
