"""Shared contract checking for the sandbox tests: validate responses with openapi-core.

Known spec quirks, handled here rather than by bending the sandbox:
- Spring documents Java ``LocalDateTime`` as ``format: date-time`` (which strictly needs an
  offset) while the services send ``2026-12-01T09:00:00``; the sandbox sends what the
  services send, so ``date-time`` is checked as ISO 8601 with an optional offset (and, as
  JSON Schema formats only constrain strings, a nullable date-time may be ``null``).
- ``"pattern": "HH:mm"`` on NOMIS ``endTime`` request fields is not a real regex (removed).
- Mapping-service 201s declare ``content: {}`` for an empty body (treated as no content).
- Statuses a spec does not document (e.g. 404 on ``/incentives/booking-id/{id}/current``)
  are checked against that spec's ``ErrorResponse`` schema instead.
- Each spec's ``servers`` are replaced by one local server, since the activities spec lists
  only its dev URL (a request to any other host would match no path at all).
- The mapping service's scheduled-instance look-up is documented as an ``ActivityMappingDto``
  but the real service answers the child ``ActivityScheduleMappingDto``; the sandbox answers
  a body valid as both, so no neutralising is needed.
- The adjustments spec has no ``ErrorResponse`` and documents its 401/404s with the success
  schema (a springdoc artefact: ``LegacyAdjustment``, even an ``AdjustmentDto`` *array*). The
  legacy GET's 404 is a body valid both ways (see ``adjustments_api``) and is checked as
  documented; 400s and the auth layer's 401s are ``ErrorResponse``s, checked against the
  NOMIS spec's (the repository plugin flags them, so those probes are ``contract_exempt``).
- ``POST /mapping/activities`` documents no 409 although the real service answers one with
  a ``DuplicateMappingErrorResponse`` (upstream §1.1 step 8): a mapping 409 is checked
  against that schema, whatever the operation documents.
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
    "activities": "activities-api-docs.json",
    "adjustments": "sentencing-adjustments-api-docs.json",
}
PREFIXES = {
    "nomis": "/nomis",
    "mapping": "/mapping-api",
    "incentives": "/incentives",
    "activities": "/activities",
    "adjustments": "/adjustments",
}
HOST = "http://localhost:8080"

needs_specs = pytest.mark.skipif(
    not all((SPECS_DIR / name).is_file() for name in SPEC_FILES.values()),
    reason=f"OpenAPI specs not found in {SPECS_DIR} (set OPENAPI_SPECS_DIR)",
)


def _local_or_offset_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True  # formats only constrain strings; ``null`` is the schema type's business
    if "T" not in value:
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
    raw["servers"] = [{"url": HOST}]
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


def _error_schema(service: str, status: int) -> dict[str, Any]:
    """The schema an error answer must match (see the module notes), refs resolvable."""
    if service == "mapping" and status == 409:
        name, owner = "DuplicateMappingErrorResponse", "mapping"
    else:
        name, owner = "ErrorResponse", "nomis" if service == "adjustments" else service
    return {"$ref": f"#/components/schemas/{name}", "components": _spec(owner)[1]["components"]}


def _check_error(call: Call, response: httpx.Response, schema: dict[str, Any]) -> str | None:
    errors = list(OAS31Validator(schema).iter_errors(response.json()))
    if errors:
        return f"{call.method} {call.path} ({call.status}) error body: {errors[0].message}"
    return None


def _validate(service: str, call: Call, response: httpx.Response) -> str | None:
    """Return a failure description, or None when the response honours the contract."""
    if response.status_code != call.status:
        return f"{call.method} {call.path}: expected {call.status}, got {response.status_code}"
    status = response.status_code
    adjustments_error = service == "adjustments" and status in (400, 401)
    if adjustments_error or (service, status) == ("mapping", 409):
        return _check_error(call, response, _error_schema(service, status))
    openapi, _raw = _spec(service)
    request = MockRequest(HOST, call.method.lower(), call.path.partition("?")[0])
    content_type = response.headers.get("content-type", "application/json")
    mock = MockResponse(
        response.content, status_code=response.status_code, content_type=content_type
    )
    try:
        openapi.validate_response(request, mock)
    except ResponseNotFound:
        return _check_error(call, response, _error_schema(service, status))
    except Exception as exc:  # openapi-core raises several unrelated error types
        detail = getattr(exc, "__cause__", None) or exc
        return f"{call.method} {call.path} ({call.status}): {detail}"
    return None


def run_calls(service: str, api: httpx.Client, calls: list[Call]) -> None:
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
