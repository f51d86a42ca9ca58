"""Adjustment clients: DPS reads, NOMIS sentence/key-date writes and the adjustment mappings.

NOMIS and mapping exchanges are checked by the contract plugin (responses too: the module is
marked). The DPS Adjustments API is not registered with the plugin yet (no ``/adjustments`` entry
in ``tests/contract/specs.py``), so its requests, responses and models are checked here against
``sentencing-adjustments-api-docs.json`` with the same checker.
"""

import datetime as dt

import httpx
import pytest
import respx
from pydantic import ValidationError

from resources.dps.adjustments import (
    LEGACY_CONTENT_TYPE,
    Adjustment,
    AdjustmentsApi,
    AdjustmentsClient,
    LegacyAdjustment,
)
from resources.errors import Conflict, ServerError
from resources.nomis_mapping.adjustments import AdjustmentMapping, NomisAdjustmentMappingClient
from resources.nomis_prisoner.adjustments import (
    KeyDateAdjustmentRequest,
    NomisAdjustmentsClient,
    SentenceAdjustmentRequest,
    UpdateSentenceAdjustmentRequest,
)
from tests.contract.adapters import HttpxOpenAPIResponse
from tests.contract.manifest import response_model_problems
from tests.contract.specs import LoadedSpec, SpecInfo, specs_dir
from tests.contract.validation import ExchangeChecker
from tests.test_resources.payloads import duplicate_mapping, error, sent

pytestmark = pytest.mark.contract_mocked_responses

ADJUSTMENT_ID = "0f7c1c8e-3c5b-4f0e-9a43-5b1f7d2e9c01"
DPS_SPEC = SpecInfo("adjustments", "/adjustments", "sentencing-adjustments-api-docs.json")
LEGACY = {
    "bookingId": 1234567,
    "sentenceSequence": 2,
    "offenderNo": "A1234AA",
    "adjustmentType": "RX",
    "adjustmentDate": "2026-11-20",
    "adjustmentFromDate": "2026-10-01",
    "adjustmentDays": 12,
    "comment": "Remand at HMP Moorland",
    "active": True,
    "bookingReleased": False,
    "agencyId": "MDI",
    "currentTerm": True,
}
ADJUSTMENT_DTO = {
    "id": ADJUSTMENT_ID,
    "bookingId": 1234567,
    "person": "A1234AA",
    "adjustmentType": "REMAND",
    "effectiveDays": 12,
    "status": "ACTIVE",
    "sentenceSequence": 2,
}
MAPPING = {
    "nomisAdjustmentId": 9001,
    "nomisAdjustmentCategory": "KEY-DATE",
    "adjustmentId": ADJUSTMENT_ID,
    "mappingType": "SENTENCING_CREATED",
    "whenCreated": "2026-11-20T10:15:00",
}


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


@pytest.fixture
def dps(make_client) -> AdjustmentsClient:
    return make_client(AdjustmentsClient, "/adjustments")


@pytest.fixture
def nomis(make_client) -> NomisAdjustmentsClient:
    return make_client(NomisAdjustmentsClient, "/nomis")


@pytest.fixture
def mapping(make_client) -> NomisAdjustmentMappingClient:
    return make_client(NomisAdjustmentMappingClient, "/mapping-api")


# --- DPS Adjustments API -----------------------------------------------------------------------


def test_dps_models_fit_the_spec(dps_checker):
    assert response_model_problems(dps_checker.spec, LegacyAdjustment, "LegacyAdjustment") == []
    assert response_model_problems(dps_checker.spec, Adjustment, "AdjustmentDto") == []


def test_get_legacy_adjustment_sends_the_legacy_content_type(estate, dps, dps_checker):
    route = estate.get(f"/adjustments/legacy/adjustments/{ADJUSTMENT_ID}").respond(200, json=LEGACY)
    adjustment = dps.get_legacy_adjustment(ADJUSTMENT_ID)
    request = sent(route)
    assert (request.method, request.body) == ("GET", None)
    assert request.headers["Content-Type"] == LEGACY_CONTENT_TYPE
    assert request.headers["Authorization"].startswith("Bearer ")
    assert adjustment == LegacyAdjustment(
        booking_id=1234567,
        sentence_sequence=2,
        offender_no="A1234AA",
        adjustment_type="RX",
        adjustment_date=dt.date(2026, 11, 20),
        adjustment_from_date=dt.date(2026, 10, 1),
        adjustment_days=12,
        comment="Remand at HMP Moorland",
        active=True,
    )
    assert_dps_exchange_on_contract(dps_checker, route)


