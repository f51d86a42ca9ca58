"""Bodies of the NOMIS prisoner API activities operations the sandbox serves.

Field names, required-ness and enums follow ``nomis-prisoner-api-docs.json``; times arrive as
``HH:mm`` from DPS (the spec says only "string"), and ``HH:mm:ss`` is accepted as well.
"""

import re
from datetime import date
from typing import Literal

from pydantic import Field, field_validator

from dagster_project.sandbox.core.common import CamelModel

_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")
Day = Literal["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
TimeSlot = Literal["AM", "PM", "ED"]


class AgencyDetails(CamelModel):
    agency_id: str
    name: str


class BookingCount(CamelModel):
    booking_id: int
    count: int


class AllocationReconciliationResponse(CamelModel):
    prison_id: str
    bookings: list[BookingCount]


class AttendanceReconciliationResponse(CamelModel):
    prison_id: str
    date: date
    bookings: list[BookingCount]


class PrisonerDetails(CamelModel):
    offender_no: str
    offender_id: int
    root_offender_id: int | None = None
    booking_id: int
    location: str
    active: bool


class AllocationExclusion(CamelModel):
    """A day (and optionally one slot of it) the prisoner is excluded from; no slot: all day."""

    nullable_fields = frozenset({"slot"})

    day: Day
    slot: TimeSlot | None = None


class UpsertAllocationRequest(CamelModel):
    booking_id: int
    pay_band_code: str | None = None
    start_date: date
    end_date: date | None = None
    end_reason: str | None = None
    end_comment: str | None = None
    suspended: bool | None = None
    suspended_comment: str | None = None
    program_status_code: str = Field(min_length=1)
    exclusions: list[AllocationExclusion] | None = None


class UpsertAllocationResponse(CamelModel):
    offender_program_reference_id: int
    created: bool
    prison_id: str


class UpsertAttendanceRequest(CamelModel):
    schedule_date: date
    start_time: str
    end_time: str
    event_status_code: str = Field(min_length=1)
    event_outcome_code: str | None = None
    comments: str | None = None
    unexcused_absence: bool = False
    authorised_absence: bool = False
    paid: bool = False
    bonus_pay: float | None = None

    @field_validator("start_time", "end_time")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not _CLOCK.match(value):
            raise ValueError("times must be HH:mm (or HH:mm:ss)")
        return value


class UpsertAttendanceResponse(CamelModel):
    event_id: int
    course_schedule_id: int
    created: bool
    prison_id: str
