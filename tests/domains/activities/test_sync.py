"""Activities events: NOMIS bodies field by field, mapping rules, failure telemetry."""

import datetime as dt
import json

import httpx
import pytest

from dagster_project.domains.activities import DOMAIN
from dagster_project.domains.activities.sync import ActivitiesSync
from dagster_project.domains.activities.upsert import ActivitiesUpserter
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.retry_queue import MappingRetryQueue
from resources.errors import ApiError
from tests.estate import dispatch
from tests.messages import event, sns_body

TODAY = "2026-11-27"
SCHEDULE = {
    "id": 101,
    "description": "Woodwork morning session for the workshop wing",
    "capacity": 10,
    "startDate": "2026-11-01",
    "endDate": "2026-12-31",
    "runsOnBankHoliday": False,
    "activity": {"id": 501, "prisonCode": "MDI", "payPerSession": "H"},
    "internalLocation": {"id": 7, "dpsLocationId": "loc-uuid-7"},
    "instances": [
        {
            "id": 1001,
            "date": "2026-11-27",
            "startTime": "09:00",
            "endTime": "11:30",
            "cancelled": False,
        },
        {
            "id": 1002,
            "date": "2026-11-28",
            "startTime": "09:00",
            "endTime": "11:30",
            "cancelled": True,
        },
    ],
    "slots": [{"startTime": "09:00", "endTime": "11:30", "mondayFlag": True, "fridayFlag": True}],
}
ACTIVITY = {
    "id": 501,
    "prisonCode": "MDI",
    "summary": "Woodwork: joinery, turning and furniture restoration for beginners",
    "category": {"code": "SAA_INDUSTRIES"},
    "startDate": "2026-10-01",
    "outsideWork": False,
    "pay": [
        {
            "incentiveNomisCode": "STD",
            "prisonPayBand": {"nomisPayBand": 1},
            "rate": 150,
            "startDate": "2026-10-01",
        }
    ],
}
CREATED = {
    "courseActivityId": 20001,
    "courseSchedules": [
        {
            "courseScheduleId": 40001,
            "date": "2026-11-27",
            "startTime": "09:00:00",
            "endTime": "11:30:00",
        },
        {
            "courseScheduleId": 40002,
            "date": "2026-11-28",
            "startTime": "09:00:00",
            "endTime": "11:30:00",
        },
    ],
}
MAPPING = {
    "activityScheduleId": 101,
    "activityId": 501,
    "nomisCourseActivityId": 20001,
    "mappingType": "ACTIVITY_CREATED",
    "scheduledInstanceMappings": [
        {
            "scheduledInstanceId": 1001,
            "nomisCourseScheduleId": 40001,
            "mappingType": "ACTIVITY_CREATED",
        },
        {
            "scheduledInstanceId": 1002,
            "nomisCourseScheduleId": 40002,
            "mappingType": "ACTIVITY_CREATED",
        },
    ],
}
MAPPING_URL = "/mapping-api/mapping/activities/activity-schedule-id/101"
SCHEDULE_CREATED = "activities.activity-schedule.created"
SCHEDULE_AMENDED = "activities.activity-schedule.amended"
INSTANCE_AMENDED = "activities.scheduled-instance.amended"


def message(event_type, **info):
    return sns_body(event(event_type, info))


@pytest.fixture
def sync(wired, telemetry, queue):
    """The service the domain wires, with a fixed `today` (DPS sessions from; NOMIS pay day)."""
    built = wired(DOMAIN)
    today = dt.date.fromisoformat(TODAY)
    upserter = ActivitiesUpserter(
        built.upserter.nomis, built.mapping, built.upserter.dps, telemetry, today=lambda: today
    )
    retry = MappingRetryQueue(queue, DOMAIN.name, DOMAIN.telemetry_prefix, telemetry)
    return ActivitiesSync(
        built.nomis, built.mapping, built.dps, upserter, telemetry, retry, today=today
    )


