"""SQLite tables for case notes: DPS notes, NOMIS notes (per booking), and their mappings.

A DPS note may map to several NOMIS notes (copies a prisoner merge made); the mapping's
identity is the NOMIS case note id. Amendments are kept as JSON text on both sides.
"""

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dagster_project.sandbox.core.db import Base


class CaseNoteSeedInfo(Base):
    """Marks the case notes seed as done, so deleting every note is not undone."""

    __tablename__ = "casenote_seed_info"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seeded_at: Mapped[datetime] = mapped_column(DateTime)


class DpsCaseNote(Base):
    __tablename__ = "dps_case_notes"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    offender_no: Mapped[str] = mapped_column(String(7), index=True)
    type: Mapped[str] = mapped_column(String(12))
    sub_type: Mapped[str] = mapped_column(String(12))
    creation: Mapped[datetime] = mapped_column(DateTime)
    occurrence: Mapped[datetime] = mapped_column(DateTime)
    author_username: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    amendments: Mapped[str] = mapped_column(Text, default="[]")
    legacy_id: Mapped[int] = mapped_column(Integer)


class NomisCaseNote(Base):
    __tablename__ = "nomis_case_notes"
    case_note_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    offender_no: Mapped[str] = mapped_column(String(7), index=True)
    booking_id: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(12))
    sub_type: Mapped[str] = mapped_column(String(12))
    creation: Mapped[datetime] = mapped_column(DateTime)
    occurrence: Mapped[datetime] = mapped_column(DateTime)
    author_username: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    amendments: Mapped[str] = mapped_column(Text, default="[]")


class CaseNoteMappingRow(Base):
    __tablename__ = "mapping_case_notes"
    nomis_case_note_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    dps_case_note_id: Mapped[str] = mapped_column(String(36), index=True)
    offender_no: Mapped[str] = mapped_column(String(7), index=True)
    nomis_booking_id: Mapped[int] = mapped_column(Integer)
    mapping_type: Mapped[str] = mapped_column(String(20))
    label: Mapped[str | None] = mapped_column(String(20))
    when_created: Mapped[datetime] = mapped_column(DateTime)
