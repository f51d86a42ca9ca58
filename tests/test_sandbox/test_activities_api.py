"""Activities operations one by one: booking details, mappings, DPS reads, NOMIS upserts."""

from datetime import timedelta

import httpx

from dagster_project.sandbox.domains.activities.seed_data import (
    PLANTED_ACTIVITY_MISMATCHES,
    PLANTED_ELSEWHERE,
    SEEDED_SCHEDULES,
    dps_allocation_id,
    schedule_for,
)
from tests.test_sandbox.activity_helpers import seeded_on

MDI_WOODWORK = SEEDED_SCHEDULES[0]


def test_booking_details(acts: httpx.Client) -> None:
    moved = PLANTED_ELSEWHERE[0]
    response = acts.post("/nomis/prisoners/bookings", json=[1002040, moved.booking_id, 1000002, 7])
    assert response.status_code == 200
    assert response.json() == [
        {
            "offenderNo": "A1001AA",
            "offenderId": 2500002,
            "rootOffenderId": 2500002,
            "bookingId": 1000002,
            "location": "MDI",
            "active": True,
        },
        {
            "offenderNo": moved.offender_no,
            "offenderId": moved.booking_id + 1_500_000,
            "rootOffenderId": moved.booking_id + 1_500_000,
            "bookingId": moved.booking_id,
            "location": "BXI",
            "active": True,
        },
        {
            "offenderNo": "A3039AA",
            "offenderId": 2502040,
            "rootOffenderId": 2502040,
            "bookingId": 1002040,
            "location": "OUT",
            "active": False,
        },
    ], "sorted by booking, unknown ids left out, released prisoners are OUT"
    assert acts.post("/nomis/prisoners/bookings", json=[]).json() == []


def test_activity_mapping(acts: httpx.Client) -> None:
    body = acts.get("/mapping-api/mapping/activities/activity-schedule-id/101").json()
    assert {k: body[k] for k in ("activityScheduleId", "activityId", "nomisCourseActivityId")} == {
        "activityScheduleId": 101,
        "activityId": 501,
        "nomisCourseActivityId": 20001,
    }
    assert body["mappingType"] == "ACTIVITY_CREATED"
    assert body["whenCreated"] == "2025-01-01T08:00:00"
    children = body["scheduledInstanceMappings"]
    assert len(children) == 15
    assert children[0] == {
        "scheduledInstanceId": 1001,
        "nomisCourseScheduleId": 40001,
        "mappingType": "ACTIVITY_CREATED",
        "whenCreated": "2025-01-01T08:00:00",
    }
    assert [s.course_activity_id for s in SEEDED_SCHEDULES] == list(range(20001, 20007))
    last = acts.get("/mapping-api/mapping/activities/activity-schedule-id/106").json()
    assert last["nomisCourseActivityId"] == 20006
    assert last["scheduledInstanceMappings"][-1]["scheduledInstanceId"] == 1090
    assert acts.get("/mapping-api/mapping/activities/activity-schedule-id/100").status_code == 404
    yesterday = MDI_WOODWORK.instance_id(-1)
    child = acts.get(f"/mapping-api/mapping/activities/schedules/scheduled-instance-id/{yesterday}")
    assert child.status_code == 200
    assert child.json()["scheduledInstanceId"] == yesterday
    assert child.json()["nomisCourseScheduleId"] == MDI_WOODWORK.course_schedule_id(-1)
    assert child.json()["nomisCourseActivityId"] == 20001
    missing = acts.get("/mapping-api/mapping/activities/schedules/scheduled-instance-id/999")
    assert missing.status_code == 404
    assert missing.json()["status"] == 404


