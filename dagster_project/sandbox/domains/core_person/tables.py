"""SQLite tables for core person: CPR religion histories, NOMIS beliefs, religion mappings.

The audit stamps are kept as seeded: neither the CPR merge nor the NOMIS merge restamps them
(both sides would stamp a modify time within the hour of each other, which the reconciliation
tolerates), so a merged prisoner compares equal.
"""

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dagster_project.sandbox.core.db import Base


class CorePersonSeedInfo(Base):
    """Marks the core person seed (id 1) and the planted rows (id 2) as added."""

    __tablename__ = "core_person_seed_info"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seeded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class CprReligion(Base):
    """One entry of a prisoner's CPR religion history; `position` 0 is the newest."""

    __tablename__ = "cpr_religions"
    cpr_religion_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    prison_number: Mapped[str] = mapped_column(String(7), index=True)
    position: Mapped[int] = mapped_column(Integer)
    religion_code: Mapped[str] = mapped_column(String(12))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    current: Mapped[bool] = mapped_column(Boolean)
    comments: Mapped[str | None] = mapped_column(String(240))
    create_user_id: Mapped[str] = mapped_column(String(32))
    create_date_time: Mapped[dt.datetime] = mapped_column(DateTime)
    modify_user_id: Mapped[str | None] = mapped_column(String(32))
    modify_date_time: Mapped[dt.datetime | None] = mapped_column(DateTime)


class NomisBelief(Base):
    """One NOMIS offender belief; `position` 0 is the newest, listed first."""

    __tablename__ = "nomis_beliefs"
    belief_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    offender_no: Mapped[str] = mapped_column(String(7), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(12))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    comments: Mapped[str | None] = mapped_column(String(240))
    create_username: Mapped[str] = mapped_column(String(32))
    create_datetime: Mapped[dt.datetime] = mapped_column(DateTime)
    modify_user_id: Mapped[str | None] = mapped_column(String(32))
    modify_datetime: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ReligionMappingRow(Base):
    __tablename__ = "mapping_core_person_religions"
    cpr_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    nomis_id: Mapped[int] = mapped_column(Integer, unique=True)
    nomis_prison_number: Mapped[str] = mapped_column(String(7), index=True)
    mapping_type: Mapped[str] = mapped_column(String(20))
    when_created: Mapped[dt.datetime] = mapped_column(DateTime)
