"""NomisCaseNotesClient and NomisAllPrisonersClient: bodies sent, answers read."""

import pytest

from dagster_project.domains.casenotes.nomis import (
    CreateCaseNoteRequest,
    UpdateAmendment,
    UpdateCaseNoteRequest,
)
from resources.errors import NotFound
from tests.domains.casenotes.payloads import OFFENDER, nomis_case_note
from tests.wire import error, sent

pytestmark = pytest.mark.contract_mocked_responses


def test_create_case_note(estate, nomis):
    route = estate.post(f"/nomis/prisoners/{OFFENDER}/casenotes").respond(
        201, json={"id": 9001, "bookingId": 1234567}
    )
    created = nomis.create_case_note(
        OFFENDER,
        CreateCaseNoteRequest(
            case_note_type="GEN",
            case_note_sub_type="OSE",
            occurrence_date_time="2026-11-20T08:30:00",
            creation_date_time="2026-11-20T09:00:00",
            author_username="JBLOGGS",
            case_note_text="Seen",
        ),
    )
    assert (created.id, created.booking_id) == (9001, 1234567)
    assert sent(route).body == {
        "caseNoteType": "GEN",
        "caseNoteSubType": "OSE",
        "occurrenceDateTime": "2026-11-20T08:30:00",
        "creationDateTime": "2026-11-20T09:00:00",
        "authorUsername": "JBLOGGS",
        "caseNoteText": "Seen",
    }


def test_update_and_delete(estate, nomis):
    put = estate.put("/nomis/casenotes/9001").respond(200)
    nomis.update_case_note(
        9001,
        UpdateCaseNoteRequest(
            text="Seen",
            amendments=[
                UpdateAmendment(
                    text="More", author_username="ASMITH", created_date_time="2026-11-21T10:00:00"
                )
            ],
        ),
    )
    assert sent(put).body == {
        "text": "Seen",
        "amendments": [
            {"text": "More", "authorUsername": "ASMITH", "createdDateTime": "2026-11-21T10:00:00"}
        ],
    }
    estate.delete("/nomis/casenotes/9001").respond(204)
    nomis.delete_case_note(9001)
    estate.delete("/nomis/casenotes/9002").respond(404, json=error(404, "not found"))
    with pytest.raises(NotFound):
        nomis.delete_case_note(9002)


def test_case_notes_of(estate, nomis):
    without_authors = {k: v for k, v in nomis_case_note(9002).items() if k != "authorUsernames"}
    estate.get(f"/nomis/prisoners/{OFFENDER}/casenotes").respond(
        200, json={"caseNotes": [nomis_case_note(9001), without_authors]}
    )
    found = nomis.case_notes_of(OFFENDER)
    assert [n.case_note_id for n in found] == [9001, 9002]
    assert found[0].case_note_type.code == "GEN" and found[1].author_usernames is None


def test_every_prisoner_count_and_keyset_page(estate, prisoners):
    count = estate.get("/nomis/prisoners/ids/all", params={"page": "0", "size": "1"}).respond(
        200, json={"totalElements": 85000, "content": [{"offenderNo": OFFENDER}]}
    )
    assert prisoners.count_all_prisoners() == 85000 and count.called
    page = estate.get(
        "/nomis/prisoners/ids/all-from-id", params={"offenderId": "10", "pageSize": "2"}
    ).respond(200, json={"prisonerIds": [{"offenderNo": OFFENDER}], "lastOffenderId": 11})
    found = prisoners.prisoners_from_id(10, 2)
    assert page.called
    assert [p.offender_no for p in found.prisoner_ids] == [OFFENDER]
    assert found.last_offender_id == 11
