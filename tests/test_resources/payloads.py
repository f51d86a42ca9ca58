"""Realistic wire bodies, shaped after the HMPPS OpenAPI specs (responses are spec-validated)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import respx

ESTATE = "https://estate.test"
TOKEN_URL = f"{ESTATE}/auth/oauth/token"
SECRET = "unit-test-Secret-7c1e"  # noqa: S105 - test-only, grepped for in messages
TOKEN = "eyJhbGciOiJSUzI1NiJ9.unit-test-token.c2lnbmF0dXJl"  # noqa: S105 - test-only


@dataclass(frozen=True)
class Sent:
    """What a client put on the wire."""

    method: str
    path: str
    params: dict[str, list[str]]
    body: Any
    headers: Any


def sent(route: respx.Route, index: int = -1) -> Sent:
    request = route.calls[index].request
    params: dict[str, list[str]] = {}
    for key, value in request.url.params.multi_items():
        params.setdefault(key, []).append(value)
    body = json.loads(request.content) if request.content else None
    return Sent(request.method, request.url.path, params, body, request.headers)


def error(status: int, message: str, **extra: Any) -> dict[str, Any]:
    """An HMPPS ``ErrorResponse``."""
    return {"status": status, "userMessage": message, "developerMessage": message, **extra}


# --- NOMIS prisoner API ----------------------------------------------------------------------

CREATE_INCENTIVE_RESPONSE = {"bookingId": 1234567, "sequence": 3}
INCENTIVE = {
    "offenderNo": "A1234AA",
    "bookingId": 1234567,
    "incentiveSequence": 3,
    "commentText": "A review took place",
    "iepDateTime": "2026-11-20T10:15:00",
    "prisonId": "MDI",
    "iepLevel": {"code": "STD", "description": "Standard"},
    "userId": "AJONES",
    "currentIep": True,
    "auditModule": "OIDOIEPS",
    "whenCreated": "2026-11-20T10:15:03.512000",
}
REFERENCE_CODE = {
    "code": "STD",
    "domain": "IEP_LEVEL",
    "description": "Standard",
    "active": True,
    "sequence": 2,
    "systemDataFlag": False,
}
PRISON_LEVEL_DATA = {
    "prisonId": "MDI",
    "iepLevelCode": "STD",
    "visitOrderAllowance": 1,
    "privilegedVisitOrderAllowance": 2,
    "defaultOnAdmission": True,
    "remandTransferLimitInPence": 5500,
    "remandSpendLimitInPence": 55000,
    "convictedTransferLimitInPence": 1800,
    "convictedSpendLimitInPence": 18000,
    "active": True,
    "visitAllowanceActive": True,
}
PRISONER_IDS_PAGE = {
    "content": [
        {"bookingId": 1234567, "offenderNo": "A1234AA"},
        {"bookingId": 1234568, "offenderNo": "A1235AA"},
    ],
    "totalElements": 57,
    "totalPages": 29,
    "size": 2,
    "number": 1,
    "first": False,
    "last": False,
    "numberOfElements": 2,
    "empty": False,
}

# --- NOMIS prisoner API: activities ----------------------------------------------------------

AGENCIES = [{"agencyId": "BXI", "name": "Brixton"}, {"agencyId": "MDI", "name": "Moorland"}]
BOOKINGS = [{"bookingId": 1234567, "count": 2}, {"bookingId": 1234568, "count": 1}]
PRISONER_DETAILS = [
    {
        "offenderNo": "A1234AA",
        "offenderId": 2580001,
        "rootOffenderId": 2580001,
        "bookingId": 1234567,
        "location": "BXI-A-1-001",
        "active": True,
    }
]
UPSERT_ALLOCATION_RESPONSE = {
    "offenderProgramReferenceId": 12345678,
    "created": True,
    "prisonId": "BXI",
}
UPSERT_ATTENDANCE_RESPONSE = {
    "eventId": 98765,
    "courseScheduleId": 4321,
    "created": False,
    "prisonId": "BXI",
}

# --- NOMIS mapping service -------------------------------------------------------------------

INCENTIVE_MAPPING = {
    "nomisBookingId": 1234567,
    "nomisIncentiveSequence": 3,
    "incentiveId": 777,
    "label": None,
    "mappingType": "INCENTIVE_CREATED",
    "whenCreated": "2026-11-20T10:15:04",
}
VISIT_MAPPING = {
    "nomisId": 12345,
    "vsipId": "ab-cd-ef-gh",
    "mappingType": "ONLINE",
    "whenCreated": "2026-11-20T10:15:04",
}
ACTIVITY_MAPPING = {
    "activityScheduleId": 77,
    "activityId": 7,
    "nomisCourseActivityId": 8800,
    "mappingType": "ACTIVITY_CREATED",
    "scheduledInstanceMappings": [
        {
            "scheduledInstanceId": 501,
            "nomisCourseScheduleId": 9901,
            "mappingType": "ACTIVITY_CREATED",
        }
    ],
    "whenCreated": "2026-11-20T10:15:04",
}


def duplicate_mapping(duplicate: dict[str, Any], existing: dict[str, Any]) -> dict[str, Any]:
    """The mapping service's ``DuplicateMappingErrorResponse``."""
    return {
        "status": "409 CONFLICT",
        "errorCode": 1409,
        "userMessage": "Conflict: mapping already exists",
        "moreInfo": {"duplicate": duplicate, "existing": existing},
    }


