"""SQLite tables of the visits domain: NOMIS visits, DPS (VSIP) visits and the visit mapping."""

from datetime import date, datetime, time

from sqlalchemy import JSON, Date, DateTime, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from dagster_project.sandbox.core.db import Base


class NomisVisit(Base):
    __tablename__ = "nomis_visits"
    __table_args__ = {"sqlite_autoincrement": True}
    visit_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    offender_no: Mapped[str] = mapped_column(String(7), index=True)
    prison_id: Mapped[str] = mapped_column(String(6))
    start_date_time: Mapped[datetime] = mapped_column(DateTime)
    end_time: Mapped[time] = mapped_column(Time)
    visitor_person_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    visit_type: Mapped[str] = mapped_column(String(6))
    issue_date: Mapped[date | None] = mapped_column(Date)
    visit_comment: Mapped[str | None] = mapped_column(String(240))
    visit_order_comment: Mapped[str | None] = mapped_column(String(240))
    room: Mapped[str] = mapped_column(String(60))
    open_closed_status: Mapped[str] = mapped_column(String(6))
    status: Mapped[str] = mapped_column(String(4), default="SCH")
    outcome: Mapped[str | None] = mapped_column(String(12))
    created: Mapped[datetime] = mapped_column(DateTime)
    updated: Mapped[datetime | None] = mapped_column(DateTime)


class VisitMapping(Base):
    __tablename__ = "mapping_visits"
    nomis_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    vsip_id: Mapped[str] = mapped_column(String(40), unique=True)
    mapping_type: Mapped[str] = mapped_column(String(20))
    label: Mapped[str | None] = mapped_column(String(20))
    when_created: Mapped[datetime] = mapped_column(DateTime)


class DpsVisit(Base):
    __tablename__ = "dps_visits"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    prisoner_id: Mapped[str] = mapped_column(String(7), index=True)
    prison_id: Mapped[str] = mapped_column(String(6))
    visitors: Mapped[list[int]] = mapped_column(JSON, default=list)
    visit_type: Mapped[str] = mapped_column(String(20))
    start_timestamp: Mapped[datetime] = mapped_column(DateTime)
    end_timestamp: Mapped[datetime] = mapped_column(DateTime)
    visit_status: Mapped[str] = mapped_column(String(12), default="BOOKED")
    outcome_status: Mapped[str | None] = mapped_column(String(40))
    visit_room: Mapped[str] = mapped_column(String(60))
    visit_restriction: Mapped[str] = mapped_column(String(12))
    visitor_support_description: Mapped[str | None] = mapped_column(String(240))
