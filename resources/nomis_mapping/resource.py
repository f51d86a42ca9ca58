"""Dagster resource for the mapping service."""

from resources.api_resource import HmppsApiResource
from resources.nomis_mapping.client import NomisMappingClient


class NomisMappingApi(HmppsApiResource):
    """Mapping service: records which NOMIS record each DPS record became."""

    def get_client(self) -> NomisMappingClient:
        return NomisMappingClient(self.build_http())
