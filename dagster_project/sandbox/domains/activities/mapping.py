"""NOMIS mapping service: activity schedule and scheduled instance look-ups.

Mounted under ``/mapping-api``. A repair needs the NOMIS course activity of a DPS schedule
(to upsert an allocation) and the NOMIS course schedule of a DPS session (to upsert an
attendance); both are 404 when the id was never mapped.

Spec quirk: the scheduled-instance look-up is documented as answering an ``ActivityMappingDto``
(the parent) while the real service answers the child ``ActivityScheduleMappingDto``. The
sandbox sends one body that is both: the child's fields plus its parent's, whose
``scheduledInstanceMappings`` holds just that child. ``ACTIVITY_CREATED`` is valid for both.
"""

from datetime import datetime
from typing import Annotated, Literal, cast

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse
from pydantic import field_serializer
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.activities.tables import (
    ActivityMapping,
    ScheduledInstanceMapping,
)

router = APIRouter(prefix="/mapping-api", tags=["mapping"], dependencies=[Depends(require_bearer)])

ActivityMappingType = Literal["NOMIS_CREATED", "ACTIVITY_CREATED"]
ScheduleMappingType = Literal["ACTIVITY_CREATED", "ACTIVITY_UPDATED"]


class _Timestamped(CamelModel):
    when_created: datetime | None = None

    @field_serializer("when_created")
    def _seconds(self, value: datetime | None) -> str | None:
        """The spec pins ``whenCreated`` to ``yyyy-MM-ddTHH:mm:ss`` (no fraction, no offset)."""
        return value.strftime("%Y-%m-%dT%H:%M:%S") if value else None


class ActivityScheduleMappingDto(_Timestamped):
    scheduled_instance_id: int
    nomis_course_schedule_id: int
    mapping_type: ScheduleMappingType


class ActivityMappingDto(_Timestamped):
    nullable_fields = frozenset({"activity_id"})

    activity_schedule_id: int
    activity_id: int | None = None
    nomis_course_activity_id: int
    mapping_type: ActivityMappingType
    scheduled_instance_mappings: list[ActivityScheduleMappingDto]


class ScheduledInstanceLookup(ActivityMappingDto):
    """The scheduled-instance answer: the child mapping, carrying its parent's fields too."""

    scheduled_instance_id: int
    nomis_course_schedule_id: int


def _child(row: ScheduledInstanceMapping) -> ActivityScheduleMappingDto:
    return ActivityScheduleMappingDto(
        scheduled_instance_id=row.scheduled_instance_id,
        nomis_course_schedule_id=row.nomis_course_schedule_id,
        mapping_type=cast(ScheduleMappingType, row.mapping_type),
        when_created=row.when_created,
    )


def _parent_type(row: ActivityMapping) -> ActivityMappingType:
    return "NOMIS_CREATED" if row.mapping_type == "NOMIS_CREATED" else "ACTIVITY_CREATED"


def activity_mapping_view(session: Session, row: ActivityMapping) -> ActivityMappingDto:
    """Render a stored activity mapping with every one of its session mappings."""
    children = session.scalars(
        select(ScheduledInstanceMapping)
        .where(ScheduledInstanceMapping.activity_schedule_id == row.activity_schedule_id)
        .order_by(ScheduledInstanceMapping.scheduled_instance_id)
    ).all()
    return ActivityMappingDto(
        activity_schedule_id=row.activity_schedule_id,
        activity_id=row.activity_id,
        nomis_course_activity_id=row.nomis_course_activity_id,
        mapping_type=_parent_type(row),
        scheduled_instance_mappings=[_child(child) for child in children],
        when_created=row.when_created,
    )


@router.get("/mapping/activities/activity-schedule-id/{activityScheduleId}")
def get_activity_mapping(
    activity_schedule_id: Annotated[int, Path(alias="activityScheduleId")], state: StateDep
) -> JSONResponse:
    """The DPS schedule's NOMIS course activity and every session mapping, or 404."""
    with state.reading() as session:
        row = session.get(ActivityMapping, activity_schedule_id)
        if row is None:
            raise ApiError(404, f"Not Found: activityScheduleId={activity_schedule_id}")
        reply = activity_mapping_view(session, row)
    return JSONResponse(reply.to_json())


@router.get("/mapping/activities/schedules/scheduled-instance-id/{scheduledInstanceId}")
def get_scheduled_instance_mapping(
    scheduled_instance_id: Annotated[int, Path(alias="scheduledInstanceId")], state: StateDep
) -> JSONResponse:
    """The DPS session's NOMIS course schedule (with its parent's fields), or 404."""
    with state.reading() as session:
        child = session.get(ScheduledInstanceMapping, scheduled_instance_id)
        parent = session.get(ActivityMapping, child.activity_schedule_id) if child else None
        if child is None or parent is None:
            raise ApiError(404, f"Not Found: scheduledInstanceId={scheduled_instance_id}")
        reply = ScheduledInstanceLookup(
            scheduled_instance_id=child.scheduled_instance_id,
            nomis_course_schedule_id=child.nomis_course_schedule_id,
            activity_schedule_id=parent.activity_schedule_id,
            activity_id=parent.activity_id,
            nomis_course_activity_id=parent.nomis_course_activity_id,
            mapping_type="ACTIVITY_CREATED",
            scheduled_instance_mappings=[_child(child)],
            when_created=child.when_created,
        )
    return JSONResponse(reply.to_json())


@router.delete("/mapping/schedules/max-nomis-schedule-id/{maxCourseScheduleId}")
def delete_schedule_mappings_above(
    max_id: Annotated[int, Path(alias="maxCourseScheduleId")], state: StateDep
) -> Response:
    """Delete session mappings pointing at course schedules above NOMIS's highest id."""
    with state.writing() as session:
        session.execute(
            delete(ScheduledInstanceMapping).where(
                ScheduledInstanceMapping.nomis_course_schedule_id > max_id
            )
        )
        session.commit()
    return Response(status_code=204)
