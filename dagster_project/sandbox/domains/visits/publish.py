"""Publishing visits as VSIP does: the booking change first, then the event.

The actions are plain functions of a :class:`Publisher` (also ``publisher.visit_booked``);
a booking without prison, prisoner or visitors gets the old mock visits' defaults from the
publish target. ``register_commands`` adds ``visit-booked``, ``visit-changed`` and
``visit-cancelled`` to ``p2n publish``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from dagster_project.sandbox.core.publish import Publisher, domain_event
from dagster_project.sandbox.core.publish_cli import PublisherFactory, echo_result
from dagster_project.sandbox.domains.visits.seed import VISIT_ROOM


def _visit_event(publisher: Publisher, event_type: str, visit: dict[str, Any]) -> str:
    event = domain_event(
        event_type, {"reference": visit["reference"]}, prisonerId=visit["prisonerId"]
    )
    return publisher.emit(event)


def visit_booked(
    publisher: Publisher,
    offender_no: str | None = None,
    prison_id: str | None = None,
    visitors: list[int] | None = None,
    start: dt.datetime | None = None,
    room: str = VISIT_ROOM,
    restriction: str = "OPEN",
    visit_type: str = "SOCIAL",
) -> dict[str, Any]:
    """Book a VSIP visit and `prison-visit.booked`; defaults emulate the old mock visits."""
    target = publisher.target
    prison = prison_id or target.mock_visits_prison_id
    offender = offender_no or target.mock_visits_prisoner_id or publisher.first_prisoner(prison)
    when = start or (dt.datetime.now() + dt.timedelta(days=7)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    visit = publisher.dps_change(
        "POST",
        "/visits",
        {
            "prisonerId": offender,
            "prisonId": prison,
            "visitors": visitors or list(target.mock_visits_visitors),
            "visitType": visit_type,
            "startTimestamp": when.isoformat(),
            "endTimestamp": (when + dt.timedelta(hours=1)).isoformat(),
            "visitRoom": room,
            "visitRestriction": restriction,
        },
    )
    return {"visit": visit, "messageId": _visit_event(publisher, "prison-visit.booked", visit)}


def visit_changed(publisher: Publisher, reference: str, **changes: Any) -> dict[str, Any]:
    """Change a VSIP visit and `prison-visit.changed`."""
    visit = publisher.dps_change("PUT", f"/visits/{reference}", changes)
    return {"visit": visit, "messageId": _visit_event(publisher, "prison-visit.changed", visit)}


def visit_cancelled(publisher: Publisher, reference: str, outcome_status: str) -> dict[str, Any]:
    """Cancel a VSIP visit and `prison-visit.cancelled`."""
    visit = publisher.dps_change(
        "POST", f"/visits/{reference}/cancel", {"outcomeStatus": outcome_status}
    )
    message_id = _visit_event(publisher, "prison-visit.cancelled", visit)
    return {"visit": visit, "messageId": message_id}


ACTIONS = (visit_booked, visit_changed, visit_cancelled)


def register_commands(app: typer.Typer, publisher: PublisherFactory) -> None:
    """Add the visit commands to ``p2n publish``."""

    @app.command("visit-booked")
    def visit_booked_command(
        offender_no: Annotated[str | None, typer.Option("--offender")] = None,
        prison_id: Annotated[
            str | None, typer.Option("--prison", help="MOCK_VISITS_PRISON_ID")
        ] = None,
        visitors: Annotated[
            str | None, typer.Option(help="Comma list; MOCK_VISITS_VISITORS")
        ] = None,
        restriction: str = "OPEN",
        visit_type: str = "SOCIAL",
    ) -> None:
        """Book a VSIP visit -> prison-visit.booked (defaults emulate the old mock visits)."""
        visitor_ids = [int(v) for v in visitors.split(",")] if visitors else None
        echo_result(
            visit_booked(
                publisher(),
                offender_no,
                prison_id,
                visitor_ids,
                restriction=restriction,
                visit_type=visit_type,
            )
        )

    @app.command("visit-changed")
    def visit_changed_command(
        reference: str,
        room: Annotated[str | None, typer.Option()] = None,
        restriction: Annotated[str | None, typer.Option()] = None,
    ) -> None:
        """Change a VSIP visit -> prison-visit.changed."""
        changes = {"visitRoom": room, "visitRestriction": restriction}
        echo_result(
            visit_changed(publisher(), reference, **{k: v for k, v in changes.items() if v})
        )

    @app.command("visit-cancelled")
    def visit_cancelled_command(reference: str, outcome: str = "VISITOR_CANCELLED") -> None:
        """Cancel a VSIP visit -> prison-visit.cancelled."""
        echo_result(visit_cancelled(publisher(), reference, outcome))
