"""A location create whose earlier attempt may have written NOMIS: read by key, map or write.

The earlier attempt is simulated as the batch processor leaves it: a write intent of run-1 for
the event, then the event applied again by run-2 inside its event scope. NOMIS is read by the
location's key (`GET /locations/key/{key}`); only an unmapped location holding exactly what the
create sends is taken as the one written.
"""

import json
from typing import Any

import httpx
import pytest

from dagster_project.domains.locations import DOMAIN
from dagster_project.domains.locations.nomis import CreateLocationRequest, NomisLocation
from dagster_project.domains.locations.sync import LocationsSync, is_written_from
from dagster_project.sync.intents import EventScope, event_scope
from tests.domains.locations.payloads import (
    CELL,
    DPS_ID,
    KEY,
    NOMIS_CELL,
    PARENT_DPS_ID,
    PARENT_NOMIS_ID,
    location_mapping,
)
from tests.domains.locations.test_sync import CREATE_BODY, location_event
from tests.estate import dispatch
from tests.fakes import FakeClaims
from tests.wire import error

EVENT_KEY = "sns:location-created-1"
WRITTEN_ID = 7654321  # what the earlier attempt's POST created
NEW_ID = 2345678  # what a POST now creates

MAPPING_GET = f"/mapping-api/mapping/locations/dps/{DPS_ID}"
PARENT_GET = f"/mapping-api/mapping/locations/dps/{PARENT_DPS_ID}"
NOMIS_MAPPING_GET = f"/mapping-api/mapping/locations/nomis/{WRITTEN_ID}"
MAPPING_POST = "/mapping-api/mapping/locations"
DPS_GET = f"/locations/sync/id/{DPS_ID}"
NOMIS_POST = "/nomis/locations"
BY_KEY = f"/nomis/locations/key/{KEY}"

# `LocationResponse`: the cell exactly as the create body wrote it
WRITTEN: dict[str, Any] = {
    **NOMIS_CELL,
    "locationId": WRITTEN_ID,
    "usages": CREATE_BODY["usages"],
    "amendments": [],
    "createUsername": "PRISONER_MANAGER_API",
}


@pytest.fixture
def sync(wired) -> LocationsSync:
    return wired(DOMAIN)


def mock(estate, by_key: tuple[int, dict[str, Any]], nomis_mapped: bool = False) -> None:
    estate.get(MAPPING_GET).respond(404, json=error(404, "not found"))
    estate.get(DPS_GET).respond(200, json=CELL)
    estate.get(PARENT_GET).respond(200, json=location_mapping(PARENT_DPS_ID, PARENT_NOMIS_ID))
    status, body = by_key
    estate.get(BY_KEY).respond(status, json=body)
    if nomis_mapped:
        other = location_mapping("0d9c5a3e-0000-4000-8000-00000000abcd", WRITTEN_ID)
        estate.get(NOMIS_MAPPING_GET).respond(200, json={**other, "mappingType": "MIGRATED"})
    else:
        estate.get(NOMIS_MAPPING_GET).respond(404, json=error(404, "not found"))
    estate.post(NOMIS_POST).respond(201, json={"locationId": NEW_ID})
    estate.post(MAPPING_POST).respond(201)


def resume(sync: LocationsSync, claims: FakeClaims) -> None:
    """Apply the created event as run-2, after run-1 stopped inside the write bracket."""
    claims.begin_write(EVENT_KEY, "locations", "run-1")
    with event_scope(EventScope(claims, "locations", EVENT_KEY, "run-2")):
        dispatch(DOMAIN, sync, location_event("location.inside.prison.created"))


def posts(estate, path: str) -> list[Any]:
    return [
        json.loads(c.request.content)
        for c in estate.calls
        if c.request.method == "POST" and c.request.url.path == path
    ]


def gets(estate, path: str) -> int:
    return sum(1 for c in estate.calls if c.request.method == "GET" and c.request.url.path == path)


@pytest.mark.contract_mocked_responses
def test_a_location_nomis_holds_is_mapped_not_written_again(sync, estate, sink):
    mock(estate, (200, WRITTEN))
    claims = FakeClaims()
    resume(sync, claims)
    assert posts(estate, NOMIS_POST) == []
    assert posts(estate, MAPPING_POST) == [
        {"dpsLocationId": DPS_ID, "nomisLocationId": WRITTEN_ID, "mappingType": "LOCATION_CREATED"}
    ]
    assert gets(estate, NOMIS_MAPPING_GET) == 1  # checked unmapped before it was claimed
    resumed = sink.one("location-create-resumed")
    assert (resumed["foundInNomis"], resumed["earlierRun"], resumed["prisonId"]) == (
        "true",
        "run-1",
        "MDI",
    )
    assert sink.one("location-create-success")["nomisLocationId"] == str(WRITTEN_ID)
    assert claims.writes == {}


