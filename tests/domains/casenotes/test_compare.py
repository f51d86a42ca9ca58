"""One prisoner's case notes compared as the old reconciliation compared them."""

import datetime as dt

import pytest

from dagster_project.domains.casenotes.compare import (
    CONTENT,
    NOMIS_DUPLICATE,
    SIZE_DPS,
    SIZE_NOMIS,
    PrisonerNotes,
    check_prisoner,
    notes_match,
)
from dagster_project.domains.casenotes.dps import CaseNote
from dagster_project.domains.casenotes.mapping import CaseNoteMapping
from dagster_project.domains.casenotes.nomis import NomisCaseNote
from dagster_project.domains.casenotes.rules import SEE_DPS, as_nomis_stores
from tests.domains.casenotes.payloads import (
    AMENDMENT,
    DPS_ID,
    OFFENDER,
    dps_case_note,
    mapping,
    nomis_case_note,
)

OTHER_ID = "11111111-2222-4333-8444-555555555555"


def dps(**changes) -> CaseNote:
    return CaseNote.model_validate(dps_case_note(**changes))


def nomis(nomis_id: int = 9001, **changes) -> NomisCaseNote:
    return NomisCaseNote.model_validate(nomis_case_note(nomis_id, **changes))


def mapped(nomis_id: int = 9001, dps_id: str = DPS_ID) -> CaseNoteMapping:
    return CaseNoteMapping.model_validate(mapping(nomis_id, dpsCaseNoteId=dps_id))


NOMIS_AMENDMENT = {
    "text": "Later: all fine",
    "authorUsername": "ASMITH",
    "createdDateTime": "2026-11-21T10:00:00",
    "sourceSystem": "DPS",
}


@pytest.mark.parametrize(
    ("dps_changes", "nomis_changes", "same"),
    [
        pytest.param({}, {}, True, id="identical"),
        pytest.param({"text": "Other"}, {}, False, id="text"),
        pytest.param(
            {"amendments": [AMENDMENT]}, {"amendments": [NOMIS_AMENDMENT]}, True, id="amended"
        ),
        pytest.param({"amendments": [AMENDMENT]}, {}, False, id="amendment-missing"),
        pytest.param(
            {"type": "APP", "subType": "OUTCOME"},
            {
                "caseNoteType": {"code": "CNOTE", "description": "C"},
                "caseNoteSubType": {"code": "OUTCOME", "description": "O"},
            },
            True,
            id="APP-is-CNOTE-for-OUTCOME",
        ),
        pytest.param(
            {"type": "APP"},
            {"caseNoteType": {"code": "CNOTE", "description": "C"}},
            False,
            id="APP-is-not-CNOTE-otherwise",
        ),
        pytest.param(
            {"occurrenceDateTime": "1900-01-01T00:00:00"},
            {"occurrenceDateTime": "1955-03-03T10:00:00"},
            True,
            id="ancient-dates",
        ),
        pytest.param({"occurrenceDateTime": "2026-11-20T08:30:59"}, {}, False, id="second-off"),
        pytest.param({"authorUsername": "OMS_OWNER"}, {}, True, id="OMS_OWNER"),
        pytest.param(
            {"authorUsername": "OTHER"},
            {"authorUsernames": ["X", "OTHER"]},
            True,
            id="one-of-the-authors",
        ),
        pytest.param({"authorUsername": "OTHER"}, {}, False, id="author"),
    ],
)
def test_a_pair_matches_by_the_old_rules(dps_changes, nomis_changes, same):
    assert notes_match(dps(**dps_changes), nomis(**nomis_changes)) is same


def test_long_text_is_cut_by_bytes_now_and_by_characters_before_the_switch():
    text = "é" * 2500
    by_bytes = as_nomis_stores(text, dt.datetime(2026, 1, 1))
    assert len(by_bytes.encode()) <= 4000 and by_bytes.endswith(SEE_DPS)
    by_chars = as_nomis_stores(text, dt.datetime(2025, 7, 17, 8, 7))
    assert by_chars == text + SEE_DPS, "the old rule cut 3975 characters, not bytes"
    ascii_text = "x" * 5000
    assert len(as_nomis_stores(ascii_text, dt.datetime(2025, 1, 1))) == 4000
    assert as_nomis_stores("short", dt.datetime(2026, 1, 1)) == "short"


def test_a_long_dps_note_matches_its_cut_nomis_copy():
    text = "x" * 5000
    cut = as_nomis_stores(text, dt.datetime(2026, 1, 1))
    assert notes_match(
        dps(text=text, creationDateTime="2026-01-01T00:00:00"),
        nomis(caseNoteText=cut, creationDateTime="2026-01-01T00:00:00"),
    )


def test_sizes_are_checked_before_content():
    nomis_extra = PrisonerNotes([mapped()], [dps()], [nomis(9001), nomis(9002, caseNoteText="x")])
    [found] = check_prisoner(OFFENDER, nomis_extra)
    assert (found.kind, found.nomis) == (SIZE_NOMIS, "9002")
    assert found.dps == (
        "mappings.size = 1, mappingsDpsDistinctIds.size = 1, nomisCaseNotes.size = 2, "
        "dpsCaseNotes.size = 1"
    )
    dps_extra = PrisonerNotes([mapped()], [dps(), dps(caseNoteId=OTHER_ID)], [nomis()])
    [found] = check_prisoner(OFFENDER, dps_extra)
    assert (found.kind, found.dps) == (SIZE_DPS, OTHER_ID)


def test_a_safe_unmapped_copy_is_a_duplicate():
    notes = PrisonerNotes([mapped()], [dps()], [nomis(9001), nomis(9002)])
    [found] = check_prisoner(OFFENDER, notes)
    assert (found.kind, found.nomis_case_note_id) == (NOMIS_DUPLICATE, 9002)


def test_content_mismatches_are_one_per_differing_pair_and_copies_count():
    notes = PrisonerNotes(
        [mapped(9001), mapped(9002)], [dps()], [nomis(9001), nomis(9002, caseNoteText="x")]
    )
    [found] = check_prisoner(OFFENDER, notes)
    assert (found.kind, found.dps_case_note_id, found.nomis_case_note_id) == (CONTENT, DPS_ID, 9002)
    assert found.dps is not None and len(found.dps) <= 100
    assert check_prisoner(OFFENDER, PrisonerNotes([mapped()], [dps()], [nomis()])) == []