# --- DPS incentives API ----------------------------------------------------------------------

REVIEW = {
    "id": 101,
    "iepLevel": "Standard",
    "iepCode": "STD",
    "comments": "A review took place",
    "prisonerNumber": "A1234AA",
    "bookingId": 1234567,
    "iepDate": "2026-11-20",
    "iepTime": "2026-11-20T10:15:00.123456",
    "agencyId": "MDI",
    "userId": "AJONES",
    "reviewType": "REVIEW",
    "auditModuleName": "INCENTIVES_API",
    "isRealReview": True,
}
REVIEW_SUMMARY = {
    "id": 101,
    "iepCode": "STD",
    "iepLevel": "Standard",
    "prisonerNumber": "A1234AA",
    "bookingId": 1234567,
    "iepDate": "2026-11-20",
    "iepTime": "2026-11-20T10:15:00.123456",
    "iepDetails": [REVIEW],
    "nextReviewDate": "2027-11-20",
    "daysSinceReview": 7,
}
LEVELS = [
    {"code": "BAS", "name": "Basic", "active": True, "required": True},
    {"code": "STD", "name": "Standard", "active": True, "required": True},
    {"code": "ENT", "name": "Entry", "active": False, "required": False},
]
PRISON_LEVEL = {
    "levelCode": "STD",
    "levelName": "Standard",
    "prisonId": "MDI",
    "active": True,
    "defaultOnAdmission": True,
    "remandTransferLimitInPence": 5500,
    "remandSpendLimitInPence": 55000,
    "convictedTransferLimitInPence": 1800,
    "convictedSpendLimitInPence": 18000,
    "visitOrders": 2,
    "privilegedVisitOrders": 1,
}

# --- DPS activities API ----------------------------------------------------------------------

ALLOCATION = {
    "id": 123456,
    "prisonerNumber": "A1234AA",
    "bookingId": 1234567,
    "activitySummary": "Maths level 1",
    "activityId": 7,
    "scheduleId": 77,
    "scheduleDescription": "Maths AM",
    "isUnemployment": False,
    "prisonPayBand": {
        "id": 11,
        "displaySequence": 1,
        "alias": "Low",
        "description": "Pay band 1",
        "nomisPayBand": 1,
        "prisonCode": "BXI",
    },
    "startDate": "2026-11-01",
    "endDate": None,
    "allocatedTime": "2026-10-30T09:00:00",
    "allocatedBy": "MR BLOGS",
    "deallocatedTime": None,
    "deallocatedBy": None,
    "deallocatedReason": None,
    "suspendedTime": None,
    "suspendedBy": None,
    "suspendedReason": None,
    "status": "ACTIVE",
    "plannedDeallocation": None,
    "exclusions": [
        {
            "weekNumber": 1,
            "timeSlot": "AM",
            "monday": True,
            "tuesday": False,
            "wednesday": False,
            "thursday": False,
            "friday": False,
            "saturday": False,
            "sunday": False,
            "daysOfWeek": ["MONDAY"],
        }
    ],
}
ATTENDANCE_SYNC = {
    "attendanceId": 555,
    "scheduledInstanceId": 501,
    "activityScheduleId": 77,
    "sessionDate": "2026-11-26",
    "sessionStartTime": "09:00",
    "sessionEndTime": "11:30",
    "prisonerNumber": "A1234AA",
    "bookingId": 1234567,
    "attendanceReasonCode": "ATTENDED",
    "comment": None,
    "status": "COMPLETED",
    "payAmount": 100,
    "bonusAmount": 50,
    "issuePayment": True,
}
ATTENDANCE = {
    "id": 555,
    "scheduleInstanceId": 501,
    "prisonerNumber": "A1234AA",
    "attendanceReason": None,
    "status": "WAITING",
    "editable": True,
    "payable": True,
}

# --- DPS visit scheduler (no spec) -----------------------------------------------------------

VISIT = {
    "reference": "ab-cd-ef-gh",
    "prisonerId": "A1234AA",
    "prisonId": "MDI",
    "visitType": "SOCIAL",
    "startTimestamp": "2026-12-01T09:00:00",
    "endTimestamp": "2026-12-01T10:00:00",
    "visitStatus": "BOOKED",
    "visitRoom": "Visits Main Hall",
    "visitRestriction": "OPEN",
    "visitors": [{"nomisPersonId": 4729570}],
    "visitorSupport": {"description": "wheelchair"},
}
