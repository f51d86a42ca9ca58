"""An interrupted location create against the sandbox, over real sockets.

The contract plugin validates every request and response here against the specs: the key read
the resumed create makes is the spec's `GET /locations/key/{key}`.
"""

import httpx
import pytest

from dagster_project.domains import MAPPING_API, NOMIS_API
from dagster_project.domains.locations import translate
from dagster_project.domains.locations.dps import LOCATIONS_API, LocationsClient
from dagster_project.domains.locations.mapping import LocationMappingClient
from dagster_project.domains.locations.nomis import CreateLocationRequest, NomisLocationsClient
from dagster_project.domains.locations.sync import LocationsSync
from dagster_project.sync.intents import EventScope, event_scope
from resources.errors import ApiError
from tests.fakes import FakeClaims, FakeQueue, FakeSink, telemetry_with

EVENT_KEY = "sns:location-created-1"


@pytest.fixture
def admin(sandbox_admin: httpx.Client) -> httpx.Client:
    return sandbox_admin


@pytest.fixture
def sync(sandbox_client) -> LocationsSync:
    make = sandbox_client
    return LocationsSync(
        make(NomisLocationsClient, NOMIS_API),
        make(LocationMappingClient, MAPPING_API),
        make(LocationsClient, LOCATIONS_API),
        telemetry_with(FakeSink()),
        FakeQueue(),
    )


def new_cell(admin: httpx.Client, code: str) -> dict:
    """A new DPS cell on landing MDI-A-1 (mapped by the seed), not yet in NOMIS."""
    [landing] = admin.get("/dps/locations", params={"key": "MDI-A-1"}).json()
    created = admin.post(
        "/dps/locations",
        json={
            "prisonId": "MDI",
            "code": code,
            "locationType": "CELL",
            "parentId": landing["id"],
            "residentialHousingType": "NORMAL_ACCOMMODATION",
            "localName": "Resumed cell",
            "comments": "Written before the run was killed",
            "capacity": {"maxCapacity": 2, "workingCapacity": 1, "certifiedNormalAccommodation": 1},
            "certifiedCell": True,
            "attributes": ["FEMALE_SEMI", "NON_SMOKER_CELL"],
            "orderWithinParentLocation": 90,
        },
    )
    created.raise_for_status()
    return created.json()


def nomis_total(sync: LocationsSync) -> int:
    return sync.nomis.location_ids(0, 1).total_elements


def resume(sync: LocationsSync, cell: dict) -> None:
    """Run-2 applies the create after run-1 stopped inside the write bracket."""
    claims = FakeClaims()
    claims.begin_write(EVENT_KEY, "locations", "run-1")
    with event_scope(EventScope(claims, "locations", EVENT_KEY, "run-2")):
        sync.create_location(cell["id"], cell["key"])
    assert claims.writes == {}


def test_the_key_read_finds_a_location_or_none(sync):
    found = sync.nomis.get_location_by_key("MDI-A-1-001")
    assert found is not None and found.description == "MDI-A-1-001"
    assert sync.nomis.get_location_by_key("MDI-Z-9-999") is None


def test_a_key_nomis_holds_twice_is_an_error_not_a_guess(sync):
    """NOMIS reads one row by description; two rows are its 500, and the create is retried."""
    twice = CreateLocationRequest(
        location_code="Z",
        location_type="WING",
        description="MDI-Z",
        prison_id="MDI",
        certified=False,
    )
    sync.nomis.create_location(twice)
    sync.nomis.create_location(twice)
    with pytest.raises(ApiError) as raised:
        sync.nomis.get_location_by_key("MDI-Z")
    assert raised.value.status == 500


def test_a_location_the_killed_run_wrote_is_mapped_not_written_again(sync, admin):
    cell = new_cell(admin, "901")
    # run-1 wrote NOMIS, then died before saving the mapping
    location = sync.dps.get_legacy_location(cell["id"])
    parent = sync.mapping.get_by_dps_id(cell["parentId"])
    assert parent is not None
    written = sync.nomis.create_location(
        translate.create_request(location, parent.nomis_location_id)
    )
    before = nomis_total(sync)
    resume(sync, cell)
    assert nomis_total(sync) == before
    mapping = sync.mapping.get_by_dps_id(cell["id"])
    assert mapping is not None and mapping.nomis_location_id == written


def test_a_location_the_killed_run_never_wrote_is_written_once(sync, admin):
    cell = new_cell(admin, "902")
    before = nomis_total(sync)
    resume(sync, cell)
    assert nomis_total(sync) == before + 1
    mapping = sync.mapping.get_by_dps_id(cell["id"])
    assert mapping is not None
    assert sync.nomis.get_location(mapping.nomis_location_id).description == cell["key"]
