"""NomisIncentivesClient: what each incentive call sends and what it makes of the answer."""

import datetime as dt

import pytest

from dagster_project.domains.incentives.nomis import (
    CreateGlobalIncentiveRequest,
    CreateIncentiveRequest,
    CreatePrisonIncentiveRequest,
    PrisonIncentiveLevelFields,
    ReorderRequest,
    UpdateGlobalIncentiveRequest,
)
from resources.errors import NotFound
from tests.domains.incentives.payloads import (
    CREATE_INCENTIVE_RESPONSE,
    INCENTIVE,
    PRISON_LEVEL_DATA,
    REFERENCE_CODE,
)
from tests.wire import TOKEN, error, sent

pytestmark = pytest.mark.contract_mocked_responses


def test_create_incentive(estate, nomis):
    route = estate.post("/nomis/prisoners/A1234AA/incentives", name="create").respond(
        201, json=CREATE_INCENTIVE_RESPONSE
    )
    created = nomis.create_incentive(
        "A1234AA",
        CreateIncentiveRequest(
            iep_level="STD",
            iep_date_time=dt.datetime(2026, 11, 20, 10, 15),
            prison_id="MDI",
            comments="A review took place",
            user_id="AJONES",
        ),
    )
    assert (created.booking_id, created.sequence) == (1234567, 3)
    request = sent(route)
    assert request.method == "POST"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Content-Type"] == "application/json"
    assert request.body == {
        "iepLevel": "STD",
        "iepDateTime": "2026-11-20T10:15:00",
        "prisonId": "MDI",
        "comments": "A review took place",
        "userId": "AJONES",
    }


def test_create_incentive_omits_null_fields(estate, nomis):
    route = estate.post("/nomis/prisoners/A1234AA/incentives").respond(
        201, json=CREATE_INCENTIVE_RESPONSE
    )
    request = CreateIncentiveRequest(
        iep_level="BAS", iep_date_time=dt.datetime(2026, 11, 20, 10, 15, 30), prison_id="MDI"
    )
    nomis.create_incentive("A1234AA", request)
    assert sent(route).body == {
        "iepLevel": "BAS",
        "iepDateTime": "2026-11-20T10:15:30",
        "prisonId": "MDI",
    }


def test_get_current_incentive(estate, nomis):
    route = estate.get("/nomis/incentives/booking-id/1234567/current").respond(200, json=INCENTIVE)
    current = nomis.get_current_incentive(1234567)
    assert current is not None
    assert (current.booking_id, current.incentive_sequence) == (1234567, 3)
    assert (current.iep_level.code, current.iep_level.description) == ("STD", "Standard")
    assert current.prison_id == "MDI"
    assert current.iep_date_time == dt.datetime(2026, 11, 20, 10, 15)
    assert (sent(route).method, sent(route).body, sent(route).params) == ("GET", None, {})


def test_get_current_incentive_is_none_without_one(estate, nomis):
    estate.get("/nomis/incentives/booking-id/1234567/current").respond(
        404, json=error(404, "No current incentive for booking 1234567")
    )
    assert nomis.get_current_incentive(1234567) is None


def test_get_global_incentive_level(estate, nomis):
    estate.get("/nomis/incentives/reference-codes/STD").respond(200, json=REFERENCE_CODE)
    level = nomis.get_global_incentive_level("STD")
    assert level is not None
    assert (level.code, level.description, level.active) == ("STD", "Standard", True)


def test_get_global_incentive_level_is_none_when_absent(estate, nomis):
    estate.get("/nomis/incentives/reference-codes/EN4").respond(
        404, json=error(404, "Global Incentive Level does not exist")
    )
    assert nomis.get_global_incentive_level("EN4") is None


def test_create_global_incentive_level(estate, nomis):
    route = estate.post("/nomis/incentives/reference-codes").respond(201, json=REFERENCE_CODE)
    request = CreateGlobalIncentiveRequest(code="EN4", description="Enhanced 4", active=False)
    assert nomis.create_global_incentive_level(request) is None
    assert sent(route).body == {"code": "EN4", "description": "Enhanced 4", "active": False}


def test_update_global_incentive_level(estate, nomis):
    route = estate.put("/nomis/incentives/reference-codes/STD").respond(200, json=REFERENCE_CODE)
    request = UpdateGlobalIncentiveRequest(description="Standard", active=True)
    nomis.update_global_incentive_level("STD", request)
    assert (sent(route).method, sent(route).body) == (
        "PUT",
        {"description": "Standard", "active": True},
    )


