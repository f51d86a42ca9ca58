"""Typed API errors built from the spec's ErrorResponse: callers branch on type, not status."""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import ValidationError

from resources.redaction import credential_of, scrub, scrub_value
from resources.wire import WireModel

MAX_DETAIL = 200


class ErrorBody(WireModel):
    """`ErrorResponse` (or mapping `DuplicateMappingErrorResponse`) body, tolerant of extras."""

    status: int | str | None = None
    error_code: int | str | None = None
    user_message: str | None = None
    developer_message: str | None = None
    more_info: Any = None


class ApiError(Exception):
    """A non-2xx answer from an HMPPS API; the message never contains headers or tokens.

    `from_response` scrubs the body (the caller's own token, any bearer/basic credential,
    OAuth2 token fields, JWTs), so an API that echoes the request cannot leak through us.
    """

    def __init__(self, api: str, method: str, path: str, status: int, body: ErrorBody) -> None:
        self.api = api
        self.method = method
        self.path = path
        self.status = status
        self.body = body
        detail = body.user_message or body.developer_message or "no message"
        super().__init__(f"{api} {method} {path} -> HTTP {status}: {detail}")

    @property
    def error_code(self) -> int | None:
        """`errorCode` of the body as a number (NOMIS business rules, e.g. 1001), else None."""
        code = self.body.error_code
        if isinstance(code, int):
            return code
        return int(code) if isinstance(code, str) and code.strip().isdigit() else None

    @property
    def more_info(self) -> Any:
        """`moreInfo` of the error body: on a 409 the existing record's id or the duplicate pair."""
        return self.body.more_info

    @staticmethod
    def from_response(api: str, response: httpx.Response) -> ApiError:
        """Build the most specific error type for a failed response, its body scrubbed."""
        request = response.request
        known = credential_of(request.headers.get("Authorization"))
        try:
            raw = response.json()
            body = ErrorBody.model_validate(scrub_value(raw, known))
        except (ValueError, ValidationError):
            text = scrub(response.text, known)[:MAX_DETAIL]
            body = ErrorBody(status=response.status_code, user_message=text or None)
        kind: type[ApiError] = ApiError
        if response.status_code == 404:
            kind = NotFound
        elif response.status_code == 409:
            kind = Conflict
        elif response.status_code >= 500:
            kind = ServerError
        elif response.status_code in (401, 403):
            kind = Unauthorised
        return kind(api, request.method, request.url.path, response.status_code, body)


class NotFound(ApiError):
    """404: the entity does not exist (a normal answer for "not mapped yet" look-ups)."""


class Conflict(ApiError):
    """409: a duplicate; `more_info` has the existing record (NOMIS) or the duplicate pair."""


class ServerError(ApiError):
    """5xx: the API failed; the event is retried later."""


class Unauthorised(ApiError):
    """401/403: credentials or roles are wrong; retrying will not help until config changes."""