def test_get_legacy_adjustment_accepts_the_nullable_fields_as_null(estate, dps, dps_checker):
    nulls = {"sentenceSequence", "adjustmentDate", "adjustmentFromDate", "comment", "agencyId"}
    body = {**LEGACY, "adjustmentType": "UAL", **dict.fromkeys(nulls)}
    route = estate.get(f"/adjustments/legacy/adjustments/{ADJUSTMENT_ID}").respond(200, json=body)
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
    route = estate.get(f"/adjustments/legacy/adjustments/{ADJUSTMENT_ID}").respond(
        404, json=error(404, "Adjustment not found")
    )
    assert dps.get_legacy_adjustment(ADJUSTMENT_ID) is None
    assert_dps_exchange_on_contract(dps_checker, route)


@pytest.mark.contract_exempt("the adjustments spec documents no error body (no ErrorResponse)")
def test_get_legacy_adjustment_raises_on_a_server_error(estate, dps):
    estate.get(f"/adjustments/legacy/adjustments/{ADJUSTMENT_ID}").respond(
        500, json=error(500, "database unavailable")
    )
    with pytest.raises(ServerError) as raised:
        dps.get_legacy_adjustment(ADJUSTMENT_ID)
    assert raised.value.api == "adjustments-api"


def test_adjustments_for_asks_by_person_only(estate, dps, dps_checker):
    route = estate.get("/adjustments/adjustments").respond(
        200, json=[ADJUSTMENT_DTO, {"person": "A1234AA", "adjustmentType": "TAGGED_BAIL"}]
    )
    found = dps.adjustments_for("A1234AA")
    request = sent(route)
    assert request.params == {"person": ["A1234AA"]}
    assert request.headers["Content-Type"] == LEGACY_CONTENT_TYPE
    assert found == [
        Adjustment(
            id=ADJUSTMENT_ID,
            booking_id=1234567,
            person="A1234AA",
            adjustment_type="REMAND",
            effective_days=12,
        ),
        Adjustment(person="A1234AA", adjustment_type="TAGGED_BAIL"),
    ]
    assert_dps_exchange_on_contract(dps_checker, route)


@pytest.mark.contract_exempt("the adjustments spec documents no error body (no ErrorResponse)")
@pytest.mark.parametrize("status", [404, 422])
def test_adjustments_for_an_unknown_person_are_none(estate, dps, status):
    estate.get("/adjustments/adjustments").respond(status, json=error(status, "no"))
    assert dps.adjustments_for("A1234AA") == []


@pytest.mark.contract_exempt("the adjustments spec documents no error body (no ErrorResponse)")
def test_adjustments_for_raises_on_other_errors(estate, dps):
    estate.get("/adjustments/adjustments").respond(503, json=error(503, "down"))
    with pytest.raises(ServerError):
        dps.adjustments_for("A1234AA")


def test_the_resource_builds_a_client_for_its_base_url():
    api = AdjustmentsApi(
        base_url="https://adjustments.test/",
        token_url="https://auth.test/auth/oauth/token",
        client_id="sentence-adjustments-api",
        client_secret="unit-test-secret",  # noqa: S106 - test-only
    )
    client = api.get_client()
    try:
        assert isinstance(client, AdjustmentsClient)
        assert isinstance(client._http, httpx.Client)
        assert str(client._http.base_url) == "https://adjustments.test"
    finally:
        client.close()


# --- NOMIS prisoner API ----------------------------------------------------------------------


