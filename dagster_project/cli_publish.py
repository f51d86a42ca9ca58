"""`p2n publish …`: change DPS state in the sandbox and emit the domain event, as DPS would."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from dagster_project.local import publish_domains
from dagster_project.local.publish import Publisher, domain_event
from dagster_project.settings import Settings

publish_app = typer.Typer(help="Publish domain events like the DPS services do (local sandbox).")


def _publisher() -> Publisher:
    return Publisher(Settings.from_env())


def _print(result: dict[str, Any]) -> None:
    typer.echo(json.dumps(result, default=str))


@publish_app.command("incentive-review")
def incentive_review(
    offender_no: str,
    iep_code: str,
    comments: Annotated[str | None, typer.Option(help="Review comments")] = None,
    reason: Annotated[str | None, typer.Option(help="e.g. USER_CREATED_NOMIS")] = None,
) -> None:
    """New IEP review in DPS -> incentives.iep-review.inserted."""
    _print(_publisher().incentive_review(offender_no, iep_code, comments, reason))


@publish_app.command("incentive-level")
def incentive_level(
    code: str, name: str, active: Annotated[bool, typer.Option("--active/--inactive")] = True
) -> None:
    """Create or change a global incentive level -> incentives.level.changed."""
    _print(_publisher().incentive_level(code, name, active))


@publish_app.command("incentive-levels-order")
def incentive_levels_order(codes: list[str]) -> None:
    """Reorder global incentive levels -> incentives.levels.reordered."""
    _print(_publisher().incentive_levels_order(codes))


@publish_app.command("prison-level")
def prison_level(
    prison_id: str,
    level_code: str,
    active: Annotated[bool, typer.Option("--active/--inactive")] = True,
    visit_orders: Annotated[int | None, typer.Option()] = None,
    privileged_visit_orders: Annotated[int | None, typer.Option()] = None,
) -> None:
    """Change a prison's incentive level -> incentives.prison-level.changed."""
    fields: dict[str, Any] = {"active": active}
    if visit_orders is not None:
        fields["visitOrders"] = visit_orders
    if privileged_visit_orders is not None:
        fields["privilegedVisitOrders"] = privileged_visit_orders
    _print(_publisher().prison_level(prison_id, level_code, **fields))


@publish_app.command("visit-booked")
def visit_booked(
    offender_no: Annotated[str | None, typer.Option("--offender")] = None,
    prison_id: Annotated[str | None, typer.Option("--prison", help="MOCK_VISITS_PRISON_ID")] = None,
    visitors: Annotated[str | None, typer.Option(help="Comma list; MOCK_VISITS_VISITORS")] = None,
    restriction: str = "OPEN",
    visit_type: str = "SOCIAL",
) -> None:
    """Book a VSIP visit -> prison-visit.booked (defaults emulate the old mock visits)."""
    visitor_ids = [int(v) for v in visitors.split(",")] if visitors else None
    _print(
        _publisher().visit_booked(
            offender_no,
            prison_id,
            visitor_ids,
            restriction=restriction,
            visit_type=visit_type,
        )
    )


@publish_app.command("visit-changed")
def visit_changed(
    reference: str,
    room: Annotated[str | None, typer.Option()] = None,
    restriction: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Change a VSIP visit -> prison-visit.changed."""
    changes = {"visitRoom": room, "visitRestriction": restriction}
    _print(_publisher().visit_changed(reference, **{k: v for k, v in changes.items() if v}))


@publish_app.command("visit-cancelled")
def visit_cancelled(reference: str, outcome: str = "VISITOR_CANCELLED") -> None:
    """Cancel a VSIP visit -> prison-visit.cancelled."""
    _print(_publisher().visit_cancelled(reference, outcome))


@publish_app.command("raw")
def raw(
    event_type: str,
    additional_information: Annotated[str, typer.Option(help="JSON object")] = "{}",
) -> None:
    """Emit any event (no DPS change): for trying bad or unknown events."""
    info = json.loads(additional_information)
    _print({"messageId": _publisher().emit(domain_event(event_type, info))})


@publish_app.command("adjustment-inserted")
def adjustment_inserted_command(
    offender_no: str,
    adjustment_type: str,
    days: int,
    sentence_sequence: Annotated[int | None, typer.Option(help="Omit for key-date")] = None,
    from_date: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
) -> None:
    """New DPS sentencing adjustment -> release-date-adjustments.adjustment.inserted."""
    fields = {
        "adjustmentType": adjustment_type,
        "adjustmentDays": days,
        "sentenceSequence": sentence_sequence,
        "adjustmentFromDate": from_date,
    }
    _print(
        publish_domains.adjustment_inserted(
            _publisher(), offender_no, **{k: v for k, v in fields.items() if v is not None}
        )
    )


@publish_app.command("adjustment-updated")
def adjustment_updated_command(adjustment_id: str, offender_no: str, days: int) -> None:
    """Change a DPS adjustment's days -> release-date-adjustments.adjustment.updated."""
    _print(
        publish_domains.adjustment_updated(
            _publisher(), adjustment_id, offender_no, adjustmentDays=days
        )
    )


@publish_app.command("adjustment-deleted")
def adjustment_deleted_command(adjustment_id: str, offender_no: str) -> None:
    """Delete a DPS adjustment -> release-date-adjustments.adjustment.deleted."""
    _print(publish_domains.adjustment_deleted(_publisher(), adjustment_id, offender_no))


@publish_app.command("allocation")
def allocation_command(offender_no: str, schedule_id: int, start_date: str) -> None:
    """New DPS allocation -> activities.prisoner.allocated."""
    _print(publish_domains.prisoner_allocated(_publisher(), offender_no, schedule_id, start_date))


@publish_app.command("attendance")
def attendance_command(
    offender_no: str,
    scheduled_instance_id: int,
    reason: Annotated[str | None, typer.Option(help="e.g. ATTENDED")] = None,
    paid: Annotated[bool, typer.Option("--paid/--unpaid")] = False,
) -> None:
    """New DPS attendance -> activities.prisoner.attendance-created."""
    fields: dict[str, Any] = {"status": "COMPLETED" if reason else "WAITING", "issuePayment": paid}
    if reason:
        fields["attendanceReasonCode"] = reason
    _print(
        publish_domains.attendance_created(
            _publisher(), offender_no, scheduled_instance_id, **fields
        )
    )
