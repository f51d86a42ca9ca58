"""Bodies of the DPS activities schedule, activity and scheduled-instance reads.

Field names and required-ness follow ``activities-api-docs.json``. Attendances are not
nested into instances (always ``[]``): the sync reads them one by one, never from here.
"""

from datetime import date, datetime
from typing import Any, Literal

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.domains.activities.dps_models import Allocation, PrisonPayBand

TimeSlot = Literal["AM", "PM", "ED"]


class ActivityCategory(CamelModel):
    nullable_fields = frozenset({"description"})

    id: int
    code: str
    name: str
    description: str | None = None


class InternalLocation(CamelModel):
    nullable_fields = frozenset({"dps_location_id"})

    id: int
    code: str
    description: str
    dps_location_id: str | None = None


class ActivityLite(CamelModel):
    nullable_fields = frozenset({"description", "end_date"})

    id: int
    prison_code: str
    attendance_required: bool = True
    in_cell: bool = False
    on_wing: bool = False
    off_wing: bool = False
    piece_work: bool = False
    outside_work: bool
    pay_per_session: Literal["H", "F"]
    summary: str
    description: str | None = None
    category: ActivityCategory
    risk_level: str = "high"
    minimum_education_level: list[dict[str, Any]] = []
    end_date: date | None = None
    capacity: int
    allocated: int
    created_time: datetime
    activity_state: Literal["ARCHIVED", "LIVE"]
    paid: bool


class ActivityScheduleSlot(CamelModel):
    id: int
    time_slot: TimeSlot
    week_number: int = 1
    start_time: str
    end_time: str
    days_of_week: list[str]
    monday_flag: bool
    tuesday_flag: bool
    wednesday_flag: bool
    thursday_flag: bool
    friday_flag: bool
    saturday_flag: bool
    sunday_flag: bool


class ScheduledInstance(CamelModel):
    id: int
    date: date
    start_time: str
    end_time: str
    time_slot: TimeSlot
    cancelled: bool
    attendances: list[dict[str, Any]] = []
    advance_attendances: list[dict[str, Any]] = []


class _ScheduleBase(CamelModel):
    nullable_fields = frozenset({"internal_location", "end_date"})

    id: int
    description: str
    internal_location: InternalLocation | None = None
    capacity: int
    activity: ActivityLite
    schedule_weeks: int = 1
    slots: list[ActivityScheduleSlot]
    start_date: date
    end_date: date | None = None
    use_prison_regime_time: bool = False


class ActivityScheduleLite(_ScheduleBase):
    pass


class ActivitySchedule(_ScheduleBase):
    instances: list[ScheduledInstance]
    allocations: list[Allocation]
    suspensions: list[dict[str, Any]] = []
    runs_on_bank_holiday: bool


class ActivityPay(CamelModel):
    nullable_fields = frozenset({"rate", "start_date"})

    id: int
    incentive_nomis_code: str
    incentive_level: str
    prison_pay_band: PrisonPayBand
    rate: int | None = None
    start_date: date | None = None


class Activity(CamelModel):
    nullable_fields = frozenset({"description", "end_date"})

    id: int
    prison_code: str
    attendance_required: bool = True
    in_cell: bool = False
    on_wing: bool = False
    off_wing: bool = False
    piece_work: bool = False
    outside_work: bool
    pay_per_session: Literal["H", "F"]
    summary: str
    description: str | None = None
    category: ActivityCategory
    eligibility_rules: list[dict[str, Any]] = []
    schedules: list[ActivitySchedule]
    pay: list[ActivityPay]
    pay_change: list[dict[str, Any]] = []
    start_date: date
    end_date: date | None = None
    risk_level: str = "high"
    created_time: datetime
    created_by: str
    minimum_education_level: list[dict[str, Any]] = []
    paid: bool


class ActivityScheduleInstance(CamelModel):
    id: int
    date: date
    start_time: str
    end_time: str
    time_slot: TimeSlot
    cancelled: bool
    attendances: list[dict[str, Any]] = []
    advance_attendances: list[dict[str, Any]] = []
    activity_schedule: ActivityScheduleLite