def test_create_sentence_adjustment(estate, nomis):
    route = estate.post("/nomis/prisoners/booking-id/1234567/sentences/2/adjustments").respond(
        201, json={"id": 9001}
    )
    request = SentenceAdjustmentRequest(
        adjustment_type_code="RX",
        adjustment_days=12,
        adjustment_date=dt.date(2026, 11, 20),
        comment="Remand",
    )
    assert nomis.create_sentence_adjustment(1234567, 2, request) == 9001
    assert sent(route).body == {
        "adjustmentTypeCode": "RX",
        "adjustmentDays": 12,
        "adjustmentDate": "2026-11-20",
        "comment": "Remand",
    }


def test_create_key_date_adjustment(estate, nomis):
    route = estate.post("/nomis/prisoners/booking-id/1234567/adjustments").respond(
        201, json={"id": 9002}
    )
    request = KeyDateAdjustmentRequest(
        adjustment_type_code="UAL",
        adjustment_days=3,
        adjustment_date=dt.date(2026, 11, 20),
        adjustment_from_date=dt.date(2026, 11, 1),
    )
    assert nomis.create_key_date_adjustment(1234567, request) == 9002
    assert sent(route).body == {
        "adjustmentTypeCode": "UAL",
        "adjustmentDays": 3,
        "adjustmentDate": "2026-11-20",
        "adjustmentFromDate": "2026-11-01",
    }


def test_a_type_of_the_other_kind_is_refused_before_sending():
    with pytest.raises(ValidationError):
        KeyDateAdjustmentRequest(
            adjustment_type_code="RX",  # type: ignore[arg-type]
            adjustment_days=1,
            adjustment_from_date=dt.date(2026, 11, 1),
        )
    with pytest.raises(ValidationError):
        SentenceAdjustmentRequest(adjustment_type_code="UAL", adjustment_days=1)  # type: ignore[arg-type]


def test_update_sentence_adjustment(estate, nomis):
    route = estate.put("/nomis/sentence-adjustments/9001").respond(200)
    request = UpdateSentenceAdjustmentRequest(
        adjustment_type_code="S240A",
        adjustment_days=4,
        adjustment_date=dt.date(2026, 11, 20),
        sentence_sequence=3,
        active=False,
    )
    assert nomis.update_sentence_adjustment(9001, request) is None
    assert sent(route).method == "PUT"
    assert sent(route).body == {
        "adjustmentTypeCode": "S240A",
        "adjustmentDays": 4,
        "adjustmentDate": "2026-11-20",
        "sentenceSequence": 3,
        "active": False,
    }


def test_update_key_date_adjustment(estate, nomis):
    route = estate.put("/nomis/key-date-adjustments/9002").respond(200)
    request = KeyDateAdjustmentRequest(
        adjustment_type_code="ADA",
        adjustment_days=5,
        adjustment_date=dt.date(2026, 11, 20),
        adjustment_from_date=dt.date(2026, 11, 20),
        comment="Adjudication",
    )
    nomis.update_key_date_adjustment(9002, request)
    assert sent(route).body == {
        "adjustmentTypeCode": "ADA",
        "adjustmentDays": 5,
        "adjustmentDate": "2026-11-20",
        "adjustmentFromDate": "2026-11-20",
        "comment": "Adjudication",
    }


def test_deletes_go_to_the_table_of_their_kind(estate, nomis):
    sentence = estate.delete("/nomis/sentence-adjustments/9001").respond(204)
    key_date = estate.delete("/nomis/key-date-adjustments/9002").respond(204)
    nomis.delete_sentence_adjustment(9001)
    nomis.delete_key_date_adjustment(9002)
    assert sentence.call_count == 1 and key_date.call_count == 1


def test_a_nomis_write_error_is_raised(estate, nomis):
    estate.delete("/nomis/key-date-adjustments/9002").respond(500, json=error(500, "db down"))
    with pytest.raises(ServerError, match="db down"):
        nomis.delete_key_date_adjustment(9002)


