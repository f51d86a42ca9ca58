"""Admin API: allocate prisoners and record attendances in DPS as a DPS user would.

Answers are in the shape of the DPS GETs the sync reads (``Allocation`` from
``/allocations/id/{id}``, ``AttendanceSync`` from ``/synchronisation/attendance/{id}``), so
a caller can publish the matching ``activities.prisoner.*`` event and compare.
"""

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from dagster_project.sandbox.core.common import CamelModel, now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.activities.dps_models import (
    ATTENDANCE_REASONS,
    AllocationStatus,
)
from dagster_project.sandbox.domains.activities.dps_views import (
    allocation_view,
    attendance_sync_view,
)
from dagster_project.sandbox.domains.activities.seed_rows import (
    DEALLOCATION_REASON,
    SUSPENDED_STATUSES,
    SUSPENSION_REASON,
)
from dagster_project.sandbox.domains.activities.tables import (
    DpsActivitySchedule,
    DpsAllocation,
    DpsAttendance,
    DpsScheduledInstance,
)

router = APIRouter(prefix="/dps", tags=["sandbox"])

AttendanceStatus = Annotated[str, Field(pattern=r"^(WAITING|COMPLETED|LOCKED)$")]
AttendanceIdPath = Annotated[int, Path(alias="attendanceId")]


class NewAllocation(CamelModel):
    prisoner_number: str = Field(pattern=r"^[A-Z0-9]{7}$")
    schedule_id: int
    status: AllocationStatus = "ACTIVE"
    start_date: date | None = None
    end_date: date | None = None
    pay_band: int | None = Field(default=1, ge=1, le=10)


class AllocationChange(CamelModel):
    status: AllocationStatus | None = None
    end_date: date | None = None


class NewAttendance(CamelModel):
    scheduled_instance_id: int
    prisoner_number: str = Field(pattern=r"^[A-Z0-9]{7}$")
    status: AttendanceStatus = "WAITING"
    attendance_reason_code: str | None = None
    issue_payment: bool | None = None
    comment: str | None = None


class AttendanceChange(CamelModel):
    status: AttendanceStatus | None = None
    attendance_reason_code: str | None = None
    issue_payment: bool | None = None
    comment: str | None = None


def _next(session: Session, column: InstrumentedAttribute[int]) -> int:
    return (session.scalar(select(func.max(column))) or 0) + 1


def _apply_status(row: DpsAllocation, status: str, now: datetime) -> None:
    row.status = status
    ended = status == "ENDED"
    row.deallocated_time = (row.deallocated_time or now) if ended else None
    row.deallocated_reason = DEALLOCATION_REASON[0] if ended else None
    if ended and row.end_date is None:
        row.end_date = now.date()
    suspended = status in SUSPENDED_STATUSES
    row.suspended_time = (row.suspended_time or now) if suspended else None
    row.suspended_reason = SUSPENSION_REASON if suspended else None


def _allocation_answer(session: Session, row: DpsAllocation, status: int = 200) -> JSONResponse:
    schedule = session.get(DpsActivitySchedule, row.schedule_id)
    assert schedule is not None
    return JSONResponse(allocation_view(row, schedule).to_json(), status)


@router.post("/allocations", status_code=201)
def create_allocation(body: NewAllocation, state: StateDep) -> JSONResponse:
    """Allocate a prisoner to a schedule (at the schedule's prison)."""
    with state.writing() as session:
        prisoner = session.get(Prisoner, body.prisoner_number)
        schedule = session.get(DpsActivitySchedule, body.schedule_id)
        if prisoner is None or schedule is None:
            raise ApiError(404, "Prisoner or activity schedule not found")
        now = now_local()
        row = DpsAllocation(
            id=_next(session, DpsAllocation.id),
            prisoner_number=prisoner.offender_no,
            booking_id=prisoner.booking_id,
            schedule_id=schedule.id,
            prison_code=schedule.prison_code,
            start_date=body.start_date or now.date(),
            end_date=body.end_date,
            pay_band=body.pay_band,
            allocated_time=now,
            exclusions=[],
        )
        _apply_status(row, body.status, now)
        session.add(row)
        session.commit()
        return _allocation_answer(session, row, 201)


