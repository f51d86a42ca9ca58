"""Publishing for the activities and sentencing domains: DPS change first, then the event."""

from __future__ import annotations

from typing import Any

from dagster_project.local.publish import Publisher, domain_event

ADJUSTMENT = "release-date-adjustments.adjustment"


def adjustment_event(publisher: Publisher, verb: str, adjustment_id: str, offender: str) -> str:
    info = {"id": adjustment_id, "offenderNo": offender, "source": "DPS"}
    return publisher.emit(domain_event(f"{ADJUSTMENT}.{verb}", info, offender))


def adjustment_inserted(publisher: Publisher, offender: str, **fields: Any) -> dict[str, Any]:
    """A new DPS adjustment and `…adjustment.inserted`."""
    created = publisher.dps_change("POST", "/adjustments", {"offenderNo": offender, **fields})
    message = adjustment_event(publisher, "inserted", created["adjustmentId"], offender)
    return {"adjustment": created, "messageId": message}


def adjustment_updated(
    publisher: Publisher, adjustment_id: str, offender: str, **changes: Any
) -> dict[str, Any]:
    """Change a DPS adjustment and `…adjustment.updated`."""
    changed = publisher.dps_change("PUT", f"/adjustments/{adjustment_id}", changes)
    message = adjustment_event(publisher, "updated", adjustment_id, offender)
    return {"adjustment": changed, "messageId": message}


def adjustment_deleted(publisher: Publisher, adjustment_id: str, offender: str) -> dict[str, Any]:
    """Delete a DPS adjustment and `…adjustment.deleted`."""
    publisher.dps_change("DELETE", f"/adjustments/{adjustment_id}")
    return {"messageId": adjustment_event(publisher, "deleted", adjustment_id, offender)}


def activity_schedule_created(publisher: Publisher, **fields: Any) -> dict[str, Any]:
    """A new DPS activity schedule and `activities.activity-schedule.created`."""
    schedule = publisher.dps_change("POST", "/activity-schedules", fields)
    event = domain_event(
        "activities.activity-schedule.created", {"activityScheduleId": schedule["id"]}
    )
    return {"schedule": schedule, "messageId": publisher.emit(event)}


def prisoner_allocated(
    publisher: Publisher, offender: str, schedule_id: int, start_date: str
) -> dict[str, Any]:
    """A new DPS allocation and `activities.prisoner.allocated`."""
    allocation = publisher.dps_change(
        "POST",
        "/allocations",
        {
            "prisonerNumber": offender,
            "scheduleId": schedule_id,
            "status": "ACTIVE",
            "startDate": start_date,
        },
    )
    info = {"allocationId": allocation["id"], "scheduleId": schedule_id}
    event = domain_event("activities.prisoner.allocated", info, offender)
    return {"allocation": allocation, "messageId": publisher.emit(event)}


def attendance_created(
    publisher: Publisher, offender: str, instance_id: int, **fields: Any
) -> dict[str, Any]:
    """A new DPS attendance and `activities.prisoner.attendance-created`."""
    attendance = publisher.dps_change(
        "POST",
        "/attendances",
        {"scheduledInstanceId": instance_id, "prisonerNumber": offender, **fields},
    )
    event = domain_event(
        "activities.prisoner.attendance-created",
        {"attendanceId": attendance["attendanceId"]},
        offender,
    )
    return {"attendance": attendance, "messageId": publisher.emit(event)}
