"""DPS activities API: reconciliation counts and the reads a repair needs.

Mounted under ``/activities``. Counts are per booking for allocations at the prison: ACTIVE
ones, or the suspended statuses; attendances are the ones with ``issuePayment`` on the date.
A repair finds a booking's allocations through ``prisoner-allocations`` and its attendances
through the integration API, then reads each one in the shape the sync maps into NOMIS.
"""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy import ColumnElement, func, select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import SandboxState, StateDep
from dagster_project.sandbox.domains.activities.dps_models import (
    AllocationReconciliationResponse,
    AttendanceReconciliationResponse,
    BookingCount,
    PrisonerAllocations,
)
from dagster_project.sandbox.domains.activities.dps_views import (
    allocation_view,
    attendance_sync_view,
    attendance_view,
)
from dagster_project.sandbox.domains.activities.seed_rows import SUSPENDED_STATUSES
from dagster_project.sandbox.domains.activities.tables import (
    DpsActivitySchedule,
    DpsAllocation,
    DpsAttendance,
    DpsScheduledInstance,
)

router = APIRouter(
    prefix="/activities", tags=["activities"], dependencies=[Depends(require_bearer)]
)

PrisonId = Annotated[str, Path(alias="prisonId")]


def _allocation_counts(
    state: SandboxState, prison_id: str, status: ColumnElement[bool]
) -> JSONResponse:
    stmt = (
        select(DpsAllocation.booking_id, func.count())
        .where(DpsAllocation.prison_code == prison_id, status)
        .group_by(DpsAllocation.booking_id)
        .order_by(DpsAllocation.booking_id)
    )
    with state.reading() as session:
        rows = session.execute(stmt).all()
    bookings = [BookingCount(booking_id=b, count=c) for b, c in rows]
    return JSONResponse(
        AllocationReconciliationResponse(prison_code=prison_id, bookings=bookings).to_json()
    )


@router.get("/synchronisation/reconciliation/allocations/{prisonId}")
def allocation_counts(prison_id: PrisonId, state: StateDep) -> JSONResponse:
    """ACTIVE allocations per booking at the prison."""
    return _allocation_counts(state, prison_id, DpsAllocation.status == "ACTIVE")


@router.get("/synchronisation/reconciliation/suspended-allocations/{prisonId}")
def suspended_allocation_counts(prison_id: PrisonId, state: StateDep) -> JSONResponse:
    """Suspended (any flavour) allocations per booking at the prison."""
    return _allocation_counts(state, prison_id, DpsAllocation.status.in_(SUSPENDED_STATUSES))


@router.get("/synchronisation/reconciliation/attendances/{prisonId}")
def attendance_counts(
    prison_id: PrisonId, on: Annotated[date, Query(alias="date")], state: StateDep
) -> JSONResponse:
    """Paid attendances per booking at the prison on the date."""
    stmt = (
        select(DpsAttendance.booking_id, func.count())
        .where(
            DpsAttendance.prison_code == prison_id,
            DpsAttendance.session_date == on,
            DpsAttendance.issue_payment.is_(True),
        )
        .group_by(DpsAttendance.booking_id)
        .order_by(DpsAttendance.booking_id)
    )
    with state.reading() as session:
        rows = session.execute(stmt).all()
    bookings = [BookingCount(booking_id=b, count=c) for b, c in rows]
    reply = AttendanceReconciliationResponse(prison_code=prison_id, date=on, bookings=bookings)
    return JSONResponse(reply.to_json())


@router.get("/allocations/id/{allocationId}")
def get_allocation(
    allocation_id: Annotated[int, Path(alias="allocationId")], state: StateDep
) -> JSONResponse:
    """One allocation by id, or 404."""
    with state.reading() as session:
        row = session.get(DpsAllocation, allocation_id)
        schedule = session.get(DpsActivitySchedule, row.schedule_id) if row else None
        if row is None or schedule is None:
            raise ApiError(404, f"Allocation {allocation_id} not found")
        return JSONResponse(allocation_view(row, schedule).to_json())


@router.post("/prisons/{prisonCode}/prisoner-allocations")
def prisoner_allocations(
    prison_code: Annotated[str, Path(alias="prisonCode")],
    prisoner_numbers: Annotated[list[str], Body()],
    state: StateDep,
    active_only: Annotated[bool, Query(alias="activeOnly")] = True,
) -> JSONResponse:
    """The prisoners' allocations at the prison (not ENDED ones unless ``activeOnly=false``)."""
    stmt = (
        select(DpsAllocation, DpsActivitySchedule)
        .join(DpsActivitySchedule, DpsActivitySchedule.id == DpsAllocation.schedule_id)
        .where(
            DpsAllocation.prison_code == prison_code,
            DpsAllocation.prisoner_number.in_(set(prisoner_numbers)),
        )
        .order_by(DpsAllocation.prisoner_number, DpsAllocation.id)
    )
    if active_only:
        stmt = stmt.where(DpsAllocation.status != "ENDED")
    grouped: dict[str, PrisonerAllocations] = {}
    with state.reading() as session:
        for row, schedule in session.execute(stmt).all():
            group = grouped.setdefault(
                row.prisoner_number,
                PrisonerAllocations(prisoner_number=row.prisoner_number, allocations=[]),
            )
            group.allocations.append(allocation_view(row, schedule))
    return JSONResponse([group.to_json() for group in grouped.values()])


@router.get("/synchronisation/attendance/{attendanceId}")
def get_attendance_sync(
    attendance_id: Annotated[int, Path(alias="attendanceId")], state: StateDep
) -> JSONResponse:
    """One attendance with its session details, as the sync reads it, or 404."""
    with state.reading() as session:
        row = session.get(DpsAttendance, attendance_id)
        instance = session.get(DpsScheduledInstance, row.scheduled_instance_id) if row else None
        if row is None or instance is None:
            raise ApiError(404, f"Attendance {attendance_id} not found")
        return JSONResponse(attendance_sync_view(row, instance).to_json())


@router.get("/integration-api/attendances/prisoner/{prisonerNumber}")
def prisoner_attendances(
    prisoner_number: Annotated[str, Path(alias="prisonerNumber")],
    start_date: Annotated[date, Query(alias="startDate")],
    end_date: Annotated[date, Query(alias="endDate")],
    state: StateDep,
    prison_code: Annotated[str | None, Query(alias="prisonCode")] = None,
) -> JSONResponse:
    """A prisoner's attendances for sessions in the date range, optionally at one prison."""
    if end_date < start_date:
        raise ApiError(400, "Validation failure: endDate must not be before startDate")
    stmt = (
        select(DpsAttendance)
        .where(
            DpsAttendance.prisoner_number == prisoner_number,
            DpsAttendance.session_date >= start_date,
            DpsAttendance.session_date <= end_date,
        )
        .order_by(DpsAttendance.session_date, DpsAttendance.id)
    )
    if prison_code:
        stmt = stmt.where(DpsAttendance.prison_code == prison_code)
    with state.reading() as session:
        rows = session.scalars(stmt).all()
    return JSONResponse([attendance_view(row).to_json() for row in rows])