def test_dps_allocation_by_id(acts: httpx.Client, acts_admin: httpx.Client) -> None:
    today = seeded_on(acts_admin)
    ended = PLANTED_ACTIVITY_MISMATCHES[0]
    allocation = acts.get(f"/activities/allocations/id/{dps_allocation_id(0, 1)}").json()
    assert allocation["prisonerNumber"] == ended.offender_no
    assert allocation["bookingId"] == ended.booking_id
    assert allocation["status"] == "ENDED"
    assert allocation["scheduleId"] == schedule_for(0, 1).schedule_id
    assert allocation["endDate"] == (today - timedelta(days=3)).isoformat()
    assert allocation["deallocatedReason"] == {"code": "OTHER", "description": "Other"}
    assert allocation["prisonPayBand"]["nomisPayBand"] == 2
    assert allocation["exclusions"] == []
    assert allocation["plannedDeallocation"] is None
    weekend = acts.get(f"/activities/allocations/id/{dps_allocation_id(1, 9)}").json()
    assert weekend["status"] == "ACTIVE" and weekend["endDate"] is None
    assert weekend["exclusions"][0]["daysOfWeek"] == ["SATURDAY", "SUNDAY"]
    assert weekend["exclusions"][0]["saturday"] is True
    assert weekend["exclusions"][0]["monday"] is False
    assert acts.get("/activities/allocations/id/1").status_code == 404


def test_prisoner_allocations(acts: httpx.Client) -> None:
    planted = PLANTED_ACTIVITY_MISMATCHES[2]  # two ACTIVE allocations in DPS
    numbers = [planted.offender_no, "A1001AA", "A1000AA", "Z9999ZZ"]
    path = "/activities/prisons/MDI/prisoner-allocations"
    active = acts.post(path, json=numbers).json()
    assert [g["prisonerNumber"] for g in active] == ["A1000AA", planted.offender_no]
    assert len(active[1]["allocations"]) == 2
    every = acts.post(path, params={"activeOnly": "false"}, json=numbers).json()
    assert [g["prisonerNumber"] for g in every] == ["A1000AA", "A1001AA", planted.offender_no]
    assert every[1]["allocations"][0]["status"] == "ENDED"
    assert acts.post("/activities/prisons/LEI/prisoner-allocations", json=["A1000AA"]).json() == []


def test_attendance_reads(acts: httpx.Client, acts_admin: httpx.Client) -> None:
    yesterday = seeded_on(acts_admin) - timedelta(days=1)
    [refused] = [
        m
        for m in PLANTED_ACTIVITY_MISMATCHES
        if (m.reconciliation, m.kind) == ("attendance", "NOMIS_only")
    ]
    params = {"startDate": yesterday.isoformat(), "endDate": yesterday.isoformat()}
    path = f"/activities/integration-api/attendances/prisoner/{refused.offender_no}"
    [attendance] = acts.get(path, params={**params, "prisonCode": "MDI"}).json()
    assert attendance["scheduleInstanceId"] == schedule_for(0, 7).instance_id(-1)
    assert attendance["attendanceReason"]["code"] == "REFUSED"
    assert attendance["issuePayment"] is False
    assert acts.get(path, params={**params, "prisonCode": "LEI"}).json() == []
    week_ago = (yesterday - timedelta(days=6)).isoformat()
    week = acts.get(path, params={**params, "startDate": week_ago}).json()
    assert len(week) == 7, "one session a day, every past day of the week"
    sync = acts.get(f"/activities/synchronisation/attendance/{attendance['id']}").json()
    assert sync == {
        "attendanceId": attendance["id"],
        "scheduledInstanceId": attendance["scheduleInstanceId"],
        "activityScheduleId": schedule_for(0, 7).schedule_id,
        "sessionDate": yesterday.isoformat(),
        "sessionStartTime": "09:00",
        "sessionEndTime": "11:30",
        "prisonerNumber": refused.offender_no,
        "bookingId": refused.booking_id,
        "attendanceReasonCode": "REFUSED",
        "comment": None,
        "status": "COMPLETED",
        "payAmount": None,
        "bonusAmount": None,
        "issuePayment": False,
    }
    assert acts.get("/activities/synchronisation/attendance/1").status_code == 404
    backwards = {**params, "endDate": (yesterday - timedelta(days=1)).isoformat()}
    assert acts.get(path, params=backwards).status_code == 400


