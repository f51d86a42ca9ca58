"""Publishing case notes as DPS does: the DPS change first, then the event.

``register_commands`` adds ``casenote-created``, ``casenote-updated`` and ``casenote-deleted``
to ``p2n publish``. ``--source NOMIS`` or ``--no-sync-to-nomis`` publish the events the sync
must ignore.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dagster_project.sandbox.core.publish import Publisher, domain_event
from dagster_project.sandbox.core.publish_cli import PublisherFactory, echo_result

CASE_NOTE = "person.case-note"


def casenote_event(
    publisher: Publisher,
    verb: str,
    note: dict[str, Any],
    source: str = "DPS",
    sync_to_nomis: bool = True,
) -> str:
    """Emit ``person.case-note.<verb>`` as the DPS Case Notes API does."""
    offender = note["offenderIdentifier"]
    info = {
        "id": note["caseNoteId"],
        "legacyId": note["legacyId"],
        "type": note["type"],
        "subType": note["subType"],
        "source": source,
        "syncToNomis": sync_to_nomis,
        "systemGenerated": False,
    }
    detail = f"http://localhost/case-notes/{offender}/{note['caseNoteId']}"
    return publisher.emit(domain_event(f"{CASE_NOTE}.{verb}", info, offender, detailUrl=detail))


def casenote_created(
    publisher: Publisher,
    offender: str,
    text: str,
    source: str = "DPS",
    sync_to_nomis: bool = True,
    **fields: Any,
) -> dict[str, Any]:
    """A new DPS case note and `person.case-note.created`."""
    note = publisher.dps_change(
        "POST", "/casenotes", {"offenderNo": offender, "text": text, **fields}
    )
    message = casenote_event(publisher, "created", note, source, sync_to_nomis)
    return {"caseNote": note, "messageId": message}


def casenote_updated(publisher: Publisher, case_note_id: str, **changes: Any) -> dict[str, Any]:
    """Change a DPS case note (text, or an amendment) and `person.case-note.updated`."""
    note = publisher.dps_change("PUT", f"/casenotes/{case_note_id}", changes)
    return {"caseNote": note, "messageId": casenote_event(publisher, "updated", note)}


def casenote_deleted(publisher: Publisher, case_note_id: str, offender: str) -> dict[str, Any]:
    """Delete a DPS case note and `person.case-note.deleted` (the event names the note)."""
    publisher.dps_change("DELETE", f"/casenotes/{case_note_id}")
    note = {
        "caseNoteId": case_note_id,
        "offenderIdentifier": offender,
        "legacyId": 0,
        "type": "GEN",
        "subType": "OSE",
    }
    return {"messageId": casenote_event(publisher, "deleted", note)}


ACTIONS = (casenote_created, casenote_updated, casenote_deleted)


def register_commands(app: typer.Typer, publisher: PublisherFactory) -> None:
    """Add the case note commands to ``p2n publish``."""

    @app.command("casenote-created")
    def casenote_created_command(
        offender_no: str,
        text: str,
        source: Annotated[str, typer.Option(help="DPS, or NOMIS (ignored)")] = "DPS",
        sync_to_nomis: Annotated[bool, typer.Option(help="False: a DPS-only note")] = True,
    ) -> None:
        """New DPS case note -> person.case-note.created."""
        echo_result(casenote_created(publisher(), offender_no, text, source, sync_to_nomis))

    @app.command("casenote-updated")
    def casenote_updated_command(
        case_note_id: str,
        text: Annotated[str | None, typer.Option(help="New text")] = None,
        amendment: Annotated[str | None, typer.Option(help="Amendment text to add")] = None,
    ) -> None:
        """Change a DPS case note -> person.case-note.updated."""
        changes = {"text": text, "amendment": amendment}
        echo_result(
            casenote_updated(
                publisher(), case_note_id, **{k: v for k, v in changes.items() if v is not None}
            )
        )

    @app.command("casenote-deleted")
    def casenote_deleted_command(case_note_id: str, offender_no: str) -> None:
        """Delete a DPS case note -> person.case-note.deleted."""
        echo_result(casenote_deleted(publisher(), case_note_id, offender_no))
