"""SQLite tables of the incentives domain.

NOMIS keeps every IEP review as a sequence on the booking and per-prison level settings; DPS
keeps reviews, global levels (in DPS order) and prison levels; the mapping joins a DPS review
to its NOMIS (booking, sequence).
"""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dagster_project.sandbox.core.db import Base


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


class IncentiveMapping(Base):
    __tablename__ = "mapping_incentives"
    __table_args__ = (UniqueConstraint("nomis_booking_id", "nomis_incentive_sequence"),)
    incentive_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    nomis_booking_id: Mapped[int] = mapped_column(Integer)
    nomis_incentive_sequence: Mapped[int] = mapped_column(Integer)
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
