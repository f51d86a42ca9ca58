"""Realistic wire bodies, shaped after the HMPPS OpenAPI specs (responses are spec-validated)."""

from __future__ import annotations

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
