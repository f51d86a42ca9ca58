"""Seed the activities schedules: switches, DPS schedules and sessions, their NOMIS twins.

Every seeded schedule is mapped to its NOMIS course activity, and every session (seed day - 7
to seed day + 7) to its NOMIS course schedule, the way the sync would have written them.
"""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.db import Base
from dagster_project.sandbox.domains.activities.seed_data import (
    ACTIVITY_SERVICE,
    SESSION_END,
    SESSION_OFFSETS,
    SESSION_SLOT,
    SESSION_START,
    SeededSchedule,
)
from dagster_project.sandbox.domains.activities.seed_details import (
    course_details,
    schedule_details,
    seed_location_mappings,
)
from dagster_project.sandbox.domains.activities.seed_rows import MAPPED_AT
from dagster_project.sandbox.domains.activities.tables import (
    ActivityMapping,
    DpsActivitySchedule,
    DpsScheduledInstance,
    NomisAgencySwitch,
    NomisCourseActivity,
    NomisCourseSchedule,
    ScheduledInstanceMapping,
)


def insert_rows(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Bulk-insert ``rows`` of ``model`` (nothing when empty)."""
    if rows:
        session.execute(insert(model), rows)


def seed_schedules(session: Session, today: date, schedules: tuple[SeededSchedule, ...]) -> None:
    """Switches, DPS schedules and sessions, their NOMIS twins and the mappings between."""
    prisons = sorted({s.prison_id for s in schedules})
    insert_rows(
        session,
        NomisAgencySwitch,
        [{"service_code": ACTIVITY_SERVICE, "agency_id": prison} for prison in prisons],
    )
    seed_location_mappings(session, schedules)
    insert_rows(
        session,
        DpsActivitySchedule,
        [
            {
                "id": s.schedule_id,
                "activity_id": s.activity_id,
                "prison_code": s.prison_id,
                "summary": s.name,
                "description": f"{s.name} {SESSION_SLOT}",
                "created_time": MAPPED_AT,
                **schedule_details(s, today),
            }
            for s in schedules
        ],
    )
    insert_rows(
        session,
        NomisCourseActivity,
        [
            {
                "course_activity_id": s.course_activity_id,
                "prison_id": s.prison_id,
                "code": str(s.schedule_id),
                "description": f"{s.name} {SESSION_SLOT}",
                **course_details(s, today),
            }
            for s in schedules
        ],
    )
    mapped = {"mapping_type": "ACTIVITY_CREATED", "when_created": MAPPED_AT}
    insert_rows(
        session,
        ActivityMapping,
        [
            {
                "activity_schedule_id": s.schedule_id,
                "activity_id": s.activity_id,
                "nomis_course_activity_id": s.course_activity_id,
                **mapped,
            }
            for s in schedules
        ],
    )
    times = {"start_time": SESSION_START, "end_time": SESSION_END, "cancelled": False}
    sessions = [
        (s, offset, today + timedelta(days=offset)) for s in schedules for offset in SESSION_OFFSETS
    ]
    insert_rows(
        session,
        DpsScheduledInstance,
        [
            {
                "id": s.instance_id(offset),
                "schedule_id": s.schedule_id,
                "session_date": day,
                "time_slot": SESSION_SLOT,
                **times,
            }
            for s, offset, day in sessions
        ],
    )
    insert_rows(
        session,
        NomisCourseSchedule,
        [
            {
                "course_schedule_id": s.course_schedule_id(offset),
                "course_activity_id": s.course_activity_id,
                "schedule_date": day,
                **times,
            }
            for s, offset, day in sessions
        ],
    )
    insert_rows(
        session,
        ScheduledInstanceMapping,
        [
            {
                "scheduled_instance_id": s.instance_id(offset),
                "activity_schedule_id": s.schedule_id,
                "nomis_course_schedule_id": s.course_schedule_id(offset),
                **mapped,
            }
            for s, offset, _day in sessions
        ],
    )
