"""SQLite tables for locations: DPS locations and NOMIS internal locations (the mapping is core).

Each side keeps its own copy so the two can disagree. Attributes, usages and profiles are JSON
lists on their row: a location is always read whole, and a join per location would cost the
reconciliation benchmark one query per row.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dagster_project.sandbox.core.db import Base


class LocationSeedInfo(Base):
    """Marks the locations seed as done, so an old database gains it once."""

    __tablename__ = "location_seed_info"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seeded_at: Mapped[datetime] = mapped_column(DateTime)


class DpsLocation(Base):
    """A DPS location as `LegacyLocation` shows it; no capacity when `max_capacity` is null."""

    __tablename__ = "dps_locations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    prison_id: Mapped[str] = mapped_column(String(6), index=True)
    code: Mapped[str] = mapped_column(String(40))
    path_hierarchy: Mapped[str] = mapped_column(String(80))
    location_type: Mapped[str] = mapped_column(String(30))
    residential_housing_type: Mapped[str | None] = mapped_column(String(30))
    local_name: Mapped[str | None] = mapped_column(String(80))
    comments: Mapped[str | None] = mapped_column(String(240))
    ignore_working_capacity: Mapped[bool] = mapped_column(Boolean, default=False)
    max_capacity: Mapped[int | None] = mapped_column(Integer)
    working_capacity: Mapped[int | None] = mapped_column(Integer)
    certified_normal_accommodation: Mapped[int | None] = mapped_column(Integer)
    certified_cell: Mapped[bool | None] = mapped_column(Boolean)
    attributes: Mapped[list[str] | None] = mapped_column(JSON)
    usage: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    internal_movement_allowed: Mapped[bool | None] = mapped_column(Boolean)
    order_within_parent_location: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    deactivated_date: Mapped[date | None] = mapped_column(Date)
    deactivated_reason: Mapped[str | None] = mapped_column(String(30))
    proposed_reactivation_date: Mapped[date | None] = mapped_column(Date)
    permanently_deactivated: Mapped[bool] = mapped_column(Boolean, default=False)
    parent_id: Mapped[str | None] = mapped_column(String(36), index=True)
    last_modified_by: Mapped[str] = mapped_column(String(40))
    last_modified_date: Mapped[datetime] = mapped_column(DateTime)


class NomisLocation(Base):
    """A NOMIS internal location (``AGENCY_INTERNAL_LOCATIONS``), as the prisoner API shows it."""

    __tablename__ = "nomis_internal_locations"
    location_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    prison_id: Mapped[str] = mapped_column(String(6), index=True)
    location_type: Mapped[str] = mapped_column(String(6))
    location_code: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(240), index=True)
    parent_location_id: Mapped[int | None] = mapped_column(Integer)
    user_description: Mapped[str | None] = mapped_column(String(40))
    comment: Mapped[str | None] = mapped_column(String(240))
    unit_type: Mapped[str | None] = mapped_column(String(6))
    capacity: Mapped[int | None] = mapped_column(Integer)
    operational_capacity: Mapped[int | None] = mapped_column(Integer)
    cna_capacity: Mapped[int | None] = mapped_column(Integer)
    certified: Mapped[bool] = mapped_column(Boolean, default=False)
    list_sequence: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    deactivate_date: Mapped[date | None] = mapped_column(Date)
    reason_code: Mapped[str | None] = mapped_column(String(1))
    reactivate_date: Mapped[date | None] = mapped_column(Date)
    tracking: Mapped[bool] = mapped_column(Boolean, default=False)
    profiles: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    usages: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    create_datetime: Mapped[datetime] = mapped_column(DateTime)
    create_username: Mapped[str] = mapped_column(String(40))
    modify_username: Mapped[str | None] = mapped_column(String(40))