def test_upsert_allocation(acts: httpx.Client, acts_admin: httpx.Client, acts_fresh: None) -> None:
    body = {
        "bookingId": 1000011,
        "startDate": "2026-11-01",
        "programStatusCode": "ALLOC",
        "payBandCode": "1",
        "exclusions": [{"day": "MON", "slot": "AM"}, {"day": "TUE"}],
    }
    created = acts.put("/nomis/activities/20003/allocation", json=body)
    assert created.status_code == 200
    reply = created.json()
    assert reply["created"] is True and reply["prisonId"] == "MDI"
    [row] = [
        r
        for r in acts_admin.get("/nomis/allocations", params={"bookingId": 1000011}).json()
        if r["courseActivityId"] == 20003
    ]
    assert row["offenderProgramReferenceId"] == reply["offenderProgramReferenceId"]
    assert row["exclusions"] == [{"day": "MON", "slot": "AM"}, {"day": "TUE", "slot": None}]
    assert row["suspended"] is False and row["endDate"] is None
    ended = {**body, "programStatusCode": "END", "endDate": "2026-11-20", "endReason": "OTH"}
    updated = acts.put("/nomis/activities/20003/allocation", json=ended).json()
    assert updated == {**reply, "created": False}
    [row] = [
        r
        for r in acts_admin.get("/nomis/allocations", params={"bookingId": 1000011}).json()
        if r["courseActivityId"] == 20003
    ]
    assert (row["programStatus"], row["endDate"], row["endReason"]) == ("END", "2026-11-20", "OTH")
    assert acts.put("/nomis/activities/1/allocation", json=body).status_code == 404
    unknown = acts.put("/nomis/activities/20003/allocation", json={**body, "bookingId": 5})
    assert unknown.status_code == 400
    bad_status = acts.put(
        "/nomis/activities/20003/allocation", json={**body, "programStatusCode": "NOPE"}
    )
    assert bad_status.status_code == 400


def test_upsert_and_delete_attendance(
    acts: httpx.Client, acts_admin: httpx.Client, acts_fresh: None
) -> None:
    today = seeded_on(acts_admin)
    schedule = schedule_for(0, 0)
    course_schedule = schedule.course_schedule_id(0)
    body = {
        "scheduleDate": today.isoformat(),
        "startTime": "09:00",
        "endTime": "11:30",
        "eventStatusCode": "COMP",
        "eventOutcomeCode": "ATT",
        "paid": True,
        "bonusPay": 1.5,
    }
    path = f"/nomis/schedules/{course_schedule}/booking/1000001/attendance"
    created = acts.put(path, json=body)
    assert created.status_code == 200
    assert created.json()["created"] is True
    assert created.json()["courseScheduleId"] == course_schedule
    assert created.json()["prisonId"] == "MDI"
    counted = acts.get(
        "/nomis/attendances/reconciliation/MDI", params={"date": today.isoformat()}
    ).json()
    assert {"bookingId": 1000001, "count": 1} in counted["bookings"]
    unpaid = acts.put(path, json={**body, "paid": False, "startTime": "09:00:00"}).json()
    assert unpaid["created"] is False and unpaid["eventId"] == created.json()["eventId"]
    [row] = acts_admin.get(
        "/nomis/attendances", params={"bookingId": 1000001, "date": today.isoformat()}
    ).json()
    assert row["paid"] is False and row["bonusPay"] == 1.5 and row["startTime"] == "09:00:00"
    assert acts.delete(path).status_code == 204
    assert acts.delete(path).status_code == 404
    assert acts.put("/nomis/schedules/1/booking/1000001/attendance", json=body).status_code == 404
    no_booking = f"/nomis/schedules/{course_schedule}/booking/5/attendance"
    assert acts.put(no_booking, json=body).status_code == 404
    bad_time = acts.put(path, json={**body, "endTime": "noon"})
    assert bad_time.status_code == 400


