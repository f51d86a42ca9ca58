"""Mapping service: which NOMIS internal location each DPS location (UUID) is."""

from __future__ import annotations

from typing import Literal

from resources.http import ApiClient, dump_body
from resources.wire import WireModel

MappingType = Literal["MIGRATED", "NOMIS_CREATED", "LOCATION_CREATED"]


class LocationMapping(WireModel):
    dps_location_id: str
    nomis_location_id: int
    mapping_type: MappingType
    label: str | None = None


class LocationMappingClient(ApiClient):
    """Look-ups return None when no mapping exists; creates raise Conflict on a duplicate."""

    api_name = "nomis-mapping-api"

    def get_by_dps_id(self, dps_location_id: str) -> LocationMapping | None:
        response = self._get_or_none(f"/mapping/locations/dps/{dps_location_id}")
        return None if response is None else LocationMapping.model_validate(response.json())

    def get_by_nomis_id(self, nomis_location_id: int) -> LocationMapping | None:
        response = self._get_or_none(f"/mapping/locations/nomis/{nomis_location_id}")
        return None if response is None else LocationMapping.model_validate(response.json())

    def create_mapping(self, mapping: LocationMapping) -> None:
        """Raises Conflict when the DPS or the NOMIS location is already mapped."""
        self._send("POST", "/mapping/locations", json=dump_body(mapping))
