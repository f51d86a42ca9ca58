"""The exchange checker against the real specs: what passes, what is reported, and how."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.contract.adapters import HttpxOpenAPIResponse
from tests.contract.manifest import load_manifest, request_allowances
from tests.contract.specs import SpecRegistry, split_prefix
from tests.contract.validation import ExchangeChecker

pytestmark = pytest.mark.requires_specs

BEARER = {"Authorization": "Bearer unit-test-token"}
VISIT = {
    "startDateTime": "2026-12-01T09:00:00",  # a LocalDateTime: no offset
    "endTime": "10:00",  # the spec's "pattern": "HH:mm" is a format template, not a regex
    "prisonId": "MDI",
    "visitorPersonIds": [4729570, 4729580],
    "visitType": "SCON",
    "issueDate": "2026-11-27",
    "visitComment": "Created by Book A Prison Visit. Reference: ab-cd-ef-gh",
    "visitOrderComment": "Created by Book A Prison Visit for visit with reference: ab-cd-ef-gh",
    "room": "Visits Main Hall",
    "openClosedStatus": "OPEN",
}
ERROR = {"status": 404, "userMessage": "Not found", "developerMessage": "no current IEP"}


def _checker(registry: SpecRegistry, url: str) -> tuple[ExchangeChecker, str]:
    spec, inner = split_prefix(httpx.URL(url).path)
    assert spec is not None
    return ExchangeChecker(registry.get(spec.name)), inner


def request_problems(registry, method, url, headers=BEARER, **kwargs) -> list[str]:
    checker, inner = _checker(registry, url)
    request = httpx.Request(method, url, headers=headers, **kwargs)
    return checker.check_request(checker.request_for(request, inner))


def response_problems(registry, method, url, status, body=None, headers=None, **kwargs):
    checker, inner = _checker(registry, url)
    request = checker.request_for(httpx.Request(method, url, headers=BEARER, **kwargs), inner)
    content = b"" if body is None else json.dumps(body).encode()
    response_headers = httpx.Headers(headers or {"content-type": "application/json"})
    return checker.check_response(request, HttpxOpenAPIResponse(status, response_headers, content))


NOMIS = "https://estate.test/nomis"
MAPPING = "https://estate.test/mapping-api"
INCENTIVES = "https://estate.test/incentives"


def test_a_realistic_visit_create_is_on_contract(openapi_specs):
    assert (
        request_problems(openapi_specs, "POST", f"{NOMIS}/prisoners/A1234AA/visits", json=VISIT)
        == []
    )


def test_a_date_time_needs_a_date_and_a_time(openapi_specs):
    body = {**VISIT, "startDateTime": "2026-12-01"}
    (problem,) = request_problems(
        openapi_specs, "POST", f"{NOMIS}/prisoners/A1234AA/visits", json=body
    )
    assert "startDateTime: '2026-12-01' is not a 'date-time'" in problem


@pytest.mark.parametrize("outcome", ["VISCANC", "NO_VO", "VO_CANCEL", "HMP"])
def test_cancel_outcomes_the_service_sends_are_accepted(openapi_specs, outcome):
    url = f"{NOMIS}/prisoners/A1234AA/visits/12345/cancel"
    assert request_problems(openapi_specs, "PUT", url, json={"outcome": outcome}) == []


def test_an_unknown_cancel_outcome_is_reported(openapi_specs):
    url = f"{NOMIS}/prisoners/A1234AA/visits/12345/cancel"
    (problem,) = request_problems(openapi_specs, "PUT", url, json={"outcome": "BOGUS"})
    assert "outcome: 'BOGUS' is not one of" in problem


def test_a_missing_bearer_token_is_reported_with_the_other_problems(openapi_specs):
    problems = request_problems(
        openapi_specs,
        "POST",
        f"{NOMIS}/prisoners/A1234AA/visits",
        headers={},
        json={**VISIT, "room": None},
    )
    assert len(problems) == 2
    assert "security requirement not met" in problems[0]
    assert "room: None is not of type 'string'" in problems[1]


def test_an_undeclared_body_property_is_reported(openapi_specs):
    url = f"{NOMIS}/prisoners/A1234AA/visits/12345"
    body = {k: VISIT[k] for k in ("startDateTime", "endTime", "visitorPersonIds", "room")}
    (problem,) = request_problems(
        openapi_specs, "PUT", url, json={**body, "openClosedStatus": "OPEN", "prisonId": "MDI"}
    )
    assert "Additional properties are not allowed ('prisonId' was unexpected)" in problem


def test_query_parameters_are_typed_and_must_be_declared(openapi_specs):
    url = f"{NOMIS}/prisoners/ids/active"
    assert request_problems(openapi_specs, "GET", url, params={"page": 0, "size": 10}) == []
    problems = request_problems(openapi_specs, "GET", url, params={"size": 0, "pageSize": 5})
    assert problems == [
        "Invalid query parameter: size: <root>: 0 is less than the minimum of 1",
        "query parameter 'pageSize' is not declared by the operation",
    ]


def test_a_body_sent_to_an_operation_without_one_is_reported(openapi_specs):
    url = f"{NOMIS}/incentives/reference-codes/STD"
    problems = request_problems(openapi_specs, "GET", url, json={"code": "STD"})
    assert problems == ["the operation takes no request body but one was sent"]


@pytest.mark.parametrize(
    ("method", "url", "expected"),
    [
        ("GET", f"{NOMIS}/prisoners/A1234AA/visitz", "no path template of the spec matches"),
        ("DELETE", f"{NOMIS}/incentives/reference-codes/STD", "no DELETE operation on this path"),
    ],
)
def test_undocumented_paths_and_methods_are_reported(openapi_specs, method, url, expected):
    (problem,) = request_problems(openapi_specs, method, url)
    assert expected in problem


def test_a_spec_with_a_relative_server_url_still_finds_paths(openapi_specs):
    url = f"{INCENTIVES}/incentive/levels"
    assert request_problems(openapi_specs, "GET", url, params={"with-inactive": "true"}) == []
    (problem,) = request_problems(openapi_specs, "GET", f"{INCENTIVES}/incentive/nope")
    assert problem == "no path template of the spec matches the path"


def test_a_documented_response_is_validated_against_its_schema(openapi_specs):
    url = f"{NOMIS}/incentives/reference-codes/STD"
    good = {"code": "STD", "domain": "IEP_LEVEL", "description": "Standard", "active": True}
    assert (
        response_problems(openapi_specs, "GET", url, 200, {**good, "systemDataFlag": False}) == []
    )
    (problem,) = response_problems(openapi_specs, "GET", url, 200, good)
    assert problem == "response body: <root>: 'systemDataFlag' is a required property"


def test_an_undocumented_error_status_is_checked_against_error_response(openapi_specs):
    url = f"{NOMIS}/incentives/booking-id/1234567/current"
    assert response_problems(openapi_specs, "GET", url, 404, ERROR) == []
    (problem,) = response_problems(openapi_specs, "GET", url, 404, {"status": "404"})
    assert problem.startswith("undocumented status 404 vs ErrorResponse: status:")
    (problem,) = response_problems(
        openapi_specs, "GET", url, 502, headers={"content-type": "text/html"}
    )
    assert problem == "undocumented status 502: body is not a JSON ErrorResponse"


def test_an_undocumented_success_status_is_reported(openapi_specs):
    url = f"{NOMIS}/incentives/booking-id/1234567/current"
    (problem,) = response_problems(openapi_specs, "GET", url, 204)
    assert problem == "status 204 is not documented for the operation"


def test_mapping_create_answers_201_without_a_body(openapi_specs):
    body = {"nomisId": 12345, "vsipId": "ab-cd-ef-gh", "mappingType": "ONLINE"}
    url = f"{MAPPING}/mapping/visits"
    assert response_problems(openapi_specs, "POST", url, 201, json=body) == []


def test_mapping_409_is_a_duplicate_mapping_error_response(openapi_specs):
    mapping = {"nomisId": 12345, "vsipId": "ab-cd-ef-gh", "mappingType": "ONLINE"}
    duplicate = {
        "status": "409 CONFLICT",
        "errorCode": 1409,
        "userMessage": "Conflict: Visit mapping already exists",
        "moreInfo": {"duplicate": mapping, "existing": {**mapping, "nomisId": 54321}},
    }
    url = f"{MAPPING}/mapping/visits"
    assert response_problems(openapi_specs, "POST", url, 409, duplicate, json=mapping) == []
    (problem,) = response_problems(openapi_specs, "POST", url, 409, {"status": 409}, json=mapping)
    assert problem.startswith("response body:")


PRISON_LEVEL = {"active": True, "defaultOnAdmission": False, "visitOrderAllowance": 2}


def test_a_manifest_allowance_lets_only_its_property_through(openapi_specs):
    url = f"{NOMIS}/incentives/prison/MDI/code/STD"
    checker, inner = _checker(openapi_specs, url)
    allowed = request_allowances(load_manifest())[
        ("nomis-prisoner-api-docs.json", "PUT", "/incentives/prison/{prison}/code/{code}")
    ]
    assert allowed == {"levelCode"}

    def problems(body: dict, allowance: frozenset[str]) -> list[str]:
        request = httpx.Request("PUT", url, headers=BEARER, json=body)
        return checker.check_request(checker.request_for(request, inner), allowance)

    with_code = {**PRISON_LEVEL, "levelCode": "STD"}
    assert problems(with_code, allowed) == []
    (unexpected,) = problems(with_code, frozenset())
    assert "('levelCode' was unexpected)" in unexpected
    (other,) = problems({**with_code, "prisonId": "MDI"}, allowed)
    assert "('prisonId' was unexpected)" in other
    (typed,) = problems({**with_code, "active": "yes"}, allowed)
    assert "active: 'yes' is not of type 'boolean'" in typed
