"""The non-association events and the two prisoner events of prison-offender-events.

The four `non-associations.*` events need `version` and `description` as well as their id, as
the old service's event model did; without them the event can never be read (poison).
"""

from __future__ import annotations

from dagster_project.domains.non_associations.mapping import MappingType
from dagster_project.sync.payloads import EventPayload, Info

CREATED_IN_NOMIS = "NOMIS"
MERGE = "MERGE"
MAPPING_TYPE: MappingType = "NON_ASSOCIATION_CREATED"


class NonAssociationInfo(Info):
    """`id` is a number (the string "12345" is read as one); no `source` means DPS."""

    id: int
    source: str | None = None


class NonAssociationEvent(EventPayload):
    """Created, amended, closed and deleted: one DPS non-association, in `occurredAt` order."""

    version: str | int
    description: str
    additional_information: NonAssociationInfo

    def entity_key(self) -> str:
        return f"non-association:{self.additional_information.id}"

    def telemetry(self) -> dict[str, str]:
        return {"nonAssociationId": str(self.additional_information.id)}

    @property
    def created_in_nomis(self) -> bool:
        """Only the exact value "NOMIS": the from-NOMIS sync made it, echoing it would loop."""
        return self.additional_information.source == CREATED_IN_NOMIS


class NonAssociationCreated(NonAssociationEvent):
    pass


class NonAssociationAmended(NonAssociationEvent):
    pass


class NonAssociationClosed(NonAssociationEvent):
    pass


class NonAssociationDeleted(NonAssociationEvent):
    pass


class MergeInfo(Info):
    reason: str
    noms_number: str
    removed_noms_number: str


class PrisonerMerged(EventPayload):
    """NOMIS merged `removedNomsNumber` into `nomsNumber` (the survivor)."""

    additional_information: MergeInfo

    def entity_key(self) -> str:
        return f"prisoner:{self.additional_information.noms_number}"

    def telemetry(self) -> dict[str, str]:
        info = self.additional_information
        return {
            "removedNomsNumber": info.removed_noms_number,
            "nomsNumber": info.noms_number,
            "reason": info.reason,
        }


class BookingMovedInfo(Info):
    booking_id: int
    moved_from_noms_number: str
    moved_to_noms_number: str
    booking_start_date_time: str | None = None


class BookingMoved(EventPayload):
    """NOMIS moved a booking, with its non-associations, to another prisoner."""

    additional_information: BookingMovedInfo

    def entity_key(self) -> str:
        return f"prisoner:{self.additional_information.moved_to_noms_number}"

    def telemetry(self) -> dict[str, str]:
        info = self.additional_information
        dimensions = {
            "movedFromNomsNumber": info.moved_from_noms_number,
            "movedToNomsNumber": info.moved_to_noms_number,
            "bookingId": str(info.booking_id),
        }
        if info.booking_start_date_time is not None:
            dimensions["bookingStartDateTime"] = info.booking_start_date_time
        return dimensions


class RetryNonAssociationMapping(Info):
    """The mapping a RETRY_CREATE_MAPPING carries; it is re-POSTed exactly as carried."""

    non_association_id: int
    first_offender_no: str
    second_offender_no: str
    nomis_type_sequence: int
    mapping_type: MappingType = MAPPING_TYPE
    label: str | None = None
