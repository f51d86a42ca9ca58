"""NomisLocationsClient: the create, the three PUTs of an amend, (de)activation, the reads."""

import datetime as dt

import pytest
from pydantic import ValidationError

from dagster_project.domains.locations.nomis import (
    CapacityRequest,
    CertificationRequest,
    CreateLocationRequest,
    DeactivateRequest,
    ProfileRequest,
    UpdateLocationRequest,
    UsageRequest,
)
from resources.errors import NotFound, ServerError
from tests.domains.locations.payloads import NOMIS_CELL, NOMIS_ID, PARENT_NOMIS_ID, page
from tests.wire import error, sent

pytestmark = pytest.mark.contract_mocked_responses

BASE = f"/nomis/locations/{NOMIS_ID}"


def test_create_location_returns_the_new_id(estate, nomis):
    route = estate.post("/nomis/locations").respond(201, json={"locationId": NOMIS_ID})
    request = CreateLocationRequest(
        location_code="001",
        location_type="CELL",
        description="MDI-A-1-001",
        parent_location_id=PARENT_NOMIS_ID,
        prison_id="MDI",
        certified=True,
        profiles=[ProfileRequest(profile_type="HOU_UNIT_ATT", profile_code="NSMC")],
        usages=[UsageRequest(internal_location_usage_type="MOVEMENT", sequence=3)],
    )
    assert nomis.create_location(request) == NOMIS_ID
    assert sent(route).body == {
        "locationCode": "001",
        "locationType": "CELL",
        "description": "MDI-A-1-001",
        "parentLocationId": PARENT_NOMIS_ID,
        "prisonId": "MDI",
        "certified": True,
        "profiles": [{"profileType": "HOU_UNIT_ATT", "profileCode": "NSMC"}],
        "usages": [{"internalLocationUsageType": "MOVEMENT", "sequence": 3}],
    }


def test_a_nomis_code_outside_the_reference_data_is_refused_before_sending():
    with pytest.raises(ValidationError):
        UpdateLocationRequest(location_code="1", location_type="LANDING", description="X")  # type: ignore[arg-type]


def test_update_location(estate, nomis):
    route = estate.put(BASE).respond(200)
    nomis.update_location(
        NOMIS_ID,
        UpdateLocationRequest(location_code="1", location_type="LAND", description="MDI-A-1"),
    )
    assert sent(route).body == {
        "locationCode": "1",
        "locationType": "LAND",
        "description": "MDI-A-1",
    }


@pytest.mark.parametrize("ignore", [True, False])
def test_update_capacity_says_whether_to_keep_the_operational_capacity(estate, nomis, ignore):
    route = estate.put(f"{BASE}/capacity").respond(200)
    nomis.update_capacity(NOMIS_ID, CapacityRequest(capacity=2, operational_capacity=1), ignore)
    assert sent(route).params == {"ignoreOperationalCapacity": [str(ignore).lower()]}
    assert sent(route).body == {"capacity": 2, "operationalCapacity": 1}


def test_update_certification(estate, nomis):
    route = estate.put(f"{BASE}/certification").respond(200)
    nomis.update_certification(NOMIS_ID, CertificationRequest(cna_capacity=0, certified=False))
    assert sent(route).body == {"cnaCapacity": 0, "certified": False}


def test_deactivate_and_reactivate(estate, nomis):
    deactivate = estate.put(f"{BASE}/deactivate").respond(200)
    reactivate = estate.put(f"{BASE}/reactivate").respond(200)
    nomis.deactivate_location(
        NOMIS_ID,
        DeactivateRequest(force=True, deactivate_date=dt.date(2024, 2, 1), reason_code="I"),
    )
    nomis.reactivate_location(NOMIS_ID)
    assert sent(deactivate).body == {
        "force": True,
        "deactivateDate": "2024-02-01",
        "reasonCode": "I",
    }
    assert sent(reactivate).body is None


def test_location_ids_pages_every_nomis_location(estate, nomis):
    route = estate.get("/nomis/locations/ids").respond(
        200, json=page([{"locationId": 1}, {"locationId": 2}], 41, 2)
    )
    found = nomis.location_ids(2, 2)
    assert sent(route).params == {"page": ["2"], "size": ["2"]}
    assert (found.total_elements, [i.location_id for i in found.content]) == (41, [1, 2])


def test_get_location_reads_what_the_reconciliation_compares(estate, nomis):
    estate.get(BASE).respond(200, json=NOMIS_CELL)
    location = nomis.get_location(NOMIS_ID)
    assert (location.parent_location_id, location.operational_capacity) == (PARENT_NOMIS_ID, 2)
    assert [p.profile_code for p in location.profiles] == ["S", "NSMC"]
    assert location.amendments[0].column_name == "Sequence"


@pytest.mark.parametrize(("status", "kind"), [(404, NotFound), (500, ServerError)])
def test_errors_are_typed(estate, nomis, status, kind):
    estate.get(BASE).respond(status, json=error(status, "no"))
    with pytest.raises(kind):
        nomis.get_location(NOMIS_ID)
