"""Admin API: raw activities rows on both sides, and the planted disagreements.

Not HMPPS endpoints: a test plants nothing itself, it reads ``/sandbox/planted`` (with dates
made concrete from the seed day), reconciles, repairs, and then checks here exactly which
NOMIS rows the repair wrote.
"""

from datetime import date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel
from sqlalchemy import select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.activities.seed_data import (
    PLANTED_ACTIVITY_MISMATCHES,
    PLANTED_ELSEWHERE,
    PlantedActivityMismatch,
)
from dagster_project.sandbox.domains.activities.tables import (
    ActivitySeedInfo,
    DpsAllocation,
    DpsAttendance,
    NomisAllocation,
    NomisAttendance,
)
from dagster_project.sandbox.settings import SandboxSettings

router = APIRouter(tags=["sandbox"])

BookingQuery = Annotated[int | None, Query(alias="bookingId")]
DateQuery = Annotated[date | None, Query(alias="date")]


class _Row(BaseModel):
    """Admin rows show every column in camelCase, nulls included, so tests can assert them."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    def to_json(self) -> dict[str, Any]:
        """Render with camelCase keys, keeping null fields."""
        return self.model_dump(mode="json", by_alias=True)


class NomisAllocationRow(_Row):
    offender_program_reference_id: int
    booking_id: int
    course_activity_id: int
    prison_id: str
    program_status: str
    suspended: bool
    start_date: date
    end_date: date | None
    pay_band_code: str | None
    end_reason: str | None
    end_comment: str | None
    suspended_comment: str | None
    exclusions: list[dict[str, Any]]


class NomisAttendanceRow(_Row):
    event_id: int
    course_schedule_id: int
    course_activity_id: int
    booking_id: int
    prison_id: str
    event_date: date
    start_time: time
    end_time: time
    event_status_code: str
    event_outcome_code: str | None
    comments: str | None
    unexcused_absence: bool
    authorised_absence: bool
    paid: bool
    bonus_pay: float | None
    paid_transaction_id: int | None


class DpsAllocationRow(_Row):
    id: int
    prisoner_number: str
    booking_id: int
    schedule_id: int
    prison_code: str
    status: str
    start_date: date
    end_date: date | None
    pay_band: int | None
    allocated_time: datetime
    deallocated_time: datetime | None
    deallocated_reason: str | None
    suspended_time: datetime | None
    suspended_reason: str | None
    exclusions: list[dict[str, Any]]


class DpsAttendanceRow(_Row):
    id: int
    scheduled_instance_id: int
    schedule_id: int
    prison_code: str
    session_date: date
    prisoner_number: str
    booking_id: int
    attendance_reason_code: str | None
    status: str
    issue_payment: bool | None
    comment: str | None


class PlantedRow(CamelModel):
    nullable_fields = frozenset({"date"})

    reconciliation: str
    prison_id: str
    booking_id: int
    offender_no: str
    kind: str
    nomis_count: int
    dps_count: int
    date: date | None


def _rows(state: StateDep, model: type[_Row], stmt: Any) -> JSONResponse:
    with state.reading() as session:
        rows = [model.model_validate(r, from_attributes=True) for r in session.scalars(stmt)]
    return JSONResponse([r.to_json() for r in rows])


@router.get("/nomis/allocations")
def nomis_allocations(state: StateDep, booking_id: BookingQuery = None) -> JSONResponse:
    """NOMIS allocations (ended and suspended ones too) by reference id."""
    stmt = select(NomisAllocation).order_by(NomisAllocation.offender_program_reference_id)
    if booking_id is not None:
        stmt = stmt.where(NomisAllocation.booking_id == booking_id)
    return _rows(state, NomisAllocationRow, stmt)


@router.get("/nomis/attendances")
def nomis_attendances(
    state: StateDep, booking_id: BookingQuery = None, on: DateQuery = None
) -> JSONResponse:
    """NOMIS attendances by date then event id, optionally for one booking and/or date."""
    stmt = select(NomisAttendance).order_by(NomisAttendance.event_date, NomisAttendance.event_id)
    if booking_id is not None:
        stmt = stmt.where(NomisAttendance.booking_id == booking_id)
    if on is not None:
        stmt = stmt.where(NomisAttendance.event_date == on)
    return _rows(state, NomisAttendanceRow, stmt)


@router.get("/dps/allocations")
def dps_allocations(state: StateDep, booking_id: BookingQuery = None) -> JSONResponse:
    """DPS allocations (every status) by id."""
    stmt = select(DpsAllocation).order_by(DpsAllocation.id)
    if booking_id is not None:
        stmt = stmt.where(DpsAllocation.booking_id == booking_id)
    return _rows(state, DpsAllocationRow, stmt)


@router.get("/dps/attendances")
def dps_attendances(
    state: StateDep, booking_id: BookingQuery = None, on: DateQuery = None
) -> JSONResponse:
    """DPS attendances by session date then id, optionally for one booking and/or date."""
    stmt = select(DpsAttendance).order_by(DpsAttendance.session_date, DpsAttendance.id)
    if booking_id is not None:
        stmt = stmt.where(DpsAttendance.booking_id == booking_id)
    if on is not None:
        stmt = stmt.where(DpsAttendance.session_date == on)
    return _rows(state, DpsAttendanceRow, stmt)


def _planted(mismatch: PlantedActivityMismatch, seeded_on: date) -> dict[str, Any]:
    return PlantedRow(
        reconciliation=mismatch.reconciliation,
        prison_id=mismatch.prison_id,
        booking_id=mismatch.booking_id,
        offender_no=mismatch.offender_no,
        kind=mismatch.kind,
        nomis_count=mismatch.nomis_count,
        dps_count=mismatch.dps_count,
        date=mismatch.report_date(seeded_on),
    ).to_json()


def planted_activities(session: Session, settings: SandboxSettings) -> dict[str, Any]:
    """The seed day and activities' part of ``GET /sandbox/planted``.

    Attendance dates are made concrete from the day the activities were seeded.
    """
    info = session.get(ActivitySeedInfo, 1)
    seeded_on = info.seeded_on if info else date.today()
    plant = settings.plant_mismatches
    return {
        "seededOn": seeded_on.isoformat(),
        "activityMismatches": [
            _planted(m, seeded_on) for m in (PLANTED_ACTIVITY_MISMATCHES if plant else ())
        ],
        "elsewhere": [_planted(m, seeded_on) for m in (PLANTED_ELSEWHERE if plant else ())],
    }
