"""The two APIs every domain writes through: the NOMIS prisoner API and the mapping service."""

from __future__ import annotations

import httpx

from dagster_project.domains.shared_clients import MappingProbeClient, NomisPrisonersClient
from dagster_project.sync.domain import Api


def _nomis_probe(http: httpx.Client) -> str:
    page = NomisPrisonersClient(http).get_active_prisoner_ids(page=0, size=1)
    return f"GET /prisoners/ids/active: {page.total_elements} active prisoners"


def _mapping_probe(http: httpx.Client) -> str:
    found = MappingProbeClient(http).incentive_mapping_exists(0)
    return f"GET /mapping/incentives/incentive-id/0: {'200' if found else '404 as expected'}"


NOMIS_API = Api(
    key="nomis_prisoner_api",
    env="NOMIS",
    title="NOMIS prisoner API",
    default_client_id="nomis-api",
    sandbox_path="/nomis",
    probe=_nomis_probe,
    spec_file="nomis-prisoner-api-docs.json",
)

MAPPING_API = Api(
    key="nomis_mapping_api",
    env="MAPPING",
    title="NOMIS mapping service",
    default_client_id="mapping-api",
    sandbox_path="/mapping-api",
    probe=_mapping_probe,
    spec_file="nomis-mapping-service-api-docs.json",
    timeout_setting="mapping_timeout_seconds",
)
