"""The Dagster resource of every HMPPS API: config only, the client is built on demand."""

from __future__ import annotations

import dagster as dg
import httpx
from pydantic import Field

from resources.auth import ClientCredentialsAuth
from resources.http import HTTP_RETRIES, MAX_HTTP_RETRIES, build_http_client


class HmppsApiResource(dg.ConfigurableResource):
    """Base URL, timeout and the API's own client-credentials registration (secret via EnvVar)."""

    base_url: str = Field(description="Base URL of the API, e.g. https://nomis-prisoner-api...")
    token_url: str = Field(description="HMPPS auth token endpoint (…/auth/oauth/token)")
    client_id: str = Field(description="Client id of this API's registration")
    client_secret: str = Field(
        description="Client secret; bind with dg.EnvVar so it never shows", repr=False
    )
    timeout_seconds: float = Field(default=30.0, description="Per-request timeout")
    retries: int = Field(
        default=HTTP_RETRIES,
        ge=0,
        le=MAX_HTTP_RETRIES,
        description="HTTP retries of an idempotent call on 429/502/503/504 or a connection error"
        " (the batch retries events too: see resources/http.py for the total)",
    )

    def build_http(self, max_connections: int | None = None) -> httpx.Client:
        """An authenticated, retrying httpx client for this API.

        `max_connections` caps the requests in flight from this client: a request beyond it
        waits for a free connection (None: the shared default pool).
        """
        auth = ClientCredentialsAuth(self.token_url, self.client_id, self.client_secret)
        transport = None
        if max_connections is not None:
            limits = httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            )
            transport = httpx.HTTPTransport(limits=limits)
        return build_http_client(
            self.base_url, auth, self.timeout_seconds, retries=self.retries, transport=transport
        )
