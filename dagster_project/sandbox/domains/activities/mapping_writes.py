"""NOMIS mapping service: store and replace activity mappings.

Mounted under ``/mapping-api``. ``POST /mapping/activities`` stores a schedule's mapping and
its session mappings: an identical re-post (same schedule and course activity) is accepted
(201) without touching the children; a schedule, course activity or session already mapped
otherwise is a 409 ``DuplicateMappingErrorResponse`` — which the spec does not document for
this operation, though the real service sends it and the sync depends on it. ``PUT`` replaces
the parent and all its children (the sync sends ``ACTIVITY_UPDATED``, which the GET renders
as ``ACTIVITY_CREATED`` since that is all the spec's parent enum allows).
"""

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import CamelModel, now_local
from dagster_project.sandbox.core.errors import ApiError, DuplicateMappingError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.activities.mapping import activity_mapping_view
from dagster_project.sandbox.domains.activities.tables import (
    ActivityMapping,
    ScheduledInstanceMapping,
)

router = APIRouter(prefix="/mapping-api", tags=["mapping"], dependencies=[Depends(require_bearer)])


class ScheduleMappingRequest(CamelModel):
    scheduled_instance_id: int
    nomis_course_schedule_id: int
    mapping_type: Literal["ACTIVITY_CREATED", "ACTIVITY_UPDATED"]


class ActivityMappingRequest(CamelModel):
    nullable_fields = frozenset({"activity_id"})

    activity_schedule_id: int
    activity_id: int | None = None
    nomis_course_activity_id: int
    mapping_type: Literal["NOMIS_CREATED", "ACTIVITY_CREATED", "ACTIVITY_UPDATED"]
    scheduled_instance_mappings: list[ScheduleMappingRequest]


def _conflict(body: ActivityMappingRequest, existing: dict[str, Any]) -> DuplicateMappingError:
    return DuplicateMappingError(
        "Conflict: Activity mapping already exists.\n"
        f"Existing mapping: {existing!r}\nDuplicate mapping: {body!r}",
        duplicate=body.to_json(),
        existing=existing,
    )


def _child_clash(session: Session, body: ActivityMappingRequest) -> None:
    """409 if a session of the body is mapped under another schedule."""
    for child in body.scheduled_instance_mappings:
        clash = session.scalars(
            select(ScheduledInstanceMapping).where(
                or_(
                    ScheduledInstanceMapping.scheduled_instance_id == child.scheduled_instance_id,
                    ScheduledInstanceMapping.nomis_course_schedule_id
                    == child.nomis_course_schedule_id,
                ),
                ScheduledInstanceMapping.activity_schedule_id != body.activity_schedule_id,
            )
        ).first()
        if clash is not None:
            parent = session.get(ActivityMapping, clash.activity_schedule_id)
            assert parent is not None
            raise _conflict(body, activity_mapping_view(session, parent).to_json())


def _store_children(session: Session, body: ActivityMappingRequest, now: datetime) -> None:
    session.execute(
        delete(ScheduledInstanceMapping).where(
            ScheduledInstanceMapping.activity_schedule_id == body.activity_schedule_id
        )
    )
    session.add_all(
        ScheduledInstanceMapping(
            scheduled_instance_id=child.scheduled_instance_id,
            activity_schedule_id=body.activity_schedule_id,
            nomis_course_schedule_id=child.nomis_course_schedule_id,
            mapping_type=child.mapping_type,
            when_created=now,
        )
        for child in body.scheduled_instance_mappings
    )


@router.post("/mapping/activities", status_code=201)
def create_activity_mapping(body: ActivityMappingRequest, state: StateDep) -> Response:
    """Store a schedule's mapping with its session mappings; 409 on any clash."""
    with state.writing() as session:
        clash = session.scalars(
            select(ActivityMapping).where(
                or_(
                    ActivityMapping.activity_schedule_id == body.activity_schedule_id,
                    ActivityMapping.nomis_course_activity_id == body.nomis_course_activity_id,
                )
            )
        ).first()
        if clash is not None:
            same = (clash.activity_schedule_id, clash.nomis_course_activity_id) == (
                body.activity_schedule_id,
                body.nomis_course_activity_id,
            )
            if same:
                return Response(status_code=201)
            raise _conflict(body, activity_mapping_view(session, clash).to_json())
        _child_clash(session, body)
        now = now_local()
        session.add(
            ActivityMapping(
                activity_schedule_id=body.activity_schedule_id,
                activity_id=body.activity_id,
                nomis_course_activity_id=body.nomis_course_activity_id,
                mapping_type=body.mapping_type,
                when_created=now,
            )
        )
        _store_children(session, body, now)
        session.commit()
    return Response(status_code=201)


@router.put("/mapping/activities")
def replace_activity_mapping(body: ActivityMappingRequest, state: StateDep) -> JSONResponse:
    """Replace a schedule's mapping and all its session mappings; 404 if never mapped."""
    with state.writing() as session:
        row = session.get(ActivityMapping, body.activity_schedule_id)
        if row is None:
            raise ApiError(404, f"Not Found: activityScheduleId={body.activity_schedule_id}")
        other = session.scalars(
            select(ActivityMapping).where(
                ActivityMapping.nomis_course_activity_id == body.nomis_course_activity_id,
                ActivityMapping.activity_schedule_id != body.activity_schedule_id,
            )
        ).first()
        if other is not None:
            raise _conflict(body, activity_mapping_view(session, other).to_json())
        _child_clash(session, body)
        row.activity_id = body.activity_id
        row.nomis_course_activity_id = body.nomis_course_activity_id
        row.mapping_type = body.mapping_type
        _store_children(session, body, now_local())
        session.commit()
        reply = activity_mapping_view(session, row)
    return JSONResponse(reply.to_json())
