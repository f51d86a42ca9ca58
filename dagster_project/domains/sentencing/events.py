"""The three sentencing adjustment events: `additionalInformation` and entity order."""

from __future__ import annotations

import uuid

from pydantic import field_validator

from dagster_project.domains.sentencing.mapping import AdjustmentCategory, MappingType
from dagster_project.sync.payloads import EventPayload, Info

CREATED_IN_NOMIS = "NOMIS"
MAPPING_TYPE: MappingType = "SENTENCING_CREATED"


class AdjustmentInfo(Info):
    """`additionalInformation` of every adjustment event; `source` is required, as upstream."""

    id: str
    offender_no: str
    source: str

    @field_validator("id")
    @classmethod
    def _uuid(cls, value: str) -> str:
        """Reject a non-UUID now (the DPS API only serves UUIDs); keep the text as sent."""
        uuid.UUID(value)
        return value


class AdjustmentEvent(EventPayload):
    """All three adjustment events; they share entity order, telemetry and the source rule."""

    additional_information: AdjustmentInfo

    def entity_key(self) -> str:
        return f"adjustment:{self.additional_information.id}"

    def telemetry(self) -> dict[str, str]:
        info = self.additional_information
        return {"adjustmentId": info.id, "offenderNo": info.offender_no}

    @property
    def created_in_nomis(self) -> bool:
        """Only the exact value "NOMIS" means the change came from NOMIS (anything else is DPS)."""
        return self.additional_information.source == CREATED_IN_NOMIS


class AdjustmentInserted(AdjustmentEvent):
    pass


class AdjustmentUpdated(AdjustmentEvent):
    pass


class AdjustmentDeleted(AdjustmentEvent):
    pass


class RetryAdjustmentMapping(Info):
    """The mapping a RETRY_CREATE_MAPPING carries; it is re-POSTed exactly as carried."""

    nomis_adjustment_id: int
    nomis_adjustment_category: AdjustmentCategory
    adjustment_id: str
    mapping_type: MappingType = MAPPING_TYPE
    label: str | None = None
