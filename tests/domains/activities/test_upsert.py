"""Allocation and attendance bodies for NOMIS (activities.md §1.4, §1.5), field by field."""

import datetime as dt

import pytest

from dagster_project.domains.activities.dps import Allocation, AttendanceSync
from dagster_project.domains.activities.upsert import allocation_request, attendance_request
from resources.http import dump_body

TODAY = dt.date(2026, 11, 27)


def allocation(**overrides) -> Allocation:
    base = {
        "id": 9,
        "prisonerNumber": "A1000AA",
        "bookingId": 1000001,
        "scheduleId": 101,
        "startDate": "2026-11-01",
        "status": "ACTIVE",
        "prisonPayBand": {"nomisPayBand": 2},
        "exclusions": [
            {"timeSlot": "AM", "daysOfWeek": ["MONDAY", "TUESDAY"]},
            {"timeSlot": "PM", "daysOfWeek": ["MONDAY"]},
            {"timeSlot": "ED", "daysOfWeek": ["MONDAY"]},
        ],
    }
    return Allocation.model_validate({**base, **overrides})


def test_active_allocation_body_with_whole_day_exclusion():
    assert dump_body(allocation_request(allocation())) == {
        "bookingId": 1000001,
        "startDate": "2026-11-01",
        "programStatusCode": "ALLOC",
        "payBandCode": "2",
        "suspended": False,
        "exclusions": [{"day": "MON"}, {"day": "TUE", "slot": "AM"}],
    }


def test_ended_allocation_uses_planned_deallocation_for_the_comment():
    body = dump_body(
        allocation_request(
            allocation(
                status="ENDED",
                endDate="2026-11-20",
                exclusions=[],
                deallocatedBy="OTHER",
                plannedDeallocation={
                    "plannedBy": "JSMITH",
                    "plannedAt": "2026-11-19T10:11:12.345Z",
                    "plannedReason": {"code": "RELEASED", "description": "Released"},
                },
            )
        )
    )
    assert body["programStatusCode"] == "END" and body["endReason"] == "OTH"
    assert body["endDate"] == "2026-11-20"
    assert body["endComment"] == (
        "Deallocated in DPS by JSMITH at 2026-11-19 10:11:12 for reason Released"
    )


def test_suspended_allocation_is_still_allocated_but_flagged():
    body = dump_body(
        allocation_request(
            allocation(
                status="AUTO_SUSPENDED",
                suspendedBy="SYS",
                suspendedTime="2026-11-20T08:00:00",
                suspendedReason="Temporarily released",
            )
        )
    )
    assert body["programStatusCode"] == "ALLOC" and body["suspended"] is True
    assert body["suspendedComment"] == (
        "AUTO_SUSPENDED in DPS by SYS at 2026-11-20 08:00:00 for reason Temporarily released"
    )


def attendance(**overrides) -> AttendanceSync:
    base = {
        "attendanceId": 5,
        "scheduledInstanceId": 77,
        "activityScheduleId": 101,
        "sessionDate": "2026-11-26",
        "sessionStartTime": "09:00",
        "sessionEndTime": "11:30",
        "prisonerNumber": "A1000AA",
        "bookingId": 1000001,
        "status": "COMPLETED",
        "attendanceReasonCode": "ATTENDED",
        "issuePayment": True,
        "bonusAmount": 100,
    }
    return AttendanceSync.model_validate({**base, **overrides})


@pytest.mark.parametrize(
    ("reason", "paid", "outcome", "unexcused", "authorised"),
    [
        ("ATTENDED", True, "ATT", False, False),
        ("CANCELLED", False, "CANC", False, True),
        ("SUSPENDED", False, "SUS", False, True),
        ("AUTO_SUSPENDED", True, "SUS", False, True),
        ("SICK", True, "ACCAB", False, True),
        ("SICK", False, "REST", False, True),
        ("REFUSED", False, "UNACAB", True, False),
        ("NOT_REQUIRED", False, "NREQ", False, True),
        ("REST", True, "ACCAB", False, True),
        ("REST", False, "REST", False, True),
        ("CLASH", False, "ACCAB", False, True),
        ("OTHER", True, "ACCAB", False, True),
        ("OTHER", False, "UNACAB", True, False),
    ],
)
def test_attendance_outcome_table(reason, paid, outcome, unexcused, authorised):
    body = dump_body(
        attendance_request(attendance(attendanceReasonCode=reason, issuePayment=paid), TODAY)
    )
    assert body["eventOutcomeCode"] == outcome
    assert (body["unexcusedAbsence"], body["authorisedAbsence"], body["paid"]) == (
        unexcused,
        authorised,
        paid,
    )
    assert body["eventStatusCode"] == ("CANC" if reason == "CANCELLED" else "COMP")


def test_attendance_body_fields_and_bonus_without_conversion():
    assert dump_body(attendance_request(attendance(comment="well done"), TODAY)) == {
        "scheduleDate": "2026-11-26",
        "startTime": "09:00",
        "endTime": "11:30",
        "eventStatusCode": "COMP",
        "eventOutcomeCode": "ATT",
        "comments": "well done",
        "unexcusedAbsence": False,
        "authorisedAbsence": False,
        "paid": True,
        "bonusPay": 100.0,
    }


@pytest.mark.parametrize(
    ("session", "status"), [("2026-11-27", "SCH"), ("2026-11-28", "SCH"), ("2026-11-26", "EXP")]
)
def test_waiting_attendance_is_scheduled_or_expired(session, status):
    body = dump_body(
        attendance_request(
            attendance(status="WAITING", attendanceReasonCode=None, sessionDate=session), TODAY
        )
    )
    assert body["eventStatusCode"] == status and "eventOutcomeCode" not in body
    assert body["paid"] is True


def test_unknown_reason_or_status_fails_before_any_write():
    with pytest.raises(ValueError, match="reason code=ESCAPED"):
        attendance_request(attendance(attendanceReasonCode="ESCAPED"), TODAY)
    with pytest.raises(ValueError, match="status code=LOCKED"):
        attendance_request(attendance(status="LOCKED"), TODAY)
