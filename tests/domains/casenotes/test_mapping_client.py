"""CaseNoteMappingClient: one DPS note to one or several NOMIS notes."""

import pytest

from dagster_project.domains.casenotes.mapping import CaseNoteMapping
from resources.errors import Conflict, ServerError
from tests.domains.casenotes.payloads import DPS_ID, OFFENDER
from tests.domains.casenotes.payloads import mapping as mapping_body
from tests.wire import duplicate_mapping, error, sent

pytestmark = pytest.mark.contract_mocked_responses

PATH = "/mapping-api/mapping/casenotes"


def test_get_all_lists_every_copy(estate, mapping):
    bodies = [_body(9001), _body(9002, label="merged")]
    estate.get(f"{PATH}/dps-casenote-id/{DPS_ID}/all").respond(200, json=bodies)
    found = mapping.get_all(DPS_ID)
    assert [m.nomis_case_note_id for m in found] == [9001, 9002]
    assert found[1].label == "merged" and found[0].mapping_type == "DPS_CREATED"


@pytest.mark.parametrize(("status", "expected"), [(404, None), (200, [])])
def test_get_all_is_none_only_when_unmapped(estate, mapping, status, expected):
    body = error(404, "not found") if status == 404 else []
    estate.get(f"{PATH}/dps-casenote-id/{DPS_ID}/all").respond(status, json=body)
    assert mapping.get_all(DPS_ID) == expected


def test_get_all_raises_other_errors(estate, mapping):
    estate.get(f"{PATH}/dps-casenote-id/{DPS_ID}/all").respond(500, json=error(500, "down"))
    with pytest.raises(ServerError):
        mapping.get_all(DPS_ID)


def test_get_by_nomis_id(estate, mapping):
    estate.get(f"{PATH}/nomis-casenote-id/9001").respond(200, json=_body(9001))
    estate.get(f"{PATH}/nomis-casenote-id/9002").respond(404, json=error(404, "not found"))
    assert mapping.get_by_nomis_id(9001) == CaseNoteMapping.model_validate(_body(9001))
    assert mapping.get_by_nomis_id(9002) is None


def test_create_posts_the_mapping_and_raises_conflict_on_409(estate, mapping):
    route = estate.post(PATH).respond(201)
    dto = CaseNoteMapping.model_validate(mapping_body(9001))
    mapping.create(dto)
    assert sent(route).body == {
        "dpsCaseNoteId": DPS_ID,
        "nomisCaseNoteId": 9001,
        "offenderNo": OFFENDER,
        "nomisBookingId": 1234567,
        "mappingType": "DPS_CREATED",
    }
    route.respond(409, json=duplicate_mapping(_body(9001), _body(8000)))
    with pytest.raises(Conflict) as conflict:
        mapping.create(dto)
    assert conflict.value.more_info["existing"]["nomisCaseNoteId"] == 8000


def test_delete_all_and_mappings_for(estate, mapping):
    gone = estate.delete(f"{PATH}/dps-casenote-id/{DPS_ID}").respond(204)
    mapping.delete_all(DPS_ID)
    assert gone.call_count == 1
    estate.get(f"{PATH}/{OFFENDER}/all").respond(200, json={"mappings": [_body(9001)]})
    assert [m.nomis_case_note_id for m in mapping.mappings_for(OFFENDER)] == [9001]


def _body(nomis_id: int, **changes):
    return {
        **mapping_body(nomis_id),
        "label": None,
        "whenCreated": "2026-11-20T10:00:00",
        **changes,
    }
