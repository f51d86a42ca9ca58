"""The one place that builds HTTP clients: explicit timeouts, idempotent-only retries."""

from __future__ import annotations

from typing import Any

import httpx
from httpx_retries import Retry, RetryTransport
from pydantic import BaseModel

from resources.errors import ApiError

USER_AGENT = "prisoner-to-nomis-sync"
# Connections kept open per API client. httpx keeps only 20 alive by default, so with more
# calls in flight every request above 20 would pay a new TCP connection on both sides.
MAX_CONNECTIONS = 100
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})


def _pooled_transport() -> httpx.HTTPTransport:
    limits = httpx.Limits(
        max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS
    )
    return httpx.HTTPTransport(limits=limits)


def build_http_client(
    base_url: str,
    auth: httpx.Auth | None,
    timeout_seconds: float,
    retries: int = 3,
    backoff_factor: float = 0.2,
    transport: httpx.BaseTransport | None = None,
) -> httpx.Client:
    """An httpx client that retries only idempotent verbs on transient faults.

    A POST is never retried here: a timed-out create may have happened, so the caller's
    mapping check decides what to do next.
    """
    retry = Retry(
        total=retries,
        backoff_factor=backoff_factor,
        allowed_methods=IDEMPOTENT_METHODS,
        status_forcelist=RETRY_STATUSES,
        respect_retry_after_header=True,
        max_backoff_wait=10.0,
    )
    return httpx.Client(
        base_url=base_url.rstrip("/"),
        auth=auth,
        timeout=httpx.Timeout(timeout_seconds, connect=min(5.0, timeout_seconds)),
        transport=RetryTransport(transport=transport or _pooled_transport(), retry=retry),
        headers={"User-Agent": USER_AGENT},
    )


def dump_body(model: BaseModel) -> dict[str, Any]:
    """Request body as the API expects it: camelCase names, JSON types, null fields omitted."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


class ApiClient:
    """Base for the per-API clients: every call goes through `_send`, which raises typed errors."""

    api_name = "api"

    def __init__(self, http: httpx.Client) -> None:
        self._http = http

    def close(self) -> None:
        """Release the connection pool."""
        self._http.close()

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = self._http.request(method, path, **kwargs)
        if response.is_success:
            return response
        raise ApiError.from_response(self.api_name, response)

    def _get_or_none(self, path: str, **kwargs: Any) -> httpx.Response | None:
        """GET where a 404 is a normal "absent" answer."""
        response = self._http.request("GET", path, **kwargs)
        if response.status_code == 404:
            return None
        if response.is_success:
            return response
        raise ApiError.from_response(self.api_name, response)
