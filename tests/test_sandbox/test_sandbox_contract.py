"""Contract: sandbox responses validate against the real HMPPS OpenAPI specs (openapi-core).

Known spec quirks, handled here rather than by bending the sandbox:
- Spring documents Java ``LocalDateTime`` as ``format: date-time`` (which strictly needs an
  offset) while the services send ``2026-12-01T09:00:00``; the sandbox sends what the
  services send, so ``date-time`` is checked as ISO 8601 with an optional offset.
- ``"pattern": "HH:mm"`` on NOMIS ``endTime`` request fields is not a real regex (removed).
- Mapping-service 201s declare ``content: {}`` for an empty body (treated as no content).
- Statuses a spec does not document (e.g. 404 on ``/incentives/booking-id/{id}/current``)
  are checked against that spec's ``ErrorResponse`` schema instead.
"""

import json
import os
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest

from dagster_project.sandbox.seed import SEEDED_VISITS

openapi_core = pytest.importorskip("openapi_core")
from openapi_core import Config, OpenAPI  # noqa: E402
from openapi_core.templating.responses.exceptions import ResponseNotFound  # noqa: E402
from openapi_core.testing import MockRequest, MockResponse  # noqa: E402
from openapi_schema_validator import OAS31Validator  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SPECS_DIR = Path(os.environ.get("OPENAPI_SPECS_DIR", REPO.parent / "shared" / "openapi-specs"))
SPEC_FILES = {
    "nomis": "nomis-prisoner-api-docs.json",
    "mapping": "nomis-mapping-service-api-docs.json",
    "incentives": "incentives-api-docs.json",
}
PREFIXES = {"nomis": "/nomis", "mapping": "/mapping-api", "incentives": "/incentives"}
HOST = "http://localhost:8080"

pytestmark = pytest.mark.skipif(
    not all((SPECS_DIR / name).is_file() for name in SPEC_FILES.values()),
    reason=f"OpenAPI specs not found in {SPECS_DIR} (set OPENAPI_SPECS_DIR)",
)


def _local_or_offset_date_time(value: object) -> bool:
    if not isinstance(value, str) or "T" not in value:
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _sanitise(node: Any) -> Any:
    if isinstance(node, dict):
        cleaned = {k: _sanitise(v) for k, v in node.items()}
        if cleaned.get("pattern") == "HH:mm":
            del cleaned["pattern"]
        if cleaned.get("content") == {} and "description" in cleaned:
            del cleaned["content"]
        return cleaned
    if isinstance(node, list):
        return [_sanitise(v) for v in node]
    return node


@cache
def _spec(service: str) -> tuple[Any, dict[str, Any]]:
    raw = _sanitise(json.loads((SPECS_DIR / SPEC_FILES[service]).read_text()))
    config = Config(
        spec_validator_cls=None,
        extra_format_validators={"date-time": _local_or_offset_date_time},
    )
    return OpenAPI.from_dict(raw, config=config), raw


@dataclass
class Call:
    method: str
    path: str
    status: int
    json: Any = None
    authed: bool = True


def _validate(service: str, call: Call, response: httpx.Response) -> str | None:
    """Return a failure description, or None when the response honours the contract."""
    if response.status_code != call.status:
        return f"{call.method} {call.path}: expected {call.status}, got {response.status_code}"
    openapi, raw = _spec(service)
    request = MockRequest(HOST, call.method.lower(), call.path.partition("?")[0])
    content_type = response.headers.get("content-type", "application/json")
    mock = MockResponse(
        response.content, status_code=response.status_code, content_type=content_type
    )
    try:
        openapi.validate_response(request, mock)
    except ResponseNotFound:
        schema = raw["components"]["schemas"]["ErrorResponse"]
        errors = list(OAS31Validator(schema).iter_errors(response.json()))
        if errors:
            return f"{call.method} {call.path} ({call.status}) ErrorResponse: {errors[0].message}"
    except Exception as exc:  # openapi-core raises several unrelated error types
        detail = getattr(exc, "__cause__", None) or exc
        return f"{call.method} {call.path} ({call.status}): {detail}"
    return None


