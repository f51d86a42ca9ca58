"""NOMIS prisoner API: create and update course activities and their course schedules.

Mounted under ``/nomis``. The create answers every course schedule it made; the update keeps
course schedules the request does not mention (past sessions DPS no longer sends), updates
those with an ``id`` and creates those without, and answers the full list. Times come back
as ``HH:mm:ss``, which is why the sync compares them as clock times.
"""

from datetime import time
from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import NomisReferenceCode, Prison
from dagster_project.sandbox.domains.activities.nomis_course_models import (
    CourseScheduleRequest,
    CreateActivityRequest,
    CreateActivityResponse,
    CreateScheduledInstanceResponse,
    UpdateActivityRequest,
    UpdateCourseScheduleResponse,
)
from dagster_project.sandbox.domains.activities.tables import (
    NomisCourseActivity,
    NomisCourseSchedule,
)

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])

CourseActivityId = Annotated[int, Path(alias="courseActivityId")]
FIRST_NEW_COURSE_ACTIVITY_ID = 30_001


def hhmmss(value: time) -> str:
    """A clock time as NOMIS renders it."""
    return value.strftime("%H:%M:%S")


def _validate(session: Session, body: UpdateActivityRequest) -> None:
    if body.end_date is not None and body.end_date < body.start_date:
        raise ApiError(400, "End date must not be before start date")
    levels = set(session.scalars(select(NomisReferenceCode.code)))
    for rate in body.pay_rates:
        if rate.incentive_level not in levels:
            raise ApiError(400, f"Pay rate incentive level {rate.incentive_level} does not exist")
    times = [(s.start_time, s.end_time) for s in body.schedules]
    times += [(r.start_time, r.end_time) for r in body.schedule_rules]
    if any(time.fromisoformat(end) <= time.fromisoformat(start) for start, end in times):
        raise ApiError(400, "Schedule end time must be after start time")


def _apply(row: NomisCourseActivity, body: UpdateActivityRequest) -> None:
    row.description = body.description
    row.start_date = body.start_date
    row.end_date = body.end_date
    row.capacity = body.capacity
    row.internal_location_id = body.internal_location_id
    row.program_code = body.program_code
    row.pay_per_session = body.pay_per_session
    row.exclude_bank_holidays = body.exclude_bank_holidays
    row.outside_work = body.outside_work
    row.minimum_incentive_level_code = body.minimum_incentive_level_code
    row.pay_rates = [r.model_dump(mode="json", by_alias=True) for r in body.pay_rates]
    row.schedule_rules = [r.model_dump(mode="json", by_alias=True) for r in body.schedule_rules]


def _write_schedule(
    session: Session, activity_id: int, item: CourseScheduleRequest, row: NomisCourseSchedule | None
) -> NomisCourseSchedule:
    if row is None:
        next_id = session.scalar(select(func.max(NomisCourseSchedule.course_schedule_id)))
        row = NomisCourseSchedule(
            course_schedule_id=(next_id or 0) + 1, course_activity_id=activity_id
        )
        session.add(row)
    row.schedule_date = item.date
    row.start_time = time.fromisoformat(item.start_time)
    row.end_time = time.fromisoformat(item.end_time)
    row.cancelled = item.cancelled
    session.flush()
    return row


def _owned(session: Session, activity_id: int, schedule_id: int) -> NomisCourseSchedule | None:
    row = session.get(NomisCourseSchedule, schedule_id)
    return row if row is not None and row.course_activity_id == activity_id else None


def _reply(session: Session, activity_id: int) -> CreateActivityResponse:
    rows = session.scalars(
        select(NomisCourseSchedule)
        .where(NomisCourseSchedule.course_activity_id == activity_id)
        .order_by(NomisCourseSchedule.schedule_date, NomisCourseSchedule.start_time)
    )
    return CreateActivityResponse(
        course_activity_id=activity_id,
        course_schedules=[
            CreateScheduledInstanceResponse(
                course_schedule_id=r.course_schedule_id,
                date=r.schedule_date,
                start_time=hhmmss(r.start_time),
                end_time=hhmmss(r.end_time),
            )
            for r in rows
        ],
    )


@router.post("/activities")
def create_activity(body: CreateActivityRequest, state: StateDep) -> JSONResponse:
    """Create a course activity with its course schedules (201)."""
    with state.writing() as session:
        if session.get(Prison, body.prison_id) is None:
            raise ApiError(400, f"Prison with id={body.prison_id} does not exist")
        _validate(session, body)
        latest = session.scalar(select(func.max(NomisCourseActivity.course_activity_id)))
        row = NomisCourseActivity(
            course_activity_id=max(latest or 0, FIRST_NEW_COURSE_ACTIVITY_ID - 1) + 1,
            prison_id=body.prison_id,
            code=body.code,
        )
        _apply(row, body)
        session.add(row)
        for item in body.schedules:
            _write_schedule(session, row.course_activity_id, item, None)
        session.commit()
        reply = _reply(session, row.course_activity_id)
    return JSONResponse(reply.to_json(), 201)


@router.put("/activities/{courseActivityId}")
def update_activity(
    course_activity_id: CourseActivityId, body: UpdateActivityRequest, state: StateDep
) -> JSONResponse:
    """Update a course activity and upsert its course schedules; 404 if unknown."""
    with state.writing() as session:
        row = session.get(NomisCourseActivity, course_activity_id)
        if row is None:
            raise ApiError(404, f"Course Activity with id={course_activity_id} does not exist")
        _validate(session, body)
        _apply(row, body)
        for item in body.schedules:
            existing = None
            if item.id is not None:
                existing = _owned(session, course_activity_id, item.id)
                if existing is None:
                    raise ApiError(
                        400, f"Course schedule {item.id} not found on activity {course_activity_id}"
                    )
            _write_schedule(session, course_activity_id, item, existing)
        session.commit()
        reply = _reply(session, course_activity_id)
    return JSONResponse(reply.to_json())


@router.put("/activities/{courseActivityId}/schedule")
def update_course_schedule(
    course_activity_id: CourseActivityId, body: CourseScheduleRequest, state: StateDep
) -> JSONResponse:
    """Update one course schedule (``id`` required) of the activity; 404 if either is unknown."""
    if body.id is None:
        raise ApiError(400, "Course schedule id is required")
    if time.fromisoformat(body.end_time) <= time.fromisoformat(body.start_time):
        raise ApiError(400, "Schedule end time must be after start time")
    with state.writing() as session:
        if session.get(NomisCourseActivity, course_activity_id) is None:
            raise ApiError(404, f"Course Activity with id={course_activity_id} does not exist")
        existing = _owned(session, course_activity_id, body.id)
        if existing is None:
            raise ApiError(404, f"Course schedule with id={body.id} does not exist")
        _write_schedule(session, course_activity_id, body, existing)
        session.commit()
    return JSONResponse(UpdateCourseScheduleResponse(course_schedule_id=body.id).to_json())
