"""The tables every domain shares: prisons, prisoners and NOMIS's incentive level codes.

Prisoners are the estate itself (NOMIS owns them; every domain's rows hang off a booking).
The IEP level reference codes are NOMIS reference data: incentives syncs them, and activities
pay rates must name one, so neither domain owns them.
"""

from sqlalchemy import Boolean, ForeignKey, Integer, String
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
