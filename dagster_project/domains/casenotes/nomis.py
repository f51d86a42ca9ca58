"""NOMIS prisoner API: case notes of a prisoner, and every prisoner NOMIS holds (keyset paging).

A NOMIS case note belongs to a booking; NOMIS picks the prisoner's latest booking on create and
answers its id. After a prisoner merge NOMIS may hold copies of one note on several bookings.
"""

from __future__ import annotations

import datetime as dt

from resources.http import ApiClient, dump_body
from resources.wire import WireModel


class CreateCaseNoteRequest(WireModel):
    """`CreateCaseNoteRequest`: amendments are not sent on create (as upstream)."""

    case_note_type: str
    case_note_sub_type: str
    occurrence_date_time: dt.datetime
    creation_date_time: dt.datetime
    author_username: str
    case_note_text: str


class CreateCaseNoteResponse(WireModel):
    id: int
    booking_id: int


class UpdateAmendment(WireModel):
    text: str
    author_username: str
    created_date_time: dt.datetime


class UpdateCaseNoteRequest(WireModel):
    """`UpdateCaseNoteRequest`: the text and the full amendment list (NOMIS replaces both)."""

    text: str
    amendments: list[UpdateAmendment]


class CodeDescription(WireModel):
    code: str
    description: str


class NomisAmendment(WireModel):
    text: str
    author_username: str
    created_date_time: dt.datetime


class NomisCaseNote(WireModel):
    """`CaseNoteResponse`, reduced to what the reconciliation compares."""

    case_note_id: int
    booking_id: int
    case_note_type: CodeDescription
    case_note_sub_type: CodeDescription
    author_username: str
    case_note_text: str
    amendments: list[NomisAmendment]
    occurrence_date_time: dt.datetime | None = None
    creation_date_time: dt.datetime | None = None
    author_usernames: list[str] | None = None


class PrisonerCaseNotes(WireModel):
    case_notes: list[NomisCaseNote]


class NomisCaseNotesClient(ApiClient):
    """The NOMIS prisoner API's case note operations.

    Raises:
        ApiError: (or NotFound / ServerError ...) for any non-2xx answer.
    """

    api_name = "nomis-prisoner-api"

    def create_case_note(
        self, offender_no: str, request: CreateCaseNoteRequest
    ) -> CreateCaseNoteResponse:
        """Adds the note to the prisoner's latest booking; returns its id and that booking."""
        response = self._send(
            "POST", f"/prisoners/{offender_no}/casenotes", json=dump_body(request)
        )
        return CreateCaseNoteResponse.model_validate(response.json())

    def update_case_note(self, case_note_id: int, request: UpdateCaseNoteRequest) -> None:
        self._send("PUT", f"/casenotes/{case_note_id}", json=dump_body(request))

    def delete_case_note(self, case_note_id: int) -> None:
        """Raises NotFound when NOMIS no longer has the note (the sync treats it as deleted)."""
        self._send("DELETE", f"/casenotes/{case_note_id}")

    def case_notes_of(self, offender_no: str) -> list[NomisCaseNote]:
        """Every case note of every booking of the prisoner."""
        response = self._send("GET", f"/prisoners/{offender_no}/casenotes")
        return PrisonerCaseNotes.model_validate(response.json()).case_notes


class PrisonerNo(WireModel):
    offender_no: str


class PrisonerNosWithLast(WireModel):
    """`PrisonerNosWithLast`: a page of prisoners ordered by NOMIS offender id."""

    prisoner_ids: list[PrisonerNo]
    last_offender_id: int


class PrisonersCount(WireModel):
    """`PagePrisonerId`, of which only the total is read."""

    total_elements: int


class NomisAllPrisonersClient(ApiClient):
    """Every prisoner NOMIS holds, active or not: the full reconciliation's population."""

    api_name = "nomis-prisoner-api"

    def count_all_prisoners(self) -> int:
        """How many prisoners NOMIS holds (`totalElements` of a one-row page)."""
        response = self._send("GET", "/prisoners/ids/all", params={"page": 0, "size": 1})
        return PrisonersCount.model_validate(response.json()).total_elements

    def prisoners_from_id(self, after_offender_id: int, page_size: int) -> PrisonerNosWithLast:
        """Up to `page_size` prisoners with offender ids above `after_offender_id`.

        A page shorter than `page_size` is the last one.
        """
        response = self._send(
            "GET",
            "/prisoners/ids/all-from-id",
            params={"offenderId": after_offender_id, "pageSize": page_size},
        )
        return PrisonerNosWithLast.model_validate(response.json())
