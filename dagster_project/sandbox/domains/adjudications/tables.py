"""SQLite tables for adjudications: DPS charges, NOMIS adjudications and awards, merges, mappings.

A DPS charge is kept in an internal form (hearings, outcomes by hearing id, punishments) and
rendered as `ReportedAdjudicationDto` on read; a NOMIS adjudication is one JSON document
(incident, charges with their referral results, hearings with their results); NOMIS awards are
rows of their own, keyed by booking and sanction sequence as NOMIS keys them.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dagster_project.sandbox.core.db import Base


class AdjudicationSeedInfo(Base):
    __tablename__ = "adjudication_seed_info"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seeded_at: Mapped[datetime] = mapped_column(DateTime)


class AdjudicationCounter(Base):
    """Id sequences: DPS charge numbers, hearing and punishment ids, NOMIS hearing ids."""

    __tablename__ = "adjudication_counters"
    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class DpsCharge(Base):
    __tablename__ = "dps_adjudication_charges"
    charge_number: Mapped[str] = mapped_column(String(20), primary_key=True)
    booking_id: Mapped[int] = mapped_column(Integer, index=True)
    prisoner_number: Mapped[str] = mapped_column(String(7), index=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class NomisAdjudication(Base):
    __tablename__ = "nomis_adjudications"
    adjudication_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    offender_no: Mapped[str] = mapped_column(String(7), index=True)
    booking_id: Mapped[int] = mapped_column(Integer, index=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class NomisAward(Base):
    """One NOMIS award (sanction) of a charge."""

    __tablename__ = "nomis_adjudication_awards"
    booking_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sanction_sequence: Mapped[int] = mapped_column(Integer, primary_key=True)
    adjudication_number: Mapped[int] = mapped_column(Integer, index=True)
    charge_sequence: Mapped[int] = mapped_column(Integer)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class NomisMerge(Base):
    """A NOMIS merge as `GET /prisoners/{offenderNo}/merges` answers it."""

    __tablename__ = "nomis_adjudication_merges"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offender_no: Mapped[str] = mapped_column(String(7), index=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class ChargeMappingRow(Base):
    __tablename__ = "mapping_adjudication_charges"
    charge_number: Mapped[str] = mapped_column(String(20), primary_key=True)
    adjudication_number: Mapped[int] = mapped_column(Integer, index=True)
    charge_sequence: Mapped[int] = mapped_column(Integer)
    mapping_type: Mapped[str] = mapped_column(String(20))
    when_created: Mapped[datetime] = mapped_column(DateTime)


class HearingMappingRow(Base):
    __tablename__ = "mapping_adjudication_hearings"
    dps_hearing_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    nomis_hearing_id: Mapped[int] = mapped_column(Integer, unique=True)
    mapping_type: Mapped[str] = mapped_column(String(20))
    when_created: Mapped[datetime] = mapped_column(DateTime)


class PunishmentMappingRow(Base):
    __tablename__ = "mapping_adjudication_punishments"
    dps_punishment_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    nomis_booking_id: Mapped[int] = mapped_column(Integer)
    nomis_sanction_sequence: Mapped[int] = mapped_column(Integer)
    mapping_type: Mapped[str] = mapped_column(String(20))
    when_created: Mapped[datetime] = mapped_column(DateTime)
