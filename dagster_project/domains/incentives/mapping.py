"""Mapping service, incentives: which NOMIS IEP row each DPS review became."""

from __future__ import annotations

from typing import Literal

from resources.http import ApiClient, dump_body
from resources.wire import WireModel


class IncentiveMapping(WireModel):
    nomis_booking_id: int
    nomis_incentive_sequence: int
    incentive_id: int
    mapping_type: Literal["MIGRATED", "NOMIS_CREATED", "INCENTIVE_CREATED"]
    label: str | None = None


class IncentiveMappingClient(ApiClient):
    """Look-ups return None when no mapping exists; creates raise Conflict on a duplicate."""

    api_name = "nomis-mapping-api"

    def get_incentive_mapping(self, incentive_id: int) -> IncentiveMapping | None:
        response = self._get_or_none(f"/mapping/incentives/incentive-id/{incentive_id}")
        return None if response is None else IncentiveMapping.model_validate(response.json())

    def create_incentive_mapping(self, mapping: IncentiveMapping) -> None:
        self._send("POST", "/mapping/incentives", json=dump_body(mapping))
