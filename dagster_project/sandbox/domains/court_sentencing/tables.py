"""SQLite tables for court sentencing: DPS records and NOMIS cases as JSON, and the mappings.

A DPS record (case, appearance, charge, sentence, period length, recall) is kept as the
legacy API serves it, by kind; a NOMIS court case is one document with its court events,
offender charges, sentences and terms, as `CourtCaseResponse`. NOMIS event and charge ids come
from one sequence; sentence sequences are per booking, as NOMIS's.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dagster_project.sandbox.core.db import Base


class CourtSentencingSeedInfo(Base):
    """Marks the court sentencing seed as done, so deleting every case is not undone."""

    __tablename__ = "court_sentencing_seed_info"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seeded_at: Mapped[datetime] = mapped_column(DateTime)


class DpsCourtRecord(Base):
    """One DPS legacy record; `kind` is court-case, court-appearance, charge, sentence, ..."""

    __tablename__ = "court_sentencing_dps_records"
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    prisoner_id: Mapped[str] = mapped_column(String(7), index=True)
    court_case_uuid: Mapped[str | None] = mapped_column(String(36), index=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class NomisCourtCaseRow(Base):
    """One NOMIS court case, whole (`CourtCaseResponse` plus its breach events)."""

    __tablename__ = "court_sentencing_nomis_cases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offender_no: Mapped[str] = mapped_column(String(7), index=True)
    booking_id: Mapped[int] = mapped_column(Integer, index=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class NomisCourtId(Base):
    """The sequence NOMIS court event and offender charge ids come from."""

    __tablename__ = "court_sentencing_nomis_ids"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class CourtMappingRow(Base):
    """One mapping; `kind` is case, appearance, charge, sentence, term or recall-appearance."""

    __tablename__ = "court_sentencing_mappings"
    __table_args__ = (Index("ix_court_sentencing_mappings_kind_dps", "kind", "dps_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    dps_id: Mapped[str] = mapped_column(String(36))
    nomis_id: Mapped[int | None] = mapped_column(Integer, index=True)
    booking_id: Mapped[int | None] = mapped_column(Integer)
    sequence: Mapped[int | None] = mapped_column(Integer)
    term_sequence: Mapped[int | None] = mapped_column(Integer)
    offender_no: Mapped[str | None] = mapped_column(String(7))
    mapping_type: Mapped[str] = mapped_column(String(20))
    when_created: Mapped[datetime] = mapped_column(DateTime)