def test_update_of_a_missing_global_level_raises_not_found(estate, nomis):
    estate.put("/nomis/incentives/reference-codes/EN4").respond(
        404, json=error(404, "Global incentive level not found")
    )
    request = UpdateGlobalIncentiveRequest(description="Enhanced 4", active=True)
    with pytest.raises(NotFound) as raised:
        nomis.update_global_incentive_level("EN4", request)
    assert raised.value.status == 404
    assert raised.value.path == "/nomis/incentives/reference-codes/EN4"


def test_reorder_global_incentive_levels(estate, nomis):
    route = estate.post("/nomis/incentives/reference-codes/reorder").respond(200)
    nomis.reorder_global_incentive_levels(ReorderRequest(code_list=["BAS", "STD", "ENH"]))
    assert sent(route).body == {"codeList": ["BAS", "STD", "ENH"]}


def test_get_prison_incentive_level(estate, nomis):
    estate.get("/nomis/incentives/prison/MDI/code/STD").respond(200, json=PRISON_LEVEL_DATA)
    level = nomis.get_prison_incentive_level("MDI", "STD")
    assert level is not None
    assert (level.prison_id, level.iep_level_code, level.active) == ("MDI", "STD", True)


def test_get_prison_incentive_level_is_none_when_absent(estate, nomis):
    estate.get("/nomis/incentives/prison/MDI/code/EN4").respond(
        404, json=error(404, "Prison Incentive Level does not exist")
    )
    assert nomis.get_prison_incentive_level("MDI", "EN4") is None


PRISON_LEVEL_FIELDS = {
    "active": True,
    "default_on_admission": False,
    "visit_order_allowance": 1,
    "privileged_visit_order_allowance": 2,
    "remand_transfer_limit_in_pence": 5500,
    "remand_spend_limit_in_pence": 55000,
    "convicted_transfer_limit_in_pence": 1800,
    "convicted_spend_limit_in_pence": 18000,
}


PRISON_LEVEL_BODY = {
    "active": True,
    "defaultOnAdmission": False,
    "visitOrderAllowance": 1,
    "privilegedVisitOrderAllowance": 2,
    "remandTransferLimitInPence": 5500,
    "remandSpendLimitInPence": 55000,
    "convictedTransferLimitInPence": 1800,
    "convictedSpendLimitInPence": 18000,
}


def test_create_prison_incentive_level(estate, nomis):
    route = estate.post("/nomis/incentives/prison/MDI").respond(201, json=PRISON_LEVEL_DATA)
    request = CreatePrisonIncentiveRequest(level_code="STD", **PRISON_LEVEL_FIELDS)
    nomis.create_prison_incentive_level("MDI", request)
    assert sent(route).body == {"levelCode": "STD", **PRISON_LEVEL_BODY}


def test_create_prison_incentive_level_omits_unset_allowances(estate, nomis):
    route = estate.post("/nomis/incentives/prison/MDI").respond(201, json=PRISON_LEVEL_DATA)
    request = CreatePrisonIncentiveRequest(
        level_code="EN4", active=False, default_on_admission=False
    )
    nomis.create_prison_incentive_level("MDI", request)
    assert sent(route).body == {"levelCode": "EN4", "active": False, "defaultOnAdmission": False}


def test_update_prison_incentive_level(estate, nomis):
    route = estate.put("/nomis/incentives/prison/MDI/code/STD").respond(200, json=PRISON_LEVEL_DATA)
    nomis.update_prison_incentive_level(
        "MDI", "STD", PrisonIncentiveLevelFields(**PRISON_LEVEL_FIELDS)
    )
    # levelCode as the old service sends it (contracts.toml allows this one extra property)
    assert (sent(route).method, sent(route).body) == (
        "PUT",
        {"levelCode": "STD", **PRISON_LEVEL_BODY},
    )


def test_update_prison_incentive_level_sends_the_code_of_the_path(estate, nomis):
    """The body's ``levelCode`` is the level being updated, whatever the request carried."""
    route = estate.put("/nomis/incentives/prison/MDI/code/STD").respond(200, json=PRISON_LEVEL_DATA)
    request = CreatePrisonIncentiveRequest(level_code="EN4", **PRISON_LEVEL_FIELDS)
    nomis.update_prison_incentive_level("MDI", "STD", request)
    assert sent(route).body == {"levelCode": "STD", **PRISON_LEVEL_BODY}
