"""The mocked estate every client test talks to, and helpers to read what a client sent.

Domain bodies live with each domain's tests (`tests/domains/<name>/payloads.py`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import respx

ESTATE = "https://estate.test"
TOKEN_URL = f"{ESTATE}/auth/oauth/token"
SECRET = "unit-test-Secret-7c1e"  # noqa: S105 - test-only, grepped for in messages
TOKEN = "eyJhbGciOiJSUzI1NiJ9.unit-test-token.c2lnbmF0dXJl"  # noqa: S105 - test-only


@dataclass(frozen=True)
class Sent:
    """What a client put on the wire."""

    method: str
    path: str
    params: dict[str, list[str]]
    body: Any
    headers: Any


def sent(route: respx.Route, index: int = -1) -> Sent:
    request = route.calls[index].request
    params: dict[str, list[str]] = {}
    for key, value in request.url.params.multi_items():
        params.setdefault(key, []).append(value)
    body = json.loads(request.content) if request.content else None
    return Sent(request.method, request.url.path, params, body, request.headers)


def error(status: int, message: str, **extra: Any) -> dict[str, Any]:
    """An HMPPS ``ErrorResponse``."""
    return {"status": status, "userMessage": message, "developerMessage": message, **extra}


PRISONER_IDS_PAGE = {
    "content": [
        {"bookingId": 1234567, "offenderNo": "A1234AA"},
        {"bookingId": 1234568, "offenderNo": "A1235AA"},
    ],
    "totalElements": 57,
    "totalPages": 29,
    "size": 2,
    "number": 1,
    "first": False,
    "last": False,
    "numberOfElements": 2,
    "empty": False,
}


def duplicate_mapping(duplicate: dict[str, Any], existing: dict[str, Any]) -> dict[str, Any]:
    """The mapping service's ``DuplicateMappingErrorResponse``."""
    return {
        "status": "409 CONFLICT",
        "errorCode": 1409,
        "userMessage": "Conflict: mapping already exists",
        "moreInfo": {"duplicate": duplicate, "existing": existing},
    }
