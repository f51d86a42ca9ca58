"""The tables every domain shares: prisons, prisoners, IEP level codes, location mappings.

Prisoners are the estate itself (NOMIS owns them; every domain's rows hang off a booking).
The IEP level reference codes are NOMIS reference data: incentives syncs them, and activities
pay rates must name one, so neither domain owns them. Location mappings are served (and
written) by the locations domain, but activities seeds the mappings of its rooms, which its
schedules name by DPS location id.
"""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dagster_project.sandbox.core.db import Base


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


class NomisReferenceCode(Base):
    __tablename__ = "nomis_incentive_reference_codes"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    description: Mapped[str] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean)
    sequence: Mapped[int] = mapped_column(Integer)


class LocationMapping(Base):
    """A DPS location (UUID) and the NOMIS internal location it is."""

    __tablename__ = "mapping_locations"
    dps_location_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    nomis_location_id: Mapped[int] = mapped_column(Integer, unique=True)
    mapping_type: Mapped[str] = mapped_column(String(20))
    label: Mapped[str | None] = mapped_column(String(20))
    when_created: Mapped[datetime] = mapped_column(DateTime)
