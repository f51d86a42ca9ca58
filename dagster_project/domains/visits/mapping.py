"""Mapping service, visits: which NOMIS visit each VSIP visit became."""

from __future__ import annotations

from typing import Literal

from resources.http import ApiClient, dump_body
from resources.wire import WireModel


class VisitMapping(WireModel):
    nomis_id: int
    vsip_id: str
    mapping_type: Literal["MIGRATED", "ONLINE"]
    label: str | None = None


class VisitMappingClient(ApiClient):
    """Look-ups return None when no mapping exists; creates raise Conflict on a duplicate."""

    api_name = "nomis-mapping-api"

    def get_visit_mapping(self, vsip_id: str) -> VisitMapping | None:
        response = self._get_or_none(f"/mapping/visits/vsipId/{vsip_id}")
        return None if response is None else VisitMapping.model_validate(response.json())

    def create_visit_mapping(self, mapping: VisitMapping) -> None:
        self._send("POST", "/mapping/visits", json=dump_body(mapping))