def _run(service: str, api: httpx.Client, calls: list[Call]) -> None:
    failures = []
    for call in calls:
        headers = None if call.authed else {"Authorization": ""}
        response = api.request(
            call.method, PREFIXES[service] + call.path, json=call.json, headers=headers
        )
        problem = _validate(service, call, response)
        if problem:
            failures.append(problem)
    assert not failures, "\n".join(failures)


def test_nomis_prisoner_api_contract(api: httpx.Client, fresh: None) -> None:
    incentive = {"iepLevel": "STD", "iepDateTime": "2026-11-20T10:00:00", "prisonId": "MDI"}
    visit = {
        "startDateTime": "2027-04-01T09:00:00",
        "endTime": "10:00",
        "prisonId": "MDI",
        "visitorPersonIds": [1],
        "visitType": "SCON",
        "issueDate": "2026-11-27",
        "visitComment": "c",
        "visitOrderComment": "c",
        "room": "Hall",
        "openClosedStatus": "OPEN",
    }
    created = api.post("/nomis/prisoners/A1006AA/visits", json=visit)
    assert created.status_code == 201
    visit_id = created.json()["visitId"]
    update = {k: visit[k] for k in ("startDateTime", "endTime", "visitorPersonIds", "room")}
    prison_level = {"active": True, "defaultOnAdmission": False, "visitOrderAllowance": 1}
    _run(
        "nomis",
        api,
        [
            Call("POST", "/prisoners/A1005AA/incentives", 201, incentive),
            Call("POST", "/prisoners/Z9999ZZ/incentives", 404, incentive),
            Call("POST", "/prisoners/A1005AA/incentives", 400, {"iepLevel": "STD"}),
            Call("POST", "/prisoners/A1005AA/incentives", 401, incentive, authed=False),
            Call("GET", "/incentives/booking-id/1000006/current", 200),
            Call("GET", "/incentives/booking-id/42/current", 404),
            Call("GET", "/incentives/reference-codes/STD", 200),
            Call("GET", "/incentives/reference-codes/NOPE", 404),
            Call(
                "PUT",
                "/incentives/reference-codes/STD",
                200,
                {"description": "Standard", "active": True},
            ),
            Call(
                "PUT", "/incentives/reference-codes/NOPE", 404, {"description": "x", "active": True}
            ),
            Call(
                "POST",
                "/incentives/reference-codes",
                201,
                {"code": "CTR", "description": "C", "active": True},
            ),
            Call("POST", "/incentives/reference-codes/reorder", 200, {"codeList": ["BAS", "STD"]}),
            Call("GET", "/incentives/prison/MDI/code/STD", 200),
            Call("GET", "/incentives/prison/MDI/code/EN3", 404),
            Call(
                "PUT",
                "/incentives/prison/MDI/code/STD",
                200,
                {**prison_level, "defaultOnAdmission": True},
            ),
            Call("POST", "/incentives/prison/LEI", 201, {**prison_level, "levelCode": "EN3"}),
            Call("POST", "/incentives/prison/LEI", 409, {**prison_level, "levelCode": "EN3"}),
            Call("POST", "/prisoners/A1006AA/visits", 409, visit),
            Call("POST", "/prisoners/Z9999ZZ/visits", 404, visit),
            Call("POST", "/prisoners/A1006AA/visits", 400, {**visit, "visitType": "XX"}),
            Call(
                "PUT",
                f"/prisoners/A1006AA/visits/{visit_id}",
                200,
                {**update, "openClosedStatus": "CLOSED"},
            ),
            Call("PUT", "/prisoners/A1006AA/visits/1", 404, {**update, "openClosedStatus": "OPEN"}),
            Call("GET", f"/visits/{visit_id}", 200),
            Call(
                "PUT", f"/prisoners/A1006AA/visits/{visit_id}/cancel", 200, {"outcome": "VISCANC"}
            ),
            Call(
                "PUT", f"/prisoners/A1006AA/visits/{visit_id}/cancel", 409, {"outcome": "VISCANC"}
            ),
            Call("GET", f"/visits/{visit_id}", 200),
            Call("GET", f"/visits/{SEEDED_VISITS[0].nomis_visit_id}", 200),
            Call("GET", "/visits/1", 404),
            Call("GET", "/prisoners/ids/active?page=1&size=5", 200),
        ],
    )


