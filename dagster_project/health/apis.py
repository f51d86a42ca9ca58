"""An HMPPS API is up when its own registration gets a fresh token and one cheap read answers.

Each read is one the API's client already makes (so it is in the contract manifest). Reads by a
sentinel id count a 404 as up: the API checked the token and its roles before looking the id up,
though it cannot tell a wrong base path.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from dagster_project.domains import APIS
from dagster_project.health.report import MAX_DETAIL, ComponentHealth, HealthOptions, elapsed_ms
from resources.auth import ClientCredentialsAuth
from resources.http import build_http_client
from resources.redaction import scrub, variants


@dataclass(frozen=True)
class ApiTarget:
    """An API and its client registration; `client_secret` None = its variable is not set."""

    name: str
    base_url: str
    token_url: str
    client_id: str
    client_secret: str | None = field(repr=False)
    probe: Callable[[httpx.Client], str] = field(repr=False)
    secret_variable: str = ""


def check_api(target: ApiTarget, options: HealthOptions) -> ComponentHealth:
    """A fresh token from the API's registration, then its cheap read; never raises."""
    started = time.monotonic()
    known = variants(target.client_secret or "", target.client_id)

    def result(ok: bool, detail: str) -> ComponentHealth:
        text = scrub(detail, known)[:MAX_DETAIL]
        return ComponentHealth(
            component=target.name,
            kind="api",
            ok=ok,
            latency_ms=elapsed_ms(started),
            detail=text,
        )

    if not target.client_secret:
        return result(False, f"client secret not set ({target.secret_variable or 'unknown'})")
    auth = ClientCredentialsAuth(
        target.token_url, target.client_id, target.client_secret, options.timeout_seconds
    )
    auth.invalidate()  # prove the token endpoint answers now, not a cached token
    try:
        auth.token()
    except Exception as error:  # TokenError is scrubbed; anything else is scrubbed below
        return result(False, f"token: {error}")
    token_ms = elapsed_ms(started)
    try:
        with build_http_client(target.base_url, auth, options.timeout_seconds, retries=1) as http:
            detail = target.probe(http)
    except Exception as error:  # ApiError text is scrubbed already; the rest is here
        return result(False, f"token ok; read failed: {type(error).__name__}: {error}")
    return result(True, f"token {token_ms} ms; {detail}")


def api_targets(apis: Mapping[str, Any], secret: Callable[[Any], str | None]) -> list[ApiTarget]:
    """Targets from API resources (keyed as `APIS`); `secret` resolves `client_secret`."""
    return [
        ApiTarget(
            name=api.key,
            base_url=resource.base_url,
            token_url=resource.token_url,
            client_id=resource.client_id,
            client_secret=secret(resource.client_secret),
            probe=api.probe,
            secret_variable=getattr(resource.client_secret, "env_var_name", ""),
        )
        for api in APIS
        if (resource := apis.get(api.key)) is not None
    ]
