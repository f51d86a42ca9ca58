"""NOMIS prisoner API: delete a course activity, and the highest course schedule id.

Mounted under ``/nomis``; used by the duplicate-course-activity and preprod-refresh jobs.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse
from sqlalchemy import delete, func, select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.activities.tables import (
    NomisAllocation,
    NomisCourseActivity,
    NomisCourseSchedule,
)

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])


@router.delete("/activities/{courseActivityId}", status_code=204)
def delete_activity(
    course_activity_id: Annotated[int, Path(alias="courseActivityId")], state: StateDep
) -> Response:
    """Delete a course activity with its schedules and allocations; 404 if unknown."""
    with state.writing() as session:
        if session.get(NomisCourseActivity, course_activity_id) is None:
            raise ApiError(404, f"Course Activity with id={course_activity_id} does not exist")
        for table in (NomisCourseSchedule, NomisAllocation):
            session.execute(delete(table).where(table.course_activity_id == course_activity_id))
        session.execute(
            delete(NomisCourseActivity).where(
                NomisCourseActivity.course_activity_id == course_activity_id
            )
        )
        session.commit()
    return Response(status_code=204)


@router.get("/schedules/max-id")
def max_course_schedule_id(state: StateDep) -> JSONResponse:
    """The highest course schedule id NOMIS holds (0 when none)."""
    with state.reading() as session:
        highest = session.scalar(select(func.max(NomisCourseSchedule.course_schedule_id)))
    return JSONResponse(int(highest or 0))
