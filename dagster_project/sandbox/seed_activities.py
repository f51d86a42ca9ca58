"""Seed the activities domain: schedules and their NOMIS twins, allocations and attendances.

Rows are built in memory first (:class:`SeedRows`, every allocated prisoner mirrored in NOMIS
the way the sync would have written it), then the planted positions are set up deliberately
out of step, and everything is bulk-inserted: a benchmark seed holds ~20k attendances.
"""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from dagster_project.sandbox.db import Base
from dagster_project.sandbox.db_activities import (
    ActivityMapping,
    ActivitySeedInfo,
    DpsActivitySchedule,
    DpsAllocation,
    DpsAttendance,
    DpsScheduledInstance,
    NomisAgencySwitch,
    NomisAllocation,
    NomisAttendance,
    NomisCourseActivity,
    NomisCourseSchedule,
    ScheduledInstanceMapping,
)
from dagster_project.sandbox.seed_activity_data import (
    ACTIVITY_PRISON_INDEXES,
    ACTIVITY_SERVICE,
    PLANTED_ACTIVITY_POSITIONS,
    PLANTED_ELSEWHERE_POSITIONS,
    SEEDED_SCHEDULES,
    SESSION_END,
    SESSION_OFFSETS,
    SESSION_SLOT,
    SESSION_START,
    YESTERDAY,
    PlantedPosition,
    activity_population,
    schedule_for,
)
from dagster_project.sandbox.seed_activity_details import (
    course_details,
    schedule_details,
    seed_location_mappings,
)
from dagster_project.sandbox.seed_activity_rows import MAPPED_AT, SeedRows, default_status
from dagster_project.sandbox.seed_data import PRISONS


def _plant(rows: SeedRows, planted: PlantedPosition) -> None:
    """Set up one planted position so its counts differ exactly as the constant says."""
    prisoner = (planted.prisoner_prison_index, planted.position)
    main = schedule_for(planted.checked_prison_index, planted.position)
    second = schedule_for(planted.checked_prison_index, planted.position, shift=1)
    today = rows.today
    elsewhere = planted.prisoner_prison_index != planted.checked_prison_index
    match planted.reconciliation, planted.kind:
        case "allocation", "NOMIS_only":
            rows.allocate(prisoner, main, "ENDED", nomis="allocated")
        case "allocation", "DPS_only":
            rows.allocate(prisoner, main, start=today, nomis="none")
        case "allocation", "different_count":
            rows.allocate(prisoner, main)
            rows.allocate(prisoner, second, start=today, extra=True, nomis="none")
        case "suspended-allocation", "NOMIS_only":
            rows.allocate(prisoner, main, "ENDED", nomis="suspended")
        case "suspended-allocation", "DPS_only":
            rows.allocate(prisoner, main, "SUSPENDED", nomis="none")
        case "suspended-allocation", "different_count":
            rows.allocate(prisoner, main, "SUSPENDED_WITH_PAY")
            rows.allocate(prisoner, second, "AUTO_SUSPENDED", extra=True, nomis="none")
        case "attendance", "NOMIS_only" if elsewhere:
            rows.attend(prisoner, main, YESTERDAY, dps=None, nomis=("ATTENDED", True))
        case "attendance", "NOMIS_only":
            rows.allocate(prisoner, main)
            refused, attended = ("REFUSED", False), ("ATTENDED", True)
            rows.attend(prisoner, main, YESTERDAY, dps=refused, nomis=attended)
        case "attendance", "DPS_only":
            rows.allocate(prisoner, main)
            rows.attend(prisoner, main, YESTERDAY, dps=("ATTENDED", True), nomis=None)
        case "attendance", "different_count":
            rows.allocate(prisoner, main)
            rows.allocate(prisoner, second, start=today - timedelta(days=10), extra=True)
            paid = ("ATTENDED", True)
            rows.attend(prisoner, main, YESTERDAY, dps=paid, nomis=paid)
            rows.attend(prisoner, second, YESTERDAY, dps=paid, nomis=("SCH", False))
        case _:
            raise ValueError(f"no way to plant {planted}")


