"""SQLite tables for non-associations: DPS non-associations, NOMIS detail records, the mapping.

NOMIS holds a pair of prisoners in one orientation (offender, ns-offender) with numbered detail
records; the sandbox keeps every detail of a pair in the orientation of its first one, and finds
the pair in either order, as NOMIS does. The mapping keeps the pair sorted.
"""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dagster_project.sandbox.core.db import Base


class NonAssociationSeedInfo(Base):
    """Marks the non-associations seed as done, so deleting every one is not undone."""

    __tablename__ = "non_association_seed_info"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seeded_at: Mapped[datetime] = mapped_column(DateTime)


class DpsNonAssociation(Base):
    __tablename__ = "dps_non_associations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_prisoner_number: Mapped[str] = mapped_column(String(7), index=True)
    first_prisoner_role: Mapped[str] = mapped_column(String(20))
    second_prisoner_number: Mapped[str] = mapped_column(String(7), index=True)
    second_prisoner_role: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(20))
    restriction_type: Mapped[str] = mapped_column(String(10))
    comment: Mapped[str] = mapped_column(String(4000))
    authorised_by: Mapped[str | None] = mapped_column(String(60))
    when_created: Mapped[datetime] = mapped_column(DateTime)
    when_updated: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(30))
    is_closed: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_by: Mapped[str | None] = mapped_column(String(30))
    closed_reason: Mapped[str | None] = mapped_column(String(240))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)


class NomisNonAssociation(Base):
    """One NOMIS detail record of a pair (`type_sequence` numbers the pair's details)."""

    __tablename__ = "nomis_non_associations"
    offender_no: Mapped[str] = mapped_column(String(7), primary_key=True)
    ns_offender_no: Mapped[str] = mapped_column(String(7), primary_key=True, index=True)
    type_sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    offender_booking_id: Mapped[int] = mapped_column(Integer, index=True)
    ns_offender_booking_id: Mapped[int] = mapped_column(Integer, index=True)
    reason: Mapped[str] = mapped_column(String(12))
    recip_reason: Mapped[str] = mapped_column(String(12))
    type: Mapped[str] = mapped_column(String(12))
    authorised_by: Mapped[str | None] = mapped_column(String(60))
    comment: Mapped[str | None] = mapped_column(String(240))
    effective_date: Mapped[date] = mapped_column(Date)
    expiry_date: Mapped[date | None] = mapped_column(Date)
    updated_by: Mapped[str] = mapped_column(String(30))


class NonAssociationMappingRow(Base):
    __tablename__ = "mapping_non_associations"
    __table_args__ = (
        UniqueConstraint("first_offender_no", "second_offender_no", "nomis_type_sequence"),
    )
    non_association_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    first_offender_no: Mapped[str] = mapped_column(String(7), index=True)
    second_offender_no: Mapped[str] = mapped_column(String(7), index=True)
    nomis_type_sequence: Mapped[int] = mapped_column(Integer)
    mapping_type: Mapped[str] = mapped_column(String(30))
    label: Mapped[str | None] = mapped_column(String(20))
    when_created: Mapped[datetime] = mapped_column(DateTime)
