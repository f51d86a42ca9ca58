"""Publishing alerts as DPS does: the DPS change first, then the event.

``register_commands`` adds ``p2n publish alert-created|alert-updated|alert-deleted`` and the
eight ``alert-code-*`` / ``alert-type-*`` reference-data commands.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dagster_project.sandbox.core.publish import Publisher, domain_event
from dagster_project.sandbox.core.publish_cli import PublisherFactory, echo_result

PERSON_ALERT = "person.alert"
REFERENCE = "prisoner-alerts"


def alert_event(publisher: Publisher, verb: str, alert: str, offender: str, code: str) -> str:
    """Emit ``person.alert.<verb>`` as DPS does (``source`` DPS, the NOMS number attached)."""
    info = {"alertUuid": alert, "alertCode": code, "source": "DPS"}
    return publisher.emit(domain_event(f"{PERSON_ALERT}.{verb}", info, offender))


def reference_event(publisher: Publisher, event: str, code: str) -> str:
    """Emit ``prisoner-alerts.<event>`` (``alertCode`` holds the code or the type code)."""
    info = {"alertCode": code, "source": "DPS"}
    return publisher.emit(domain_event(f"{REFERENCE}.{event}", info))


def alert_created(publisher: Publisher, offender: str, code: str, **fields: Any) -> dict[str, Any]:
    """A new DPS alert and `person.alert.created`."""
    body = {"offenderNo": offender, "alertCode": code, **fields}
    created = publisher.dps_change("POST", "/alerts", body)
    message = alert_event(publisher, "created", created["alertUuid"], offender, code)
    return {"alert": created, "messageId": message}


def alert_updated(
    publisher: Publisher, alert: str, offender: str, code: str, **changes: Any
) -> dict[str, Any]:
    """Change a DPS alert and `person.alert.updated`."""
    changed = publisher.dps_change("PUT", f"/alerts/{alert}", changes)
    return {"alert": changed, "messageId": alert_event(publisher, "updated", alert, offender, code)}


def alert_deleted(publisher: Publisher, alert: str, offender: str, code: str) -> dict[str, Any]:
    """Delete a DPS alert and `person.alert.deleted`."""
    publisher.dps_change("DELETE", f"/alerts/{alert}")
    return {"messageId": alert_event(publisher, "deleted", alert, offender, code)}


def alert_code_created(
    publisher: Publisher, code: str, type_code: str, description: str, list_sequence: int = 99
) -> dict[str, Any]:
    """A new DPS alert code and `prisoner-alerts.alert-code-created`."""
    body = {
        "code": code,
        "typeCode": type_code,
        "description": description,
        "listSequence": list_sequence,
    }
    publisher.dps_change("POST", "/alert-codes", body)
    return {"messageId": reference_event(publisher, "alert-code-created", code)}


def alert_code_updated(publisher: Publisher, code: str, description: str) -> dict[str, Any]:
    publisher.dps_change("PUT", f"/alert-codes/{code}", {"description": description})
    return {"messageId": reference_event(publisher, "alert-code-updated", code)}


def alert_code_deactivated(publisher: Publisher, code: str) -> dict[str, Any]:
    publisher.dps_change("PUT", f"/alert-codes/{code}", {"isActive": False})
    return {"messageId": reference_event(publisher, "alert-code-deactivated", code)}


def alert_code_reactivated(publisher: Publisher, code: str) -> dict[str, Any]:
    publisher.dps_change("PUT", f"/alert-codes/{code}", {"isActive": True})
    return {"messageId": reference_event(publisher, "alert-code-reactivated", code)}


def alert_type_created(
    publisher: Publisher, code: str, description: str, list_sequence: int = 99
) -> dict[str, Any]:
    """A new DPS alert type and `prisoner-alerts.alert-type-created`."""
    body = {"code": code, "description": description, "listSequence": list_sequence}
    publisher.dps_change("POST", "/alert-codes", body)
    return {"messageId": reference_event(publisher, "alert-type-created", code)}


def alert_type_updated(publisher: Publisher, code: str, description: str) -> dict[str, Any]:
    publisher.dps_change("PUT", f"/alert-types/{code}", {"description": description})
    return {"messageId": reference_event(publisher, "alert-type-updated", code)}


def alert_type_deactivated(publisher: Publisher, code: str) -> dict[str, Any]:
    publisher.dps_change("PUT", f"/alert-types/{code}", {"isActive": False})
    return {"messageId": reference_event(publisher, "alert-type-deactivated", code)}


def alert_type_reactivated(publisher: Publisher, code: str) -> dict[str, Any]:
    publisher.dps_change("PUT", f"/alert-types/{code}", {"isActive": True})
    return {"messageId": reference_event(publisher, "alert-type-reactivated", code)}


ACTIONS = (
    alert_created,
    alert_updated,
    alert_deleted,
    alert_code_created,
    alert_code_updated,
    alert_code_deactivated,
    alert_code_reactivated,
    alert_type_created,
    alert_type_updated,
    alert_type_deactivated,
    alert_type_reactivated,
)


def register_commands(app: typer.Typer, publisher: PublisherFactory) -> None:
    """Add the alert commands to ``p2n publish``."""

    @app.command("alert-created")
    def alert_created_command(
        offender_no: str,
        alert_code: str,
        active_to: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
        description: Annotated[str | None, typer.Option()] = None,
    ) -> None:
        """New DPS alert -> person.alert.created."""
        fields = {"activeTo": active_to, "description": description}
        kept = {k: v for k, v in fields.items() if v is not None}
        echo_result(alert_created(publisher(), offender_no, alert_code, **kept))

    @app.command("alert-updated")
    def alert_updated_command(
        alert_uuid: str,
        offender_no: str,
        alert_code: str,
        active_to: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
        description: Annotated[str | None, typer.Option()] = None,
    ) -> None:
        """Change a DPS alert's end date or description -> person.alert.updated."""
        fields = {"activeTo": active_to, "description": description}
        kept = {k: v for k, v in fields.items() if v is not None}
        echo_result(alert_updated(publisher(), alert_uuid, offender_no, alert_code, **kept))

    @app.command("alert-deleted")
    def alert_deleted_command(alert_uuid: str, offender_no: str, alert_code: str) -> None:
        """Delete a DPS alert -> person.alert.deleted."""
        echo_result(alert_deleted(publisher(), alert_uuid, offender_no, alert_code))

    @app.command("alert-code-created")
    def alert_code_created_command(code: str, type_code: str, description: str) -> None:
        """New DPS alert code -> prisoner-alerts.alert-code-created."""
        echo_result(alert_code_created(publisher(), code, type_code, description))

    @app.command("alert-code-updated")
    def alert_code_updated_command(code: str, description: str) -> None:
        """Change a DPS alert code's description -> prisoner-alerts.alert-code-updated."""
        echo_result(alert_code_updated(publisher(), code, description))

    @app.command("alert-code-deactivated")
    def alert_code_deactivated_command(code: str) -> None:
        """Deactivate a DPS alert code -> prisoner-alerts.alert-code-deactivated."""
        echo_result(alert_code_deactivated(publisher(), code))

    @app.command("alert-code-reactivated")
    def alert_code_reactivated_command(code: str) -> None:
        """Reactivate a DPS alert code -> prisoner-alerts.alert-code-reactivated."""
        echo_result(alert_code_reactivated(publisher(), code))

    @app.command("alert-type-created")
    def alert_type_created_command(code: str, description: str) -> None:
        """New DPS alert type -> prisoner-alerts.alert-type-created."""
        echo_result(alert_type_created(publisher(), code, description))

    @app.command("alert-type-updated")
    def alert_type_updated_command(code: str, description: str) -> None:
        """Change a DPS alert type's description -> prisoner-alerts.alert-type-updated."""
        echo_result(alert_type_updated(publisher(), code, description))

    @app.command("alert-type-deactivated")
    def alert_type_deactivated_command(code: str) -> None:
        """Deactivate a DPS alert type -> prisoner-alerts.alert-type-deactivated."""
        echo_result(alert_type_deactivated(publisher(), code))

    @app.command("alert-type-reactivated")
    def alert_type_reactivated_command(code: str) -> None:
        """Reactivate a DPS alert type -> prisoner-alerts.alert-type-reactivated."""
        echo_result(alert_type_reactivated(publisher(), code))
