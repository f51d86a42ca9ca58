"""SQLite tables for CSIP: DPS records and NOMIS reports as JSON bodies, and the mappings.

A CSIP report is one document with nested children on both sides, so each is kept whole as the
API serves it; NOMIS child ids come from one sequence, as NOMIS's do.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dagster_project.sandbox.core.db import Base


class CsipSeedInfo(Base):
    """Marks the CSIP seed as done, so deleting every report is not undone."""

    __tablename__ = "csip_seed_info"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seeded_at: Mapped[datetime] = mapped_column(DateTime)


class DpsCsipRecord(Base):
    """One DPS `CsipRecord`, as `GET /csip-records/{uuid}` serves it."""

    __tablename__ = "dps_csip_records"
    record_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    prison_number: Mapped[str] = mapped_column(String(7), index=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class NomisCsipReport(Base):
    """One NOMIS CSIP report, as `CSIPResponse`."""

    __tablename__ = "nomis_csip_reports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offender_no: Mapped[str] = mapped_column(String(7), index=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class NomisCsipChildId(Base):
    """The sequence NOMIS child ids (factors, interviews, plans, reviews, attendees) come from."""

    __tablename__ = "nomis_csip_child_ids"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class CsipMappingRow(Base):
    __tablename__ = "mapping_csip_reports"
    dps_csip_report_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    nomis_csip_report_id: Mapped[int] = mapped_column(Integer, unique=True)
    mapping_type: Mapped[str] = mapped_column(String(20))
    label: Mapped[str | None] = mapped_column(String(20))
    when_created: Mapped[datetime] = mapped_column(DateTime)


class CsipChildMappingRow(Base):
    """A child mapping; `component` names the kind (FACTOR, INTERVIEW, PLAN, REVIEW, ATTENDEE)."""

    __tablename__ = "mapping_csip_children"
    dps_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    component: Mapped[str] = mapped_column(String(10))
    nomis_id: Mapped[int] = mapped_column(Integer, index=True)
    dps_csip_report_id: Mapped[str] = mapped_column(String(36), index=True)
    mapping_type: Mapped[str] = mapped_column(String(20))
    label: Mapped[str | None] = mapped_column(String(20))
    when_created: Mapped[datetime] = mapped_column(DateTime)
