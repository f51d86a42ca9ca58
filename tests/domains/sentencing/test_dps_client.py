"""AdjustmentsClient: reads from the DPS Adjustments API (served under /adjustments).

The contract plugin checks every exchange (responses too: the module is marked). The exchanges
are also checked here, explicitly, against ``sentencing-adjustments-api-docs.json`` with the same
checker, together with the response models against the spec's schemas.
"""

import datetime as dt

import httpx
import pytest
import respx

from dagster_project.domains.sentencing.dps import (
    ADJUSTMENTS_API,
    LEGACY_CONTENT_TYPE,
    Adjustment,
    AdjustmentsClient,
    LegacyAdjustment,
)
from dagster_project.settings import Settings
from dagster_project.wiring import api_resource
from resources.api_resource import HmppsApiResource
from resources.errors import ServerError
from tests.contract.adapters import HttpxOpenAPIResponse
from tests.contract.manifest import response_model_problems
from tests.contract.specs import SPEC_BY_PREFIX, LoadedSpec, specs_dir
from tests.contract.validation import ExchangeChecker
from tests.domains.sentencing.payloads import (
    ADJUSTMENT_DTO,
    ADJUSTMENT_ID,
    BOOKING_ID,
    OFFENDER,
    SENTENCE_ADJUSTMENT,
)
from tests.wire import error, sent

pytestmark = pytest.mark.contract_mocked_responses

DPS_SPEC = SPEC_BY_PREFIX[ADJUSTMENTS_API.sandbox_path]
LEGACY_PATH = f"{ADJUSTMENTS_API.sandbox_path}/legacy/adjustments/{ADJUSTMENT_ID}"
PERSON_PATH = f"{ADJUSTMENTS_API.sandbox_path}/adjustments"


@pytest.fixture(scope="module")
def dps_checker() -> ExchangeChecker:
    directory = specs_dir()
    if not (directory / DPS_SPEC.filename).is_file():
        pytest.skip(f"{DPS_SPEC.filename} not found in {directory}")
    return ExchangeChecker(LoadedSpec.load(DPS_SPEC, directory))


def assert_dps_exchange_on_contract(checker: ExchangeChecker, route: respx.Route) -> None:
    """The last request (and its response, if 2xx) honour the DPS Adjustments API spec."""
    request, response = route.calls.last
    inner_path = request.url.path.removeprefix(DPS_SPEC.prefix)
    oa_request = checker.request_for(request, inner_path)
    assert checker.check_request(oa_request) == []
    if response.is_success:
        oa_response = HttpxOpenAPIResponse(response.status_code, response.headers, response.read())
        assert checker.check_response(oa_request, oa_response) == []


def test_dps_models_fit_the_spec(dps_checker):
    assert response_model_problems(dps_checker.spec, LegacyAdjustment, "LegacyAdjustment") == []
    assert response_model_problems(dps_checker.spec, Adjustment, "AdjustmentDto") == []


def test_get_legacy_adjustment_sends_the_legacy_content_type(estate, dps, dps_checker):
    route = estate.get(LEGACY_PATH).respond(200, json=SENTENCE_ADJUSTMENT)
    adjustment = dps.get_legacy_adjustment(ADJUSTMENT_ID)
    request = sent(route)
    assert (request.method, request.body) == ("GET", None)
    assert request.headers["Content-Type"] == LEGACY_CONTENT_TYPE
    assert request.headers["Authorization"].startswith("Bearer ")
    assert adjustment == LegacyAdjustment(
        booking_id=BOOKING_ID,
        sentence_sequence=2,
        offender_no=OFFENDER,
        adjustment_type="RX",
        adjustment_date=dt.date(2026, 11, 20),
        adjustment_from_date=dt.date(2026, 10, 1),
        adjustment_days=12,
        comment="Remand",
        active=False,
    )
    assert_dps_exchange_on_contract(dps_checker, route)


def test_get_legacy_adjustment_accepts_the_nullable_fields_as_null(estate, dps, dps_checker):
    nulls = {"sentenceSequence", "adjustmentDate", "adjustmentFromDate", "comment", "agencyId"}
    body = {**SENTENCE_ADJUSTMENT, "adjustmentType": "UAL", **dict.fromkeys(nulls)}
    route = estate.get(LEGACY_PATH).respond(200, json=body)
    adjustment = dps.get_legacy_adjustment(ADJUSTMENT_ID)
    assert adjustment is not None
    assert (adjustment.sentence_sequence, adjustment.adjustment_date, adjustment.comment) == (
        None,
        None,
        None,
    )
    assert_dps_exchange_on_contract(dps_checker, route)


@pytest.mark.contract_exempt("the adjustments spec documents no error body (no ErrorResponse)")
def test_get_legacy_adjustment_is_none_once_deleted_in_dps(estate, dps, dps_checker):
    route = estate.get(LEGACY_PATH).respond(404, json=error(404, "Adjustment not found"))
    assert dps.get_legacy_adjustment(ADJUSTMENT_ID) is None
    assert_dps_exchange_on_contract(dps_checker, route)


@pytest.mark.contract_exempt("the adjustments spec documents no error body (no ErrorResponse)")
def test_get_legacy_adjustment_raises_on_a_server_error(estate, dps):
    estate.get(LEGACY_PATH).respond(500, json=error(500, "database unavailable"))
    with pytest.raises(ServerError) as raised:
        dps.get_legacy_adjustment(ADJUSTMENT_ID)
    assert raised.value.api == "adjustments-api"


def test_adjustments_for_asks_by_person_only(estate, dps, dps_checker):
    route = estate.get(PERSON_PATH).respond(
        200, json=[ADJUSTMENT_DTO, {"person": OFFENDER, "adjustmentType": "TAGGED_BAIL"}]
    )
    found = dps.adjustments_for(OFFENDER)
    request = sent(route)
    assert request.params == {"person": [OFFENDER]}
    assert request.headers["Content-Type"] == LEGACY_CONTENT_TYPE
    assert found == [
        Adjustment(
            id=ADJUSTMENT_ID,
            booking_id=BOOKING_ID,
            person=OFFENDER,
            adjustment_type="REMAND",
            effective_days=12,
        ),
        Adjustment(person=OFFENDER, adjustment_type="TAGGED_BAIL"),
    ]
    assert_dps_exchange_on_contract(dps_checker, route)


@pytest.mark.contract_exempt("the adjustments spec documents no error body (no ErrorResponse)")
@pytest.mark.parametrize("status", [404, 422])
def test_adjustments_for_an_unknown_person_are_none(estate, dps, status):
    estate.get(PERSON_PATH).respond(status, json=error(status, "no"))
    assert dps.adjustments_for(OFFENDER) == []


@pytest.mark.contract_exempt("the adjustments spec documents no error body (no ErrorResponse)")
def test_adjustments_for_raises_on_other_errors(estate, dps):
    estate.get(PERSON_PATH).respond(503, json=error(503, "down"))
    with pytest.raises(ServerError):
        dps.adjustments_for(OFFENDER)


def test_the_resource_builds_a_client_for_its_base_url():
    """The API's resource as the definitions build it; the client wraps its `build_http()`."""
    resource = api_resource(
        ADJUSTMENTS_API, Settings(adjustments_api_url="https://adjustments.test/")
    )
    assert isinstance(resource, HmppsApiResource)
    client = AdjustmentsClient(resource.build_http())
    try:
        assert isinstance(client._http, httpx.Client)
        assert str(client._http.base_url) == "https://adjustments.test"
    finally:
        client.close()
