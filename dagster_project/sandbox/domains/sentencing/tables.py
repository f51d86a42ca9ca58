"""SQLite tables for sentencing adjustments: DPS adjustments, NOMIS adjustments, the mapping.

NOMIS keeps sentence and key-date adjustments in two tables with their own id sequences, so
the same NOMIS id can exist in both categories; the sandbox holds them in one table keyed by
(category, id), which is also what the mapping service treats as the NOMIS identity.
"""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dagster_project.sandbox.core.db import Base

SENTENCE = "SENTENCE"
KEY_DATE = "KEY-DATE"


class AdjustmentSeedInfo(Base):
    """Marks the adjustments seed as done, so deleting every adjustment is not undone."""

    __tablename__ = "adjustment_seed_info"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seeded_at: Mapped[datetime] = mapped_column(DateTime)


class DpsAdjustment(Base):
    """A DPS adjustment, stored in its legacy (NOMIS-shaped) form."""

    __tablename__ = "dps_adjustments"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    offender_no: Mapped[str] = mapped_column(String(7), index=True)
    booking_id: Mapped[int] = mapped_column(Integer)
    prison_id: Mapped[str] = mapped_column(String(6))
    sentence_sequence: Mapped[int | None] = mapped_column(Integer)
    adjustment_type: Mapped[str] = mapped_column(String(6))
    adjustment_days: Mapped[int] = mapped_column(Integer)
    adjustment_date: Mapped[date | None] = mapped_column(Date)
    adjustment_from_date: Mapped[date | None] = mapped_column(Date)
    comment: Mapped[str | None] = mapped_column(String(240))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created: Mapped[datetime] = mapped_column(DateTime)
    last_updated: Mapped[datetime] = mapped_column(DateTime)


class NomisAdjustment(Base):
    """A NOMIS sentence (``sentence_sequence`` set) or key-date adjustment."""

    __tablename__ = "nomis_sentencing_adjustments"
    category: Mapped[str] = mapped_column(String(8), primary_key=True)
    adjustment_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    booking_id: Mapped[int] = mapped_column(Integer, index=True)
    sentence_sequence: Mapped[int | None] = mapped_column(Integer)
    adjustment_type: Mapped[str] = mapped_column(String(6))
    adjustment_date: Mapped[date | None] = mapped_column(Date)
    adjustment_from_date: Mapped[date | None] = mapped_column(Date)
    adjustment_days: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(String(240))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created: Mapped[datetime] = mapped_column(DateTime)
    updated: Mapped[datetime | None] = mapped_column(DateTime)


class AdjustmentMapping(Base):
    __tablename__ = "mapping_sentencing_adjustments"
    __table_args__ = (UniqueConstraint("nomis_adjustment_id", "nomis_adjustment_category"),)
    adjustment_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    nomis_adjustment_id: Mapped[int] = mapped_column(Integer)
    nomis_adjustment_category: Mapped[str] = mapped_column(String(8))
    mapping_type: Mapped[str] = mapped_column(String(20))
    label: Mapped[str | None] = mapped_column(String(20))
    when_created: Mapped[datetime] = mapped_column(DateTime)
