"""The locations sandbox: its seed, its NOMIS rules, its mapping rules, its DPS pages.

Every response is checked against the specs by the contract plugin (these are real sockets).
"""

from collections.abc import Iterator

import httpx
import pytest

from dagster_project.sandbox.domains.locations.seed import PLANTED_LOCATION_MISMATCHES
from tests.harness import E2E_SECRET


@pytest.fixture
def api(sandbox_server) -> Iterator[httpx.Client]:
    """An authenticated client on a freshly seeded sandbox (admin paths need no token)."""
    base = sandbox_server.base_url
    httpx.post(f"{base}/sandbox/reset", timeout=60).raise_for_status()
    token = httpx.post(
        f"{base}/auth/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=("locations-api", E2E_SECRET),
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        yield client


def one(api: httpx.Client, path: str, **params: str) -> dict:
    [found] = api.get(path, params=params).json()
    return found


def test_the_seed_maps_every_location_and_plants_what_the_reconciliation_finds(api):
    cell = one(api, "/sandbox/dps/locations", key="MDI-A-1-001")
    mapped = api.get(f"/mapping-api/mapping/locations/dps/{cell['id']}").json()
    nomis = api.get(f"/nomis/locations/{mapped['nomisLocationId']}").json()
    assert (nomis["description"], nomis["parentKey"], mapped["mappingType"]) == (
        "MDI-A-1-001",
        "MDI-A-1",
        "MIGRATED",
    )
    back = api.get(f"/mapping-api/mapping/locations/nomis/{mapped['nomisLocationId']}").json()
    assert back["dpsLocationId"] == cell["id"]
    planted = api.get("/sandbox/planted").json()["locationMismatches"]
    assert {(p["kind"], p["key"]) for p in planted} == {
        (p.kind, p.key) for p in PLANTED_LOCATION_MISMATCHES
    }


def test_dps_pages_are_by_id_and_at_most_200(api):
    first = api.get("/locations/locations", params={"page": 0, "size": 3}).json()
    ids = [location["id"] for location in first["content"]]
    assert ids == sorted(ids) and first["totalElements"] > 100
    assert api.get("/locations/locations", params={"size": 201}).status_code == 400


def test_a_location_tree_nests_every_descendant(api):
    wing = one(api, "/sandbox/dps/locations", key="LEI-A")
    tree = api.get(f"/locations/locations/{wing['id']}", params={"includeChildren": "true"}).json()
    landings = tree["childLocations"]
    assert [landing["key"] for landing in landings] == ["LEI-A-1", "LEI-A-2", "LEI-A-3"]
    assert len(landings[0]["childLocations"]) == 10 and landings[0]["level"] == 2
    alone = api.get(f"/locations/locations/{wing['id']}").json()
    assert "childLocations" not in alone


def test_nomis_refuses_a_location_under_a_parent_it_does_not_have(api):
    body = {
        "locationCode": "1",
        "locationType": "LAND",
        "description": "MDI-Q-1",
        "prisonId": "MDI",
    }
    assert api.post("/nomis/locations", json={**body, "parentLocationId": 1}).status_code == 400
    created = api.post("/nomis/locations", json=body)
    assert created.status_code == 201
    assert api.get(f"/nomis/locations/{created.json()['locationId']}").json()["active"] is True


def test_an_inactive_location_is_deactivated_again_only_when_forced(api):
    nomis_id = one(api, "/sandbox/nomis/locations", description="MDI-A-1-002")["locationId"]
    url = f"/nomis/locations/{nomis_id}/deactivate"
    api.put(url, json={"force": True, "reasonCode": "I", "deactivateDate": "2026-01-02"})
    api.put(url, json={"force": False})
    assert api.get(f"/nomis/locations/{nomis_id}").json()["reasonCode"] == "I"
    api.put(url, json={"force": True, "reasonCode": "J"})
    assert api.get(f"/nomis/locations/{nomis_id}").json()["reasonCode"] == "J"


def test_a_capacity_update_may_keep_the_operational_capacity(api):
    nomis_id = one(api, "/sandbox/nomis/locations", description="MDI-A-1-002")["locationId"]
    url = f"/nomis/locations/{nomis_id}/capacity"
    api.put(
        url,
        params={"ignoreOperationalCapacity": "true"},
        json={"capacity": 5, "operationalCapacity": 4},
    )
    after = api.get(f"/nomis/locations/{nomis_id}").json()
    assert (after["capacity"], after["operationalCapacity"]) == (5, 1)


@pytest.mark.contract_exempt(
    "POST /mapping/locations 409: the spec's body, checked by the client tests"
)
def test_a_mapping_clash_is_a_409_and_an_identical_repost_is_accepted(api):
    cell = one(api, "/sandbox/dps/locations", key="MDI-A-1-001")
    mapped = api.get(f"/mapping-api/mapping/locations/dps/{cell['id']}").json()
    again = {k: mapped[k] for k in ("dpsLocationId", "nomisLocationId", "mappingType")}
    assert api.post("/mapping-api/mapping/locations", json=again).status_code == 201
    clash = api.post("/mapping-api/mapping/locations", json={**again, "nomisLocationId": 1})
    assert clash.status_code == 409
    assert clash.json()["moreInfo"]["existing"]["nomisLocationId"] == mapped["nomisLocationId"]


def test_the_activities_rooms_are_mapped_through_the_locations_routes(api):
    """The one owner of the location mapping routes serves the rooms activities seeds."""
    rooms = [
        m for m in api.get("/sandbox/mappings/locations").json() if m["nomisLocationId"] < 200_000
    ]
    assert rooms
    room = api.get(f"/mapping-api/mapping/locations/dps/{rooms[0]['dpsLocationId']}").json()
    assert room["nomisLocationId"] == rooms[0]["nomisLocationId"]


def test_a_location_dps_does_not_have_is_the_apis_own_404(api):
    missing = api.get("/locations/sync/id/0f0f0f0f-0000-4000-8000-000000000000")
    assert missing.status_code == 404 and missing.json()["developerMessage"]
    assert api.get("/locations/sync/id/not-a-uuid").status_code == 400
