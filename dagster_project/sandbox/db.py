"""SQLite schema for the fake estate: NOMIS, the mapping service and the two DPS services.

Each service owns its own tables (prefixed ``nomis_``, ``mapping_``, ``dps_``) so that the
sandbox can hold the two sides in genuine disagreement, which is what reconciliation needs.
"""

import importlib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Time,
    UniqueConstraint,
    create_engine,
    event,
    inspect,
)
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import StaticPool


class Base(DeclarativeBase):
    """Declarative base shared by every sandbox table."""


class Prison(Base):
    __tablename__ = "prisons"
    prison_id: Mapped[str] = mapped_column(String(6), primary_key=True)
    description: Mapped[str] = mapped_column(String(60))


class Prisoner(Base):
    __tablename__ = "prisoners"
    offender_no: Mapped[str] = mapped_column(String(7), primary_key=True)
    booking_id: Mapped[int] = mapped_column(Integer, unique=True)
    prison_id: Mapped[str] = mapped_column(ForeignKey("prisons.prison_id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class NomisIncentive(Base):
    __tablename__ = "nomis_incentives"
    __table_args__ = (UniqueConstraint("booking_id", "sequence"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    booking_id: Mapped[int] = mapped_column(Integer, index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    iep_level: Mapped[str] = mapped_column(String(6))
    iep_date_time: Mapped[datetime] = mapped_column(DateTime)
    prison_id: Mapped[str] = mapped_column(String(6))
    user_id: Mapped[str | None] = mapped_column(String(40))
    comments: Mapped[str | None] = mapped_column(String(240))
    created: Mapped[datetime] = mapped_column(DateTime)


class NomisReferenceCode(Base):
    __tablename__ = "nomis_incentive_reference_codes"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    description: Mapped[str] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean)
    sequence: Mapped[int] = mapped_column(Integer)


class NomisPrisonLevel(Base):
    __tablename__ = "nomis_prison_incentive_levels"
    prison_id: Mapped[str] = mapped_column(String(6), primary_key=True)
    level_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    active: Mapped[bool] = mapped_column(Boolean)
    default_on_admission: Mapped[bool] = mapped_column(Boolean)
    visit_order_allowance: Mapped[int | None] = mapped_column(Integer)
    privileged_visit_order_allowance: Mapped[int | None] = mapped_column(Integer)
    remand_transfer_limit_in_pence: Mapped[int | None] = mapped_column(Integer)
    remand_spend_limit_in_pence: Mapped[int | None] = mapped_column(Integer)
    convicted_transfer_limit_in_pence: Mapped[int | None] = mapped_column(Integer)
    convicted_spend_limit_in_pence: Mapped[int | None] = mapped_column(Integer)


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


class IncentiveMapping(Base):
    __tablename__ = "mapping_incentives"
    __table_args__ = (UniqueConstraint("nomis_booking_id", "nomis_incentive_sequence"),)
    incentive_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    nomis_booking_id: Mapped[int] = mapped_column(Integer)
    nomis_incentive_sequence: Mapped[int] = mapped_column(Integer)
    mapping_type: Mapped[str] = mapped_column(String(20))
    label: Mapped[str | None] = mapped_column(String(20))
    when_created: Mapped[datetime] = mapped_column(DateTime)


class VisitMapping(Base):
    __tablename__ = "mapping_visits"
    nomis_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    vsip_id: Mapped[str] = mapped_column(String(40), unique=True)
    mapping_type: Mapped[str] = mapped_column(String(20))
    label: Mapped[str | None] = mapped_column(String(20))
    when_created: Mapped[datetime] = mapped_column(DateTime)


class DpsIncentiveReview(Base):
    __tablename__ = "dps_incentive_reviews"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    prisoner_number: Mapped[str] = mapped_column(String(7), index=True)
    booking_id: Mapped[int] = mapped_column(Integer)
    iep_code: Mapped[str] = mapped_column(String(6))
    iep_level: Mapped[str] = mapped_column(String(30))
    iep_date: Mapped[date] = mapped_column(Date)
    iep_time: Mapped[datetime] = mapped_column(DateTime)
    agency_id: Mapped[str] = mapped_column(String(6))
    user_id: Mapped[str | None] = mapped_column(String(40))
    comments: Mapped[str | None] = mapped_column(String(240))
    review_type: Mapped[str] = mapped_column(String(12))
    audit_module_name: Mapped[str] = mapped_column(String(40))
    is_real_review: Mapped[bool] = mapped_column(Boolean)


class DpsIncentiveLevel(Base):
    __tablename__ = "dps_incentive_levels"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(Boolean)
    required: Mapped[bool] = mapped_column(Boolean)
    sort_order: Mapped[int] = mapped_column(Integer)


class DpsPrisonLevel(Base):
    __tablename__ = "dps_prison_incentive_levels"
    prison_id: Mapped[str] = mapped_column(String(6), primary_key=True)
    level_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    level_name: Mapped[str] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(Boolean)
    default_on_admission: Mapped[bool] = mapped_column(Boolean)
    remand_transfer_limit_in_pence: Mapped[int] = mapped_column(Integer)
    remand_spend_limit_in_pence: Mapped[int] = mapped_column(Integer)
    convicted_transfer_limit_in_pence: Mapped[int] = mapped_column(Integer)
    convicted_spend_limit_in_pence: Mapped[int] = mapped_column(Integer)
    visit_orders: Mapped[int] = mapped_column(Integer)
    privileged_visit_orders: Mapped[int] = mapped_column(Integer)


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


def _enable_wal(dbapi_connection: Any, _record: Any) -> None:
    """Switch each new SQLite connection to WAL so readers never block the single writer."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create a SQLite engine usable from uvicorn's worker threads.

    An in-memory URL gets a single shared connection, otherwise every thread would see its
    own empty database. A file URL has its parent directory created for convenience.
    """
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        raise ValueError(f"the sandbox only supports SQLite URLs, got {parsed.drivername}")
    in_memory = parsed.database in (None, "", ":memory:")
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 30}}
    if in_memory:
        kwargs["poolclass"] = StaticPool
    elif parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _enable_wal)
    return engine


def _register_all_tables() -> None:
    """Import the modules that declare more tables on :class:`Base`.

    They import ``Base`` from here, so importing them at the top would be circular; doing it
    here guarantees that creating or dropping the schema never misses a table.
    """
    importlib.import_module("dagster_project.sandbox.db_activities")
    importlib.import_module("dagster_project.sandbox.db_adjustments")


def _schema_is_stale(engine: Engine) -> bool:
    """Whether an existing table lacks a column the models now declare (an older file DB)."""
    inspector = inspect(engine)
    existing = set(inspector.get_table_names())
    return any(
        column.name not in {c["name"] for c in inspector.get_columns(table.name)}
        for table in Base.metadata.sorted_tables
        if table.name in existing
        for column in table.columns
    )


def create_schema(engine: Engine) -> None:
    """Create missing tables; an older sandbox's DB (a column missing) is dropped to reseed."""
    _register_all_tables()
    if _schema_is_stale(engine):
        Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)


def drop_schema(engine: Engine) -> None:
    """Drop every sandbox table, used by ``reset``."""
    _register_all_tables()
    Base.metadata.drop_all(engine)
