"""SQLite tables for personal relationships: DPS records, NOMIS records and mappings, as JSON.

Every contact entity has the same life (created, changed, deleted; a parent id or two), so each
side keeps one table keyed by entity kind and id, with the record's body as JSON: the DPS body
is what `GET /sync/<kind>/{id}` answers, the NOMIS body what NOMIS was last sent (plus its ids).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import JSON, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dagster_project.sandbox.core.db import Base


class ContactsSeedInfo(Base):
    """Marks the seed (id 1) and the planted rows (id 2) as added."""

    __tablename__ = "contacts_seed_info"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seeded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class DpsContactRecord(Base):
    """One DPS record: kind (`contact`, `contact-address`, ..., `domestic-status`) and id."""

    __tablename__ = "dps_contact_records"
    # (owner, kind, id): a prisoner's or a contact's rows of one kind in id order from the index;
    # with single-column indexes SQLite chose the primary key (kind, id) for the ORDER BY and
    # scanned every row of the kind, which made the national reconciliations sandbox-bound
    __table_args__ = (
        Index("ix_dps_contact_prisoner_kind", "prisoner_number", "kind", "id"),
        Index("ix_dps_contact_contact_kind", "contact_id", "kind", "id"),
    )
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    contact_id: Mapped[int | None] = mapped_column(Integer)
    prisoner_number: Mapped[str | None] = mapped_column(String(7))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class NomisContactRecord(Base):
    """One NOMIS record: kind (`person`, `address`, ..., `profile-MARITAL`) and id.

    `person_id` is the NOMIS person (= DPS contact id); `parent_id` the address of an address
    phone or the relationship of a relationship restriction; `offender_no` the prisoner.
    """

    __tablename__ = "nomis_contact_records"
    __table_args__ = (  # as above: one index serves each owner's rows of a kind in id order
        Index("ix_nomis_contact_offender_kind", "offender_no", "kind", "id"),
        Index("ix_nomis_contact_person_kind", "person_id", "kind", "id"),
    )
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    person_id: Mapped[int | None] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(Integer)
    offender_no: Mapped[str | None] = mapped_column(String(7))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class ContactMappingRow(Base):
    """One mapping: route (`person`, `phone`, ...), DPS key and the NOMIS key, body as posted.

    Phones on a person and on an address share the route: `dps_key` is `PERSON:<id>` or
    `ADDRESS:<id>`; identities and employments are `nomis_key` `<personId>/<sequence>`.
    """

    __tablename__ = "mapping_contact_person"
    route: Mapped[str] = mapped_column(String(30), primary_key=True)
    dps_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    nomis_key: Mapped[str] = mapped_column(String(60), index=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


RecordT = TypeVar("RecordT", DpsContactRecord, NomisContactRecord)


def by_kind(rows: Iterable[RecordT]) -> defaultdict[str, list[RecordT]]:
    """Rows grouped by kind, in the order given: a record and its children in one query."""
    grouped: defaultdict[str, list[RecordT]] = defaultdict(list)
    for row in rows:
        grouped[row.kind].append(row)
    return grouped
