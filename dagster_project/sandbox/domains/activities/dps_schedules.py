"""DPS activities API: the schedule, activity and session reads the event sync maps to NOMIS.

Mounted under ``/activities``. ``earliestSessionDate`` drops earlier sessions (the sync sends
today); ``includeScheduledInstances=false`` drops them all from the activity's schedules.
"""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy import select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.activities.dps_schedule_views import (
    activity_view,
    instance_view,
    schedule_view,
)
from dagster_project.sandbox.domains.activities.tables import (
    DpsActivitySchedule,
    DpsScheduledInstance,
)

router = APIRouter(
    prefix="/activities", tags=["activities"], dependencies=[Depends(require_bearer)]
)

EarliestQuery = Annotated[date | None, Query(alias="earliestSessionDate")]


@router.get("/schedules/{scheduleId}")
def get_schedule(
    schedule_id: Annotated[int, Path(alias="scheduleId")],
    state: StateDep,
    earliest: EarliestQuery = None,
) -> JSONResponse:
    """One activity schedule with its sessions from ``earliestSessionDate``, or 404."""
    with state.reading() as session:
        row = session.get(DpsActivitySchedule, schedule_id)
        if row is None:
            raise ApiError(404, f"Activity Schedule {schedule_id} not found")
        return JSONResponse(schedule_view(session, row, earliest).to_json())


@router.get("/activities/{activityId}/filtered")
def get_activity(
    activity_id: Annotated[int, Path(alias="activityId")],
    state: StateDep,
    earliest: EarliestQuery = None,
    include_instances: Annotated[bool, Query(alias="includeScheduledInstances")] = True,
) -> JSONResponse:
    """One activity (pay rates, category, its schedule), or 404."""
    stmt = select(DpsActivitySchedule).where(DpsActivitySchedule.activity_id == activity_id)
    with state.reading() as session:
        row = session.scalars(stmt).first()
        if row is None:
            raise ApiError(404, f"Activity {activity_id} not found")
        return JSONResponse(activity_view(session, row, earliest, include_instances).to_json())


@router.get("/scheduled-instances/{instanceId}")
def get_scheduled_instance(
    instance_id: Annotated[int, Path(alias="instanceId")], state: StateDep
) -> JSONResponse:
    """One session with its schedule and activity, or 404."""
    with state.reading() as session:
        row = session.get(DpsScheduledInstance, instance_id)
        schedule = session.get(DpsActivitySchedule, row.schedule_id) if row else None
        if row is None or schedule is None:
            raise ApiError(404, f"Scheduled Instance {instance_id} not found")
        return JSONResponse(instance_view(session, row, schedule).to_json())
