"""Render stored DPS schedules, sessions and activities as the activities API's bodies.

Shared by the DPS router and the admin API, so an admin change answers in exactly the shape
the DPS GET returns. Times are ``HH:mm`` as DPS sends them; one schedule per activity.
"""

from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.estate import LEVEL_NAMES
from dagster_project.sandbox.domains.activities.dps_schedule_models import (
    Activity,
    ActivityCategory,
    ActivityLite,
    ActivityPay,
    ActivitySchedule,
    ActivityScheduleInstance,
    ActivityScheduleLite,
    ActivityScheduleSlot,
    InternalLocation,
    ScheduledInstance,
    TimeSlot,
)
from dagster_project.sandbox.domains.activities.dps_views import allocation_view, pay_band
from dagster_project.sandbox.domains.activities.seed_details import ALL_DAYS, CATEGORIES
from dagster_project.sandbox.domains.activities.seed_rows import MAPPED_AT, SEED_USER
from dagster_project.sandbox.domains.activities.tables import (
    DpsActivitySchedule,
    DpsAllocation,
    DpsScheduledInstance,
)

_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def time_slot(start: time) -> TimeSlot:
    """AM before noon, PM before 5pm, ED (evening) after."""
    return "AM" if start.hour < 12 else "PM" if start.hour < 17 else "ED"


def hhmm(value: time) -> str:
    """A clock time as DPS renders it."""
    return value.strftime("%H:%M")


def _category(code: str) -> ActivityCategory:
    category_id, name = CATEGORIES.get(code, (0, code))
    return ActivityCategory(id=category_id, code=code, name=name, description=name)


def _location(row: DpsActivitySchedule) -> InternalLocation | None:
    if row.location_id is None:
        return None
    return InternalLocation(
        id=row.location_id,
        code=row.location_code or "",
        description=row.location_description or "",
        dps_location_id=row.dps_location_id,
    )


def _lite(row: DpsActivitySchedule, allocated: int) -> ActivityLite:
    ended = row.end_date is not None and row.end_date < date.today()
    return ActivityLite(
        id=row.activity_id,
        prison_code=row.prison_code,
        outside_work=row.outside_work,
        pay_per_session="F" if row.pay_per_session == "F" else "H",
        summary=row.summary,
        description=row.description,
        category=_category(row.category_code),
        end_date=row.end_date,
        capacity=row.capacity,
        allocated=allocated,
        created_time=row.created_time or MAPPED_AT,
        activity_state="ARCHIVED" if ended else "LIVE",
        paid=bool(row.pay),
    )


def _slots(row: DpsActivitySchedule) -> list[ActivityScheduleSlot]:
    slots = []
    for index, slot in enumerate(row.slots, start=1):
        days = [d for d in ALL_DAYS if d in slot["days"]]
        flags = {f"{name}_flag": name[:3].upper() in days for name in _DAY_NAMES}
        slots.append(
            ActivityScheduleSlot.model_validate(
                {
                    "id": row.id * 10 + index,
                    "time_slot": time_slot(time.fromisoformat(slot["startTime"])),
                    "start_time": slot["startTime"],
                    "end_time": slot["endTime"],
                    "days_of_week": [d.title() for d in days],
                    **flags,
                }
            )
        )
    return slots


def _instance(row: DpsScheduledInstance) -> ScheduledInstance:
    return ScheduledInstance(
        id=row.id,
        date=row.session_date,
        start_time=hhmm(row.start_time),
        end_time=hhmm(row.end_time),
        time_slot=time_slot(row.start_time),
        cancelled=row.cancelled,
    )


def _allocations(session: Session, row: DpsActivitySchedule) -> list[DpsAllocation]:
    stmt = select(DpsAllocation).where(DpsAllocation.schedule_id == row.id)
    return list(session.scalars(stmt.order_by(DpsAllocation.id)))


def schedule_view(
    session: Session, row: DpsActivitySchedule, earliest: date | None, instances: bool = True
) -> ActivitySchedule:
    """The schedule with its sessions on or after ``earliest`` (all when None)."""
    stmt = select(DpsScheduledInstance).where(DpsScheduledInstance.schedule_id == row.id)
    if earliest is not None:
        stmt = stmt.where(DpsScheduledInstance.session_date >= earliest)
    stmt = stmt.order_by(DpsScheduledInstance.session_date, DpsScheduledInstance.start_time)
    found = list(session.scalars(stmt)) if instances else []
    allocations = _allocations(session, row)
    return ActivitySchedule(
        id=row.id,
        description=row.description,
        internal_location=_location(row),
        capacity=row.capacity,
        activity=_lite(row, sum(a.status != "ENDED" for a in allocations)),
        slots=_slots(row),
        start_date=row.start_date or MAPPED_AT.date(),
        end_date=row.end_date,
        instances=[_instance(i) for i in found],
        allocations=[allocation_view(a, row) for a in allocations],
        runs_on_bank_holiday=row.runs_on_bank_holiday,
    )


def activity_view(
    session: Session, row: DpsActivitySchedule, earliest: date | None, instances: bool = True
) -> Activity:
    """The schedule's activity, pay rates (in pence) and the schedule itself."""
    pay = []
    for index, rate in enumerate(row.pay, start=1):
        band = pay_band(rate["nomisPayBand"], row.prison_code)
        assert band is not None
        pay.append(
            ActivityPay(
                id=row.activity_id * 100 + index,
                incentive_nomis_code=rate["incentiveNomisCode"],
                incentive_level=LEVEL_NAMES.get(rate["incentiveNomisCode"], "Unknown"),
                prison_pay_band=band,
                rate=rate.get("ratePence"),
                start_date=rate.get("startDate"),
            )
        )
    lite = _lite(row, 0)
    return Activity(
        id=row.activity_id,
        prison_code=row.prison_code,
        outside_work=row.outside_work,
        pay_per_session=lite.pay_per_session,
        summary=row.summary,
        description=row.description,
        category=lite.category,
        schedules=[schedule_view(session, row, earliest, instances)],
        pay=pay,
        start_date=row.start_date or MAPPED_AT.date(),
        end_date=row.end_date,
        created_time=lite.created_time,
        created_by=SEED_USER,
        paid=lite.paid,
    )


def instance_view(
    session: Session, row: DpsScheduledInstance, schedule: DpsActivitySchedule
) -> ActivityScheduleInstance:
    """One session with its schedule (and the schedule's activity)."""
    allocated = sum(a.status != "ENDED" for a in _allocations(session, schedule))
    return ActivityScheduleInstance(
        id=row.id,
        date=row.session_date,
        start_time=hhmm(row.start_time),
        end_time=hhmm(row.end_time),
        time_slot=time_slot(row.start_time),
        cancelled=row.cancelled,
        activity_schedule=ActivityScheduleLite(
            id=schedule.id,
            description=schedule.description,
            internal_location=_location(schedule),
            capacity=schedule.capacity,
            activity=_lite(schedule, allocated),
            slots=_slots(schedule),
            start_date=schedule.start_date or MAPPED_AT.date(),
            end_date=schedule.end_date,
        ),
    )