@pytest.fixture
def creating(estate):
    estate.get(MAPPING_URL, name="mapping_get").respond(404)
    estate.get("/activities/schedules/101", name="schedule").respond(200, json=SCHEDULE)
    estate.get("/activities/activities/501/filtered", name="activity").respond(200, json=ACTIVITY)
    estate.get("/mapping-api/mapping/locations/dps/loc-uuid-7").respond(
        200, json={"dpsLocationId": "loc-uuid-7", "nomisLocationId": 7007, "mappingType": "X"}
    )
    estate.post("/nomis/activities", name="nomis").respond(201, json=CREATED)
    estate.post("/mapping-api/mapping/activities", name="mapping_post").respond(201)
    return estate


def test_schedule_created_builds_the_course_activity_and_maps_every_session(sync, creating, sink):
    dispatch(DOMAIN, sync, message(SCHEDULE_CREATED, activityScheduleId="101"))
    assert creating["schedule"].calls.last.request.url.params["earliestSessionDate"] == TODAY
    assert json.loads(creating["nomis"].calls.last.request.content) == {
        "code": "101",
        "prisonId": "MDI",
        "startDate": "2026-10-01",
        "internalLocationId": 7007,
        "capacity": 10,
        "payRates": [
            {"incentiveLevel": "STD", "payBand": "1", "rate": 1.5, "startDate": "2026-10-01"}
        ],
        "description": "Woodwork: joinery, turning and furniture",
        "programCode": "SAA_INDUSTRIES",
        "payPerSession": "H",
        "schedules": [
            {"date": "2026-11-27", "startTime": "09:00", "endTime": "11:30", "cancelled": False},
            {"date": "2026-11-28", "startTime": "09:00", "endTime": "11:30", "cancelled": True},
        ],
        "scheduleRules": [
            {
                "startTime": "09:00",
                "endTime": "11:30",
                "monday": True,
                "tuesday": False,
                "wednesday": False,
                "thursday": False,
                "friday": True,
                "saturday": False,
                "sunday": False,
            }
        ],
        "excludeBankHolidays": True,
        "outsideWork": False,
    }
    assert json.loads(creating["mapping_post"].calls.last.request.content) == MAPPING
    success = sink.one("activity-create-success")
    assert success["nomisCourseActivityId"] == "20001" and success["prisonId"] == "MDI"


def test_schedule_already_mapped_is_a_duplicate_without_writes(sync, estate, sink):
    estate.get(MAPPING_URL).respond(200, json=MAPPING)
    nomis = estate.post("/nomis/activities")
    dispatch(DOMAIN, sync, message(SCHEDULE_CREATED, activityScheduleId=101))
    assert sink.names() == ["activity-create-duplicate"] and not nomis.called


@pytest.mark.parametrize(
    ("route", "status"), [("schedule", 404), ("nomis", 500)], ids=["dps-404", "nomis-500"]
)
def test_create_failures_fail_the_event_with_reason(sync, creating, sink, route, status):
    creating[route].respond(status, json={"status": status, "userMessage": "nope"})
    with pytest.raises(Exception, match=str(status)):
        dispatch(DOMAIN, sync, message(SCHEDULE_CREATED, activityScheduleId=101))
    assert str(status) in sink.one("activity-create-failed")["reason"]


def test_create_mapping_conflict_alerts_and_mapping_failure_retries(sync, creating, sink, queue):
    creating["mapping_post"].respond(
        409,
        json={
            "status": 409,
            "moreInfo": {
                "existing": {"activityScheduleId": 99},
                "duplicate": {"activityScheduleId": 101},
            },
        },
    )
    dispatch(DOMAIN, sync, message(SCHEDULE_CREATED, activityScheduleId=101))
    assert sink.alerts[0][0] == "to-nomis-synch-activity-duplicate"
    assert sink.alerts[0][1]["existingActivityScheduleId"] == "99" and queue.sent == []

    creating["mapping_post"].respond(503, json={"status": 503})
    dispatch(DOMAIN, sync, message(SCHEDULE_CREATED, activityScheduleId=101))
    inner = json.loads(json.loads(queue.sent[0].body)["Message"])
    assert inner["entityName"] == "activity" and inner["mapping"] == MAPPING