def _schedules(session: Session, today: date) -> None:
    """Switches, DPS schedules and sessions, their NOMIS twins and the mappings between."""
    session.add_all(
        NomisAgencySwitch(service_code=ACTIVITY_SERVICE, agency_id=PRISONS[p][0])
        for p in ACTIVITY_PRISON_INDEXES
    )
    seed_location_mappings(session)
    for s in SEEDED_SCHEDULES:
        session.add(
            DpsActivitySchedule(
                id=s.schedule_id,
                activity_id=s.activity_id,
                prison_code=s.prison_id,
                summary=s.name,
                description=f"{s.name} {SESSION_SLOT}",
                created_time=MAPPED_AT,
                **schedule_details(s, today),
            )
        )
        session.add(
            NomisCourseActivity(
                course_activity_id=s.course_activity_id,
                prison_id=s.prison_id,
                code=str(s.schedule_id),
                description=f"{s.name} {SESSION_SLOT}",
                **course_details(s, today),
            )
        )
        session.add(
            ActivityMapping(
                activity_schedule_id=s.schedule_id,
                activity_id=s.activity_id,
                nomis_course_activity_id=s.course_activity_id,
                mapping_type="ACTIVITY_CREATED",
                when_created=MAPPED_AT,
            )
        )
        for offset in SESSION_OFFSETS:
            day = today + timedelta(days=offset)
            times = {"start_time": SESSION_START, "end_time": SESSION_END}
            session.add(
                DpsScheduledInstance(
                    id=s.instance_id(offset),
                    schedule_id=s.schedule_id,
                    session_date=day,
                    time_slot=SESSION_SLOT,
                    **times,
                )
            )
            session.add(
                NomisCourseSchedule(
                    course_schedule_id=s.course_schedule_id(offset),
                    course_activity_id=s.course_activity_id,
                    schedule_date=day,
                    **times,
                )
            )
            session.add(
                ScheduledInstanceMapping(
                    scheduled_instance_id=s.instance_id(offset),
                    activity_schedule_id=s.schedule_id,
                    nomis_course_schedule_id=s.course_schedule_id(offset),
                    mapping_type="ACTIVITY_CREATED",
                    when_created=MAPPED_AT,
                )
            )


def _bulk(session: Session, model: type[Base], rows: dict[int, dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(model), [rows[key] for key in sorted(rows)])


def ensure_activities(
    session: Session,
    prisoners_per_prison: int,
    activity_prisoners: int,
    plant_mismatches: bool = True,
    today: date | None = None,
) -> bool:
    """Add the activities rows (dated from ``today``, default the local date) unless present.

    The prisoners must already be in the session; returns whether anything was added.
    """
    if session.get(ActivitySeedInfo, 1) is not None:
        return False
    today = today or date.today()
    session.add(ActivitySeedInfo(id=1, seeded_on=today))
    _schedules(session, today)
    rows = SeedRows(today)
    planted = PLANTED_ACTIVITY_POSITIONS + PLANTED_ELSEWHERE_POSITIONS if plant_mismatches else ()
    taken = {(p.prisoner_prison_index, p.position) for p in planted}
    for p in ACTIVITY_PRISON_INDEXES:
        for j in range(activity_population(prisoners_per_prison, activity_prisoners)):
            if (p, j) not in taken:
                rows.allocate((p, j), schedule_for(p, j), default_status(j))
    for position in planted:
        _plant(rows, position)
    session.flush()
    _bulk(session, DpsAllocation, rows.dps_allocations)
    _bulk(session, NomisAllocation, rows.nomis_allocations)
    _bulk(session, DpsAttendance, rows.dps_attendances)
    _bulk(session, NomisAttendance, rows.nomis_attendances)
    return True
