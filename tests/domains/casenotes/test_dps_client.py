"""CaseNotesClient: one note of a prisoner, every note of a prisoner."""

import pytest

from resources.errors import NotFound
from tests.domains.casenotes.payloads import AMENDMENT, DPS_ID, OFFENDER, dps_case_note
from tests.wire import error

# The Case Notes spec documents its 200 bodies as `*/*`, which the contract checker reads as
# bytes; the mocked 404 (`application/json` ErrorResponse) is still checked in the test below.


def test_get_case_note(estate, dps):
    estate.get(f"/casenotes/case-notes/{OFFENDER}/{DPS_ID}").respond(
        200, json=dps_case_note(amendments=[AMENDMENT, {**AMENDMENT, "creationDateTime": None}])
    )
    note = dps.get_case_note(OFFENDER, DPS_ID)
    assert (note.case_note_id, note.type, note.sub_type, note.text) == (
        DPS_ID,
        "GEN",
        "OSE",
        "Seen on the wing",
    )
    assert note.amendments[0].author_user_name == "ASMITH"
    assert note.amendments[1].creation_date_time is None


def test_get_case_note_raises_not_found(estate, dps):
    estate.get(f"/casenotes/case-notes/{OFFENDER}/{DPS_ID}").respond(
        404, json=error(404, "Case note not found")
    )
    with pytest.raises(NotFound):
        dps.get_case_note(OFFENDER, DPS_ID)


def test_case_notes_for(estate, dps):
    estate.get(f"/casenotes/sync/case-notes/{OFFENDER}").respond(
        200, json=[dps_case_note(), dps_case_note("11111111-2222-4333-8444-555555555555")]
    )
    assert len(dps.case_notes_for(OFFENDER)) == 2
