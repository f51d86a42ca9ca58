"""Admin API: create and amend DPS activity schedules and sessions as a DPS user would.

Each answer is the changed object in the shape of the DPS GET (``ActivitySchedule`` or
``ActivityScheduleInstance``); publishing the matching ``activities.*`` event is up to the
caller. A new schedule gets one session per slot and matching day for the next 14 days.
"""

import re
from datetime import date, time, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import Field, field_validator
from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from dagster_project.sandbox.core.common import CamelModel, now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prison
from dagster_project.sandbox.domains.activities.dps_schedule_views import (
    instance_view,
    schedule_view,
    time_slot,
)
from dagster_project.sandbox.domains.activities.seed_details import ALL_DAYS, CATEGORIES
from dagster_project.sandbox.domains.activities.tables import (
    DpsActivitySchedule,
    DpsScheduledInstance,
)

router = APIRouter(prefix="/dps", tags=["sandbox"])

SESSION_DAYS = 14
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
Day = Literal["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]


def _clock(value: str | None) -> str | None:
    if value is not None and not _CLOCK.match(value):
        raise ValueError("times must be HH:mm")
    return value


class NewSlot(CamelModel):
    start_time: str
    end_time: str
    days: list[Day] = Field(min_length=1)

    _times = field_validator("start_time", "end_time")(_clock)


class NewPay(CamelModel):
    incentive_nomis_code: str = Field(min_length=1)
    nomis_pay_band: int = Field(ge=1, le=10)
    rate_pence: int | None = Field(default=None, ge=0)
    start_date: date | None = None


class NewLocation(CamelModel):
    id: int
    code: str
    description: str
    dps_location_id: str | None = None


class NewSchedule(CamelModel):
    prison_code: str
    description: str = Field(min_length=1, max_length=50)
    summary: str = Field(min_length=1, max_length=50)
    category_code: str
    capacity: int = Field(ge=0)
    start_date: date
    end_date: date | None = None
    slots: list[NewSlot] = Field(min_length=1)
    pay: list[NewPay] = []
    internal_location: NewLocation | None = None
    runs_on_bank_holiday: bool = False
    outside_work: bool = False
    pay_per_session: Literal["H", "F"] = "H"


class ScheduleChange(CamelModel):
    description: str | None = Field(default=None, min_length=1, max_length=50)
    capacity: int | None = Field(default=None, ge=0)
    end_date: date | None = None


class InstanceChange(CamelModel):
    start_time: str | None = None
    end_time: str | None = None
    cancelled: bool | None = None

    _times = field_validator("start_time", "end_time")(_clock)


def _next(session: Session, column: InstrumentedAttribute[int], floor: int) -> int:
    return max(session.scalar(select(func.max(column))) or 0, floor) + 1


def _sessions(session: Session, row: DpsActivitySchedule, body: NewSchedule) -> None:
    next_id = _next(session, DpsScheduledInstance.id, 0)
    today = date.today()
    for offset in range(SESSION_DAYS):
        day = today + timedelta(days=offset)
        if day < body.start_date or (body.end_date is not None and day > body.end_date):
            continue
        for slot in sorted(body.slots, key=lambda s: s.start_time):
            if ALL_DAYS[day.weekday()] not in slot.days:
                continue
            start = time.fromisoformat(slot.start_time)
            session.add(
                DpsScheduledInstance(
                    id=next_id,
                    schedule_id=row.id,
                    session_date=day,
                    start_time=start,
                    end_time=time.fromisoformat(slot.end_time),
                    time_slot=time_slot(start),
                    cancelled=False,
                )
            )
            next_id += 1


@router.post("/activity-schedules", status_code=201)
def create_schedule(body: NewSchedule, state: StateDep) -> JSONResponse:
    """Create an activity with one schedule and its sessions for the next 14 days."""
    if body.category_code not in CATEGORIES:
        raise ApiError(400, f"Activity category {body.category_code} not found")
    if body.end_date is not None and body.end_date < body.start_date:
        raise ApiError(400, "endDate must not be before startDate")
    with state.writing() as session:
        if session.get(Prison, body.prison_code) is None:
            raise ApiError(400, f"Prison {body.prison_code} not found")
        location = body.internal_location
        row = DpsActivitySchedule(
            id=_next(session, DpsActivitySchedule.id, 0),
            activity_id=_next(session, DpsActivitySchedule.activity_id, 0),
            prison_code=body.prison_code,
            summary=body.summary,
            description=body.description,
            category_code=body.category_code,
            capacity=body.capacity,
            start_date=body.start_date,
            end_date=body.end_date,
            runs_on_bank_holiday=body.runs_on_bank_holiday,
            outside_work=body.outside_work,
            pay_per_session=body.pay_per_session,
            location_id=location.id if location else None,
            location_code=location.code if location else None,
            location_description=location.description if location else None,
            dps_location_id=location.dps_location_id if location else None,
            slots=[
                {"startTime": s.start_time, "endTime": s.end_time, "days": list(s.days)}
                for s in body.slots
            ],
            pay=[p.model_dump(mode="json", by_alias=True) for p in body.pay],
            created_time=now_local(),
        )
        session.add(row)
        session.flush()
        _sessions(session, row, body)
        session.commit()
        return JSONResponse(schedule_view(session, row, None).to_json(), 201)


@router.put("/activity-schedules/{scheduleId}")
def change_schedule(
    schedule_id: Annotated[int, Path(alias="scheduleId")], body: ScheduleChange, state: StateDep
) -> JSONResponse:
    """Amend a schedule's description, capacity or end date (``null`` clears it), or 404."""
    changes = body.model_dump(exclude_unset=True)
    if changes.get("description", "") is None or changes.get("capacity", 0) is None:
        raise ApiError(400, "description and capacity cannot be null")
    with state.writing() as session:
        row = session.get(DpsActivitySchedule, schedule_id)
        if row is None:
            raise ApiError(404, f"Activity Schedule {schedule_id} not found")
        for name, value in changes.items():
            setattr(row, name, value)
        session.commit()
        return JSONResponse(schedule_view(session, row, None).to_json())


@router.put("/scheduled-instances/{instanceId}")
def change_instance(
    instance_id: Annotated[int, Path(alias="instanceId")], body: InstanceChange, state: StateDep
) -> JSONResponse:
    """Move or cancel (or reinstate) one session, or 404."""
    with state.writing() as session:
        row = session.get(DpsScheduledInstance, instance_id)
        schedule = session.get(DpsActivitySchedule, row.schedule_id) if row else None
        if row is None or schedule is None:
            raise ApiError(404, f"Scheduled Instance {instance_id} not found")
        if body.start_time is not None:
            row.start_time = time.fromisoformat(body.start_time)
            row.time_slot = time_slot(row.start_time)
        if body.end_time is not None:
            row.end_time = time.fromisoformat(body.end_time)
        if body.cancelled is not None:
            row.cancelled = body.cancelled
        if row.end_time <= row.start_time:
            raise ApiError(400, "endTime must be after startTime")
        session.commit()
        return JSONResponse(instance_view(session, row, schedule).to_json())
