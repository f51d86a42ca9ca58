"""A case note create whose earlier attempt died inside the write: NOMIS is read first.

An earlier attempt is simulated as in tests/test_sync/test_intents.py: run-1 opened the write
bracket of the event and never closed it; run-2 applies the event again inside its scope. The
prisoner's NOMIS notes are read; the one unmapped note holding exactly what the create sends is
mapped, anything else means writing as before.
"""

import json

import pytest

from dagster_project.domains.casenotes import DOMAIN
from dagster_project.domains.casenotes.rules import SEE_DPS
from dagster_project.sync.intents import EventScope, event_scope
from tests.domains.casenotes.payloads import (
    DPS_ID,
    OFFENDER,
    case_note_event,
    dps_case_note,
    nomis_case_note,
)
from tests.estate import dispatch
from tests.fakes import FakeClaims

EVENT_KEY = "sns:m-1"
NOT_FOUND = {"status": 404}
MAPPING_ALL = f"/mapping-api/mapping/casenotes/dps-casenote-id/{DPS_ID}/all"
MAPPING_POST = "/mapping-api/mapping/casenotes"
DPS_GET = f"/casenotes/case-notes/{OFFENDER}/{DPS_ID}"
NOMIS_READ = f"/nomis/prisoners/{OFFENDER}/casenotes"
NOMIS_POST = f"/nomis/prisoners/{OFFENDER}/casenotes"


@pytest.fixture
def sync(wired):
    return wired(DOMAIN)


def resume(sync) -> None:
    claims = FakeClaims()
    claims.begin_write(EVENT_KEY, DOMAIN.name, "run-1")
    with event_scope(EventScope(claims, DOMAIN.name, EVENT_KEY, "run-2")):
        dispatch(DOMAIN, sync, case_note_event("person.case-note.created"))


def arrange(estate, dps_body, nomis_notes, mapped=()):
    estate.get(MAPPING_ALL).respond(404, json=NOT_FOUND)
    estate.get(DPS_GET).respond(200, json=dps_body)
    estate.get(NOMIS_READ).respond(200, json={"caseNotes": nomis_notes})
    for note in nomis_notes:
        path = f"/mapping-api/mapping/casenotes/nomis-casenote-id/{note['caseNoteId']}"
        if note["caseNoteId"] in mapped:
            estate.get(path).respond(200, json={"dpsCaseNoteId": "x", **_mapping(note)})
        else:
            estate.get(path).respond(404, json=NOT_FOUND)
    post = estate.post(NOMIS_POST).respond(201, json={"id": 9100, "bookingId": 1234567})
    saved = estate.post(MAPPING_POST).respond(201)
    return post, saved


def _mapping(note):
    return {
        "nomisCaseNoteId": note["caseNoteId"],
        "offenderNo": OFFENDER,
        "nomisBookingId": note["bookingId"],
        "mappingType": "DPS_CREATED",
    }


def test_the_note_written_before_is_mapped_not_written_again(sync, estate, sink):
    post, saved = arrange(estate, dps_case_note(), [nomis_case_note(9050, bookingId=777)])
    resume(sync)
    assert not post.called
    assert json.loads(saved.calls.last.request.content) == {
        "dpsCaseNoteId": DPS_ID,
        "nomisCaseNoteId": 9050,
        "offenderNo": OFFENDER,
        "nomisBookingId": 777,
        "mappingType": "DPS_CREATED",
    }
    assert sink.one("casenotes-create-resumed")["foundInNomis"] == "true"
    assert "casenotes-create-success" in sink.names()


def test_long_text_is_matched_as_nomis_cut_it(sync, estate):
    text = "é" * 2500  # 5000 bytes: NOMIS keeps 4000 with the see-DPS suffix
    cut = ("é" * ((4000 - len(SEE_DPS)) // 2)) + SEE_DPS
    post, saved = arrange(
        estate, dps_case_note(text=text), [nomis_case_note(9050, caseNoteText=cut)]
    )
    resume(sync)
    assert not post.called and saved.called


@pytest.mark.parametrize(
    ("nomis_notes", "mapped"),
    [
        pytest.param([], (), id="nothing-written"),
        pytest.param([nomis_case_note(9050)], (9050,), id="already-mapped"),
        pytest.param([nomis_case_note(9050, caseNoteText="Other")], (), id="other-text"),
        pytest.param(
            [nomis_case_note(9050, caseNoteType={"code": "OBS", "description": "O"})],
            (),
            id="other-type",
        ),
        pytest.param(
            [nomis_case_note(9050, occurrenceDateTime="2026-11-20T08:31:00")],
            (),
            id="other-occurrence",
        ),
        pytest.param([nomis_case_note(9050), nomis_case_note(9051)], (), id="two-alike"),
    ],
)
def test_anything_else_writes_as_before(sync, estate, sink, nomis_notes, mapped):
    post, saved = arrange(estate, dps_case_note(), nomis_notes, mapped)
    resume(sync)
    assert post.call_count == 1
    assert json.loads(saved.calls.last.request.content)["nomisCaseNoteId"] == 9100
    assert sink.one("casenotes-create-resumed")["foundInNomis"] == "false"
