"""NOMIS prisoner API: the activities upserts (and attendance delete) a repair writes.

Mounted under ``/nomis``. An allocation is unique per (course activity, booking) and an
attendance per (course schedule, booking), so a repeated upsert replaces rather than adds —
it changes exactly what the reconciliation counts in ``nomis_activity_counts`` see.

Two of the real NOMIS refusals are served, because the sync must live with them (400 with an
``errorCode``, as NOMIS's ``BadRequestError``):

- 1001: the attendance was already paid by the NOMIS payroll (``paid_transaction_id`` set, by
  ``POST /sandbox/nomis/payroll``), so it can no longer change;
- 1002: a new attendance for a booking whose allocation to the course ended before the session
  and who is now in another prison (moved with ``PUT /sandbox/prisoners/{offenderNo}/prison``).

The real NOMIS also refuses, without an error code, an attendance for a booking with no
allocation to the course, or one whose allocation ended but who is still in the prison; the
sandbox accepts those, so seeded sessions stay writable without an allocation per booking.
"""

from datetime import time
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.activities.nomis_models import (
    UpsertAllocationRequest,
    UpsertAllocationResponse,
    UpsertAttendanceRequest,
    UpsertAttendanceResponse,
)
from dagster_project.sandbox.domains.activities.tables import (
    NomisAllocation,
    NomisAttendance,
    NomisCourseActivity,
    NomisCourseSchedule,
)

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])

PROGRAM_STATUSES = frozenset({"ALLOC", "END"})
ATTENDANCE_PAID = 1001  # NOMIS BadRequestError.ATTENDANCE_PAID
PRISONER_MOVED_ALLOCATION_ENDED = 1002  # NOMIS BadRequestError.PRISONER_MOVED_ALLOCATION_ENDED
CourseScheduleId = Annotated[int, Path(alias="courseScheduleId")]
BookingId = Annotated[int, Path(alias="bookingId")]


def _booking(session: Session, booking_id: int) -> Prisoner | None:
    return session.scalar(select(Prisoner).where(Prisoner.booking_id == booking_id))


def _booking_exists(session: Session, booking_id: int) -> bool:
    return _booking(session, booking_id) is not None


def _refuse_after_move(
    session: Session, schedule: NomisCourseSchedule, prisoner: Prisoner, prison_id: str
) -> None:
    """1002: a new attendance after the allocation ended, the prisoner now elsewhere."""
    allocation = session.scalar(
        select(NomisAllocation).where(
            NomisAllocation.course_activity_id == schedule.course_activity_id,
            NomisAllocation.booking_id == prisoner.booking_id,
        )
    )
    if allocation is None or allocation.end_date is None:
        return
    location = prisoner.prison_id if prisoner.active else "OUT"
    if allocation.end_date < schedule.schedule_date and location != prison_id:
        raise ApiError(
            400,
            f"Cannot create an attendance for allocation "
            f"{allocation.offender_program_reference_id} after its end date of "
            f"{allocation.end_date} with prisoner now in location {location}",
            error_code=PRISONER_MOVED_ALLOCATION_ENDED,
        )


def _attendance(
    session: Session, course_schedule_id: int, booking_id: int
) -> NomisAttendance | None:
    return session.scalar(
        select(NomisAttendance).where(
            NomisAttendance.course_schedule_id == course_schedule_id,
            NomisAttendance.booking_id == booking_id,
        )
    )


