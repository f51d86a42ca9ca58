"""The one place that builds HTTP clients: explicit timeouts and one small, visible retry.

HTTP retry policy. The HTTP layer is the innermost of three retry loops, so it stays small:

- methods: idempotent verbs only (GET, HEAD, PUT, DELETE, OPTIONS). A POST is never retried
  here: a create that failed half-way may have happened, so the caller's mapping check decides;
- failures: 429, 502, 503 and 504 (the service or its gateway said "not now"), and connection
  failures (``ConnectError``, ``ConnectTimeout``, and ``RemoteProtocolError``: a kept-alive
  connection the server had already closed). A read timeout or a 500 is not retried here:
  the service may still be working on it, and the outer retries below wait longer;
- tries: ``HTTP_RETRIES`` = 1 retry by default (``HmppsApiResource.retries``, at most
  ``MAX_HTTP_RETRIES``), after a short jittered backoff or the server's ``Retry-After``,
  capped at ``RETRY_AFTER_CAP_SECONDS`` so one answer cannot stall a run.

The outer loops (``dagster_project/sync/batch.py``): a failed event is tried again in the same
run (``EVENT_IN_RUN_RETRIES``, default 1), then re-queued (``EVENT_RETRY_DELAYS_SECONDS``,
default ``1,10,60``: 4 queue attempts) and finally dead-lettered. So a GET that keeps failing
is called at most

    queue attempts x (1 + in-run retries) x (1 + HTTP retries) = 4 x 2 x 2 = 16 times per event

with the defaults (32 when the HTTP layer retried 3 times). Each HTTP retry is counted for the
event being applied (``counting_http_retries``, set by the batch per event); the batch reports
the count as ``httpRetries`` on ``domain-event-retry-scheduled`` and ``<eventType>-sent-to-dlq``,
so a flaky API shows in telemetry even when the event finally succeeds on a retry.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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
CONNECTION_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.RemoteProtocolError,
)
HTTP_RETRIES = 1
MAX_HTTP_RETRIES = 3
RETRY_AFTER_CAP_SECONDS = 5.0


class RetryCount:
    """HTTP retries made while one event was being applied (mutable, one per event)."""

    def __init__(self) -> None:
        self.value = 0


_CURRENT_COUNT: ContextVar[RetryCount | None] = ContextVar("http_retry_count", default=None)


@contextmanager
def counting_http_retries(count: RetryCount) -> Iterator[RetryCount]:
    """Count every HTTP retry made in this context (this thread's calls) into ``count``."""
    token = _CURRENT_COUNT.set(count)
    try:
        yield count
    finally:
        _CURRENT_COUNT.reset(token)


class CountedRetry(Retry):
    """httpx-retries' ``Retry`` that also adds each retry to the current ``RetryCount``."""

    def increment(self) -> Retry:
        """Called once before every retry: count it, then let the library move on."""
        count = _CURRENT_COUNT.get()
        if count is not None:
            count.value += 1
        return super().increment()


def _pooled_transport() -> httpx.HTTPTransport:
    limits = httpx.Limits(
        max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS
    )
    return httpx.HTTPTransport(limits=limits)


def build_http_client(
    base_url: str,
    auth: httpx.Auth | None,
    timeout_seconds: float,
    retries: int = HTTP_RETRIES,
    backoff_factor: float = 0.2,
    transport: httpx.BaseTransport | None = None,
) -> httpx.Client:
    """An httpx client with the retry policy of this module (idempotent verbs only).

    A POST is never retried here: a timed-out create may have happened, so the caller's
    mapping check decides what to do next.
    """
    retry = CountedRetry(
        total=retries,
        backoff_factor=backoff_factor,
        allowed_methods=IDEMPOTENT_METHODS,
        status_forcelist=RETRY_STATUSES,
        retry_on_exceptions=CONNECTION_ERRORS,
        respect_retry_after_header=True,
        max_backoff_wait=RETRY_AFTER_CAP_SECONDS,
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
