"""CsipMappingClient: full mapping reads, creates (409 as Conflict), deletes."""

import pytest

from dagster_project.domains.csip.mapping import CsipFullMapping
from resources.errors import Conflict
from tests.domains.csip.payloads import FACTOR, NOMIS_ID, RECORD_UUID, child, mapping_body
from tests.wire import duplicate_mapping, error, sent

pytestmark = pytest.mark.contract_mocked_responses

BY_DPS = f"/mapping-api/mapping/csip/dps-csip-id/{RECORD_UUID}"


def test_get_reads_the_children_and_none_for_404(estate, mapping):
    route = estate.get(f"{BY_DPS}/all")
    route.respond(200, json=mapping_body(factorMappings=[child(6111, FACTOR)]))
    found = mapping.get(RECORD_UUID)
    assert found is not None and found.nomis_csip_report_id == NOMIS_ID
    assert [(c.nomis_id, c.dps_id) for c in found.factor_mappings] == [(6111, FACTOR)]
    route.respond(404, json=error(404, "not found"))
    assert mapping.get(RECORD_UUID) is None


def test_get_by_nomis_id(estate, mapping):
    route = estate.get(f"/mapping-api/mapping/csip/nomis-csip-id/{NOMIS_ID}")
    route.respond(
        200,
        json={
            "dpsCSIPReportId": RECORD_UUID,
            "nomisCSIPReportId": NOMIS_ID,
            "mappingType": "MIGRATED",
        },
    )
    found = mapping.get_by_nomis_id(NOMIS_ID)
    assert found is not None and found.dps_csip_report_id == RECORD_UUID
    route.respond(404, json=error(404, "not found"))
    assert mapping.get_by_nomis_id(NOMIS_ID) is None


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("create", "/mapping-api/mapping/csip/all"),
        ("create_children", "/mapping-api/mapping/csip/children/all"),
    ],
)
def test_creates_post_the_full_body_and_raise_conflict_on_409(estate, mapping, method, path):
    body = mapping_body(factorMappings=[child(6111, FACTOR)])
    route = estate.post(path).respond(201)
    getattr(mapping, method)(CsipFullMapping.model_validate(body))
    assert sent(route).body == body  # child lists always sent, with the spec's CSIP spelling
    route.respond(409, json=duplicate_mapping(body, body))
    with pytest.raises(Conflict):
        getattr(mapping, method)(CsipFullMapping.model_validate(body))


def test_deletes(estate, mapping):
    everything = estate.delete(f"{BY_DPS}/all").respond(204)
    children = estate.delete(f"{BY_DPS}/children").respond(204)
    mapping.delete(RECORD_UUID)
    mapping.delete_children(RECORD_UUID)
    assert everything.called and children.called
