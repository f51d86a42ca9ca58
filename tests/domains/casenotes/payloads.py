"""Case note wire bodies as the specs describe them."""

from __future__ import annotations

import json
from typing import Any

from tests.messages import sns_body

DPS_ID = "0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f"
OFFENDER = "A1234AA"
BASE = {"dpsCaseNoteId": DPS_ID, "offenderNo": OFFENDER}


def case_note_event(
    event_type: str, source: str = "DPS", sync_to_nomis: bool = True, dps_id: str = DPS_ID
) -> str:
    """A `person.case-note.*` event as the DPS Case Notes API publishes it."""
    return sns_body(
        json.dumps(
            {
                "eventType": event_type,
                "version": "1",
                "description": "A case note has been changed",
                "detailUrl": f"https://casenotes.example/case-notes/{OFFENDER}/{dps_id}",
                "occurredAt": "2026-11-20T10:15:00Z",
                "personReference": {"identifiers": [{"type": "NOMS", "value": OFFENDER}]},
                "additionalInformation": {
                    "id": dps_id,
                    "legacyId": 1000001,
                    "type": "GEN",
                    "subType": "OSE",
                    "source": source,
                    "syncToNomis": sync_to_nomis,
                    "systemGenerated": False,
                },
            }
        )
    )


def dps_case_note(dps_id: str = DPS_ID, **changes: Any) -> dict[str, Any]:
    """A DPS `CaseNote` with every field the spec requires."""
    return {
        "caseNoteId": dps_id,
        "offenderIdentifier": OFFENDER,
        "type": "GEN",
        "typeDescription": "General",
        "subType": "OSE",
        "subTypeDescription": "Observation",
        "source": "INST",
        "creationDateTime": "2026-11-20T09:00:00",
        "occurrenceDateTime": "2026-11-20T08:30:00",
        "authorName": "Jo Bloggs",
        "authorUserId": "123",
        "authorUsername": "JBLOGGS",
        "text": "Seen on the wing",
        "eventId": 1,
        "sensitive": False,
        "amendments": [],
        "systemGenerated": False,
        "legacyId": 1000001,
        **changes,
    }


AMENDMENT = {
    "additionalNoteText": "Later: all fine",
    "authorUserName": "ASMITH",
    "authorName": "Al Smith",
    "creationDateTime": "2026-11-21T10:00:00",
}


def mapping(nomis_id: int = 9001, booking_id: int = 1234567, **changes: Any) -> dict[str, Any]:
    """A mapping service `CaseNoteMappingDto`."""
    return {
        "dpsCaseNoteId": DPS_ID,
        "nomisCaseNoteId": nomis_id,
        "offenderNo": OFFENDER,
        "nomisBookingId": booking_id,
        "mappingType": "DPS_CREATED",
        **changes,
    }


def nomis_case_note(nomis_id: int = 9001, **changes: Any) -> dict[str, Any]:
    """A NOMIS `CaseNoteResponse` holding what `dps_case_note()` sends on create."""
    return {
        "caseNoteId": nomis_id,
        "bookingId": 1234567,
        "caseNoteType": {"code": "GEN", "description": "General"},
        "caseNoteSubType": {"code": "OSE", "description": "Observation"},
        "occurrenceDateTime": "2026-11-20T08:30:00",
        "creationDateTime": "2026-11-20T09:00:00",
        "authorStaffId": 1,
        "authorUsername": "JBLOGGS",
        "authorUsernames": ["JBLOGGS"],
        "authorLastName": "Bloggs",
        "caseNoteText": "Seen on the wing",
        "amendments": [],
        "createdDatetime": "2026-11-20T09:00:00",
        "createdUsername": "JBLOGGS",
        "sourceSystem": "DPS",
        **changes,
    }
