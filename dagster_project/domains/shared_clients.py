"""Reads of the shared NOMIS prisoner API and mapping service that belong to no one domain."""

from __future__ import annotations

from resources.http import ApiClient
from resources.wire import WireModel


class PrisonerId(WireModel):
    booking_id: int
    offender_no: str


class PrisonerIdsPage(WireModel):
    content: list[PrisonerId]
    total_elements: int


class NomisPrisonersClient(ApiClient):
    """The active prisoners NOMIS holds: the population per-prisoner reconciliations walk."""

    api_name = "nomis-prisoner-api"

    def get_active_prisoner_ids(self, page: int, size: int) -> PrisonerIdsPage:
        response = self._send("GET", "/prisoners/ids/active", params={"page": page, "size": size})
        return PrisonerIdsPage.model_validate(response.json())


class MappingProbeClient(ApiClient):
    """The mapping service has no domain-free read: its health probe looks up a sentinel id."""

    api_name = "nomis-mapping-api"

    def incentive_mapping_exists(self, incentive_id: int) -> bool:
        """True on 200, False on 404 (the service checked the token and roles either way)."""
        return self._get_or_none(f"/mapping/incentives/incentive-id/{incentive_id}") is not None