def test_schedule_amended_puts_with_existing_session_ids_and_updates_mapping(sync, estate, sink):
    estate.get(MAPPING_URL).respond(200, json=MAPPING)
    estate.get("/activities/schedules/101").respond(
        200, json={**SCHEDULE, "internalLocation": None}
    )
    estate.get("/activities/activities/501/filtered").respond(200, json=ACTIVITY)
    put = estate.put("/nomis/activities/20001").respond(200, json=CREATED)
    remap = estate.put("/mapping-api/mapping/activities").respond(200, json=MAPPING)
    dispatch(DOMAIN, sync, message(SCHEDULE_AMENDED, activityScheduleId=101))
    body = json.loads(put.calls.last.request.content)
    assert body["description"] == "Woodwork morning session for the worksho"
    assert body["startDate"] == "2026-11-01" and body["endDate"] == "2026-12-31"
    assert [s["id"] for s in body["schedules"]] == [40001, 40002]
    assert "code" not in body and "prisonId" not in body and "internalLocationId" not in body
    mapped = json.loads(remap.calls.last.request.content)
    assert mapped["mappingType"] == "ACTIVITY_CREATED"
    assert {m["mappingType"] for m in mapped["scheduledInstanceMappings"]} == {"ACTIVITY_UPDATED"}
    assert sink.one("activity-amend-success")["nomisCourseActivityId"] == "20001"


def test_schedule_amended_without_mapping_fails(sync, estate, sink):
    estate.get(MAPPING_URL).respond(404)
    with pytest.raises(LookupError):
        dispatch(DOMAIN, sync, message(SCHEDULE_AMENDED, activityScheduleId=101))
    assert "activity-amend-failed" in sink.names()


INSTANCE = {
    "id": 1001,
    "date": "2026-11-27",
    "startTime": "10:00",
    "endTime": "12:00",
    "cancelled": True,
    "activitySchedule": {
        "id": 101,
        "activity": {"id": 501, "prisonCode": "MDI", "payPerSession": "H"},
    },
}


def test_scheduled_instance_amended_updates_one_course_schedule(sync, estate, sink):
    estate.get("/activities/scheduled-instances/1001").respond(200, json=INSTANCE)
    estate.get(MAPPING_URL).respond(200, json=MAPPING)
    put = estate.put("/nomis/activities/20001/schedule").respond(
        200, json={"courseScheduleId": 40001}
    )
    dispatch(DOMAIN, sync, message(INSTANCE_AMENDED, scheduledInstanceId=1001))
    assert json.loads(put.calls.last.request.content) == {
        "id": 40001,
        "date": "2026-11-27",
        "startTime": "10:00",
        "endTime": "12:00",
        "cancelled": True,
    }
    assert sink.one("activity-scheduled-instance-amend-success")["nomisCourseScheduleId"] == (
        "40001"
    )


def test_scheduled_instance_without_child_mapping_fails(sync, estate, sink):
    estate.get("/activities/scheduled-instances/1001").respond(200, json=INSTANCE)
    estate.get(MAPPING_URL).respond(200, json={**MAPPING, "scheduledInstanceMappings": []})
    with pytest.raises(LookupError, match="scheduled instance id not found: 1001"):
        dispatch(DOMAIN, sync, message(INSTANCE_AMENDED, scheduledInstanceId=1001))
    assert "activity-scheduled-instance-amend-failed" in sink.names()


ALLOCATION = {
    "id": 9,
    "prisonerNumber": "A1000AA",
    "bookingId": 1000001,
    "scheduleId": 101,
    "startDate": "2026-11-01",
    "status": "ACTIVE",
    "exclusions": [],
}


@pytest.mark.parametrize(
    "event_type", ["activities.prisoner.allocated", "activities.prisoner.allocation-amended"]
)
def test_allocation_events_upsert_the_allocation(sync, estate, sink, event_type):
    estate.get("/activities/allocations/id/9").respond(200, json=ALLOCATION)
    estate.get(MAPPING_URL).respond(200, json=MAPPING)
    put = estate.put("/nomis/activities/20001/allocation").respond(
        200, json={"offenderProgramReferenceId": 77, "created": True, "prisonId": "MDI"}
    )
    dispatch(DOMAIN, sync, message(event_type, allocationId="9", scheduleId=101))
    assert json.loads(put.calls.last.request.content) == {
        "bookingId": 1000001,
        "startDate": "2026-11-01",
        "programStatusCode": "ALLOC",
        "suspended": False,
        "exclusions": [],
    }
    assert sink.one("activity-allocation-success")["nomisAllocationId"] == "77"


