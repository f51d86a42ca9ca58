"""DPS activities API: activity schedules, activities and scheduled instances (event sync reads)."""

from __future__ import annotations

import datetime as dt

from resources.http import ApiClient
from resources.wire import WireModel


class ScheduleInstance(WireModel):
    id: int
    date: dt.date
    start_time: str
    end_time: str
    cancelled: bool = False


class ScheduleSlot(WireModel):
    start_time: str
    end_time: str
    monday_flag: bool = False
    tuesday_flag: bool = False
    wednesday_flag: bool = False
    thursday_flag: bool = False
    friday_flag: bool = False
    saturday_flag: bool = False
    sunday_flag: bool = False


class InternalLocation(WireModel):
    id: int
    dps_location_id: str | None = None


class ActivityRef(WireModel):
    id: int
    prison_code: str
    pay_per_session: str


class ActivitySchedule(WireModel):
    id: int
    description: str
    capacity: int
    start_date: dt.date
    end_date: dt.date | None = None
    runs_on_bank_holiday: bool
    activity: ActivityRef
    internal_location: InternalLocation | None = None
    instances: list[ScheduleInstance] = []
    slots: list[ScheduleSlot] = []


class PayBandRef(WireModel):
    nomis_pay_band: int


class ActivityPay(WireModel):
    incentive_nomis_code: str
    prison_pay_band: PayBandRef
    rate: int | None = None
    start_date: dt.date | None = None


class Category(WireModel):
    code: str


class Activity(WireModel):
    id: int
    prison_code: str
    summary: str
    category: Category
    start_date: dt.date
    end_date: dt.date | None = None
    outside_work: bool
    pay: list[ActivityPay] = []


class ScheduleRef(WireModel):
    id: int
    activity: ActivityRef


class ScheduledInstance(WireModel):
    id: int
    date: dt.date
    start_time: str
    end_time: str
    cancelled: bool
    activity_schedule: ScheduleRef


class ActivitySchedulesClient(ApiClient):
    """The reads the activity event sync makes; sessions from `earliest` onwards."""

    api_name = "activities-api"

    def get_schedule(self, schedule_id: int, earliest: dt.date) -> ActivitySchedule:
        params = {"earliestSessionDate": earliest.isoformat()}
        response = self._send("GET", f"/schedules/{schedule_id}", params=params)
        return ActivitySchedule.model_validate(response.json())

    def get_activity(self, activity_id: int, earliest: dt.date) -> Activity:
        params = {"earliestSessionDate": earliest.isoformat()}
        response = self._send("GET", f"/activities/{activity_id}/filtered", params=params)
        return Activity.model_validate(response.json())

    def get_scheduled_instance(self, instance_id: int) -> ScheduledInstance:
        response = self._send("GET", f"/scheduled-instances/{instance_id}")
        return ScheduledInstance.model_validate(response.json())
