"""NonAssociationMappingClient: DPS id <-> sorted pair + NOMIS type sequence, merges, moves."""

import pytest

from dagster_project.domains.non_associations.mapping import NonAssociationMapping, sorted_pair
from resources.errors import Conflict
from tests.domains.non_associations.payloads import NA_ID, NS_OFFENDER, OFFENDER, mapping_body
from tests.wire import duplicate_mapping, error, sent

pytestmark = pytest.mark.contract_mocked_responses

PATH = "/mapping-api/mapping/non-associations"
MAPPING = NonAssociationMapping(
    non_association_id=NA_ID,
    first_offender_no=NS_OFFENDER,
    second_offender_no=OFFENDER,
    nomis_type_sequence=2,
    mapping_type="NON_ASSOCIATION_CREATED",
)


@pytest.mark.parametrize(
    ("one", "other", "expected"),
    [
        ("B1", "A1", ("A1", "B1")),
        ("A1", "B1", ("A1", "B1")),
        ("A1000AA", "A0999ZZ", ("A0999ZZ", "A1000AA")),
    ],
)
def test_the_pair_is_sorted_smaller_first(one, other, expected):
    assert sorted_pair(one, other) == expected


def test_get(estate, mapping):
    estate.get(f"{PATH}/non-association-id/{NA_ID}").respond(200, json=mapping_body())
    assert mapping.get(NA_ID) == MAPPING


def test_get_is_none_when_unmapped(estate, mapping):
    estate.get(f"{PATH}/non-association-id/{NA_ID}").respond(404, json=error(404, "not found"))
    assert mapping.get(NA_ID) is None


def test_get_by_detail(estate, mapping):
    path = f"{PATH}/first-offender-no/{NS_OFFENDER}/second-offender-no/{OFFENDER}/type-sequence/2"
    estate.get(path).respond(200, json=mapping_body())
    assert mapping.get_by_detail(NS_OFFENDER, OFFENDER, 2) == MAPPING
    estate.get(path.replace("/2", "/3")).respond(404, json=error(404, "not found"))
    assert mapping.get_by_detail(NS_OFFENDER, OFFENDER, 3) is None


def test_create_and_its_conflict(estate, mapping):
    route = estate.post(PATH).respond(201)
    mapping.create(MAPPING)
    assert sent(route).body == {
        "nonAssociationId": NA_ID,
        "firstOffenderNo": NS_OFFENDER,
        "secondOffenderNo": OFFENDER,
        "nomisTypeSequence": 2,
        "mappingType": "NON_ASSOCIATION_CREATED",
    }
    existing = mapping_body(non_association_id=999)
    route.respond(409, json=duplicate_mapping(mapping_body(), existing))
    with pytest.raises(Conflict) as raised:
        mapping.create(MAPPING)
    assert raised.value.more_info["existing"]["nonAssociationId"] == 999


def test_delete(estate, mapping):
    route = estate.delete(f"{PATH}/non-association-id/{NA_ID}").respond(204)
    mapping.delete(NA_ID)
    assert route.called


def test_common_between(estate, mapping):
    estate.get(f"{PATH}/find/common-between/A4567ZQ/and/A7869AW").respond(
        200, json=[mapping_body(1), mapping_body(1, non_association_id=1002)]
    )
    found = mapping.common_between("A4567ZQ", "A7869AW")
    assert [m.non_association_id for m in found] == [NA_ID, 1002]


def test_set_sequence_merge_and_move(estate, mapping):
    sequence = estate.put(f"{PATH}/non-association-id/1002/sequence/2").respond(200)
    merge = estate.put(f"{PATH}/merge/from/A4567ZQ/to/A7869AW").respond(200)
    move = estate.put(f"{PATH}/update-list/from/A1000KT/to/A1234KT").respond(200)
    mapping.set_sequence(1002, 2)
    mapping.merge("A4567ZQ", "A7869AW")
    mapping.move("A1000KT", "A1234KT", ["SOME-OTHER"])
    assert sequence.called and sent(merge).body is None
    assert sent(move).body == ["SOME-OTHER"]
