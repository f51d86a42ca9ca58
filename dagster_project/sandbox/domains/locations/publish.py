"""Publishing locations as DPS does: the DPS change first, then `location.inside.prison.*`.

The actions are plain functions of a :class:`Publisher` (also ``publisher.location_created``);
``register_commands`` adds ``location-created``, ``location-amended``, ``location-deactivated``,
``location-reactivated`` and ``location-deleted`` to ``p2n publish``.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dagster_project.sandbox.core.publish import Publisher, domain_event
from dagster_project.sandbox.core.publish_cli import PublisherFactory, echo_result

LOCATION = "location.inside.prison"


def location_event(publisher: Publisher, verb: str, location: dict[str, Any]) -> str:
    """Emit ``location.inside.prison.<verb>`` as DPS does (id, key, ``source`` DPS)."""
    info = {"id": location["id"], "key": location["key"], "source": "DPS"}
    return publisher.emit(domain_event(f"{LOCATION}.{verb}", info))


def dps_location(
    publisher: Publisher, *, key: str | None = None, location_id: str | None = None
) -> dict[str, Any]:
    """The DPS location with this key or id.

    Raises:
        LookupError: DPS has no such location.
    """
    query = f"key={key}" if key is not None else f"id={location_id}"
    found = publisher.dps_change("GET", f"/locations?{query}")
    if not found:
        raise LookupError(f"DPS has no location with {query}")
    return dict(found[0])


def location_created(
    publisher: Publisher, prison_id: str, code: str, location_type: str, **fields: Any
) -> dict[str, Any]:
    """A new DPS location (``parentId`` in ``fields`` puts it inside one) and `…created`."""
    body = {"prisonId": prison_id, "code": code, "locationType": location_type, **fields}
    created = publisher.dps_change("POST", "/locations", body)
    return {"location": created, "messageId": location_event(publisher, "created", created)}


def location_amended(publisher: Publisher, location_id: str, **changes: Any) -> dict[str, Any]:
    """Change a DPS location and `…amended`."""
    changed = publisher.dps_change("PUT", f"/locations/{location_id}", changes)
    return {"location": changed, "messageId": location_event(publisher, "amended", changed)}


def location_deactivated(
    publisher: Publisher, location_id: str, **deactivation: Any
) -> dict[str, Any]:
    """Deactivate a DPS location (``reason``, ``proposedReactivationDate``, ``permanent``)."""
    changed = publisher.dps_change("PUT", f"/locations/{location_id}/deactivate", deactivation)
    return {"location": changed, "messageId": location_event(publisher, "deactivated", changed)}


def location_reactivated(publisher: Publisher, location_id: str) -> dict[str, Any]:
    changed = publisher.dps_change("PUT", f"/locations/{location_id}/reactivate")
    return {"location": changed, "messageId": location_event(publisher, "reactivated", changed)}


def location_deleted(publisher: Publisher, location_id: str) -> dict[str, Any]:
    """Delete a DPS location and `…deleted` (NOMIS keeps it, inactive and empty)."""
    location = dps_location(publisher, location_id=location_id)
    publisher.dps_change("DELETE", f"/locations/{location_id}")
    return {"messageId": location_event(publisher, "deleted", location)}


ACTIONS = (
    location_created,
    location_amended,
    location_deactivated,
    location_reactivated,
    location_deleted,
)


def register_commands(app: typer.Typer, publisher: PublisherFactory) -> None:
    """Add the location commands to ``p2n publish``."""

    @app.command("location-created")
    def location_created_command(
        prison_id: str,
        code: str,
        location_type: Annotated[str, typer.Argument(help="DPS type, e.g. CELL, LANDING")],
        parent: Annotated[str | None, typer.Option(help="the parent's key, e.g. MDI-A-1")] = None,
        local_name: Annotated[str | None, typer.Option()] = None,
    ) -> None:
        """New DPS location -> location.inside.prison.created."""
        made = publisher()
        fields: dict[str, Any] = {"localName": local_name} if local_name else {}
        if parent:
            fields["parentId"] = dps_location(made, key=parent)["id"]
        if location_type == "CELL":
            fields.update(
                residentialHousingType="NORMAL_ACCOMMODATION",
                capacity={
                    "maxCapacity": 1,
                    "workingCapacity": 1,
                    "certifiedNormalAccommodation": 1,
                },
                certifiedCell=True,
            )
        echo_result(location_created(made, prison_id, code, location_type, **fields))

    @app.command("location-amended")
    def location_amended_command(
        location_id: str,
        local_name: Annotated[str | None, typer.Option()] = None,
        comments: Annotated[str | None, typer.Option()] = None,
    ) -> None:
        """Change a DPS location's local name or comments -> location.inside.prison.amended."""
        changes = {"localName": local_name, "comments": comments}
        echo_result(
            location_amended(
                publisher(), location_id, **{k: v for k, v in changes.items() if v is not None}
            )
        )

    @app.command("location-deactivated")
    def location_deactivated_command(
        location_id: str,
        reason: Annotated[str, typer.Option(help="e.g. MOTHBALLED, DAMP")] = "OTHER",
        permanent: Annotated[bool, typer.Option()] = False,
    ) -> None:
        """Deactivate a DPS location -> location.inside.prison.deactivated."""
        echo_result(
            location_deactivated(publisher(), location_id, reason=reason, permanent=permanent)
        )

    @app.command("location-reactivated")
    def location_reactivated_command(location_id: str) -> None:
        """Reactivate a DPS location -> location.inside.prison.reactivated."""
        echo_result(location_reactivated(publisher(), location_id))

    @app.command("location-deleted")
    def location_deleted_command(location_id: str) -> None:
        """Delete a DPS location -> location.inside.prison.deleted (a soft delete in NOMIS)."""
        echo_result(location_deleted(publisher(), location_id))
