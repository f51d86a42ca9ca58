"""DPS activities API: reconciliation counts, allocations and attendances."""

from __future__ import annotations

import datetime as dt

import httpx

from dagster_project.domains.activities.nomis import BookingCounts
from dagster_project.sync.domain import Api
from resources.errors import NotFound
from resources.http import ApiClient
from resources.wire import WireModel


class PayBand(WireModel):
    nomis_pay_band: int


class Reason(WireModel):
    code: str | None = None
    description: str | None = None


class PlannedDeallocation(WireModel):
    planned_by: str | None = None
    planned_at: str | None = None
    planned_reason: Reason | None = None


class ExclusionSlot(WireModel):
    time_slot: str
    days_of_week: list[str] = []


class Allocation(WireModel):
    id: int
    prisoner_number: str
    booking_id: int
    schedule_id: int
    start_date: dt.date
    end_date: dt.date | None = None
    status: str
    prison_pay_band: PayBand | None = None
    deallocated_time: str | None = None
    deallocated_by: str | None = None
    deallocated_reason: Reason | None = None
    suspended_time: str | None = None
    suspended_by: str | None = None
    suspended_reason: str | None = None
    planned_deallocation: PlannedDeallocation | None = None
    exclusions: list[ExclusionSlot] = []


class PrisonerAllocations(WireModel):
    prisoner_number: str
    allocations: list[Allocation]


class AttendanceSync(WireModel):
    attendance_id: int
    scheduled_instance_id: int
    activity_schedule_id: int
    session_date: dt.date
    session_start_time: str
    session_end_time: str
    prisoner_number: str
    booking_id: int
    attendance_reason_code: str | None = None
    comment: str | None = None
    status: str
    bonus_amount: int | None = None
    issue_payment: bool | None = None


class AttendanceSummary(WireModel):
    id: int
    schedule_instance_id: int
    prisoner_number: str


class ActivitiesClient(ApiClient):
    """Reads from the DPS activities API."""

    api_name = "activities-api"

    def allocation_counts(self, prison_id: str, suspended: bool = False) -> BookingCounts:
        kind = "suspended-allocations" if suspended else "allocations"
        response = self._send("GET", f"/synchronisation/reconciliation/{kind}/{prison_id}")
        return BookingCounts.model_validate(response.json())

    def attendance_counts(self, prison_id: str, date: dt.date) -> BookingCounts:
        path = f"/synchronisation/reconciliation/attendances/{prison_id}"
        response = self._send("GET", path, params={"date": date.isoformat()})
        return BookingCounts.model_validate(response.json())

    def get_allocation(self, allocation_id: int) -> Allocation:
        response = self._send("GET", f"/allocations/id/{allocation_id}")
        return Allocation.model_validate(response.json())

    def prisoner_allocations(
        self, prison_id: str, prisoner_numbers: list[str]
    ) -> list[PrisonerAllocations]:
        """Every allocation (ended ones too) of the given prisoners in a prison."""
        response = self._send(
            "POST",
            f"/prisons/{prison_id}/prisoner-allocations",
            params={"activeOnly": "false"},
            json=prisoner_numbers,
        )
        return [PrisonerAllocations.model_validate(item) for item in response.json()]

    def get_attendance(self, attendance_id: int) -> AttendanceSync:
        response = self._send("GET", f"/synchronisation/attendance/{attendance_id}")
        return AttendanceSync.model_validate(response.json())

    def prisoner_attendances(
        self, prisoner_number: str, date: dt.date, prison_id: str | None = None
    ) -> list[AttendanceSummary]:
        params = {"startDate": date.isoformat(), "endDate": date.isoformat()}
        if prison_id:
            params["prisonCode"] = prison_id
        path = f"/integration-api/attendances/prisoner/{prisoner_number}"
        response = self._send("GET", path, params=params)
        return [AttendanceSummary.model_validate(item) for item in response.json()]


def probe(http: httpx.Client) -> str:
    """Health: an allocation id nobody has (the API checks token and roles first)."""
    try:
        ActivitiesClient(http).get_allocation(0)
    except NotFound:
        return "GET /allocations/id/0: 404 as expected"
    return "GET /allocations/id/0: 200"


ACTIVITIES_API = Api(
    key="activities_api",
    env="ACTIVITIES",
    title="DPS activities API",
    default_client_id="activities-api",
    sandbox_path="/activities",
    probe=probe,
    spec_file="activities-api-docs.json",
)
