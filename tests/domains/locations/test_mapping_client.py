"""LocationMappingClient: which NOMIS internal location a DPS location is, and back."""

import pytest

from dagster_project.domains.locations.mapping import LocationMapping
from resources.errors import Conflict
from tests.domains.locations.payloads import DPS_ID, NOMIS_ID, location_mapping
from tests.wire import duplicate_mapping, error, sent

pytestmark = pytest.mark.contract_mocked_responses

MAPPED = LocationMapping(
    dps_location_id=DPS_ID, nomis_location_id=NOMIS_ID, mapping_type="LOCATION_CREATED"
)


def test_get_by_dps_id(estate, mapping):
    estate.get(f"/mapping-api/mapping/locations/dps/{DPS_ID}").respond(200, json=location_mapping())
    assert mapping.get_by_dps_id(DPS_ID) == MAPPED


def test_get_by_nomis_id(estate, mapping):
    estate.get(f"/mapping-api/mapping/locations/nomis/{NOMIS_ID}").respond(
        200, json=location_mapping()
    )
    assert mapping.get_by_nomis_id(NOMIS_ID) == MAPPED


@pytest.mark.parametrize("path", [f"dps/{DPS_ID}", f"nomis/{NOMIS_ID}"])
def test_an_unmapped_location_is_none(estate, mapping, path):
    estate.get(f"/mapping-api/mapping/locations/{path}").respond(404, json=error(404, "nope"))
    lookup = mapping.get_by_dps_id if path.startswith("dps") else mapping.get_by_nomis_id
    assert lookup(DPS_ID if path.startswith("dps") else NOMIS_ID) is None


def test_create_mapping_sends_the_mapping_without_nulls(estate, mapping):
    route = estate.post("/mapping-api/mapping/locations").respond(201)
    mapping.create_mapping(MAPPED)
    assert sent(route).body == {
        "dpsLocationId": DPS_ID,
        "nomisLocationId": NOMIS_ID,
        "mappingType": "LOCATION_CREATED",
    }


def test_a_duplicate_mapping_raises_conflict_with_both_sides(estate, mapping):
    existing = location_mapping(nomis_id=999)
    estate.post("/mapping-api/mapping/locations").respond(
        409, json=duplicate_mapping(location_mapping(), existing)
    )
    with pytest.raises(Conflict) as conflict:
        mapping.create_mapping(MAPPED)
    assert conflict.value.more_info["existing"]["nomisLocationId"] == 999
