"""Publishing sentencing adjustments as DPS does: the DPS change first, then the event.

The actions are plain functions of a :class:`Publisher`; ``register_commands`` adds them to
``p2n publish`` as ``adjustment-inserted``, ``adjustment-updated`` and ``adjustment-deleted``.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dagster_project.sandbox.core.publish import Publisher, domain_event
from dagster_project.sandbox.core.publish_cli import PublisherFactory, echo_result

ADJUSTMENT = "release-date-adjustments.adjustment"


def adjustment_event(publisher: Publisher, verb: str, adjustment_id: str, offender: str) -> str:
    """Emit ``release-date-adjustments.adjustment.<verb>`` as DPS does (``source`` DPS)."""
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


ACTIONS = (adjustment_inserted, adjustment_updated, adjustment_deleted)


def register_commands(app: typer.Typer, publisher: PublisherFactory) -> None:
    """Add the adjustment commands to ``p2n publish``."""

    @app.command("adjustment-inserted")
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
        echo_result(
            adjustment_inserted(
                publisher(), offender_no, **{k: v for k, v in fields.items() if v is not None}
            )
        )

    @app.command("adjustment-updated")
    def adjustment_updated_command(adjustment_id: str, offender_no: str, days: int) -> None:
        """Change a DPS adjustment's days -> release-date-adjustments.adjustment.updated."""
        echo_result(
            adjustment_updated(publisher(), adjustment_id, offender_no, adjustmentDays=days)
        )

    @app.command("adjustment-deleted")
    def adjustment_deleted_command(adjustment_id: str, offender_no: str) -> None:
        """Delete a DPS adjustment -> release-date-adjustments.adjustment.deleted."""
        echo_result(adjustment_deleted(publisher(), adjustment_id, offender_no))
