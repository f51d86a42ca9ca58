"""Contract: the activities operations answer as the three real specs document.

Every seeded flavour that changes the body's shape is fetched (ended, suspended, with
exclusions; paid and unpaid attendances; the scheduled-instance mapping quirk described in
``contract.py``), on the activities server so the seed is the default 30 per prison.
"""

from datetime import timedelta

import httpx
import pytest

from dagster_project.sandbox.domains.activities.seed_data import (
    PLANTED_ACTIVITY_MISMATCHES,
    attendance_id,
    dps_allocation_id,
    schedule_for,
)
from tests.test_sandbox.activity_helpers import seeded_on
from tests.test_sandbox.contract import Call, needs_specs, run_calls

pytestmark = needs_specs

BOOKING = 1_000_001
WOODWORK = schedule_for(0, 0)


def test_nomis_activities_contract(
    acts: httpx.Client, acts_admin: httpx.Client, acts_fresh: None
) -> None:
    yesterday = (seeded_on(acts_admin) - timedelta(days=1)).isoformat()
    allocation = {
        "bookingId": BOOKING,
        "startDate": "2026-11-01",
        "programStatusCode": "ALLOC",
        "suspended": True,
        "exclusions": [{"day": "MON", "slot": "AM"}, {"day": "SUN"}],
    }
    attendance = {
        "scheduleDate": yesterday,
        "startTime": "09:00",
        "endTime": "11:30",
        "eventStatusCode": "COMP",
        "eventOutcomeCode": "ATT",
        "paid": True,
    }
    attended = f"/schedules/{WOODWORK.course_schedule_id(-1)}/booking/{BOOKING}/attendance"
    run_calls(
        "nomis",
        acts,
        [
            Call("GET", "/agency-switches/ACTIVITY", 200),
            Call("GET", "/agency-switches/NOPE", 404),
            Call("GET", "/allocations/reconciliation/MDI", 200),
            Call("GET", "/allocations/reconciliation/LEI?suspended=true", 200),
            Call("GET", "/allocations/reconciliation/BXI", 200),
            Call("GET", f"/attendances/reconciliation/MDI?date={yesterday}", 200),
            Call("POST", "/prisoners/bookings", 200, [BOOKING, 1002002, 1002010, 42]),
            Call("PUT", "/activities/20001/allocation", 200, allocation),
            Call("PUT", "/activities/20001/allocation", 200, {**allocation, "suspended": False}),
            Call("PUT", "/activities/1/allocation", 404, allocation),
            Call("PUT", "/activities/20001/allocation", 400, {**allocation, "bookingId": 3}),
            Call("PUT", attended, 200, attendance),
            Call("PUT", attended, 200, {**attendance, "paid": False}),
            Call("PUT", "/schedules/1/booking/1000001/attendance", 404, attendance),
            Call("DELETE", attended, 204),
            Call("DELETE", attended, 404),
        ],
    )


def test_mapping_activities_contract(acts: httpx.Client) -> None:
    instance = WOODWORK.instance_id(-1)
    run_calls(
        "mapping",
        acts,
        [
            Call("GET", "/mapping/activities/activity-schedule-id/101", 200),
            Call("GET", "/mapping/activities/activity-schedule-id/106", 200),
            Call("GET", "/mapping/activities/activity-schedule-id/100", 404),
            Call("GET", f"/mapping/activities/schedules/scheduled-instance-id/{instance}", 200),
            Call("GET", "/mapping/activities/schedules/scheduled-instance-id/999", 404),
        ],
    )


def test_dps_activities_contract(acts: httpx.Client, acts_admin: httpx.Client) -> None:
    yesterday = seeded_on(acts_admin) - timedelta(days=1)
    day = yesterday.isoformat()
    refused = schedule_for(0, 7).instance_id(-1)
    paid = WOODWORK.instance_id(-1)
    numbers = ["A1000AA", "A1001AA", "A1004AA", "A1006AA", "Z9999ZZ"]
    planted = PLANTED_ACTIVITY_MISMATCHES[0].offender_no
    run_calls(
        "activities",
        acts,
        [
            Call("GET", "/synchronisation/reconciliation/allocations/MDI", 200),
            Call("GET", "/synchronisation/reconciliation/suspended-allocations/LEI", 200),
            Call("GET", f"/synchronisation/reconciliation/attendances/MDI?date={day}", 200),
            Call("GET", f"/allocations/id/{dps_allocation_id(0, 1)}", 200),  # ended
            Call("GET", f"/allocations/id/{dps_allocation_id(1, 7)}", 200),  # suspended with pay
            Call("GET", f"/allocations/id/{dps_allocation_id(0, 9)}", 200),  # weekend exclusion
            Call("GET", "/allocations/id/1", 404),
            Call("POST", "/prisons/MDI/prisoner-allocations", 200, numbers),
            Call("POST", "/prisons/MDI/prisoner-allocations?activeOnly=false", 200, numbers),
            Call("GET", f"/synchronisation/attendance/{attendance_id(paid, BOOKING)}", 200),
            Call("GET", f"/synchronisation/attendance/{attendance_id(refused, 1000008)}", 200),
            Call("GET", "/synchronisation/attendance/1", 404),
            Call(
                "GET",
                f"/integration-api/attendances/prisoner/A1007AA?startDate={day}&endDate={day}",
                200,
            ),
            Call(
                "GET",
                f"/integration-api/attendances/prisoner/{planted}"
                f"?startDate={day}&endDate={day}&prisonCode=MDI",
                200,
            ),
        ],
    )


@pytest.mark.contract_exempt("deliberately sends requests the specs forbid")
def test_rejections_honour_the_contract(acts: httpx.Client, acts_admin: httpx.Client) -> None:
    day = seeded_on(acts_admin).isoformat()
    before = (seeded_on(acts_admin) - timedelta(days=1)).isoformat()
    bad_attendance = {"scheduleDate": day, "startTime": "9am", "endTime": "11:30"}
    run_calls(
        "nomis",
        acts,
        [
            Call("GET", "/attendances/reconciliation/MDI", 400),
            Call("GET", "/allocations/reconciliation/MDI", 401, authed=False),
            Call("PUT", "/activities/20001/allocation", 400, {"bookingId": BOOKING}),
            Call("PUT", "/schedules/40001/booking/1000001/attendance", 400, bad_attendance),
        ],
    )
    run_calls(
        "mapping",
        acts,
        [Call("GET", "/mapping/activities/activity-schedule-id/101", 401, authed=False)],
    )
    run_calls(
        "activities",
        acts,
        [
            Call("GET", "/synchronisation/reconciliation/attendances/MDI", 400),
            Call("GET", "/allocations/id/10000", 401, authed=False),
            Call(
                "GET",
                f"/integration-api/attendances/prisoner/A1000AA?startDate={day}&endDate={before}",
                400,
            ),
        ],
    )
