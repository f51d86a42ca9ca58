"""Activities events through SNS -> SQS -> sensor -> run -> sandbox NOMIS, on real sockets."""

import datetime as dt

import dagster as dg

from dagster_project.domains import MAPPING_API
from dagster_project.domains.activities.mapping import ActivityMappingClient
from dagster_project.sandbox.core.publish import domain_event
from dagster_project.sandbox.domains.activities.seed_data import SEEDED_SCHEDULES, dps_allocation_id

WOODWORK = SEEDED_SCHEDULES[0]  # MDI, schedule 101 -> course activity 20001


def planted(harness, reconciliation: str, kind: str) -> dict:
    return next(
        m
        for m in harness.get("/sandbox/planted")["activityMismatches"]
        if m["reconciliation"] == reconciliation and m["kind"] == kind
    )


def test_allocated_event_creates_the_missing_nomis_allocation(harness):
    missing = planted(harness, "allocation", "DPS_only")
    booking = missing["bookingId"]
    [allocation] = [
        a
        for a in harness.get("/sandbox/dps/allocations", bookingId=booking)
        if a["status"] == "ACTIVE"
    ]
    assert not [
        a
        for a in harness.get("/sandbox/nomis/allocations", bookingId=booking)
        if a.get("programStatus") == "ALLOC"
    ]
    harness.publisher.emit(
        domain_event(
            "activities.prisoner.allocated",
            {"allocationId": str(allocation["id"]), "scheduleId": str(allocation["scheduleId"])},
        )
    )

    assert harness.pump() == 1

    rows = harness.get("/sandbox/nomis/allocations", bookingId=booking)
    assert len(rows) == 1 and rows[0]["bookingId"] == booking
    success = harness.telemetry("activity-allocation-success")
    assert success[0]["dpsAllocationId"] == str(allocation["id"])
    assert harness.depth("activities") == (0, 0, 0)


def test_attendance_amended_event_corrects_the_paid_flag(harness):
    wrong = planted(harness, "attendance", "NOMIS_only")
    booking, date = wrong["bookingId"], wrong["date"]
    [attendance] = harness.get("/sandbox/dps/attendances", bookingId=booking, date=date)
    harness.publisher.emit(
        domain_event("activities.prisoner.attendance-amended", {"attendanceId": attendance["id"]})
    )

    assert harness.pump() == 1

    [nomis] = harness.get("/sandbox/nomis/attendances", bookingId=booking, date=date)
    assert nomis["paid"] is False
    assert harness.telemetry("activity-attendance-update-success")
    assert harness.depth("activities") == (0, 0, 0)


def test_deallocated_event_is_acknowledged_and_dropped(harness):
    harness.publisher.emit(domain_event("activities.prisoner.deallocated", {"allocationId": "1"}))
    harness.pump()
    assert harness.depth("activities") == (0, 0, 0)
    assert harness.dead_letters("activities") == []
    [ignored] = harness.telemetry("domain-event-ignored")
    assert ignored["eventType"] == "activities.prisoner.deallocated"