@router.put("/allocations/{allocationId}")
def change_allocation(
    allocation_id: Annotated[int, Path(alias="allocationId")],
    body: AllocationChange,
    state: StateDep,
) -> JSONResponse:
    """Change an allocation's status and/or end date (ENDED deallocates it), or 404."""
    with state.writing() as session:
        row = session.get(DpsAllocation, allocation_id)
        if row is None:
            raise ApiError(404, f"Allocation {allocation_id} not found")
        if "end_date" in body.model_fields_set:
            row.end_date = body.end_date
        if body.status is not None:
            _apply_status(row, body.status, now_local())
        session.commit()
        return _allocation_answer(session, row)


def _check_reason(code: str | None) -> None:
    if code is not None and code not in ATTENDANCE_REASONS:
        raise ApiError(400, f"Attendance reason {code} not found")


def _attendance_answer(session: Session, row: DpsAttendance, status: int = 200) -> JSONResponse:
    instance = session.get(DpsScheduledInstance, row.scheduled_instance_id)
    assert instance is not None
    return JSONResponse(attendance_sync_view(row, instance).to_json(), status)


@router.post("/attendances", status_code=201)
def create_attendance(body: NewAttendance, state: StateDep) -> JSONResponse:
    """Record a prisoner's attendance at a session (one per prisoner and session)."""
    _check_reason(body.attendance_reason_code)
    with state.writing() as session:
        prisoner = session.get(Prisoner, body.prisoner_number)
        instance = session.get(DpsScheduledInstance, body.scheduled_instance_id)
        schedule = session.get(DpsActivitySchedule, instance.schedule_id) if instance else None
        if prisoner is None or instance is None or schedule is None:
            raise ApiError(404, "Prisoner or scheduled instance not found")
        clash = session.scalars(
            select(DpsAttendance).where(
                DpsAttendance.scheduled_instance_id == instance.id,
                DpsAttendance.prisoner_number == prisoner.offender_no,
            )
        ).first()
        if clash is not None:
            raise ApiError(409, f"Attendance {clash.id} already exists", more_info=str(clash.id))
        row = DpsAttendance(
            id=_next(session, DpsAttendance.id),
            scheduled_instance_id=instance.id,
            schedule_id=schedule.id,
            prison_code=schedule.prison_code,
            session_date=instance.session_date,
            prisoner_number=prisoner.offender_no,
            booking_id=prisoner.booking_id,
            attendance_reason_code=body.attendance_reason_code,
            status=body.status,
            issue_payment=body.issue_payment,
            comment=body.comment,
            recorded_time=now_local() if body.status != "WAITING" else None,
        )
        session.add(row)
        session.commit()
        return _attendance_answer(session, row, 201)


@router.put("/attendances/{attendanceId}")
def change_attendance(
    attendance_id: AttendanceIdPath, body: AttendanceChange, state: StateDep
) -> JSONResponse:
    """Change an attendance's status, reason, payment or comment (``null`` clears), or 404."""
    _check_reason(body.attendance_reason_code)
    changes = body.model_dump(exclude_unset=True)
    if changes.get("status", "") is None:
        raise ApiError(400, "status cannot be null")
    with state.writing() as session:
        row = session.get(DpsAttendance, attendance_id)
        if row is None:
            raise ApiError(404, f"Attendance {attendance_id} not found")
        for name, value in changes.items():
            setattr(row, name, value)
        if row.status != "WAITING":
            row.recorded_time = now_local()
        session.commit()
        return _attendance_answer(session, row)


@router.delete("/attendances/{attendanceId}", status_code=204)
def delete_attendance(attendance_id: AttendanceIdPath, state: StateDep) -> Response:
    """Delete an attendance, or 404."""
    with state.writing() as session:
        row = session.get(DpsAttendance, attendance_id)
        if row is None:
            raise ApiError(404, f"Attendance {attendance_id} not found")
        session.delete(row)
        session.commit()
    return Response(status_code=204)
