"""Dagster resource for the NOMIS prisoner API."""

from resources.api_resource import HmppsApiResource
from resources.nomis_prisoner.activities import NomisActivitiesClient
from resources.nomis_prisoner.client import NomisPrisonerClient


class NomisPrisonerApi(HmppsApiResource):
    """NOMIS prisoner API: every sync ends with a write here."""

    def get_client(self) -> NomisPrisonerClient:
        return NomisPrisonerClient(self.build_http())

    def get_activities_client(self) -> NomisActivitiesClient:
        return NomisActivitiesClient(self.build_http())