def new_schedule(harness) -> dict:
    response = harness.sandbox.post(
        "/sandbox/dps/activity-schedules",
        json={
            "prisonCode": "MDI",
            "description": "Gardening afternoons",
            "summary": "Gardening",
            "categoryCode": "SAA_INDUSTRIES",
            "capacity": 8,
            "startDate": "2026-11-27",
            "slots": [{"startTime": "13:30", "endTime": "16:00", "days": ["MON", "WED", "FRI"]}],
            "pay": [{"incentiveNomisCode": "STD", "nomisPayBand": 1, "ratePence": 125}],
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


def activity_mapping(harness, schedule_id: int) -> dict:
    with dg.build_resources({"api": harness.resources[MAPPING_API.key]}) as built:
        client = ActivityMappingClient(built.api.build_http())
        try:
            mapping = client.get_activity_mapping(schedule_id)
        finally:
            client.close()
    assert mapping is not None
    return mapping.model_dump()


def test_schedule_created_amended_and_session_amended_reach_nomis(harness):
    schedule = new_schedule(harness)
    harness.publisher.emit(
        domain_event("activities.activity-schedule.created", {"activityScheduleId": schedule["id"]})
    )
    assert harness.pump() == 1
    mapping = activity_mapping(harness, schedule["id"])
    course = harness.get(f"/sandbox/nomis/course-activities/{mapping['nomis_course_activity_id']}")
    assert course["description"] == "Gardening"
    assert len(course["schedules"]) == len(schedule["instances"])
    assert len(mapping["scheduled_instance_mappings"]) == len(schedule["instances"])

    harness.sandbox.put(
        f"/sandbox/dps/activity-schedules/{schedule['id']}", json={"capacity": 12}
    ).raise_for_status()
    harness.publisher.emit(
        domain_event("activities.activity-schedule.amended", {"activityScheduleId": schedule["id"]})
    )
    harness.pump()
    course = harness.get(f"/sandbox/nomis/course-activities/{mapping['nomis_course_activity_id']}")
    assert course["capacity"] == 12

    instance = schedule["instances"][0]
    harness.sandbox.put(
        f"/sandbox/dps/scheduled-instances/{instance['id']}", json={"cancelled": True}
    ).raise_for_status()
    harness.publisher.emit(
        domain_event(
            "activities.scheduled-instance.amended", {"scheduledInstanceId": instance["id"]}
        )
    )
    harness.pump()
    course = harness.get(f"/sandbox/nomis/course-activities/{mapping['nomis_course_activity_id']}")
    [session] = [s for s in course["schedules"] if s["date"] == instance["date"]]
    assert session["cancelled"] is True
    assert harness.dead_letters("activities") == []


def test_allocation_amended_before_allocated_converges_on_dps(harness):
    prisoner = harness.get("/sandbox/prisoners", prisonId="MDI", limit=15)[14]
    allocation = harness.sandbox.post(
        "/sandbox/dps/allocations",
        json={
            "prisonerNumber": prisoner["offenderNo"],
            "scheduleId": 102,
            "status": "ACTIVE",
            "startDate": "2026-11-01",
        },
    ).json()
    harness.sandbox.put(
        f"/sandbox/dps/allocations/{allocation['id']}",
        json={"status": "ENDED", "endDate": "2026-11-26"},
    ).raise_for_status()
    info = {"allocationId": allocation["id"], "scheduleId": 102}
    harness.publisher.emit(domain_event("activities.prisoner.allocation-amended", info))
    harness.pump()
    harness.publisher.emit(domain_event("activities.prisoner.allocated", info))
    harness.pump()

    rows = [
        r
        for r in harness.get("/sandbox/nomis/allocations", bookingId=prisoner["bookingId"])
        if r["courseActivityId"] == activity_mapping(harness, 102)["nomis_course_activity_id"]
    ]
    assert len(rows) == 1 and rows[0]["programStatus"] == "END"
    assert harness.dead_letters("activities") == []


def test_attendance_created_expired_and_deleted_reach_nomis(harness):
    prisoner = harness.get("/sandbox/prisoners", prisonId="MDI", limit=1)[0]
    booking = prisoner["bookingId"]
    mapping = activity_mapping(harness, 101)
    sessions = {m["scheduled_instance_id"] for m in mapping["scheduled_instance_mappings"]}
    taken = {
        a["scheduledInstanceId"] for a in harness.get("/sandbox/dps/attendances", bookingId=booking)
    }
    instance = min(sessions - taken)
    created = harness.sandbox.post(
        "/sandbox/dps/attendances",
        json={
            "scheduledInstanceId": instance,
            "prisonerNumber": prisoner["offenderNo"],
            "status": "WAITING",
        },
    )
    assert created.status_code == 201, created.text
    attendance = created.json()
    for event_type in ("attendance-created", "attendance-expired"):
        harness.publisher.emit(
            domain_event(
                f"activities.prisoner.{event_type}", {"attendanceId": attendance["attendanceId"]}
            )
        )
        harness.pump()
    assert harness.telemetry("activity-attendance-create-success")
    assert harness.telemetry("activity-attendance-update-success")
    course_schedule = next(
        m["nomis_course_schedule_id"]
        for m in mapping["scheduled_instance_mappings"]
        if m["scheduled_instance_id"] == instance
    )
    rows = [
        a
        for a in harness.get("/sandbox/nomis/attendances", bookingId=booking)
        if a["courseScheduleId"] == course_schedule
    ]
    assert len(rows) == 1

    harness.sandbox.delete(f"/sandbox/dps/attendances/{attendance['attendanceId']}")
    harness.publisher.emit(
        domain_event(
            "activities.prisoner.attendance-deleted",
            {"scheduledInstanceId": instance, "bookingId": booking},
        )
    )
    harness.pump()
    assert not [
        a
        for a in harness.get("/sandbox/nomis/attendances", bookingId=booking)
        if a["courseScheduleId"] == course_schedule
    ]
    assert harness.telemetry("activity-attendance-delete-success")
    assert harness.dead_letters("activities") == []


def mdi_prisoner(harness, position: int) -> dict:
    return harness.get("/sandbox/prisoners", prisonId="MDI", limit=position + 1)[position]


def todays_attendance(harness, prisoner: dict) -> dict:
    """A new DPS attendance, attended and paid, at today's Woodwork session in MDI."""
    created = harness.sandbox.post(
        "/sandbox/dps/attendances",
        json={
            "scheduledInstanceId": WOODWORK.instance_id(0),
            "prisonerNumber": prisoner["offenderNo"],
            "status": "COMPLETED",
            "attendanceReasonCode": "ATTENDED",
            "issuePayment": True,
        },
    )
    assert created.status_code == 201, created.text
    return created.json()


def nomis_attendance(harness, booking: int, course_schedule: int) -> list[dict]:
    rows = harness.get("/sandbox/nomis/attendances", bookingId=booking)
    return [r for r in rows if r["courseScheduleId"] == course_schedule]


def test_amending_an_attendance_paid_today_is_ignored_not_dead_lettered(harness):
    attendance = todays_attendance(harness, mdi_prisoner(harness, 3))
    info = {"attendanceId": attendance["attendanceId"]}
    harness.publisher.emit(domain_event("activities.prisoner.attendance-created", info))
    assert harness.pump() == 1
    [written] = nomis_attendance(harness, attendance["bookingId"], WOODWORK.course_schedule_id(0))
    assert written["paid"] is True
    today = attendance["sessionDate"]
    paid = harness.sandbox.post("/sandbox/nomis/payroll", json={"prisonId": "MDI", "date": today})
    assert paid.json()["paid"] >= 1

    harness.sandbox.put(
        f"/sandbox/dps/attendances/{attendance['attendanceId']}", json={"comment": "left early"}
    ).raise_for_status()
    harness.publisher.emit(domain_event("activities.prisoner.attendance-amended", info))
    harness.pump()

    [ignored] = harness.telemetry("activity-attendance-update-ignored")
    assert ignored["reason"] == (
        f"Attendance update ignored as already paid session on {today} at 09:00"
    )
    assert not harness.telemetry("activity-attendance-update-failed")
    [kept] = nomis_attendance(harness, attendance["bookingId"], WOODWORK.course_schedule_id(0))
    assert kept["comments"] is None and kept["paidTransactionId"] is not None
    assert harness.dead_letters("activities") == []
    assert harness.depth("activities") == (0, 0, 0)


def test_attendance_after_deallocation_and_a_move_is_ignored_not_dead_lettered(harness):
    position = 9  # allocated to Woodwork (schedule 101) in the seed, nothing planted
    prisoner = mdi_prisoner(harness, position)
    allocation = dps_allocation_id(0, position)
    yesterday = (
        dt.date.fromisoformat(harness.get("/sandbox/planted")["seededOn"]) - dt.timedelta(days=1)
    ).isoformat()
    harness.sandbox.put(
        f"/sandbox/dps/allocations/{allocation}", json={"status": "ENDED", "endDate": yesterday}
    ).raise_for_status()
    info = {"allocationId": allocation, "scheduleId": WOODWORK.schedule_id}
    harness.publisher.emit(domain_event("activities.prisoner.allocation-amended", info))
    assert harness.pump() == 1
    harness.sandbox.put(
        f"/sandbox/prisoners/{prisoner['offenderNo']}/prison", json={"prisonId": "LEI"}
    ).raise_for_status()
    attendance = todays_attendance(harness, prisoner)
    expired = {"attendanceId": attendance["attendanceId"]}
    harness.publisher.emit(domain_event("activities.prisoner.attendance-expired", expired))
    harness.pump()

    [ignored] = harness.telemetry("activity-attendance-update-ignored")
    assert ignored["reason"] == (
        "Attendance update ignored as the prisoner is deallocated and has moved from the prison"
    )
    assert nomis_attendance(harness, prisoner["bookingId"], WOODWORK.course_schedule_id(0)) == []
    assert harness.dead_letters("activities") == []
    assert harness.depth("activities") == (0, 0, 0)
