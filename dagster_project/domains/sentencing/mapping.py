"""Mapping service: which NOMIS sentence or key-date adjustment each DPS adjustment became."""

from __future__ import annotations

from typing import Literal

from resources.http import ApiClient, dump_body
from resources.wire import WireModel

AdjustmentCategory = Literal["SENTENCE", "KEY-DATE"]
MappingType = Literal["MIGRATED", "NOMIS_CREATED", "SENTENCING_CREATED"]


class AdjustmentMapping(WireModel):
    """`SentencingAdjustmentMappingDto`; the category says which NOMIS table the id belongs to."""

    nomis_adjustment_id: int
    nomis_adjustment_category: AdjustmentCategory
    adjustment_id: str
    mapping_type: MappingType
    label: str | None = None


class NomisAdjustmentMappingClient(ApiClient):
    """Look-ups return None when no mapping exists; creates raise Conflict on a duplicate."""

    api_name = "nomis-mapping-api"

    def get_adjustment_mapping(self, adjustment_id: str) -> AdjustmentMapping | None:
        response = self._get_or_none(
            f"/mapping/sentencing/adjustments/adjustment-id/{adjustment_id}"
        )
        return None if response is None else AdjustmentMapping.model_validate(response.json())

    def get_adjustment_mapping_by_nomis_id(
        self, category: AdjustmentCategory, nomis_adjustment_id: int
    ) -> AdjustmentMapping | None:
        """The mapping of a NOMIS adjustment (ids are per category), or None when unmapped."""
        response = self._get_or_none(
            f"/mapping/sentencing/adjustments/nomis-adjustment-category/{category}"
            f"/nomis-adjustment-id/{nomis_adjustment_id}"
        )
        return None if response is None else AdjustmentMapping.model_validate(response.json())

    def create_adjustment_mapping(self, mapping: AdjustmentMapping) -> None:
        """Raises Conflict when the DPS or the NOMIS adjustment is already mapped."""
        self._send("POST", "/mapping/sentencing/adjustments", json=dump_body(mapping))

    def delete_adjustment_mapping(self, adjustment_id: str) -> None:
        self._send("DELETE", f"/mapping/sentencing/adjustments/adjustment-id/{adjustment_id}")