@pytest.mark.parametrize(
    ("route", "status"),
    [("/activities/allocations/id/9", 404), (MAPPING_URL, 404)],
    ids=["dps-404", "no-schedule-mapping"],
)
def test_allocation_failures_are_reported_and_retried(sync, estate, sink, route, status):
    estate.get("/activities/allocations/id/9").respond(200, json=ALLOCATION)
    estate.get(MAPPING_URL).respond(200, json=MAPPING)
    estate.get(route).respond(status, json={"status": status})
    with pytest.raises(Exception):  # noqa: B017 - any failure re-queues the event
        dispatch(DOMAIN, sync, message("activities.prisoner.allocated", allocationId=9))
    assert "activity-allocation-failed" in sink.names()


ATTENDANCE = {
    "attendanceId": 5,
    "scheduledInstanceId": 1001,
    "activityScheduleId": 101,
    "sessionDate": "2026-11-26",
    "sessionStartTime": "09:00",
    "sessionEndTime": "11:30",
    "prisonerNumber": "A1000AA",
    "bookingId": 1000001,
    "status": "COMPLETED",
    "attendanceReasonCode": "ATTENDED",
    "issuePayment": True,
}


@pytest.mark.parametrize(
    ("event_type", "verb"),
    [
        ("activities.prisoner.attendance-created", "create"),
        ("activities.prisoner.attendance-amended", "update"),
        ("activities.prisoner.attendance-expired", "update"),
    ],
)
def test_attendance_events_upsert_with_the_right_flavour(sync, estate, sink, event_type, verb):
    estate.get("/activities/synchronisation/attendance/5").respond(200, json=ATTENDANCE)
    estate.get(MAPPING_URL).respond(200, json=MAPPING)
    put = estate.put("/nomis/schedules/40001/booking/1000001/attendance").respond(
        200, json={"eventId": 3, "courseScheduleId": 40001, "created": True, "prisonId": "MDI"}
    )
    dispatch(DOMAIN, sync, message(event_type, attendanceId=5))
    body = json.loads(put.calls.last.request.content)
    assert (body["eventStatusCode"], body["eventOutcomeCode"], body["paid"]) == (
        "COMP",
        "ATT",
        True,
    )
    assert sink.one(f"activity-attendance-{verb}-success")["nomisAttendanceEventId"] == "3"


PAID_TODAY = "Attendance update ignored as already paid session on 2026-11-27 at 09:00"
MOVED = "Attendance update ignored as the prisoner is deallocated and has moved from the prison"


@pytest.mark.parametrize(
    ("session_date", "error_code", "reason"),
    [
        pytest.param(TODAY, 1001, PAID_TODAY, id="paid-today"),
        pytest.param("2026-11-26", 1002, MOVED, id="moved-yesterday"),
        pytest.param("2026-12-01", 1002, MOVED, id="moved-any-date"),
    ],
)
@pytest.mark.parametrize(
    ("event_type", "verb"),
    [
        ("activities.prisoner.attendance-created", "create"),
        ("activities.prisoner.attendance-amended", "update"),
    ],
)
def test_attendance_nomis_may_refuse_is_ignored_with_the_old_reason(
    sync, estate, sink, event_type, verb, session_date, error_code, reason
):
    estate.get("/activities/synchronisation/attendance/5").respond(
        200, json={**ATTENDANCE, "sessionDate": session_date}
    )
    estate.get(MAPPING_URL).respond(200, json=MAPPING)
    put = estate.put("/nomis/schedules/40001/booking/1000001/attendance").respond(
        400, json={"status": 400, "errorCode": error_code, "userMessage": "refused"}
    )
    dispatch(DOMAIN, sync, message(event_type, attendanceId=5))  # acknowledged: no exception
    assert put.call_count == 1
    assert sink.names() == [f"activity-attendance-{verb}-ignored"]
    ignored = sink.one(f"activity-attendance-{verb}-ignored")
    assert ignored["reason"] == reason
    assert (ignored["sessionDate"], ignored["sessionStartTime"]) == (session_date, "09:00")
    assert ignored["nomisCourseScheduleId"] == "40001" and "nomisAttendanceEventId" not in ignored


