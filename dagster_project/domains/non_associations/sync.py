"""Non-associations sync: DPS non-associations into NOMIS detail records, and prisoner merges.

A DPS non-association between two prisoners becomes one NOMIS detail record of their pair; the
mapping service records the DPS id against the pair, sorted (smaller prisoner number first), and
the record's type sequence. Telemetry names and dimensions are the old service's
(`non-association-*`), so ops queries carry over.

Kept as the old service does it, on purpose:
- an event whose `source` is "NOMIS" is ignored (`-<op>-ignored`) with no API call; a missing
  `source` means DPS;
- create: a DPS 404 is a `-create-failed` like any error (retried, then dead-lettered); NOMIS
  gets the pair in DPS's order, the mapping the sorted pair;
- amend reads DPS before the mapping; amend, close and delete need the mapping (a 404 fails the
  event, so one arriving before its create is retried until the create lands) and address
  NOMIS with the mapping's sorted pair, not the NOMIS record's own order;
- `-amend-failed`, `-close-failed` and `-delete-failed` carry the ids gathered so far and no
  `reason` (the run log and the DLQ message carry it);
- a merge whose `reason` is not "MERGE" does nothing at all; a booking move always reports
  success, `count` "0" when NOMIS lists no non-association on the booking;
- a mapping re-POSTed from a RETRY_CREATE_MAPPING reports
  `non-association-create-mapping-retry-success` with the carried attributes.

Deliberate deviations:
- create is resumable: after an interrupted write (a killed run, a lost answer) NOMIS is read
  for the pair (`GET .../all`); the one open, unmapped detail record holding exactly what the
  create sends is the one written, and is mapped instead of written again (`is_written_from`).
  None, or more than one, and the create writes as before;
- delete: when NOMIS answers 404 for the mapped detail record, it is already gone (a retry after
  the mapping DELETE failed, or a repair), so the mapping is deleted and the event succeeds. The
  old service dead-lettered that retry, leaving a mapping to a record that no longer exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.non_associations.dps import (
    NON_ASSOCIATIONS_API,
    NonAssociationsClient,
)
from dagster_project.domains.non_associations.events import (
    MAPPING_TYPE,
    MERGE,
    BookingMoved,
    NonAssociationAmended,
    NonAssociationClosed,
    NonAssociationCreated,
    NonAssociationDeleted,
    NonAssociationEvent,
    PrisonerMerged,
    RetryNonAssociationMapping,
)
from dagster_project.domains.non_associations.mapping import (
    NonAssociationMapping,
    NonAssociationMappingClient,
    sorted_pair,
)
from dagster_project.domains.non_associations.merge import PrisonerMerge
from dagster_project.domains.non_associations.nomis import (
    CreateNonAssociationRequest,
    NomisNonAssociationsClient,
    NonAssociationDetail,
)
from dagster_project.domains.non_associations.rules import (
    create_request,
    london_today,
    update_request,
)
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.domain import SyncWiring
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.synchronise import synchronise_create
from dagster_project.telemetry import Telemetry
from resources.errors import NotFound

NAME = "non-association"


def is_written_from(written: NonAssociationDetail, request: CreateNonAssociationRequest) -> bool:
    """Whether NOMIS's detail record is the one `request` creates, field by field.

    Open (a create sends no expiry), the same type, effective date, authoriser and comment,
    and each prisoner's reason, in whichever offender order NOMIS stores the pair.
    """
    sent = {request.offender_no: request.reason, request.ns_offender_no: request.recip_reason}
    held = {written.offender_no: written.reason, written.ns_offender_no: written.recip_reason}
    return (
        held == sent
        and written.expiry_date is None
        and written.type == request.type
        and written.effective_date == request.effective_date
        and written.authorised_by == request.authorised_by
        and written.comment == request.comment
    )


class NonAssociationsSync:
    """Applies non-association and prisoner events to NOMIS; telemetry as the old service."""

    def __init__(
        self,
        nomis: NomisNonAssociationsClient,
        mapping: NonAssociationMappingClient,
        dps: NonAssociationsClient,
        telemetry: Telemetry,
        retry_queue: MappingRetryQueue,
        *,
        today: Callable[[], dt.date] = london_today,
    ) -> None:
        self.nomis = nomis
        self.mapping = mapping
        self.dps = dps
        self._telemetry = telemetry
        self._retry_queue = retry_queue
        self._today = today

    def created(self, event: NonAssociationCreated) -> None:
        """Create the NOMIS detail record and its mapping (see `synchronise_create`)."""
        if self._ignored(event, "create"):
            return
        non_association_id = event.additional_information.id

        def request_for(dimensions: dict[str, str]) -> CreateNonAssociationRequest:
            request = create_request(self.dps.get_legacy(non_association_id))
            dimensions.update(offenderNo=request.offender_no, nsOffenderNo=request.ns_offender_no)
            return request

        def mapped_to(request: CreateNonAssociationRequest, sequence: int) -> NonAssociationMapping:
            first, second = sorted_pair(request.offender_no, request.ns_offender_no)
            return NonAssociationMapping(
                non_association_id=non_association_id,
                first_offender_no=first,
                second_offender_no=second,
                nomis_type_sequence=sequence,
                mapping_type=MAPPING_TYPE,
            )

        def transform(dimensions: dict[str, str]) -> NonAssociationMapping:
            request = request_for(dimensions)
            return mapped_to(request, self.nomis.create_detail(request))

        def find_written(dimensions: dict[str, str]) -> NonAssociationMapping | None:
            request = request_for(dimensions)
            first, second = sorted_pair(request.offender_no, request.ns_offender_no)
            unmapped = [
                detail.type_sequence
                for detail in self.nomis.details(request.offender_no, request.ns_offender_no)
                if is_written_from(detail, request)
                and self.mapping.get_by_detail(first, second, detail.type_sequence) is None
            ]
            if len(unmapped) != 1:
                return None  # not written, or not telling which: writing again is the old way
            return mapped_to(request, unmapped[0])

        synchronise_create(
            name=NAME,
            telemetry=self._telemetry,
            dimensions=event.telemetry(),
            mapping_exists=lambda: self.mapping.get(non_association_id) is not None,
            transform=transform,
            save_mapping=self.mapping.create,
            retry_queue=self._retry_queue,
            find_written=find_written,
        )

    def amended(self, event: NonAssociationAmended) -> None:
        """Overwrite the mapped NOMIS detail record with DPS's current values.

        Raises:
            Exception: after `-amend-failed`, for any failure (the event is retried).
        """
        if self._ignored(event, "amend"):
            return
        dimensions = event.telemetry()
        try:
            legacy = self.dps.get_legacy(event.additional_information.id)
            mapping = self._mapping_of(event, dimensions)
            self.nomis.update_detail(*_detail(mapping), update_request(legacy))
        except Exception:
            self._telemetry.track(f"{NAME}-amend-failed", dimensions)
            raise
        self._telemetry.track(f"{NAME}-amend-success", dimensions)

    def closed(self, event: NonAssociationClosed) -> None:
        """Expire the mapped NOMIS detail record (DPS is not read).

        Raises:
            Exception: after `-close-failed`, for any failure (the event is retried).
        """
        if self._ignored(event, "close"):
            return
        dimensions = event.telemetry()
        try:
            self.nomis.close_detail(*_detail(self._mapping_of(event, dimensions)))
        except Exception:
            self._telemetry.track(f"{NAME}-close-failed", dimensions)
            raise
        self._telemetry.track(f"{NAME}-close-success", dimensions)

    def deleted(self, event: NonAssociationDeleted) -> None:
        """Delete the mapped NOMIS detail record, then the mapping (kept if NOMIS fails).

        Raises:
            Exception: after `-delete-failed`, for any failure (the event is retried).
        """
        if self._ignored(event, "delete"):
            return
        dimensions = event.telemetry()
        try:
            mapping = self._mapping_of(event, dimensions)
            try:
                self.nomis.delete_detail(*_detail(mapping))
            except NotFound:
                pass  # already deleted: see the module docstring
            self.mapping.delete(mapping.non_association_id)
        except Exception:
            self._telemetry.track(f"{NAME}-delete-failed", dimensions)
            raise
        self._telemetry.track(f"{NAME}-delete-success", dimensions)

    def prisoner_merged(self, event: PrisonerMerged) -> None:
        """Repoint shared third parties' mappings, then move every mapping to the survivor."""
        info = event.additional_information
        if info.reason != MERGE:
            return
        merge = PrisonerMerge(self.nomis, self.mapping, self.dps, self._today())
        merge.apply(info.removed_noms_number, info.noms_number)
        self._telemetry.track(f"{NAME}-merge-success", {**event.telemetry(), **merge.report})

    def booking_moved(self, event: BookingMoved) -> None:
        """Move the mappings of the booking's non-associations to the prisoner it moved to."""
        info = event.additional_information
        pairs = self.nomis.on_booking(info.booking_id)
        if pairs:
            to = info.moved_to_noms_number
            others = [p.offender_no2 if p.offender_no1 == to else p.offender_no1 for p in pairs]
            self.mapping.move(info.moved_from_noms_number, to, others)
        self._telemetry.track(
            f"{NAME}-booking-moved-success", {**event.telemetry(), "count": str(len(pairs))}
        )

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        """Re-POST a mapping whose first save failed; NOMIS is not called again."""
        carried = RetryNonAssociationMapping.model_validate(retry.mapping)
        self.mapping.create(NonAssociationMapping.model_validate(carried.model_dump()))
        self._telemetry.track(f"{NAME}-create-mapping-retry-success", retry.telemetry_attributes)

    def _ignored(self, event: NonAssociationEvent, operation: str) -> bool:
        if event.created_in_nomis:
            self._telemetry.track(f"{NAME}-{operation}-ignored", event.telemetry())
        return event.created_in_nomis

    def _mapping_of(
        self, event: NonAssociationEvent, dimensions: dict[str, str]
    ) -> NonAssociationMapping:
        """The event's mapping, its pair and sequence added to the dimensions.

        Raises:
            LookupError: no mapping (not created yet, or deleted).
        """
        non_association_id = event.additional_information.id
        mapping = self.mapping.get(non_association_id)
        if mapping is None:
            raise LookupError(f"No mapping found for non-association {non_association_id}")
        dimensions.update(
            offender1=mapping.first_offender_no,
            offender2=mapping.second_offender_no,
            sequence=str(mapping.nomis_type_sequence),
        )
        return mapping


def _detail(mapping: NonAssociationMapping) -> tuple[str, str, int]:
    """The NOMIS detail record a mapping names: its sorted pair and type sequence."""
    return mapping.first_offender_no, mapping.second_offender_no, mapping.nomis_type_sequence


def build_sync(wiring: SyncWiring) -> NonAssociationsSync:
    """The domain's one wiring: typed clients on the run's shared HTTP clients."""
    return NonAssociationsSync(
        NomisNonAssociationsClient(wiring.http(NOMIS_API)),
        NonAssociationMappingClient(wiring.http(MAPPING_API)),
        NonAssociationsClient(wiring.http(NON_ASSOCIATIONS_API)),
        wiring.telemetry,
        wiring.retry_queue,
    )