def test_an_attendance_paid_by_the_payroll_can_no_longer_change(
    acts: httpx.Client, acts_admin: httpx.Client, acts_fresh: None
) -> None:
    today = seeded_on(acts_admin)
    course_schedule = schedule_for(0, 0).course_schedule_id(0)
    body = {
        "scheduleDate": today.isoformat(),
        "startTime": "09:00",
        "endTime": "11:30",
        "eventStatusCode": "COMP",
        "eventOutcomeCode": "ATT",
        "paid": True,
    }
    paid = f"/nomis/schedules/{course_schedule}/booking/1000001/attendance"
    unpaid = f"/nomis/schedules/{course_schedule}/booking/1000004/attendance"
    assert acts.put(paid, json=body).status_code == 200
    assert acts.put(unpaid, json={**body, "paid": False}).status_code == 200
    assert acts.put(paid, json={**body, "comments": "before the payroll"}).status_code == 200

    run = acts_admin.post("/nomis/payroll", json={"prisonId": "MDI", "date": today.isoformat()})
    assert run.status_code == 200 and run.json()["paid"] >= 1

    refused = acts.put(paid, json={**body, "comments": "after the payroll"})
    assert refused.status_code == 400
    assert refused.json()["status"] == 400 and refused.json()["errorCode"] == 1001
    assert "already been paid" in refused.json()["userMessage"]
    [row] = [
        r
        for r in acts_admin.get("/nomis/attendances", params={"bookingId": 1000001}).json()
        if r["courseScheduleId"] == course_schedule
    ]
    assert row["comments"] == "before the payroll" and row["paidTransactionId"] is not None
    assert acts.put(unpaid, json={**body, "paid": False, "comments": "x"}).status_code == 200


def test_no_new_attendance_after_the_allocation_ended_and_the_prisoner_moved(
    acts: httpx.Client, acts_admin: httpx.Client, acts_fresh: None
) -> None:
    today = seeded_on(acts_admin)
    woodwork = schedule_for(0, 0)  # booking 1000001 (A1000AA) is allocated to it, in MDI
    ended = {
        "bookingId": 1000001,
        "startDate": (today - timedelta(days=30)).isoformat(),
        "endDate": (today - timedelta(days=1)).isoformat(),
        "programStatusCode": "END",
        "endReason": "OTH",
    }
    assert acts.put("/nomis/activities/20001/allocation", json=ended).status_code == 200
    body = {
        "scheduleDate": today.isoformat(),
        "startTime": "09:00",
        "endTime": "11:30",
        "eventStatusCode": "EXP",
    }
    new = f"/nomis/schedules/{woodwork.course_schedule_id(0)}/booking/1000001/attendance"
    try:
        moved = acts_admin.put("/prisoners/A1000AA/prison", json={"prisonId": "LEI"})
        assert moved.status_code == 200 and moved.json()["prisonId"] == "LEI"
        refused = acts.put(new, json=body)
        assert refused.status_code == 400 and refused.json()["errorCode"] == 1002
        assert "now in location LEI" in refused.json()["userMessage"]
        existing = f"/nomis/schedules/{woodwork.course_schedule_id(-1)}/booking/1000001/attendance"
        assert (
            acts.put(
                existing, json={**body, "scheduleDate": str(today - timedelta(days=1))}
            ).status_code
            == 200
        )
        assert (
            acts_admin.put("/prisoners/A1000AA/prison", json={"prisonId": "MDI"}).status_code == 200
        )
        assert acts.put(new, json=body).status_code == 200, "ended but still here: accepted"
        unknown = acts_admin.put("/prisoners/A1000AA/prison", json={"prisonId": "NOPE"})
        assert unknown.status_code == 404
    finally:
        acts_admin.post("/reset").raise_for_status()
