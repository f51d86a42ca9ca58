"""The shared NOMIS and mapping reads that belong to no one domain."""

import pytest

from dagster_project.domains.shared_clients import MappingProbeClient, NomisPrisonersClient
from tests.wire import PRISONER_IDS_PAGE, error, sent

pytestmark = pytest.mark.contract_mocked_responses


@pytest.fixture
def prisoners(make_client) -> NomisPrisonersClient:
    return make_client(NomisPrisonersClient, "/nomis")


@pytest.fixture
def probe(make_client) -> MappingProbeClient:
    return make_client(MappingProbeClient, "/mapping-api")


def test_get_active_prisoner_ids(estate, prisoners):
    route = estate.get("/nomis/prisoners/ids/active").respond(200, json=PRISONER_IDS_PAGE)
    page = prisoners.get_active_prisoner_ids(page=1, size=2)
    assert sent(route).params == {"page": ["1"], "size": ["2"]}
    assert page.total_elements == 57
    assert [(p.booking_id, p.offender_no) for p in page.content] == [
        (1234567, "A1234AA"),
        (1234568, "A1235AA"),
    ]


def test_the_mapping_probe_reads_a_sentinel_id_and_takes_404_as_absent(estate, probe):
    route = estate.get("/mapping-api/mapping/incentives/incentive-id/0").respond(
        404, json=error(404, "Not found")
    )
    assert probe.incentive_mapping_exists(0) is False
    assert route.calls.last.request.headers["Authorization"].startswith("Bearer ")
