"""Check one HTTP exchange against its OpenAPI operation and describe what is wrong.

Request checks (openapi-core plus two rules Spring would otherwise hide):
- the method and path template exist, path/query parameters and the JSON body match their
  schemas, and the operation's security requirement (HMPPS: a bearer token) is satisfied —
  openapi-core's ``HttpProvider`` checks the ``Authorization`` header is ``Bearer …``;
- a body property the schema does not declare is a violation (Spring/Jackson drops unknown
  fields silently, so a misspelt field would otherwise pass unnoticed);
- a query parameter the operation does not declare is a violation (Spring ignores it).

A body property the manifest lists as ``extra_request_properties`` for the operation (a
deliberate, explained gap in ``openapi-specs/contracts.toml``) is removed before the check, so
only that property of that operation is allowed; everything else in the body is still checked.

Response checks: a documented status is validated against its response; an undocumented
status >= 400 is validated against the spec's ``ErrorResponse`` schema; any other undocumented
status is a violation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import httpx
from openapi_core.templating.paths.exceptions import OperationNotFound, PathError, PathNotFound
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.validation.request.exceptions import (
    RequestBodyValidationError,
    SecurityValidationError,
)
from openapi_core.validation.response.exceptions import DataValidationError
from openapi_core.validation.schemas.exceptions import InvalidSchemaValue

from tests.contract.adapters import HttpxOpenAPIRequest, HttpxOpenAPIResponse
from tests.contract.specs import LoadedSpec, local_or_offset_date_time

ERROR_SCHEMA = "ErrorResponse"
MAX_SCHEMA_ERRORS = 5


@dataclass(frozen=True)
class Violation:
    """One way an exchange broke the contract."""

    method: str
    path: str
    spec: str
    operation: str | None
    phase: str
    detail: str

    def __str__(self) -> str:
        where = f"{self.spec} {self.operation}" if self.operation else self.spec
        return f"{self.method} {self.path} [{self.phase} vs {where}]: {self.detail}"


def _schema_errors(error: BaseException) -> tuple[Any, ...]:
    node: BaseException | None = error
    while node is not None:
        found = getattr(node, "schema_errors", None)
        if found:
            return tuple(found)
        node = node.__cause__
    return ()


def _format_schema_errors(errors: Iterable[Any]) -> str:
    items = list(errors)
    lines = []
    for item in items[:MAX_SCHEMA_ERRORS]:
        pointer = "/".join(str(part) for part in item.absolute_path)
        lines.append(f"{pointer or '<root>'}: {item.message}")
    if len(items) > MAX_SCHEMA_ERRORS:
        lines.append(f"(+{len(items) - MAX_SCHEMA_ERRORS} more)")
    return "; ".join(lines)


def describe(error: BaseException) -> str:
    """A one-line explanation of an openapi-core error (schema errors listed by JSON path)."""
    schema_errors = _schema_errors(error)
    if isinstance(error, PathNotFound):
        return "no path template of the spec matches the path"
    if isinstance(error, OperationNotFound):
        return f"the spec documents no {error.method.upper()} operation on this path"
    if isinstance(error, SecurityValidationError):
        reason = error.__cause__ or error
        return f"security requirement not met (needs 'Authorization: Bearer <token>'): {reason}"
    if isinstance(error, RequestBodyValidationError):
        label = "request body"
    elif isinstance(error, DataValidationError):
        label = "response body"
    else:
        label = str(error) or type(error).__name__
    if schema_errors:
        return f"{label}: {_format_schema_errors(schema_errors)}"
    cause = error.__cause__
    if label in ("request body", "response body"):
        return f"{label}: {cause or error}"
    if cause is not None and str(cause) not in label:
        return f"{label} ({cause})"
    return label


def _hmpps_error_problems(response: HttpxOpenAPIResponse) -> list[str]:
    """An HMPPS error body is a JSON object whose `status` is the HTTP status."""
    try:
        body = json.loads(response.data or b"")
    except ValueError:
        return [f"status {response.status_code}: body is not JSON"]
    status = body.get("status") if isinstance(body, dict) else None
    if status is None or not str(status).startswith(str(response.status_code)):
        return [f"status {response.status_code}: body is not an HMPPS error (status={status!r})"]
    return []


def _without_properties(request: HttpxOpenAPIRequest, names: frozenset[str]) -> HttpxOpenAPIRequest:
    """The request with those top-level JSON body properties removed (other bodies as sent)."""
    try:
        body = json.loads(request.body or b"")
    except ValueError:
        return request
    if not isinstance(body, dict) or not names & body.keys():
        return request
    kept = {key: value for key, value in body.items() if key not in names}
    return request.with_body(json.dumps(kept).encode())


class ExchangeChecker:
    """Validates requests and responses of one API against its loaded spec."""

    def __init__(self, spec: LoadedSpec) -> None:
        """Bind to ``spec``; the ErrorResponse validator is built on first need."""
        self.spec = spec
        self._error_validator: Any = None

    def request_for(self, request: httpx.Request, inner_path: str) -> HttpxOpenAPIRequest:
        """The openapi-core view of an httpx request aimed at this API."""
        return HttpxOpenAPIRequest(request, self.spec.host_url, inner_path)

    def operation(self, request: HttpxOpenAPIRequest) -> tuple[str, str] | None:
        """(method, path template) of the documented operation, or None when there is none."""
        finder = self.spec.requests.request_validator.path_finder
        try:
            found = finder.find(request.method, urljoin(request.host_url, request.path))
        except PathError:
            return None
        return request.method.upper(), found.path_result.pattern

    def check_request(
        self, request: HttpxOpenAPIRequest, allowed_extra: frozenset[str] = frozenset()
    ) -> list[str]:
        """Problems with the request (empty when it honours the operation).

        ``allowed_extra``: top-level body properties the manifest allows for this operation.
        """
        if allowed_extra:
            request = _without_properties(request, allowed_extra)
        errors = list(self.spec.requests.iter_request_errors(request))
        if any(isinstance(error, SecurityValidationError) for error in errors):
            # openapi-core stops at a failed security check; check the rest with a stand-in token
            stand_in = request.with_header("Authorization", "Bearer stand-in")
            errors.extend(self.spec.requests.iter_request_errors(stand_in))
        problems = [describe(error) for error in errors]
        operation = self.operation(request)
        if operation is None:
            return problems
        method, template = operation
        path_item = self.spec.document["paths"][template]
        declared = self._declared_query_parameters(path_item, method.lower())
        for name in sorted(set(request.parameters.query.keys()) - declared):
            problems.append(f"query parameter {name!r} is not declared by the operation")
        if request.body and "requestBody" not in path_item[method.lower()]:
            problems.append("the operation takes no request body but one was sent")
        return problems

    def check_response(
        self, request: HttpxOpenAPIRequest, response: HttpxOpenAPIResponse
    ) -> list[str]:
        """Problems with the response (empty when it honours the operation)."""
        problems: list[str] = []
        if response.status_code >= 400 and not self.spec.has_schema(ERROR_SCHEMA):
            # Specs without an ErrorResponse (sentencing adjustments) document their errors with
            # the success schema, a springdoc artefact: hold errors to the common HMPPS shape.
            return _hmpps_error_problems(response)
        for error in self.spec.responses.iter_response_errors(request, response):
            if isinstance(error, PathError):
                return []  # already reported against the request
            if isinstance(error, ResponseNotFound):
                return self._check_undocumented(response)
            problems.append(describe(error))
        return problems

    def _check_undocumented(self, response: HttpxOpenAPIResponse) -> list[str]:
        status = response.status_code
        if status < 400:
            return [f"status {status} is not documented for the operation"]
        if not self.spec.has_schema(ERROR_SCHEMA):
            return [f"status {status} is not documented and the spec has no {ERROR_SCHEMA}"]
        try:
            body = json.loads(response.data or b"")
        except ValueError:
            return [f"undocumented status {status}: body is not a JSON {ERROR_SCHEMA}"]
        try:
            self._error_schema_validator().validate(body)
        except InvalidSchemaValue as error:
            return [
                f"undocumented status {status} vs {ERROR_SCHEMA}: "
                f"{_format_schema_errors(error.schema_errors)}"
            ]
        return []

    def _error_schema_validator(self) -> Any:
        if self._error_validator is None:
            openapi = self.spec.responses
            factory = openapi.response_validator.schema_validators_factory
            self._error_validator = factory.create(
                openapi.spec,
                self.spec.schema_path(ERROR_SCHEMA),
                extra_format_validators={"date-time": local_or_offset_date_time},
            )
        return self._error_validator

    def _declared_query_parameters(self, path_item: dict[str, Any], method: str) -> set[str]:
        parameters = [*path_item.get("parameters", []), *path_item[method].get("parameters", [])]
        names = set()
        for parameter in parameters:
            resolved = self._resolve(parameter)
            if resolved.get("in") == "query":
                names.add(resolved["name"])
        return names

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = self.spec.document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node
