"""Admin API: a NOMIS course activity as stored, with its course schedules.

Not an HMPPS endpoint: a test reads it to check exactly what a create or update wrote (pay
rates and schedule rules as sent, every course schedule with ``HH:mm:ss`` times).
"""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from sqlalchemy import select

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.activities.nomis_courses import hhmmss
from dagster_project.sandbox.domains.activities.tables import (
    NomisCourseActivity,
    NomisCourseSchedule,
)

router = APIRouter(tags=["sandbox"])


class CourseScheduleRow(CamelModel):
    course_schedule_id: int
    date: date
    start_time: str
    end_time: str
    cancelled: bool


class CourseActivityRow(CamelModel):
    nullable_fields = frozenset(
        {
            "start_date",
            "end_date",
            "capacity",
            "internal_location_id",
            "program_code",
            "pay_per_session",
            "minimum_incentive_level_code",
        }
    )

    course_activity_id: int
    prison_id: str
    code: str
    description: str
    start_date: date | None
    end_date: date | None
    capacity: int | None
    internal_location_id: int | None
    program_code: str | None
    pay_per_session: str | None
    exclude_bank_holidays: bool
    outside_work: bool
    minimum_incentive_level_code: str | None
    pay_rates: list[dict[str, Any]]
    schedule_rules: list[dict[str, Any]]
    schedules: list[CourseScheduleRow]


@router.get("/nomis/course-activities/{courseActivityId}")
def course_activity(
    course_activity_id: Annotated[int, Path(alias="courseActivityId")], state: StateDep
) -> JSONResponse:
    """The course activity with pay rates, rules and schedules (by date), or 404."""
    with state.reading() as session:
        row = session.get(NomisCourseActivity, course_activity_id)
        if row is None:
            raise ApiError(404, f"Course Activity with id={course_activity_id} does not exist")
        schedules = session.scalars(
            select(NomisCourseSchedule)
            .where(NomisCourseSchedule.course_activity_id == course_activity_id)
            .order_by(NomisCourseSchedule.schedule_date, NomisCourseSchedule.start_time)
        )
        body = CourseActivityRow.model_validate(
            {
                **{c.key: getattr(row, c.key) for c in NomisCourseActivity.__table__.columns},
                "schedules": [
                    CourseScheduleRow(
                        course_schedule_id=s.course_schedule_id,
                        date=s.schedule_date,
                        start_time=hhmmss(s.start_time),
                        end_time=hhmmss(s.end_time),
                        cancelled=s.cancelled,
                    )
                    for s in schedules
                ],
            }
        )
    return JSONResponse(body.to_json())