@router.put("/activities/{courseActivityId}/allocation")
def upsert_allocation(
    course_activity_id: Annotated[int, Path(alias="courseActivityId")],
    body: UpsertAllocationRequest,
    state: StateDep,
) -> JSONResponse:
    """Create or replace the booking's allocation to the course activity."""
    with state.writing() as session:
        activity = session.get(NomisCourseActivity, course_activity_id)
        if activity is None:
            raise ApiError(404, f"Course Activity with id={course_activity_id} does not exist")
        if not _booking_exists(session, body.booking_id):
            raise ApiError(400, f"Booking with id={body.booking_id} does not exist")
        if body.program_status_code not in PROGRAM_STATUSES:
            raise ApiError(400, f"Program status code={body.program_status_code} does not exist")
        row = session.scalar(
            select(NomisAllocation).where(
                NomisAllocation.course_activity_id == course_activity_id,
                NomisAllocation.booking_id == body.booking_id,
            )
        )
        created = row is None
        if row is None:
            row = NomisAllocation(
                booking_id=body.booking_id,
                course_activity_id=course_activity_id,
                prison_id=activity.prison_id,
            )
            session.add(row)
        row.program_status = body.program_status_code
        row.suspended = bool(body.suspended)
        row.start_date = body.start_date
        row.end_date = body.end_date
        row.pay_band_code = body.pay_band_code
        row.end_reason = body.end_reason
        row.end_comment = body.end_comment
        row.suspended_comment = body.suspended_comment
        row.exclusions = [e.to_json() for e in body.exclusions or []]
        session.commit()
        reply = UpsertAllocationResponse(
            offender_program_reference_id=row.offender_program_reference_id,
            created=created,
            prison_id=activity.prison_id,
        )
    return JSONResponse(reply.to_json())


@router.put("/schedules/{courseScheduleId}/booking/{bookingId}/attendance")
def upsert_attendance(
    course_schedule_id: CourseScheduleId,
    booking_id: BookingId,
    body: UpsertAttendanceRequest,
    state: StateDep,
) -> JSONResponse:
    """Create or replace the booking's attendance at the course schedule (1001/1002: module)."""
    with state.writing() as session:
        schedule = session.get(NomisCourseSchedule, course_schedule_id)
        if schedule is None:
            raise ApiError(404, f"Course schedule with id={course_schedule_id} does not exist")
        prisoner = _booking(session, booking_id)
        if prisoner is None:
            raise ApiError(404, f"Booking with id={booking_id} does not exist")
        activity = session.get(NomisCourseActivity, schedule.course_activity_id)
        prison_id = activity.prison_id if activity else ""
        row = _attendance(session, course_schedule_id, booking_id)
        if row is not None and row.paid_transaction_id is not None:
            raise ApiError(
                400,
                f"Attendance {row.event_id} cannot be changed after it has already been paid",
                error_code=ATTENDANCE_PAID,
            )
        created = row is None
        if row is None:
            _refuse_after_move(session, schedule, prisoner, prison_id)
            row = NomisAttendance(
                course_schedule_id=course_schedule_id,
                course_activity_id=schedule.course_activity_id,
                booking_id=booking_id,
                prison_id=prison_id,
            )
            session.add(row)
        row.event_date = body.schedule_date
        row.start_time = time.fromisoformat(body.start_time)
        row.end_time = time.fromisoformat(body.end_time)
        row.event_status_code = body.event_status_code
        row.event_outcome_code = body.event_outcome_code
        row.comments = body.comments
        row.unexcused_absence = body.unexcused_absence
        row.authorised_absence = body.authorised_absence
        row.paid = body.paid
        row.bonus_pay = body.bonus_pay
        session.commit()
        reply = UpsertAttendanceResponse(
            event_id=row.event_id,
            course_schedule_id=course_schedule_id,
            created=created,
            prison_id=prison_id,
        )
    return JSONResponse(reply.to_json())


@router.delete("/schedules/{courseScheduleId}/booking/{bookingId}/attendance", status_code=204)
def delete_attendance(
    course_schedule_id: CourseScheduleId, booking_id: BookingId, state: StateDep
) -> Response:
    """Delete the booking's attendance at the course schedule, or 404 if there is none."""
    with state.writing() as session:
        row = _attendance(session, course_schedule_id, booking_id)
        if row is None:
            where = f"course schedule {course_schedule_id} and booking {booking_id}"
            raise ApiError(404, f"Attendance for {where} not found")
        session.delete(row)
        session.commit()
    return Response(status_code=204)
