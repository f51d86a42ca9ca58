"""VisitMappingClient: look-ups answer None when unmapped, creates raise Conflict on a duplicate."""

import pytest

from dagster_project.domains.visits.mapping import VisitMapping
from resources.errors import Conflict
from tests.domains.visits.payloads import VISIT_MAPPING
from tests.wire import duplicate_mapping, error, sent

pytestmark = pytest.mark.contract_mocked_responses


def test_get_visit_mapping(estate, mapping):
    estate.get("/mapping-api/mapping/visits/vsipId/ab-cd-ef-gh").respond(200, json=VISIT_MAPPING)
    found = mapping.get_visit_mapping("ab-cd-ef-gh")
    assert found == VisitMapping(nomis_id=12345, vsip_id="ab-cd-ef-gh", mapping_type="ONLINE")


def test_get_visit_mapping_is_none_when_unmapped(estate, mapping):
    estate.get("/mapping-api/mapping/visits/vsipId/zz-zz-zz-zz").respond(
        404, json=error(404, "Not found: VSIP id=zz-zz-zz-zz")
    )
    assert mapping.get_visit_mapping("zz-zz-zz-zz") is None


def test_create_visit_mapping(estate, mapping):
    route = estate.post("/mapping-api/mapping/visits").respond(201)
    mapping.create_visit_mapping(
        VisitMapping(nomis_id=12345, vsip_id="ab-cd-ef-gh", mapping_type="ONLINE")
    )
    assert sent(route).body == {"nomisId": 12345, "vsipId": "ab-cd-ef-gh", "mappingType": "ONLINE"}


def test_duplicate_visit_mapping_raises_conflict(estate, mapping):
    posted = {"nomisId": 12346, "vsipId": "ab-cd-ef-gh", "mappingType": "ONLINE"}
    estate.post("/mapping-api/mapping/visits").respond(
        409, json=duplicate_mapping(posted, VISIT_MAPPING)
    )
    with pytest.raises(Conflict) as raised:
        mapping.create_visit_mapping(VisitMapping.model_validate(posted))
    assert raised.value.more_info["existing"]["nomisId"] == 12345
