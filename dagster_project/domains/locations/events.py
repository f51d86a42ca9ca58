"""The location events: the DPS id and key they carry, entity order, telemetry dimensions.

The old telemetry names the ids differently per flow: a create or delete says
`dpsLocationId`, an amend, deactivation or reactivation says `dpsId`. Kept as it was.
"""

from __future__ import annotations

import uuid

from pydantic import field_validator

from dagster_project.domains.locations.mapping import MappingType
from dagster_project.sync.payloads import EventPayload, Info

CREATED_IN_NOMIS = "NOMIS"


class LocationInfo(Info):
    """`additionalInformation`: the DPS location id and its key (e.g. MDI-A-1-001)."""

    id: str
    key: str
    source: str | None = None

    @field_validator("id")
    @classmethod
    def _uuid(cls, value: str) -> str:
        """Reject a non-UUID now (DPS location ids are UUIDs); keep the text as sent."""
        uuid.UUID(value)
        return value


class LocationEvent(EventPayload):
    """Every location event: one location's events are applied in order, one at a time.

    A parent and its child are different entities: a child applied before its parent is
    mapped fails and is retried (see `sync.ParentNotMapped`).
    """

    additional_information: LocationInfo

    def entity_key(self) -> str:
        return f"location:{self.additional_information.id}"

    @property
    def created_in_nomis(self) -> bool:
        """The change came from NOMIS (the NOMIS-to-DPS sync): nothing to write back."""
        return self.additional_information.source == CREATED_IN_NOMIS

    @property
    def dps_id(self) -> str:
        return self.additional_information.id

    @property
    def key(self) -> str:
        return self.additional_information.key


class LocationCreated(LocationEvent):
    def telemetry(self) -> dict[str, str]:
        return {"key": self.key, "dpsLocationId": self.dps_id}


class LocationDeleted(LocationEvent):
    """A soft delete in NOMIS; the dimension names of a create."""

    def telemetry(self) -> dict[str, str]:
        return {"dpsLocationId": self.dps_id, "key": self.key}


class LocationAmended(LocationEvent):
    def telemetry(self) -> dict[str, str]:
        return {"dpsId": self.dps_id, "key": self.key}


class LocationDeactivated(LocationAmended):
    pass


class LocationReactivated(LocationAmended):
    pass


class RetryLocationMapping(Info):
    """The mapping a RETRY_CREATE_MAPPING carries; it is re-POSTed exactly as carried."""

    dps_location_id: str
    nomis_location_id: int
    mapping_type: MappingType = "LOCATION_CREATED"
    label: str | None = None
