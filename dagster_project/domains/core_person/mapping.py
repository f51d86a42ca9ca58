"""Mapping service: which NOMIS belief each CPR religion is (written by the NOMIS-to-CPR sync)."""

from __future__ import annotations

from typing import Literal

from resources.http import ApiClient
from resources.wire import WireModel

MappingType = Literal["MIGRATED", "DPS_CREATED", "NOMIS_CREATED"]


class ReligionMapping(WireModel):
    """`ReligionMappingDto`."""

    cpr_id: str
    nomis_id: int
    nomis_prison_number: str
    mapping_type: MappingType
    label: str | None = None
    when_created: str | None = None


class ReligionMappingClient(ApiClient):
    """Religion mappings; this service only reads them."""

    api_name = "nomis-mapping-api"

    def by_cpr_ids(self, cpr_ids: list[str]) -> list[ReligionMapping]:
        """The mappings of the given CPR religions (those with none are left out)."""
        response = self._send(
            "GET", "/mapping/core-person-religion/religion/cpr-ids", params={"ids": cpr_ids}
        )
        return [ReligionMapping.model_validate(item) for item in response.json()]
