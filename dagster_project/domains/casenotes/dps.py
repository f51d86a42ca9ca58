"""DPS Case Notes API: one case note, and every case note of a prisoner (the sync view).

The sync reads only; it never writes to DPS.
"""

from __future__ import annotations

import datetime as dt

import httpx

from dagster_project.sync.domain import Api
from resources.http import ApiClient
from resources.wire import WireModel

SENTINEL_PRISONER = "A0000AA"


class CaseNoteAmendment(WireModel):
    """`CaseNoteAmendment`: text added to a note later.

    `creationDateTime` is optional in the spec; the update flow needs it (the old service
    failed the event without it).
    """

    additional_note_text: str
    author_user_name: str
    creation_date_time: dt.datetime | None = None


class CaseNote(WireModel):
    """`CaseNote`, reduced to what the sync sends and the reconciliation compares."""

    case_note_id: str
    offender_identifier: str
    type: str
    sub_type: str
    creation_date_time: dt.datetime
    occurrence_date_time: dt.datetime
    author_username: str
    text: str
    amendments: list[CaseNoteAmendment]
    legacy_id: int


class CaseNotesClient(ApiClient):
    """Reads from the DPS Case Notes API."""

    api_name = "casenotes-api"

    def get_case_note(self, offender_no: str, case_note_id: str) -> CaseNote:
        """One case note of a prisoner.

        Raises:
            NotFound: DPS has no such note (the event fails and is retried, as upstream).
        """
        response = self._send("GET", f"/case-notes/{offender_no}/{case_note_id}")
        return CaseNote.model_validate(response.json())

    def case_notes_for(self, offender_no: str) -> list[CaseNote]:
        """Every case note of the prisoner, as the NOMIS sync sees them (the reconciliation)."""
        response = self._send("GET", f"/sync/case-notes/{offender_no}")
        return [CaseNote.model_validate(item) for item in response.json()]


def probe(http: httpx.Client) -> str:
    """Health: the case notes of a prisoner nobody is (an empty list, 200)."""
    found = CaseNotesClient(http).case_notes_for(SENTINEL_PRISONER)
    return f"GET /sync/case-notes/{SENTINEL_PRISONER}: {len(found)} case notes"


CASENOTES_API = Api(
    key="casenotes_api",
    env="CASENOTES",
    title="DPS Case Notes API",
    default_client_id="casenotes-api",
    sandbox_path="/casenotes",
    probe=probe,
    spec_file="casenotes-api-docs.json",
)
