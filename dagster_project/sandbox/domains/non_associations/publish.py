"""Publishing non-associations as DPS does, and merges and booking moves as NOMIS does.

The DPS (or NOMIS) change comes first, then the event. ``register_commands`` adds
``non-association-created``, ``-amended``, ``-closed``, ``-deleted``, ``non-association-merge``
and ``non-association-booking-moved`` to ``p2n publish``.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.publish import Publisher, domain_event
from dagster_project.sandbox.core.publish_cli import PublisherFactory, echo_result

NON_ASSOCIATIONS = "/non-associations"
MERGED = "prison-offender-events.prisoner.merged"
BOOKING_MOVED = "prison-offender-events.prisoner.booking.moved"


def non_association_event(publisher: Publisher, verb: str, non_association_id: int) -> str:
    """Emit ``non-associations.<verb>`` as DPS does (``source`` DPS)."""
    info = {"id": non_association_id, "source": "DPS"}
    return publisher.emit(domain_event(f"non-associations.{verb}", info))


def non_association_created(
    publisher: Publisher,
    first: str,
    second: str,
    restriction_type: str = "WING",
    reason: str = "VIOLENCE",
    first_role: str = "VICTIM",
    second_role: str = "PERPETRATOR",
    **fields: Any,
) -> dict[str, Any]:
    """A new DPS non-association and `non-associations.created`."""
    body = {
        "firstPrisonerNumber": first,
        "firstPrisonerRole": first_role,
        "secondPrisonerNumber": second,
        "secondPrisonerRole": second_role,
        "reason": reason,
        "restrictionType": restriction_type,
        **fields,
    }
    created = publisher.dps_change("POST", NON_ASSOCIATIONS, body)
    message = non_association_event(publisher, "created", created["id"])
    return {"nonAssociation": created, "messageId": message}


def non_association_amended(
    publisher: Publisher, non_association_id: int, **changes: Any
) -> dict[str, Any]:
    """Change a DPS non-association and `non-associations.amended`."""
    changed = publisher.dps_change("PATCH", f"{NON_ASSOCIATIONS}/{non_association_id}", changes)
    message = non_association_event(publisher, "amended", non_association_id)
    return {"nonAssociation": changed, "messageId": message}


def non_association_closed(publisher: Publisher, non_association_id: int) -> dict[str, Any]:
    """Close a DPS non-association and `non-associations.closed`."""
    closed = publisher.dps_change("PUT", f"{NON_ASSOCIATIONS}/{non_association_id}/close")
    message = non_association_event(publisher, "closed", non_association_id)
    return {"nonAssociation": closed, "messageId": message}


def non_association_deleted(publisher: Publisher, non_association_id: int) -> dict[str, Any]:
    """Delete a DPS non-association and `non-associations.deleted`."""
    publisher.dps_change("DELETE", f"{NON_ASSOCIATIONS}/{non_association_id}")
    return {"messageId": non_association_event(publisher, "deleted", non_association_id)}


def non_association_merge(publisher: Publisher, removed: str, survivor: str) -> dict[str, Any]:
    """Merge `removed` into `survivor` (NOMIS and DPS) and `prisoner.merged` (reason MERGE)."""
    body = {"removedNomsNumber": removed, "nomsNumber": survivor}
    publisher.dps_change("POST", f"{NON_ASSOCIATIONS}/merges", body)
    info = {"reason": "MERGE", "nomsNumber": survivor, "removedNomsNumber": removed}
    return {"messageId": publisher.emit(domain_event(MERGED, info, survivor))}


def non_association_booking_moved(
    publisher: Publisher, booking_id: int, moved_from: str, moved_to: str
) -> dict[str, Any]:
    """Move a booking's non-associations to another prisoner and `prisoner.booking.moved`."""
    body = {
        "bookingId": booking_id,
        "movedFromNomsNumber": moved_from,
        "movedToNomsNumber": moved_to,
    }
    publisher.dps_change("POST", f"{NON_ASSOCIATIONS}/booking-moves", body)
    info = {
        **body,
        "bookingId": str(booking_id),
        "bookingStartDateTime": now_local().isoformat(),
    }
    return {"messageId": publisher.emit(domain_event(BOOKING_MOVED, info, moved_to))}


ACTIONS = (
    non_association_created,
    non_association_amended,
    non_association_closed,
    non_association_deleted,
    non_association_merge,
    non_association_booking_moved,
)


def register_commands(app: typer.Typer, publisher: PublisherFactory) -> None:
    """Add the non-association commands to ``p2n publish``."""

    @app.command("non-association-created")
    def created_command(
        first: str,
        second: str,
        restriction_type: Annotated[str, typer.Option(help="CELL, LANDING or WING")] = "WING",
        reason: Annotated[str, typer.Option(help="e.g. VIOLENCE, BULLYING")] = "VIOLENCE",
    ) -> None:
        """New DPS non-association between two prisoners -> non-associations.created."""
        echo_result(
            non_association_created(
                publisher(), first, second, restriction_type=restriction_type, reason=reason
            )
        )

    @app.command("non-association-amended")
    def amended_command(
        non_association_id: int,
        restriction_type: Annotated[str, typer.Option(help="CELL, LANDING or WING")],
    ) -> None:
        """Change a DPS non-association's restriction -> non-associations.amended."""
        echo_result(
            non_association_amended(
                publisher(), non_association_id, restrictionType=restriction_type
            )
        )

    @app.command("non-association-closed")
    def closed_command(non_association_id: int) -> None:
        """Close a DPS non-association -> non-associations.closed."""
        echo_result(non_association_closed(publisher(), non_association_id))

    @app.command("non-association-deleted")
    def deleted_command(non_association_id: int) -> None:
        """Delete a DPS non-association -> non-associations.deleted."""
        echo_result(non_association_deleted(publisher(), non_association_id))

    @app.command("non-association-merge")
    def merge_command(removed: str, survivor: str) -> None:
        """Merge prisoner REMOVED into SURVIVOR -> prison-offender-events.prisoner.merged."""
        echo_result(non_association_merge(publisher(), removed, survivor))

    @app.command("non-association-booking-moved")
    def booking_moved_command(booking_id: int, moved_from: str, moved_to: str) -> None:
        """Move a booking's non-associations -> prison-offender-events.prisoner.booking.moved."""
        echo_result(non_association_booking_moved(publisher(), booking_id, moved_from, moved_to))
