"""SQLite tables for alerts: DPS alerts, codes and types; NOMIS alerts, codes and types; mappings.

A DPS alert is active from ``active_from`` until ``active_to`` (DPS derives ``isActive`` from
the dates); a NOMIS alert keeps its own active flag and is numbered within its booking.
"""

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dagster_project.sandbox.core.db import Base


class AlertSeedInfo(Base):
    """Marks the alerts seed (id 1) and the planted rows (id 2) as added."""

    __tablename__ = "alert_seed_info"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seeded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class DpsAlertType(Base):
    __tablename__ = "dps_alert_types"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    description: Mapped[str] = mapped_column(String(40))
    list_sequence: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DpsAlertCode(Base):
    __tablename__ = "dps_alert_codes"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    type_code: Mapped[str] = mapped_column(String(12))
    description: Mapped[str] = mapped_column(String(40))
    list_sequence: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class NomisAlertType(Base):
    __tablename__ = "nomis_alert_types"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    description: Mapped[str] = mapped_column(String(40))
    list_sequence: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class NomisAlertCode(Base):
    __tablename__ = "nomis_alert_codes"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    type_code: Mapped[str] = mapped_column(String(12))
    description: Mapped[str] = mapped_column(String(40))
    list_sequence: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DpsAlert(Base):
    __tablename__ = "dps_alerts"
    alert_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    offender_no: Mapped[str] = mapped_column(String(7), index=True)
    code: Mapped[str] = mapped_column(String(12))
    description: Mapped[str | None] = mapped_column(String(1000))
    authorised_by: Mapped[str | None] = mapped_column(String(40))
    active_from: Mapped[dt.date] = mapped_column(Date)
    active_to: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(32))
    last_modified_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_modified_by: Mapped[str | None] = mapped_column(String(32))


class NomisAlert(Base):
    __tablename__ = "nomis_alerts"
    booking_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    alert_sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    code: Mapped[str] = mapped_column(String(12))
    date: Mapped[dt.date] = mapped_column(Date)
    expiry_date: Mapped[dt.date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(String(4000))
    authorised_by: Mapped[str | None] = mapped_column(String(40))
    create_username: Mapped[str] = mapped_column(String(32))
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    modify_username: Mapped[str | None] = mapped_column(String(32))


class AlertMapping(Base):
    __tablename__ = "mapping_alerts"
    __table_args__ = (UniqueConstraint("nomis_booking_id", "nomis_alert_sequence"),)
    dps_alert_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    nomis_booking_id: Mapped[int] = mapped_column(Integer)
    nomis_alert_sequence: Mapped[int] = mapped_column(Integer)
    offender_no: Mapped[str] = mapped_column(String(7), index=True)
    mapping_type: Mapped[str] = mapped_column(String(20))
    label: Mapped[str | None] = mapped_column(String(20))
    when_created: Mapped[dt.datetime] = mapped_column(DateTime)
