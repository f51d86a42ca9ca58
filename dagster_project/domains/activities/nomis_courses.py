"""NOMIS course activities: create, update, one course schedule, attendance delete."""

from __future__ import annotations

import datetime as dt

from resources.errors import ApiError
from resources.http import ApiClient, dump_body
from resources.wire import WireModel


class PayRate(WireModel):
    incentive_level: str
    pay_band: str
    rate: float
    start_date: dt.date | None = None


class CourseSchedule(WireModel):
    date: dt.date
    start_time: str
    end_time: str
    cancelled: bool = False
    id: int | None = None


class ScheduleRule(WireModel):
    start_time: str
    end_time: str
    monday: bool
    tuesday: bool
    wednesday: bool
    thursday: bool
    friday: bool
    saturday: bool
    sunday: bool


class ActivityFields(WireModel):
    """Shared by create and update; create adds code and prison."""

    start_date: dt.date
    end_date: dt.date | None = None
    internal_location_id: int | None = None
    capacity: int
    pay_rates: list[PayRate]
    description: str
    program_code: str
    pay_per_session: str
    schedules: list[CourseSchedule]
    schedule_rules: list[ScheduleRule]
    exclude_bank_holidays: bool
    outside_work: bool


class CreateActivityRequest(ActivityFields):
    code: str
    prison_id: str


class CourseScheduleResponse(WireModel):
    course_schedule_id: int
    date: dt.date
    start_time: str
    end_time: str


class ActivityResponse(WireModel):
    course_activity_id: int
    course_schedules: list[CourseScheduleResponse]


class NomisCourseActivitiesClient(ApiClient):
    """Writes of DPS activity schedules into NOMIS course activities."""

    api_name = "nomis-prisoner-api"

    def create_activity(self, request: CreateActivityRequest) -> ActivityResponse:
        response = self._send("POST", "/activities", json=dump_body(request))
        return ActivityResponse.model_validate(response.json())

    def update_activity(self, course_activity_id: int, request: ActivityFields) -> ActivityResponse:
        body = dump_body(ActivityFields.model_validate(request.model_dump()))
        response = self._send("PUT", f"/activities/{course_activity_id}", json=body)
        return ActivityResponse.model_validate(response.json())

    def update_course_schedule(self, course_activity_id: int, schedule: CourseSchedule) -> None:
        path = f"/activities/{course_activity_id}/schedule"
        self._send("PUT", path, json=dump_body(schedule))

    def delete_attendance(self, course_schedule_id: int, booking_id: int) -> bool:
        """False when NOMIS has no such attendance (404), True when it was deleted."""
        path = f"/schedules/{course_schedule_id}/booking/{booking_id}/attendance"
        response = self._http.request("DELETE", path)
        if response.status_code == 404:
            return False
        if not response.is_success:
            raise ApiError.from_response(self.api_name, response)
        return True

    def delete_activity(self, course_activity_id: int) -> None:
        """Delete a (duplicate) course activity with its schedules."""
        self._send("DELETE", f"/activities/{course_activity_id}")

    def max_course_schedule_id(self) -> int:
        """The highest course schedule id NOMIS holds (the preprod-refresh ceiling)."""
        return int(self._send("GET", "/schedules/max-id").json())
