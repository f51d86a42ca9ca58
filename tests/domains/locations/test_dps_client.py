"""LocationsClient: the sync read of one location, pages of every location, a location's tree."""

import pytest

from dagster_project.domains.locations.dps import LOCATIONS_API, LocationsClient, probe
from resources.errors import NotFound
from tests.domains.locations.payloads import CELL, DPS_ID, KEY, LANDING, PARENT_DPS_ID, page
from tests.wire import error, sent

pytestmark = pytest.mark.contract_mocked_responses


def test_get_legacy_location_reads_the_sync_view_without_history(estate, dps):
    route = estate.get(f"/locations/sync/id/{DPS_ID}").respond(200, json=CELL)
    location = dps.get_legacy_location(DPS_ID)
    assert sent(route).params == {"includeHistory": ["false"]}
    assert (location.key, location.parent_id, location.capacity.working_capacity) == (
        KEY,
        PARENT_DPS_ID,
        2,
    )
    assert [u.usage_type for u in location.usage] == [
        "APPOINTMENT",
        "VISIT",
        "MOVEMENT",
        "OCCURRENCE",
    ]


@pytest.mark.contract_exempt("the body leaves out booleans the spec requires, on purpose")
def test_missing_booleans_read_as_false_as_the_old_client_did(estate, dps):
    """The old service's fixtures left the spec-required booleans out; it read them as false."""
    missing = ("ignoreWorkingCapacity", "permanentlyDeactivated")
    body = {k: v for k, v in CELL.items() if k not in missing}
    estate.get(f"/locations/sync/id/{DPS_ID}").respond(200, json=body)
    location = dps.get_legacy_location(DPS_ID)
    assert location.ignore_working_capacity is False
    assert location.permanently_deactivated is False


def test_a_location_dps_does_not_have_raises_not_found(estate, dps):
    estate.get(f"/locations/sync/id/{DPS_ID}").respond(404, json=error(404, "Location not found"))
    with pytest.raises(NotFound):
        dps.get_legacy_location(DPS_ID)


def test_legacy_locations_pages_every_location(estate, dps):
    route = estate.get("/locations/locations").respond(200, json=page([CELL, LANDING], 57, 3))
    found = dps.legacy_locations(3, 2)
    assert sent(route).params == {"page": ["3"], "size": ["2"]}
    assert found.total_elements == 57 and [loc.key for loc in found.content] == [KEY, "MDI-A-1"]


@pytest.mark.parametrize("include_children", [True, False])
def test_get_location_tree_asks_for_children_only_when_wanted(estate, dps, include_children):
    cell = {**_tree(DPS_ID, KEY, level=3), "childLocations": None}
    landing = {**_tree(PARENT_DPS_ID, "MDI-A-1", level=2), "childLocations": [cell]}
    route = estate.get(f"/locations/locations/{PARENT_DPS_ID}").respond(200, json=landing)
    tree = dps.get_location_tree(PARENT_DPS_ID, include_children)
    assert sent(route).params == {"includeChildren": [str(include_children).lower()]}
    assert [node.key for node in tree.depth_first()] == ["MDI-A-1", KEY]


def test_the_probe_reads_one_location(estate, make_client):
    route = estate.get("/locations/locations").respond(200, json=page([CELL], 1234))
    client = make_client(LocationsClient, LOCATIONS_API.sandbox_path)
    assert probe(client._http) == "GET /locations?page=0&size=1: 1234 locations"
    assert sent(route).params == {"page": ["0"], "size": ["1"]}


def _tree(location_id: str, key: str, level: int) -> dict:
    """`Location` with the fields the spec requires."""
    return {
        "id": location_id,
        "prisonId": "MDI",
        "code": key.rsplit("-", 1)[1],
        "pathHierarchy": key.split("-", 1)[1],
        "locationType": "CELL" if level == 3 else "LANDING",
        "permanentlyInactive": False,
        "status": "ACTIVE",
        "locked": False,
        "active": True,
        "inactiveStatus": None,
        "deactivatedByParent": False,
        "topLevelId": PARENT_DPS_ID,
        "level": level,
        "leafLevel": level == 3,
        "lastModifiedBy": "USER1",
        "lastModifiedDate": "2024-04-02T10:58:01",
        "key": key,
        "isResidential": True,
    }