def test_mapping_service_contract(api: httpx.Client, fresh: None) -> None:
    incentive = {
        "nomisBookingId": 1000001,
        "nomisIncentiveSequence": 2,
        "incentiveId": 777,
        "mappingType": "INCENTIVE_CREATED",
    }
    visit = {"nomisId": 60000001, "vsipId": "cc-dd-ee-ff", "mappingType": "ONLINE"}
    seeded = SEEDED_VISITS[0]
    _run(
        "mapping",
        api,
        [
            Call("GET", "/mapping/incentives/incentive-id/1", 200),
            Call("GET", "/mapping/incentives/incentive-id/999999", 404),
            Call("POST", "/mapping/incentives", 201, incentive),
            Call("POST", "/mapping/incentives", 409, {**incentive, "incentiveId": 778}),
            Call("POST", "/mapping/incentives", 400, {"incentiveId": 1}),
            Call("GET", f"/mapping/visits/vsipId/{seeded.reference}", 200),
            Call("GET", "/mapping/visits/vsipId/none", 404),
            Call("GET", f"/mapping/visits/nomisId/{seeded.nomis_visit_id}", 200),
            Call("GET", "/mapping/visits/nomisId/1", 404),
            Call("POST", "/mapping/visits", 201, visit),
            Call("POST", "/mapping/visits", 409, {**visit, "vsipId": "ff-ee-dd-cc"}),
            Call("GET", "/mapping/visits/nomisId/1", 401, authed=False),
        ],
    )


def test_incentives_api_contract(api: httpx.Client, fresh: None) -> None:
    _run(
        "incentives",
        api,
        [
            Call("GET", "/incentive-reviews/id/1", 200),
            Call("GET", "/incentive-reviews/id/999999", 404),
            Call("GET", "/incentive-reviews/prisoner/A1001AA", 200),
            Call("GET", "/incentive-reviews/prisoner/Z9999ZZ", 404),
            Call("GET", "/incentive-reviews/prisoner/bad", 400),
            Call("GET", "/incentive/levels/STD", 200),
            Call("GET", "/incentive/levels/NOPE", 404),
            Call("GET", "/incentive/levels?with-inactive=true", 200),
            Call("GET", "/incentive/levels", 200),
            Call("GET", "/incentive/prison-levels/MDI/level/ENH", 200),
            Call("GET", "/incentive/prison-levels/MDI/level/EN3", 404),
            Call("GET", "/incentive/levels/STD", 401, authed=False),
        ],
    )


def test_injected_faults_honour_the_contract(api: httpx.Client, admin: httpx.Client) -> None:
    admin.put(
        "/faults",
        json=[
            {
                "service": "mapping",
                "method": "POST",
                "pathPattern": "^/mapping/visits$",
                "status": 409,
            },
            {"service": "nomis", "pathPattern": "reference-codes", "status": 500},
            {"service": "incentives", "pathPattern": "/levels/", "status": 503},
        ],
    )
    visit = {"nomisId": 60000009, "vsipId": "gg-hh-ii-jj", "mappingType": "ONLINE"}
    _run("mapping", api, [Call("POST", "/mapping/visits", 409, visit)])
    _run("nomis", api, [Call("GET", "/incentives/reference-codes/STD", 500)])
    _run("incentives", api, [Call("GET", "/incentive/levels/STD", 503)])
