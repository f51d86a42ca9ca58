"""Activities events through SNS -> SQS -> sensor -> run -> sandbox NOMIS, on real sockets."""

from dagster_project.local.publish import domain_event


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
