"""Real clients, built exactly as production builds them, against a respx-mocked estate.

The estate has the sandbox's prefix layout on ``https://estate.test``; only the token endpoint is
mocked up front (route ``token``), each test mocks the API routes it needs.
"""

from collections.abc import Callable, Iterator

import httpx
import pytest
import respx

from resources.auth import ClientCredentialsAuth, clear_token_cache
from resources.dps.activities import ActivitiesClient
from resources.dps.incentives import IncentivesClient
from resources.dps.visits import VisitsClient
from resources.http import build_http_client
from resources.nomis_mapping.client import NomisMappingClient
from resources.nomis_prisoner.activities import NomisActivitiesClient
from resources.nomis_prisoner.client import NomisPrisonerClient
from tests.test_resources.payloads import ESTATE, SECRET, TOKEN, TOKEN_URL

TIMEOUT_SECONDS = 7.5


def build_http(
    prefix: str, client_id: str = "prisoner-to-nomis-sync", retries: int = 2
) -> httpx.Client:
    """The production construction: ClientCredentialsAuth + build_http_client (no backoff)."""
    auth = ClientCredentialsAuth(TOKEN_URL, client_id, SECRET)
    return build_http_client(
        f"{ESTATE}{prefix}", auth, TIMEOUT_SECONDS, retries=retries, backoff_factor=0
    )


def token_response(token: str = TOKEN, expires_in: int = 1200) -> httpx.Response:
    return httpx.Response(
        200, json={"access_token": token, "token_type": "bearer", "expires_in": expires_in}
    )


@pytest.fixture
def estate() -> Iterator[respx.MockRouter]:
    clear_token_cache()
    with respx.mock(base_url=ESTATE, assert_all_called=False) as router:
        router.post("/auth/oauth/token", name="token").mock(return_value=token_response())
        yield router
    clear_token_cache()


@pytest.fixture
def make_client(estate) -> Iterator[Callable]:
    made = []

    def make(cls, prefix, **kwargs):
        client = cls(build_http(prefix, **kwargs))
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def nomis(make_client) -> NomisPrisonerClient:
    return make_client(NomisPrisonerClient, "/nomis")


@pytest.fixture
def nomis_activities(make_client) -> NomisActivitiesClient:
    return make_client(NomisActivitiesClient, "/nomis")


@pytest.fixture
def mapping(make_client) -> NomisMappingClient:
    return make_client(NomisMappingClient, "/mapping-api")


@pytest.fixture
def incentives(make_client) -> IncentivesClient:
    return make_client(IncentivesClient, "/incentives")


@pytest.fixture
def activities(make_client) -> ActivitiesClient:
    return make_client(ActivitiesClient, "/activities")


@pytest.fixture
def visits(make_client) -> VisitsClient:
    return make_client(VisitsClient, "/visits-api")