@pytest.mark.parametrize(("active_only", "sent_value"), [(True, "true"), (False, "false")])
def test_sentencing_adjustments_of_a_booking(estate, nomis, active_only, sent_value):
    common = {
        "bookingId": 1234567,
        "bookingSequence": 1,
        "hasBeenReleased": False,
        "prisonId": "MDI",
        "offenderNo": "A1234AA",
        "adjustmentDate": "2026-11-20",
        "active": True,
    }
    route = estate.get("/nomis/prisoners/booking-id/1234567/sentencing-adjustments").respond(
        200,
        json={
            "keyDateAdjustments": [
                {
                    **common,
                    "id": 1,
                    "adjustmentType": {"code": "UAL", "description": "Unlawfully at large"},
                    "adjustmentDays": 3,
                }
            ],
            "sentenceAdjustments": [
                {
                    **common,
                    "id": 2,
                    "sentenceSequence": 4,
                    "hiddenFromUsers": False,
                    "adjustmentType": {"code": "RX", "description": "Remand"},
                    "adjustmentDays": 12,
                }
            ],
        },
    )
    found = nomis.sentencing_adjustments(1234567, active_only=active_only)
    assert sent(route).params == {"active-only": [sent_value]}
    assert [
        (a.id, a.adjustment_type.code, a.adjustment_days) for a in found.key_date_adjustments
    ] == [(1, "UAL", 3)]
    sentence = found.sentence_adjustments[0]
    assert (sentence.id, sentence.sentence_sequence, sentence.adjustment_type.code) == (2, 4, "RX")


# --- mapping service -------------------------------------------------------------------------

MAPPING_PATH = "/mapping-api/mapping/sentencing/adjustments"


def test_get_adjustment_mapping(estate, mapping):
    route = estate.get(f"{MAPPING_PATH}/adjustment-id/{ADJUSTMENT_ID}").respond(200, json=MAPPING)
    assert mapping.get_adjustment_mapping(ADJUSTMENT_ID) == AdjustmentMapping(
        nomis_adjustment_id=9001,
        nomis_adjustment_category="KEY-DATE",
        adjustment_id=ADJUSTMENT_ID,
        mapping_type="SENTENCING_CREATED",
    )
    assert sent(route).method == "GET"


def test_get_adjustment_mapping_is_none_when_unmapped(estate, mapping):
    estate.get(f"{MAPPING_PATH}/adjustment-id/{ADJUSTMENT_ID}").respond(
        404, json=error(404, f"Not found: adjustmentId={ADJUSTMENT_ID}")
    )
    assert mapping.get_adjustment_mapping(ADJUSTMENT_ID) is None


def test_create_adjustment_mapping(estate, mapping):
    route = estate.post(MAPPING_PATH).respond(201)
    created = AdjustmentMapping(
        nomis_adjustment_id=9001,
        nomis_adjustment_category="SENTENCE",
        adjustment_id=ADJUSTMENT_ID,
        mapping_type="SENTENCING_CREATED",
    )
    assert mapping.create_adjustment_mapping(created) is None
    assert sent(route).body == {
        "nomisAdjustmentId": 9001,
        "nomisAdjustmentCategory": "SENTENCE",
        "adjustmentId": ADJUSTMENT_ID,
        "mappingType": "SENTENCING_CREATED",
    }


def test_create_adjustment_mapping_conflict_carries_both_mappings(estate, mapping):
    existing = {**MAPPING, "adjustmentId": "11111111-2222-3333-4444-555555555555"}
    duplicate = {**MAPPING}
    estate.post(MAPPING_PATH).respond(409, json=duplicate_mapping(duplicate, existing))
    with pytest.raises(Conflict) as raised:
        mapping.create_adjustment_mapping(
            AdjustmentMapping.model_validate({**MAPPING, "whenCreated": None})
        )
    assert raised.value.more_info["existing"]["adjustmentId"] == existing["adjustmentId"]
    assert raised.value.more_info["duplicate"]["nomisAdjustmentId"] == 9001


def test_delete_adjustment_mapping(estate, mapping):
    route = estate.delete(f"{MAPPING_PATH}/adjustment-id/{ADJUSTMENT_ID}").respond(204)
    mapping.delete_adjustment_mapping(ADJUSTMENT_ID)
    assert sent(route).method == "DELETE"
