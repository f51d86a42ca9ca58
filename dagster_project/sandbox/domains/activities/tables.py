"""SQLite tables for the activities domain: NOMIS courses, DPS schedules and their mapping.

NOMIS and DPS each keep their own allocations and attendances so the two can disagree; the
prison and session date are copied onto every attendance row because reconciliation counts
by exactly those two things and should not need a join per booking.
"""

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from dagster_project.sandbox.core.db import Base


class ActivitySeedInfo(Base):
    """When the activity data was seeded: every seeded date is relative to ``seeded_on``."""

    __tablename__ = "activity_seed_info"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seeded_on: Mapped[date] = mapped_column(Date)


class NomisAgencySwitch(Base):
    __tablename__ = "nomis_agency_switches"
    service_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    agency_id: Mapped[str] = mapped_column(String(6), primary_key=True)


class NomisCourseActivity(Base):
    """A COURSE_ACTIVITIES row; pay rates and schedule rules are kept as the request sent them."""

    __tablename__ = "nomis_course_activities"
    course_activity_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    prison_id: Mapped[str] = mapped_column(String(6))
    code: Mapped[str] = mapped_column(String(12))
    description: Mapped[str] = mapped_column(String(40))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    capacity: Mapped[int | None] = mapped_column(Integer)
    internal_location_id: Mapped[int | None] = mapped_column(Integer)
    program_code: Mapped[str | None] = mapped_column(String(40))
    pay_per_session: Mapped[str | None] = mapped_column(String(1))
    exclude_bank_holidays: Mapped[bool] = mapped_column(Boolean, default=True)
    outside_work: Mapped[bool] = mapped_column(Boolean, default=False)
    minimum_incentive_level_code: Mapped[str | None] = mapped_column(String(6))
    pay_rates: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    schedule_rules: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class NomisCourseSchedule(Base):
    __tablename__ = "nomis_course_schedules"
    course_schedule_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    course_activity_id: Mapped[int] = mapped_column(Integer, index=True)
    schedule_date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)


class NomisAllocation(Base):
    """An OFFENDER_PROGRAM_PROFILES row: one per booking and course activity."""

    __tablename__ = "nomis_allocations"
    __table_args__ = (
        UniqueConstraint("course_activity_id", "booking_id"),
        {"sqlite_autoincrement": True},
    )
    offender_program_reference_id: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=True
    )
    booking_id: Mapped[int] = mapped_column(Integer, index=True)
    course_activity_id: Mapped[int] = mapped_column(Integer)
    prison_id: Mapped[str] = mapped_column(String(6), index=True)
    program_status: Mapped[str] = mapped_column(String(12))
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    pay_band_code: Mapped[str | None] = mapped_column(String(12))
    end_reason: Mapped[str | None] = mapped_column(String(12))
    end_comment: Mapped[str | None] = mapped_column(String(240))
    suspended_comment: Mapped[str | None] = mapped_column(String(240))
    exclusions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class NomisAttendance(Base):
    """An OFFENDER_COURSE_ATTENDANCES row: one per booking and course schedule."""

    __tablename__ = "nomis_attendances"
    __table_args__ = (
        UniqueConstraint("course_schedule_id", "booking_id"),
        # the reconciliation's count is per prison and date: one index range, not a day's scan
        Index("ix_nomis_attendances_prison_date", "prison_id", "event_date"),
        {"sqlite_autoincrement": True},
    )
    event_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    course_schedule_id: Mapped[int] = mapped_column(Integer)
    course_activity_id: Mapped[int] = mapped_column(Integer)
    booking_id: Mapped[int] = mapped_column(Integer, index=True)
    prison_id: Mapped[str] = mapped_column(String(6))
    event_date: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    event_status_code: Mapped[str] = mapped_column(String(12))
    event_outcome_code: Mapped[str | None] = mapped_column(String(12))
    comments: Mapped[str | None] = mapped_column(String(240))
    unexcused_absence: Mapped[bool] = mapped_column(Boolean, default=False)
    authorised_absence: Mapped[bool] = mapped_column(Boolean, default=False)
    paid: Mapped[bool] = mapped_column(Boolean, default=False)
    bonus_pay: Mapped[float | None] = mapped_column(Float)
    # set when NOMIS payroll has paid the attendance; NOMIS then refuses to change it (1001)
    paid_transaction_id: Mapped[int | None] = mapped_column(Integer)


