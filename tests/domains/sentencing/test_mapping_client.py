"""NomisAdjustmentMappingClient: which NOMIS adjustment (id and category) a DPS one became."""

import pytest

from dagster_project.domains.sentencing.mapping import AdjustmentMapping
from resources.errors import Conflict
from tests.domains.sentencing.payloads import ADJUSTMENT_ID, adjustment_mapping
from tests.wire import duplicate_mapping, error, sent

pytestmark = pytest.mark.contract_mocked_responses

MAPPING_PATH = "/mapping-api/mapping/sentencing/adjustments"


def test_get_adjustment_mapping(estate, mapping):
    route = estate.get(f"{MAPPING_PATH}/adjustment-id/{ADJUSTMENT_ID}").respond(
        200, json=adjustment_mapping()
    )
    assert mapping.get_adjustment_mapping(ADJUSTMENT_ID) == AdjustmentMapping(
        nomis_adjustment_id=9001,
        nomis_adjustment_category="KEY-DATE",
        adjustment_id=ADJUSTMENT_ID,
        mapping_type="SENTENCING_CREATED",
    )
    assert sent(route).method == "GET"


def test_get_adjustment_mapping_is_none_when_unmapped(estate, mapping):
    estate.get(f"{MAPPING_PATH}/adjustment-id/{ADJUSTMENT_ID}").respond(
        404, json=error(404, f"Not found: adjustmentId={ADJUSTMENT_ID}")
    )
    assert mapping.get_adjustment_mapping(ADJUSTMENT_ID) is None


def test_create_adjustment_mapping(estate, mapping):
    route = estate.post(MAPPING_PATH).respond(201)
    created = AdjustmentMapping(
        nomis_adjustment_id=9001,
        nomis_adjustment_category="SENTENCE",
        adjustment_id=ADJUSTMENT_ID,
        mapping_type="SENTENCING_CREATED",
    )
    assert mapping.create_adjustment_mapping(created) is None
    assert sent(route).body == {
        "nomisAdjustmentId": 9001,
        "nomisAdjustmentCategory": "SENTENCE",
        "adjustmentId": ADJUSTMENT_ID,
        "mappingType": "SENTENCING_CREATED",
    }


def test_create_adjustment_mapping_conflict_carries_both_mappings(estate, mapping):
    existing = {**adjustment_mapping(), "adjustmentId": "11111111-2222-3333-4444-555555555555"}
    duplicate = adjustment_mapping()
    estate.post(MAPPING_PATH).respond(409, json=duplicate_mapping(duplicate, existing))
    with pytest.raises(Conflict) as raised:
        mapping.create_adjustment_mapping(
            AdjustmentMapping.model_validate({**adjustment_mapping(), "whenCreated": None})
        )
    assert raised.value.more_info["existing"]["adjustmentId"] == existing["adjustmentId"]
    assert raised.value.more_info["duplicate"]["nomisAdjustmentId"] == 9001


def test_delete_adjustment_mapping(estate, mapping):
    route = estate.delete(f"{MAPPING_PATH}/adjustment-id/{ADJUSTMENT_ID}").respond(204)
    mapping.delete_adjustment_mapping(ADJUSTMENT_ID)
    assert sent(route).method == "DELETE"
