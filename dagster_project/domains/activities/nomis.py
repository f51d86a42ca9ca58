"""NOMIS activities: reconciliation counts, booking details, allocation and attendance upserts."""

from __future__ import annotations

import datetime as dt

from resources.http import ApiClient, dump_body
from resources.wire import WireModel


class Agency(WireModel):
    agency_id: str
    name: str


class BookingCount(WireModel):
    booking_id: int
    count: int


class BookingCounts(WireModel):
    """NOMIS and DPS answer the same shape: counts per booking for one prison (and date)."""

    bookings: list[BookingCount]


class PrisonerDetails(WireModel):
    offender_no: str
    booking_id: int
    location: str | None = None
    active: bool = True


class AllocationExclusion(WireModel):
    day: str
    slot: str | None = None


class UpsertAllocationRequest(WireModel):
    booking_id: int
    start_date: dt.date
    program_status_code: str
    pay_band_code: str | None = None
    end_date: dt.date | None = None
    end_reason: str | None = None
    end_comment: str | None = None
    suspended: bool = False
    suspended_comment: str | None = None
    exclusions: list[AllocationExclusion] = []


class UpsertAllocationResponse(WireModel):
    offender_program_reference_id: int
    created: bool
    prison_id: str


class UpsertAttendanceRequest(WireModel):
    schedule_date: dt.date
    start_time: str
    end_time: str
    event_status_code: str
    event_outcome_code: str | None = None
    comments: str | None = None
    unexcused_absence: bool = False
    authorised_absence: bool = False
    paid: bool = False
    bonus_pay: float | None = None


class UpsertAttendanceResponse(WireModel):
    event_id: int
    course_schedule_id: int
    created: bool
    prison_id: str


class NomisActivitiesClient(ApiClient):
    """The NOMIS prisoner API's activities operations."""

    api_name = "nomis-prisoner-api"

    def activity_prisons(self) -> list[Agency]:
        """Prisons switched on for DPS activities (NOMIS service agency switch ACTIVITY)."""
        response = self._send("GET", "/agency-switches/ACTIVITY")
        return [Agency.model_validate(item) for item in response.json()]

    def allocation_counts(self, prison_id: str, suspended: bool = False) -> BookingCounts:
        params = {"suspended": "true"} if suspended else None
        response = self._send("GET", f"/allocations/reconciliation/{prison_id}", params=params)
        return BookingCounts.model_validate(response.json())

    def attendance_counts(self, prison_id: str, date: dt.date) -> BookingCounts:
        response = self._send(
            "GET", f"/attendances/reconciliation/{prison_id}", params={"date": date.isoformat()}
        )
        return BookingCounts.model_validate(response.json())

    def booking_details(self, booking_ids: list[int]) -> list[PrisonerDetails]:
        """Offender number and current location of each booking (unknown ids are absent)."""
        response = self._send("POST", "/prisoners/bookings", json=booking_ids)
        return [PrisonerDetails.model_validate(item) for item in response.json()]

    def upsert_allocation(
        self, course_activity_id: int, request: UpsertAllocationRequest
    ) -> UpsertAllocationResponse:
        path = f"/activities/{course_activity_id}/allocation"
        response = self._send("PUT", path, json=dump_body(request))
        return UpsertAllocationResponse.model_validate(response.json())

    def upsert_attendance(
        self, course_schedule_id: int, booking_id: int, request: UpsertAttendanceRequest
    ) -> UpsertAttendanceResponse:
        path = f"/schedules/{course_schedule_id}/booking/{booking_id}/attendance"
        response = self._send("PUT", path, json=dump_body(request))
        return UpsertAttendanceResponse.model_validate(response.json())
