"""JSON bodies of the case note fakes, as the specs describe them."""

import json
from datetime import datetime
from typing import Any

from dagster_project.sandbox.domains.casenotes.tables import (
    CaseNoteMappingRow,
    DpsCaseNote,
    NomisCaseNote,
)


def _at(value: datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%S")


def dps_view(row: DpsCaseNote) -> dict[str, Any]:
    """A DPS `CaseNote`."""
    return {
        "caseNoteId": row.id,
        "offenderIdentifier": row.offender_no,
        "type": row.type,
        "typeDescription": row.type,
        "subType": row.sub_type,
        "subTypeDescription": row.sub_type,
        "source": "INST",
        "creationDateTime": _at(row.creation),
        "occurrenceDateTime": _at(row.occurrence),
        "authorName": row.author_username,
        "authorUserId": "1",
        "authorUsername": row.author_username,
        "text": row.text,
        "eventId": row.legacy_id,
        "sensitive": False,
        "amendments": [
            {
                "additionalNoteText": a["text"],
                "authorUserName": a["author"],
                "authorName": a["author"],
                "creationDateTime": a["at"],
            }
            for a in json.loads(row.amendments)
        ],
        "systemGenerated": False,
        "legacyId": row.legacy_id,
    }


def nomis_view(row: NomisCaseNote) -> dict[str, Any]:
    """A NOMIS `CaseNoteResponse`."""
    return {
        "caseNoteId": row.case_note_id,
        "bookingId": row.booking_id,
        "caseNoteType": {"code": row.type, "description": row.type},
        "caseNoteSubType": {"code": row.sub_type, "description": row.sub_type},
        "occurrenceDateTime": _at(row.occurrence),
        "creationDateTime": _at(row.creation),
        "authorStaffId": 1,
        "authorUsername": row.author_username,
        "authorUsernames": [row.author_username],
        "authorLastName": row.author_username,
        "caseNoteText": row.text,
        "amendments": [
            {
                "text": a["text"],
                "authorUsername": a["author"],
                "createdDateTime": a["at"],
                "sourceSystem": "DPS",
            }
            for a in json.loads(row.amendments)
        ],
        "createdDatetime": _at(row.creation),
        "createdUsername": row.author_username,
        "sourceSystem": "DPS",
    }


def mapping_view(row: CaseNoteMappingRow) -> dict[str, Any]:
    """A `CaseNoteMappingDto` (``label`` sent even when null)."""
    return {
        "dpsCaseNoteId": row.dps_case_note_id,
        "nomisCaseNoteId": row.nomis_case_note_id,
        "offenderNo": row.offender_no,
        "nomisBookingId": row.nomis_booking_id,
        "label": row.label,
        "mappingType": row.mapping_type,
        "whenCreated": _at(row.when_created),
    }
