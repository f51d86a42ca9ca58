"""Real clients pointed at a respx-mocked estate (same prefix layout as the sandbox)."""

from __future__ import annotations

from dataclasses import dataclass

from resources.auth import ClientCredentialsAuth
from resources.dps.incentives import IncentivesClient
from resources.dps.visits import VisitsClient
from resources.http import build_http_client
from resources.nomis_mapping.client import NomisMappingClient
from resources.nomis_prisoner.client import NomisPrisonerClient

ESTATE = "https://estate.test"
TOKEN_URL = f"{ESTATE}/auth/oauth/token"


def _http(prefix: str, client_id: str):  # noqa: ANN202
    auth = ClientCredentialsAuth(TOKEN_URL, client_id, "unit-test-secret")
    return build_http_client(f"{ESTATE}{prefix}", auth, 5.0, retries=1, backoff_factor=0)


@dataclass
class Clients:
    nomis: NomisPrisonerClient
    mapping: NomisMappingClient
    incentives: IncentivesClient
    visits: VisitsClient


def make_clients() -> Clients:
    return Clients(
        NomisPrisonerClient(_http("/nomis", "nomis-api")),
        NomisMappingClient(_http("/mapping-api", "mapping-api")),
        IncentivesClient(_http("/incentives", "incentives-api")),
        VisitsClient(_http("/visits-api", "visits-api")),
    )
