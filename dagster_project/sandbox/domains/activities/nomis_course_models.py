"""Bodies of the NOMIS prisoner API course activity create/update operations.

Field names, required-ness and limits follow ``nomis-prisoner-api-docs.json``. Times arrive
as ``HH:mm`` from the sync (``HH:mm:ss`` accepted too); NOMIS answers ``HH:mm:ss``.
"""

import re
from datetime import date

from pydantic import Field, field_validator

from dagster_project.sandbox.core.common import CamelModel

_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")


def _clock(value: str) -> str:
    if not _CLOCK.match(value):
        raise ValueError("times must be HH:mm (or HH:mm:ss)")
    return value


class PayRateRequest(CamelModel):
    incentive_level: str = Field(min_length=1)
    pay_band: str = Field(pattern=r"^([1-9]|10)$")
    rate: float = Field(ge=0)
    start_date: date | None = None
    end_date: date | None = None


class ScheduleRuleRequest(CamelModel):
    start_time: str
    end_time: str
    monday: bool
    tuesday: bool
    wednesday: bool
    thursday: bool
    friday: bool
    saturday: bool
    sunday: bool

    _times = field_validator("start_time", "end_time")(_clock)


class CourseScheduleRequest(CamelModel):
    id: int | None = None
    date: date
    start_time: str
    end_time: str
    cancelled: bool

    _times = field_validator("start_time", "end_time")(_clock)


class UpdateActivityRequest(CamelModel):
    start_date: date
    end_date: date | None = None
    internal_location_id: int | None = None
    capacity: int = Field(ge=0, le=999)
    pay_rates: list[PayRateRequest]
    description: str = Field(min_length=1, max_length=40)
    minimum_incentive_level_code: str | None = None
    pay_per_session: str = Field(pattern=r"^[FH]$")
    schedule_rules: list[ScheduleRuleRequest]
    exclude_bank_holidays: bool
    outside_work: bool
    program_code: str = Field(min_length=1)
    schedules: list[CourseScheduleRequest]


class CreateActivityRequest(UpdateActivityRequest):
    code: str = Field(min_length=1, max_length=12)
    prison_id: str = Field(min_length=1)


class CreateScheduledInstanceResponse(CamelModel):
    course_schedule_id: int
    date: date
    start_time: str
    end_time: str


class CreateActivityResponse(CamelModel):
    course_activity_id: int
    course_schedules: list[CreateScheduledInstanceResponse]


class UpdateCourseScheduleResponse(CamelModel):
    course_schedule_id: int