@pytest.mark.contract_mocked_responses
def test_a_location_nomis_does_not_hold_is_written_once(sync, estate, sink):
    mock(estate, (404, error(404, f"Location with business key={KEY} does not exist")))
    claims = FakeClaims()
    resume(sync, claims)
    assert posts(estate, NOMIS_POST) == [CREATE_BODY]
    assert posts(estate, MAPPING_POST)[0]["nomisLocationId"] == NEW_ID
    assert gets(estate, NOMIS_MAPPING_GET) == 0
    assert sink.one("location-create-resumed")["foundInNomis"] == "false"
    assert claims.writes == {}


@pytest.mark.contract_mocked_responses
@pytest.mark.parametrize(
    "held",
    [
        pytest.param({"parentLocationId": 999}, id="another-parent"),
        pytest.param({"prisonId": "LEI"}, id="another-prison"),
        pytest.param({"locationCode": "002"}, id="another-code"),
        pytest.param({"capacity": 3}, id="another-capacity"),
        pytest.param({"certified": False}, id="uncertified"),
        pytest.param({"comment": "Something else"}, id="another-comment"),
        pytest.param({"profiles": NOMIS_CELL["profiles"][:1]}, id="fewer-profiles"),
        pytest.param({"usages": NOMIS_CELL["usages"]}, id="other-usages"),
        pytest.param({"active": False}, id="inactive"),
    ],
)
def test_a_location_under_the_key_that_differs_is_not_claimed(sync, estate, sink, held):
    mock(estate, (200, {**WRITTEN, **held}))
    resume(sync, FakeClaims())
    assert posts(estate, NOMIS_POST) == [CREATE_BODY]
    assert posts(estate, MAPPING_POST)[0]["nomisLocationId"] == NEW_ID
    assert sink.one("location-create-resumed")["foundInNomis"] == "false"


@pytest.mark.contract_mocked_responses
def test_a_matching_location_already_mapped_is_someone_elses(sync, estate, sink):
    mock(estate, (200, WRITTEN), nomis_mapped=True)
    resume(sync, FakeClaims())
    assert posts(estate, NOMIS_POST) == [CREATE_BODY]
    assert posts(estate, MAPPING_POST)[0]["nomisLocationId"] == NEW_ID
    assert sink.one("location-create-resumed")["foundInNomis"] == "false"


def test_without_an_earlier_attempt_nomis_is_not_read(sync, estate, sink):
    mock(estate, (200, WRITTEN))
    claims = FakeClaims()
    with event_scope(EventScope(claims, "locations", EVENT_KEY, "run-2")):
        dispatch(DOMAIN, sync, location_event("location.inside.prison.created"))
    assert gets(estate, BY_KEY) == 0
    assert posts(estate, NOMIS_POST) == [CREATE_BODY]
    assert "location-create-resumed" not in sink.names()


def test_a_lost_post_answer_is_read_back_on_the_retry_not_written_again(sync, estate, sink):
    """The POST landed but its answer timed out: the retry finds the location by key."""
    mock(estate, (200, WRITTEN))
    estate.post(NOMIS_POST).mock(side_effect=httpx.ReadTimeout("no answer"))
    claims = FakeClaims()
    scope = EventScope(claims, "locations", EVENT_KEY, "run-2")
    with event_scope(scope), pytest.raises(httpx.ReadTimeout):
        dispatch(DOMAIN, sync, location_event("location.inside.prison.created"))
    assert EVENT_KEY in claims.writes
    with event_scope(EventScope(claims, "locations", EVENT_KEY, "run-3")):
        dispatch(DOMAIN, sync, location_event("location.inside.prison.created"))
    assert len(posts(estate, NOMIS_POST)) == 1
    assert posts(estate, MAPPING_POST)[0]["nomisLocationId"] == WRITTEN_ID
    assert claims.writes == {}


def test_is_written_from_reads_nomis_defaults_and_any_profile_order():
    request = CreateLocationRequest.model_validate(
        {**CREATE_BODY, "tracking": None, "active": None}
    )
    held = {
        **WRITTEN,
        "tracking": False,
        "active": True,
        "profiles": list(reversed(WRITTEN["profiles"])),
        "usages": list(reversed(WRITTEN["usages"])),
    }
    assert is_written_from(NomisLocation.model_validate(held), request)
    assert not is_written_from(NomisLocation.model_validate({**held, "tracking": True}), request)
    top_level = request.model_copy(update={"parent_location_id": None})
    assert not is_written_from(NomisLocation.model_validate(held), top_level)
