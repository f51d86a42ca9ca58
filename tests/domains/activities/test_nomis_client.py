"""NomisActivitiesClient: reconciliation counts, booking details, allocation/attendance upserts."""

import datetime as dt

import pytest

from dagster_project.domains.activities.nomis import (
    AllocationExclusion,
    UpsertAllocationRequest,
    UpsertAttendanceRequest,
)
from tests.domains.activities.payloads import (
    AGENCIES,
    BOOKINGS,
    PRISONER_DETAILS,
    UPSERT_ALLOCATION_RESPONSE,
    UPSERT_ATTENDANCE_RESPONSE,
)
from tests.wire import sent

pytestmark = pytest.mark.contract_mocked_responses


def test_activity_prisons(estate, nomis_activities):
    route = estate.get("/nomis/agency-switches/ACTIVITY").respond(200, json=AGENCIES)
    prisons = nomis_activities.activity_prisons()
    assert [(p.agency_id, p.name) for p in prisons] == [("BXI", "Brixton"), ("MDI", "Moorland")]
    assert sent(route).method == "GET"


@pytest.mark.parametrize(("suspended", "params"), [(False, {}), (True, {"suspended": ["true"]})])
def test_allocation_counts(estate, nomis_activities, suspended, params):
    route = estate.get("/nomis/allocations/reconciliation/BXI").respond(
        200, json={"prisonId": "BXI", "bookings": BOOKINGS}
    )
    counts = nomis_activities.allocation_counts("BXI", suspended=suspended)
    assert sent(route).params == params
    assert [(b.booking_id, b.count) for b in counts.bookings] == [(1234567, 2), (1234568, 1)]


def test_attendance_counts(estate, nomis_activities):
    route = estate.get("/nomis/attendances/reconciliation/BXI").respond(
        200, json={"prisonId": "BXI", "date": "2026-11-26", "bookings": BOOKINGS}
    )
    counts = nomis_activities.attendance_counts("BXI", dt.date(2026, 11, 26))
    assert sent(route).params == {"date": ["2026-11-26"]}
    assert len(counts.bookings) == 2


def test_booking_details(estate, nomis_activities):
    route = estate.post("/nomis/prisoners/bookings").respond(200, json=PRISONER_DETAILS)
    (details,) = nomis_activities.booking_details([1234567, 7654321])
    assert sent(route).body == [1234567, 7654321]
    assert (details.offender_no, details.booking_id, details.location, details.active) == (
        "A1234AA",
        1234567,
        "BXI-A-1-001",
        True,
    )


def test_upsert_allocation(estate, nomis_activities):
    route = estate.put("/nomis/activities/8800/allocation").respond(
        200, json=UPSERT_ALLOCATION_RESPONSE
    )
    request = UpsertAllocationRequest(
        booking_id=1234567,
        start_date=dt.date(2026, 11, 1),
        program_status_code="ALLOC",
        pay_band_code="1",
        exclusions=[AllocationExclusion(day="MON", slot="AM"), AllocationExclusion(day="FRI")],
    )
    response = nomis_activities.upsert_allocation(8800, request)
    assert (response.offender_program_reference_id, response.created) == (12345678, True)
    assert sent(route).method == "PUT"
    assert sent(route).body == {
        "bookingId": 1234567,
        "startDate": "2026-11-01",
        "programStatusCode": "ALLOC",
        "payBandCode": "1",
        "suspended": False,
        "exclusions": [{"day": "MON", "slot": "AM"}, {"day": "FRI"}],
    }


def test_upsert_allocation_ending(estate, nomis_activities):
    route = estate.put("/nomis/activities/8800/allocation").respond(
        200, json={**UPSERT_ALLOCATION_RESPONSE, "created": False}
    )
    request = UpsertAllocationRequest(
        booking_id=1234567,
        start_date=dt.date(2026, 11, 1),
        end_date=dt.date(2026, 11, 30),
        end_reason="REL",
        end_comment="Released",
        program_status_code="END",
        suspended=True,
        suspended_comment="Moved wing",
    )
    assert nomis_activities.upsert_allocation(8800, request).created is False
    body = sent(route).body
    assert body["endDate"] == "2026-11-30"
    assert (body["endReason"], body["endComment"]) == ("REL", "Released")
    assert (body["suspended"], body["suspendedComment"]) == (True, "Moved wing")
    assert body["exclusions"] == []
    assert "payBandCode" not in body


def test_upsert_attendance(estate, nomis_activities):
    route = estate.put("/nomis/schedules/4321/booking/1234567/attendance").respond(
        200, json=UPSERT_ATTENDANCE_RESPONSE
    )
    request = UpsertAttendanceRequest(
        schedule_date=dt.date(2026, 11, 26),
        start_time="09:00",
        end_time="11:30",
        event_status_code="COMP",
        event_outcome_code="ATT",
        comments="Good work",
        paid=True,
        bonus_pay=0.5,
    )
    response = nomis_activities.upsert_attendance(4321, 1234567, request)
    assert (response.event_id, response.course_schedule_id, response.created) == (
        98765,
        4321,
        False,
    )
    assert sent(route).body == {
        "scheduleDate": "2026-11-26",
        "startTime": "09:00",
        "endTime": "11:30",
        "eventStatusCode": "COMP",
        "eventOutcomeCode": "ATT",
        "comments": "Good work",
        "unexcusedAbsence": False,
        "authorisedAbsence": False,
        "paid": True,
        "bonusPay": 0.5,
    }
