"""Credentials scrubbed from text that came off the wire, before it becomes an error message.

An API or the token endpoint may echo our request back (a 401 page listing the headers) or put a
token in an error body. Every error built from a response passes its text through `scrub`, so
no log line, telemetry row, DLQ reason or run failure can carry a credential.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

MASK = "***"
# `Authorization` values: the scheme stays so a reader still sees what kind of failure it was.
BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+")
# Basic credentials are base64: insist on a digit or +/= so "basic validation" stays readable.
BASIC = re.compile(r"(?i)\b(basic)\s+(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}")
# OAuth2 body fields, JSON or form encoded; the field name goes too, as no output may contain it.
CREDENTIAL_FIELD = re.compile(
    r"""(?i)["']?\b(?:access_token|refresh_token|id_token|client_secret)\b["']?"""
    r"""(?:\s*[:=]\s*(?:"[^"]*"|'[^']*'|[^\s,&;}\]]+))?"""
)
JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
CREDENTIAL_KEYS = frozenset({"access_token", "refresh_token", "id_token", "client_secret"})


def variants(secret: str, client_id: str | None = None) -> list[str]:
    """The forms a secret takes on the wire: raw, URL-encoded, and inside HTTP Basic auth."""
    if not secret:
        return []
    forms = {secret, quote(secret, safe="")}
    if client_id is not None:
        for user, password in ((client_id, secret), (quote(client_id), quote(secret))):
            forms.add(base64.b64encode(f"{user}:{password}".encode()).decode())
    return sorted(forms, key=len, reverse=True)


def scrub(text: str, known: Iterable[str] = ()) -> str:
    """`text` with known secret values, bearer/basic credentials, OAuth2 fields and JWTs masked."""
    for value in sorted((v for v in known if v), key=len, reverse=True):
        text = text.replace(value, MASK)
    for scheme in (BEARER, BASIC):
        text = scheme.sub(lambda m: f"{m.group(1)} {MASK}", text)
    text = CREDENTIAL_FIELD.sub(MASK, text)
    return JWT.sub(MASK, text)


def scrub_value(value: Any, known: Iterable[str] = ()) -> Any:
    """`scrub` applied to every string inside a JSON-like value; credential keys are dropped."""
    known = tuple(known)
    if isinstance(value, str):
        return scrub(value, known)
    if isinstance(value, dict):
        return {
            scrub(str(key), known): scrub_value(item, known)
            for key, item in value.items()
            if str(key).lower() not in CREDENTIAL_KEYS
        }
    if isinstance(value, list | tuple):
        return [scrub_value(item, known) for item in value]
    return value


def credential_of(authorization: str | None) -> list[str]:
    """The credential inside an `Authorization` header value (`Bearer abc` -> `abc`)."""
    if not authorization:
        return []
    return [authorization, authorization.split(None, 1)[-1]]
