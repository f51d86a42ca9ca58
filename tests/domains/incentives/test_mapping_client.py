"""IncentiveMappingClient: a look-up is None when unmapped, a duplicate create raises Conflict."""

import pytest

from dagster_project.domains.incentives.mapping import IncentiveMapping
from resources.errors import Conflict
from tests.domains.incentives.payloads import INCENTIVE_MAPPING
from tests.wire import duplicate_mapping, error, sent

pytestmark = pytest.mark.contract_mocked_responses


def test_get_incentive_mapping(estate, mapping):
    route = estate.get("/mapping-api/mapping/incentives/incentive-id/777").respond(
        200, json=INCENTIVE_MAPPING
    )
    found = mapping.get_incentive_mapping(777)
    assert found == IncentiveMapping(
        nomis_booking_id=1234567,
        nomis_incentive_sequence=3,
        incentive_id=777,
        mapping_type="INCENTIVE_CREATED",
    )
    assert sent(route).method == "GET"


def test_get_incentive_mapping_is_none_when_unmapped(estate, mapping):
    estate.get("/mapping-api/mapping/incentives/incentive-id/778").respond(
        404, json=error(404, "Not found: Incentive id=778")
    )
    assert mapping.get_incentive_mapping(778) is None


def test_create_incentive_mapping(estate, mapping):
    route = estate.post("/mapping-api/mapping/incentives").respond(201)
    created = IncentiveMapping(
        nomis_booking_id=1234567,
        nomis_incentive_sequence=3,
        incentive_id=777,
        mapping_type="INCENTIVE_CREATED",
    )
    assert mapping.create_incentive_mapping(created) is None
    assert sent(route).body == {
        "nomisBookingId": 1234567,
        "nomisIncentiveSequence": 3,
        "incentiveId": 777,
        "mappingType": "INCENTIVE_CREATED",
    }


def test_create_incentive_mapping_sends_the_label_when_set(estate, mapping):
    route = estate.post("/mapping-api/mapping/incentives").respond(201)
    labelled = IncentiveMapping(
        nomis_booking_id=1234567,
        nomis_incentive_sequence=3,
        incentive_id=777,
        mapping_type="MIGRATED",
        label="2026-11-20T10:15:00",
    )
    mapping.create_incentive_mapping(labelled)
    assert sent(route).body["label"] == "2026-11-20T10:15:00"


def test_duplicate_incentive_mapping_raises_conflict_with_both_mappings(estate, mapping):
    posted = {**INCENTIVE_MAPPING, "incentiveId": 778}
    del posted["whenCreated"], posted["label"]
    estate.post("/mapping-api/mapping/incentives").respond(
        409, json=duplicate_mapping(posted, INCENTIVE_MAPPING)
    )
    with pytest.raises(Conflict) as raised:
        mapping.create_incentive_mapping(IncentiveMapping.model_validate(posted))
    assert raised.value.more_info == {"duplicate": posted, "existing": INCENTIVE_MAPPING}
    assert raised.value.body.error_code == 1409
    assert raised.value.body.status == "409 CONFLICT"