@pytest.mark.parametrize(
    ("session_date", "body"),
    [
        pytest.param("2026-11-26", {"status": 400, "errorCode": 1001}, id="paid-another-day"),
        pytest.param(TODAY, {"status": 400, "userMessage": "no profile"}, id="400-without-code"),
        pytest.param(TODAY, {"status": 400, "errorCode": 1003}, id="other-code"),
    ],
)
def test_attendance_other_nomis_refusals_fail_the_event(sync, estate, sink, session_date, body):
    estate.get("/activities/synchronisation/attendance/5").respond(
        200, json={**ATTENDANCE, "sessionDate": session_date}
    )
    estate.get(MAPPING_URL).respond(200, json=MAPPING)
    estate.put("/nomis/schedules/40001/booking/1000001/attendance").respond(400, json=body)
    with pytest.raises(ApiError):
        dispatch(DOMAIN, sync, message("activities.prisoner.attendance-amended", attendanceId=5))
    assert sink.names() == ["activity-attendance-update-failed"]


SESSION_MAPPING_URL = "/mapping-api/mapping/activities/schedules/scheduled-instance-id/1001"
# what the mapping service answers (the child mapping), not the ActivityMappingDto the spec names
SESSION_MAPPING = {
    "scheduledInstanceId": 1001,
    "nomisCourseScheduleId": 40001,
    "mappingType": "ACTIVITY_UPDATED",
}
DELETED = {"scheduledInstanceId": 1001, "bookingId": 1000001}


@pytest.mark.parametrize(("status", "name"), [(204, "success"), (404, "ignored")])
def test_attendance_deleted_finds_the_course_schedule_by_the_session_mapping(
    sync, estate, sink, status, name
):
    lookup = estate.get(SESSION_MAPPING_URL).respond(200, json=SESSION_MAPPING)
    delete = estate.delete("/nomis/schedules/40001/booking/1000001/attendance").mock(
        return_value=httpx.Response(status, json=None if status == 204 else {"status": 404})
    )
    dispatch(DOMAIN, sync, message("activities.prisoner.attendance-deleted", **DELETED))
    assert lookup.call_count == 1 and delete.call_count == 1
    called = [call.request.url.path for call in estate.calls]
    assert not [path for path in called if path.startswith("/activities/")], "no DPS call"
    assert sink.events == [
        (
            f"activity-attendance-delete-{name}",
            {
                "dpsScheduledInstanceId": "1001",
                "bookingId": "1000001",
                "nomisCourseScheduleId": "40001",
            },
        )
    ]


def test_attendance_deleted_for_an_unmapped_session_fails(sync, estate, sink):
    estate.get(SESSION_MAPPING_URL).respond(404, json={"status": 404})
    delete = estate.delete("/nomis/schedules/40001/booking/1000001/attendance").respond(204)
    with pytest.raises(LookupError, match="scheduled instance id not found: 1001"):
        dispatch(DOMAIN, sync, message("activities.prisoner.attendance-deleted", **DELETED))
    assert not delete.called
    assert sink.events == [
        (
            "activity-attendance-delete-failed",
            {"dpsScheduledInstanceId": "1001", "bookingId": "1000001"},
        )
    ]


def test_retry_message_reposts_the_activity_mapping(sync, estate, sink):
    post = estate.post("/mapping-api/mapping/activities").respond(201)
    sync.retry_create_mapping(RetryMappingMessage(mapping=MAPPING))
    assert json.loads(post.calls.last.request.content) == MAPPING
    assert sink.one("activity-create-mapping-retry-success") == {"activityScheduleId": "101"}