class DpsActivitySchedule(Base):
    """A DPS schedule with its (one) activity; ``slots`` and ``pay`` as the admin API takes them."""

    __tablename__ = "dps_activity_schedules"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    activity_id: Mapped[int] = mapped_column(Integer)
    prison_code: Mapped[str] = mapped_column(String(6))
    summary: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(String(50))
    category_code: Mapped[str] = mapped_column(String(30), default="SAA_OTHER")
    capacity: Mapped[int] = mapped_column(Integer, default=10)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    runs_on_bank_holiday: Mapped[bool] = mapped_column(Boolean, default=False)
    outside_work: Mapped[bool] = mapped_column(Boolean, default=False)
    pay_per_session: Mapped[str] = mapped_column(String(1), default="H")
    location_id: Mapped[int | None] = mapped_column(Integer)
    location_code: Mapped[str | None] = mapped_column(String(40))
    location_description: Mapped[str | None] = mapped_column(String(60))
    dps_location_id: Mapped[str | None] = mapped_column(String(36))
    slots: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    pay: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_time: Mapped[datetime | None] = mapped_column(DateTime)


class DpsScheduledInstance(Base):
    __tablename__ = "dps_scheduled_instances"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    schedule_id: Mapped[int] = mapped_column(Integer, index=True)
    session_date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    time_slot: Mapped[str] = mapped_column(String(2))
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)


class DpsAllocation(Base):
    __tablename__ = "dps_allocations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    prisoner_number: Mapped[str] = mapped_column(String(7), index=True)
    booking_id: Mapped[int] = mapped_column(Integer, index=True)
    schedule_id: Mapped[int] = mapped_column(Integer)
    prison_code: Mapped[str] = mapped_column(String(6), index=True)
    status: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    pay_band: Mapped[int | None] = mapped_column(Integer)
    allocated_time: Mapped[datetime] = mapped_column(DateTime)
    deallocated_time: Mapped[datetime | None] = mapped_column(DateTime)
    deallocated_reason: Mapped[str | None] = mapped_column(String(30))
    suspended_time: Mapped[datetime | None] = mapped_column(DateTime)
    suspended_reason: Mapped[str | None] = mapped_column(String(240))
    exclusions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class DpsAttendance(Base):
    __tablename__ = "dps_attendances"
    __table_args__ = (Index("ix_dps_attendances_prison_date", "prison_code", "session_date"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    scheduled_instance_id: Mapped[int] = mapped_column(Integer)
    schedule_id: Mapped[int] = mapped_column(Integer)
    prison_code: Mapped[str] = mapped_column(String(6))
    session_date: Mapped[date] = mapped_column(Date, index=True)
    prisoner_number: Mapped[str] = mapped_column(String(7), index=True)
    booking_id: Mapped[int] = mapped_column(Integer, index=True)
    attendance_reason_code: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12))
    issue_payment: Mapped[bool | None] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(String(240))
    recorded_time: Mapped[datetime | None] = mapped_column(DateTime)


class ActivityMapping(Base):
    __tablename__ = "mapping_activities"
    activity_schedule_id: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=False
    )
    activity_id: Mapped[int | None] = mapped_column(Integer)
    nomis_course_activity_id: Mapped[int] = mapped_column(Integer, unique=True)
    mapping_type: Mapped[str] = mapped_column(String(20))
    when_created: Mapped[datetime] = mapped_column(DateTime)


class ScheduledInstanceMapping(Base):
    __tablename__ = "mapping_activity_schedules"
    scheduled_instance_id: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=False
    )
    activity_schedule_id: Mapped[int] = mapped_column(Integer, index=True)
    nomis_course_schedule_id: Mapped[int] = mapped_column(Integer, unique=True)
    mapping_type: Mapped[str] = mapped_column(String(20))
    when_created: Mapped[datetime] = mapped_column(DateTime)
