"""Publishing CSIP record changes as the DPS CSIP service does: DPS first, then the event.

``register_commands`` adds ``csip-created``, ``csip-updated`` and ``csip-deleted`` to
``p2n publish``.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dagster_project.sandbox.core.publish import Publisher, domain_event
from dagster_project.sandbox.core.publish_cli import PublisherFactory, echo_result

RECORDS = "/csip-records"


def csip_event(publisher: Publisher, verb: str, record_uuid: str, prison_number: str) -> str:
    """Emit ``person.csip-record.<verb>`` with the record and the prisoner, as DPS does."""
    event = domain_event(
        f"person.csip-record.{verb}",
        {"recordUuid": record_uuid},
        prison_number,
        detailUrl=f"http://localhost/csip-records/{record_uuid}",
    )
    return publisher.emit(event)


def csip_created(
    publisher: Publisher,
    prison_number: str,
    incident_type_code: str = "INT",
    factors: int = 1,
    reviews: int = 0,
) -> dict[str, Any]:
    """A new DPS CSIP record and `person.csip-record.created`."""
    body = {
        "prisonNumber": prison_number,
        "incidentTypeCode": incident_type_code,
        "factors": factors,
        "reviews": reviews,
    }
    record = publisher.dps_change("POST", RECORDS, body)
    message = csip_event(publisher, "created", record["recordUuid"], prison_number)
    return {"record": record, "messageId": message}


def csip_updated(publisher: Publisher, record_uuid: str, **changes: Any) -> dict[str, Any]:
    """Change a DPS CSIP record (a child or the type) and `person.csip-record.updated`.

    Changes: ``incidentTypeCode``, ``addFactors``, ``removeFactors``, ``addReviews``, ``close``.
    """
    record = publisher.dps_change("PATCH", f"{RECORDS}/{record_uuid}", changes)
    message = csip_event(publisher, "updated", record_uuid, record["prisonNumber"])
    return {"record": record, "messageId": message}


def csip_deleted(publisher: Publisher, record_uuid: str, prison_number: str) -> dict[str, Any]:
    """Delete a DPS CSIP record and `person.csip-record.deleted`."""
    publisher.dps_change("DELETE", f"{RECORDS}/{record_uuid}")
    return {"messageId": csip_event(publisher, "deleted", record_uuid, prison_number)}


ACTIONS = (csip_created, csip_updated, csip_deleted)


def register_commands(app: typer.Typer, publisher: PublisherFactory) -> None:
    """Add the CSIP commands to ``p2n publish``."""

    @app.command("csip-created")
    def created_command(
        prison_number: str,
        incident_type: Annotated[str, typer.Option(help="Incident type code, e.g. INT")] = "INT",
        factors: Annotated[int, typer.Option(help="Contributory factors")] = 1,
        reviews: Annotated[int, typer.Option(help="Reviews (adds a plan)")] = 0,
    ) -> None:
        """New DPS CSIP record for a prisoner -> person.csip-record.created."""
        echo_result(csip_created(publisher(), prison_number, incident_type, factors, reviews))

    @app.command("csip-updated")
    def updated_command(
        record_uuid: str,
        add_factors: Annotated[int, typer.Option(help="Contributory factors to add")] = 0,
        remove_factors: Annotated[int, typer.Option(help="Contributory factors to remove")] = 0,
        add_reviews: Annotated[int, typer.Option(help="Reviews to add")] = 0,
        incident_type: Annotated[str | None, typer.Option(help="New incident type")] = None,
        close: Annotated[bool, typer.Option(help="Close the CSIP in its last review")] = False,
    ) -> None:
        """Change a DPS CSIP record's children -> person.csip-record.updated (whole report)."""
        changes: dict[str, Any] = {
            "addFactors": add_factors,
            "removeFactors": remove_factors,
            "addReviews": add_reviews,
            "close": close,
        }
        if incident_type:
            changes["incidentTypeCode"] = incident_type
        echo_result(csip_updated(publisher(), record_uuid, **changes))

    @app.command("csip-deleted")
    def deleted_command(record_uuid: str, prison_number: str) -> None:
        """Delete a DPS CSIP record -> person.csip-record.deleted."""
        echo_result(csip_deleted(publisher(), record_uuid, prison_number))
