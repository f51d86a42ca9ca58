"""ActivitiesClient: reads from the DPS activities API (served under /activities)."""

import datetime as dt

import pytest

from tests.domains.activities.payloads import ALLOCATION, ATTENDANCE, ATTENDANCE_SYNC, BOOKINGS
from tests.wire import sent

pytestmark = pytest.mark.contract_mocked_responses


@pytest.mark.parametrize(
    ("suspended", "kind"), [(False, "allocations"), (True, "suspended-allocations")]
)
def test_allocation_counts(estate, activities, suspended, kind):
    route = estate.get(f"/activities/synchronisation/reconciliation/{kind}/BXI").respond(
        200, json={"prisonCode": "BXI", "bookings": BOOKINGS}
    )
    counts = activities.allocation_counts("BXI", suspended=suspended)
    assert sent(route).params == {}
    assert [(b.booking_id, b.count) for b in counts.bookings] == [(1234567, 2), (1234568, 1)]


def test_attendance_counts(estate, activities):
    route = estate.get("/activities/synchronisation/reconciliation/attendances/BXI").respond(
        200, json={"prisonCode": "BXI", "date": "2026-11-26", "bookings": BOOKINGS}
    )
    activities.attendance_counts("BXI", dt.date(2026, 11, 26))
    assert sent(route).params == {"date": ["2026-11-26"]}


def test_get_allocation(estate, activities):
    estate.get("/activities/allocations/id/123456").respond(200, json=ALLOCATION)
    allocation = activities.get_allocation(123456)
    assert (allocation.id, allocation.prisoner_number, allocation.schedule_id) == (
        123456,
        "A1234AA",
        77,
    )
    assert allocation.start_date == dt.date(2026, 11, 1)
    assert allocation.prison_pay_band is not None
    assert allocation.prison_pay_band.nomis_pay_band == 1
    (exclusion,) = allocation.exclusions
    assert (exclusion.time_slot, exclusion.days_of_week) == ("AM", ["MONDAY"])


def test_prisoner_allocations(estate, activities):
    route = estate.post("/activities/prisons/BXI/prisoner-allocations").respond(
        200, json=[{"prisonerNumber": "A1234AA", "allocations": [ALLOCATION]}]
    )
    (found,) = activities.prisoner_allocations("BXI", ["A1234AA", "A1235AA"])
    assert sent(route).params == {"activeOnly": ["false"]}
    assert sent(route).body == ["A1234AA", "A1235AA"]
    assert found.prisoner_number == "A1234AA"
    assert [a.id for a in found.allocations] == [123456]


def test_get_attendance(estate, activities):
    estate.get("/activities/synchronisation/attendance/555").respond(200, json=ATTENDANCE_SYNC)
    attendance = activities.get_attendance(555)
    assert (attendance.attendance_id, attendance.scheduled_instance_id) == (555, 501)
    assert (attendance.session_start_time, attendance.session_end_time) == ("09:00", "11:30")
    assert (attendance.bonus_amount, attendance.issue_payment) == (50, True)


@pytest.mark.parametrize(
    ("prison", "params"),
    [
        (None, {"startDate": ["2026-11-26"], "endDate": ["2026-11-26"]}),
        ("BXI", {"startDate": ["2026-11-26"], "endDate": ["2026-11-26"], "prisonCode": ["BXI"]}),
    ],
)
def test_prisoner_attendances(estate, activities, prison, params):
    route = estate.get("/activities/integration-api/attendances/prisoner/A1234AA").respond(
        200, json=[ATTENDANCE]
    )
    (summary,) = activities.prisoner_attendances("A1234AA", dt.date(2026, 11, 26), prison)
    assert sent(route).params == params
    assert (summary.id, summary.schedule_instance_id, summary.prisoner_number) == (
        555,
        501,
        "A1234AA",
    )
