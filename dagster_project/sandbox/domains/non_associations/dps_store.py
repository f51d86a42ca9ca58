"""DPS's rules on the sandbox tables: one open non-association per pair, merges and moves."""

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.domains.non_associations.tables import DpsNonAssociation

MERGE_USER = "NON_ASSOCIATIONS_API"


def involving(session: Session, offender_no: str) -> list[DpsNonAssociation]:
    stmt = select(DpsNonAssociation).where(
        or_(
            DpsNonAssociation.first_prisoner_number == offender_no,
            DpsNonAssociation.second_prisoner_number == offender_no,
        )
    )
    return list(session.scalars(stmt.order_by(DpsNonAssociation.id)))


def open_between(session: Session, one: str, other: str) -> list[DpsNonAssociation]:
    pair = {one, other}
    return [
        r
        for r in involving(session, one)
        if {r.first_prisoner_number, r.second_prisoner_number} == pair and not r.is_closed
    ]


def close(row: DpsNonAssociation, by: str, reason: str, at: datetime) -> None:
    row.is_closed, row.closed_by, row.closed_reason, row.closed_at = True, by, reason, at
    row.when_updated, row.updated_by = at, by


def move(session: Session, old: str, new: str, at: datetime) -> None:
    """`new` takes `old`'s place in its non-associations, as DPS does on a merge or booking move.

    Where `new` now has two open non-associations with one prisoner, the one that was `old`'s
    is closed; one between the two prisoners themselves is deleted.
    """
    for row in involving(session, old):
        old_is_first = row.first_prisoner_number == old
        other = row.second_prisoner_number if old_is_first else row.first_prisoner_number
        if other == new:
            session.delete(row)
            continue
        duplicate = not row.is_closed and bool(open_between(session, new, other))
        if old_is_first:
            row.first_prisoner_number = new
        else:
            row.second_prisoner_number = new
        row.when_updated, row.updated_by = at, MERGE_USER
        if duplicate:
            close(row, MERGE_USER, f"Merged from {old}: {new} already has one with {other}", at)
        session.flush()
