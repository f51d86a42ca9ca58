"""Publishing activities as DPS does: the DPS change first, then the event.

The actions are plain functions of a :class:`Publisher`; ``register_commands`` adds
``allocation`` and ``attendance`` to ``p2n publish``.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dagster_project.sandbox.core.publish import Publisher, domain_event
from dagster_project.sandbox.core.publish_cli import PublisherFactory, echo_result


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


ACTIONS = (activity_schedule_created, prisoner_allocated, attendance_created)


def register_commands(app: typer.Typer, publisher: PublisherFactory) -> None:
    """Add the allocation and attendance commands to ``p2n publish``."""

    @app.command("allocation")
    def allocation_command(offender_no: str, schedule_id: int, start_date: str) -> None:
        """New DPS allocation -> activities.prisoner.allocated."""
        echo_result(prisoner_allocated(publisher(), offender_no, schedule_id, start_date))

    @app.command("attendance")
    def attendance_command(
        offender_no: str,
        scheduled_instance_id: int,
        reason: Annotated[str | None, typer.Option(help="e.g. ATTENDED")] = None,
        paid: Annotated[bool, typer.Option("--paid/--unpaid")] = False,
    ) -> None:
        """New DPS attendance -> activities.prisoner.attendance-created."""
        fields: dict[str, Any] = {
            "status": "COMPLETED" if reason else "WAITING",
            "issuePayment": paid,
        }
        if reason:
            fields["attendanceReasonCode"] = reason
        echo_result(attendance_created(publisher(), offender_no, scheduled_instance_id, **fields))
