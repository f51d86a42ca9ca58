"""NOMIS's non-association rules on the sandbox tables: pairs in either order, sequences, merges.

A pair's details share one orientation (that of its first detail); a new detail given the other
way round is stored in it, its two reasons swapped. Sequences number a pair's details from 1.
"""

from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from dagster_project.sandbox.domains.non_associations.tables import NomisNonAssociation

UPDATED_BY = "PRISONER_TO_NOMIS"


def pair_filter(one: str, other: str) -> ColumnElement[bool]:
    """Details of the pair, in either orientation."""
    return or_(
        and_(NomisNonAssociation.offender_no == one, NomisNonAssociation.ns_offender_no == other),
        and_(NomisNonAssociation.offender_no == other, NomisNonAssociation.ns_offender_no == one),
    )


def pair_details(session: Session, one: str, other: str) -> list[NomisNonAssociation]:
    stmt = select(NomisNonAssociation).where(pair_filter(one, other))
    return list(session.scalars(stmt.order_by(NomisNonAssociation.type_sequence)))


def detail(session: Session, one: str, other: str, sequence: int) -> NomisNonAssociation | None:
    stmt = select(NomisNonAssociation).where(
        pair_filter(one, other), NomisNonAssociation.type_sequence == sequence
    )
    return session.scalars(stmt).first()


def next_sequence(session: Session, one: str, other: str) -> int:
    stmt = select(func.max(NomisNonAssociation.type_sequence)).where(pair_filter(one, other))
    return (session.scalar(stmt) or 0) + 1


def orientation(session: Session, one: str, other: str) -> tuple[str, str]:
    """The pair's stored orientation, or (one, other) for a new pair."""
    found = session.scalars(select(NomisNonAssociation).where(pair_filter(one, other))).first()
    return (found.offender_no, found.ns_offender_no) if found else (one, other)


def move_details(
    session: Session,
    old: str,
    new: str,
    booking_id: int | None = None,
    new_booking: int | None = None,
) -> None:
    """Give `new` the details of `old` (only those on `booking_id` when given), as NOMIS does.

    A detail joining a pair `new` already has is renumbered after that pair's details; a detail
    between the two prisoners themselves is dropped. `new_booking` moves the details onto that
    booking too: every sandbox prisoner has one booking, so a merge puts them on the survivor's.
    """
    stmt = select(NomisNonAssociation).where(
        or_(NomisNonAssociation.offender_no == old, NomisNonAssociation.ns_offender_no == old)
    )
    moving = list(session.scalars(stmt.order_by(NomisNonAssociation.type_sequence)))
    for row in moving:
        on_old_side = row.offender_no == old
        booking = row.offender_booking_id if on_old_side else row.ns_offender_booking_id
        if booking_id is not None and booking != booking_id:
            continue
        other = row.ns_offender_no if on_old_side else row.offender_no
        values = {c.key: getattr(row, c.key) for c in NomisNonAssociation.__table__.columns}
        session.delete(row)
        session.flush()
        if other == new:
            continue
        values["offender_no" if on_old_side else "ns_offender_no"] = new
        if new_booking is not None:
            values["offender_booking_id" if on_old_side else "ns_offender_booking_id"] = new_booking
        joined = pair_details(session, new, other)
        if joined:
            values["type_sequence"] = max(d.type_sequence for d in joined) + 1
        stored = orientation(session, new, other)
        if (values["offender_no"], values["ns_offender_no"]) != stored:
            values["offender_no"], values["ns_offender_no"] = stored
            values["reason"], values["recip_reason"] = values["recip_reason"], values["reason"]
            values["offender_booking_id"], values["ns_offender_booking_id"] = (
                values["ns_offender_booking_id"],
                values["offender_booking_id"],
            )
        session.add(NomisNonAssociation(**values))
        session.flush()


def close(row: NomisNonAssociation, today: date) -> None:
    """Expire a detail today (an expired one keeps its date)."""
    if row.expiry_date is None or row.expiry_date > today:
        row.expiry_date = today
    row.updated_by = UPDATED_BY
