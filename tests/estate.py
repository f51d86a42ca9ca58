"""Real clients, built exactly as production builds them, against the respx-mocked estate.

The estate has the sandbox's prefix layout on `ESTATE` (each API under its `sandbox_path`);
`wire` builds a domain's sync service through the domain's own `build_sync`, and `dispatch`
applies an SQS body the way a run does (triage, then the event table's handler).
"""

from __future__ import annotations

from typing import Any

import httpx

from dagster_project.sync.domain import Api, Domain, SyncWiring
from dagster_project.sync.intents import watching_writes
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.triage import Accepted, triage
from dagster_project.telemetry import Telemetry
from resources.auth import ClientCredentialsAuth
from resources.http import build_http_client
from tests.fakes import FakeQueue
from tests.wire import ESTATE, SECRET, TOKEN, TOKEN_URL

TIMEOUT_SECONDS = 7.5


def build_http(
    prefix: str, client_id: str = "prisoner-to-nomis-sync", retries: int = 2
) -> httpx.Client:
    """The production construction: ClientCredentialsAuth + build_http_client (no backoff).

    Watching writes as a run's clients do (`ApiClients`), so a write bracket records its intent.
    """
    auth = ClientCredentialsAuth(TOKEN_URL, client_id, SECRET)
    return watching_writes(
        build_http_client(
            f"{ESTATE}{prefix}", auth, TIMEOUT_SECONDS, retries=retries, backoff_factor=0
        )
    )


def token_response(token: str = TOKEN, expires_in: int = 1200) -> httpx.Response:
    return httpx.Response(
        200, json={"access_token": token, "token_type": "bearer", "expires_in": expires_in}
    )


class EstateClients:
    """One client per API on the estate, as a run's `ApiClients` would hand them out."""

    def __init__(self, retries: int = 1) -> None:
        self._retries = retries
        self._clients: dict[str, httpx.Client] = {}

    def http(self, api: Api) -> httpx.Client:
        if api.key not in self._clients:
            self._clients[api.key] = build_http(
                api.sandbox_path, api.default_client_id, retries=self._retries
            )
        return self._clients[api.key]

    def close(self) -> None:
        for client in self._clients.values():
            client.close()


def wire(
    domain: Domain[Any], clients: EstateClients, telemetry: Telemetry, queue: FakeQueue
) -> Any:
    """The domain's sync service, built by its one `build_sync` on estate clients."""
    retry_queue = MappingRetryQueue(queue, domain.name, domain.telemetry_prefix, telemetry)
    return domain.build_sync(SyncWiring(clients.http, telemetry, retry_queue))


def dispatch(domain: Domain[Any], sync: Any, body: str) -> None:
    """Triage an SQS body for `domain` and call its handler, as the batch processor does."""
    decision = triage(domain, body, frozenset())
    assert isinstance(decision, Accepted), decision
    if decision.retry is not None:
        sync.retry_create_mapping(decision.retry)
    else:
        assert decision.handle is not None
        decision.handle(sync, decision.payload)
