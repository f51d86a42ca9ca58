"""Case notes sync: DPS case notes into NOMIS, every NOMIS copy of a note kept in step.

One DPS case note is normally one NOMIS case note; after a prisoner merge NOMIS may hold copies
on several bookings, all mapped to the one DPS note, and an update or delete is applied to each.
Telemetry names and dimensions are the old service's (`casenotes-*`), so ops queries carry over.

Kept as the old service does it, on purpose:
- an event is applied only when `source` is DPS and `syncToNomis` is true; otherwise
  `casenotes-create-ignored` / `-amend-ignored` / `-deleted-ignored`, with no API call;
- create: any 200 from the mapping look-up, even an empty list, is "already mapped"
  (`casenotes-create-duplicate`); the DPS note is read with the event's prisoner number, which
  also addresses NOMIS; amendments are not sent on create;
- update: no mapping fails the event (retried, then dead-lettered); every mapped NOMIS note is
  rewritten with DPS's text and full amendment list (no diffing); the dimensions gain
  `nomisBookingId-<i>` / `nomisCaseNoteId-<i>` (1-based) as the notes are written, and
  `-amend-failed` carries those gathered so far and no `reason`;
- delete: no mapping is `casenotes-deleted-skipped`; the mapping DELETE after the NOMIS deletes
  is best effort (`casenotes-mapping-deleted-failed`, the event still succeeds);
- a mapping re-POSTed from a RETRY_CREATE_MAPPING reports `casenotes-create-success` with the
  carried attributes (there is no `-retry-success` name).

Deliberate deviations:
- a mapping POST answered 409 raises the shared duplicate alert
  (`to-nomis-synch-casenotes-duplicate`, with the 409's duplicate/existing ids) and the event
  succeeds. The old client read a 409 as any failure: it queued a RETRY_CREATE_MAPPING that
  could only fail again with 409 and end on the DLQ with no alert;
- delete: a NOMIS 404 for a mapped note means it is already gone (a retry after an earlier
  attempt deleted some copies, or a repair), so the event goes on to the next copy and the
  mapping. The old service failed it forever, leaving the other copies and the mapping;
- create is resumable: after an interrupted write (a killed run, a lost answer) the prisoner's
  NOMIS notes are read; the one unmapped note holding exactly what the create sends is mapped
  instead of written again (`is_written_from`). None, or more than one, and the create writes.
"""

from __future__ import annotations

import datetime as dt
import logging

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.casenotes.dps import CASENOTES_API, CaseNotesClient
from dagster_project.domains.casenotes.events import (
    MAPPING_TYPE,
    CaseNoteCreated,
    CaseNoteDeleted,
    CaseNoteEvent,
    CaseNoteUpdated,
    RetryCaseNoteMapping,
)
from dagster_project.domains.casenotes.mapping import CaseNoteMapping, CaseNoteMappingClient
from dagster_project.domains.casenotes.nomis import (
    CreateCaseNoteRequest,
    NomisCaseNote,
    NomisCaseNotesClient,
)
from dagster_project.domains.casenotes.rules import as_nomis_stores, create_request, update_request
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.domain import SyncWiring
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.synchronise import synchronise_create
from dagster_project.telemetry import Telemetry
from resources.errors import NotFound

NAME = "casenotes"
NO_MAPPING = "Tried to amend an casenote that has no mapping"
log = logging.getLogger(__name__)


def _seconds(value: dt.datetime | None) -> str | None:
    """A date-time as `yyyy-MM-ddTHH:mm:ss` without zone, None for none."""
    return None if value is None else value.replace(tzinfo=None).isoformat(timespec="seconds")


def is_written_from(written: NomisCaseNote, request: CreateCaseNoteRequest) -> bool:
    """Whether NOMIS's note is the one `request` creates, every sent field compared.

    The text as NOMIS stores it (cut at 4000 bytes), no amendments (a create sends none).
    """
    return (
        written.case_note_type.code == request.case_note_type
        and written.case_note_sub_type.code == request.case_note_sub_type
        and _seconds(written.occurrence_date_time) == _seconds(request.occurrence_date_time)
        and _seconds(written.creation_date_time) == _seconds(request.creation_date_time)
        and written.author_username == request.author_username
        and written.case_note_text
        == as_nomis_stores(request.case_note_text, request.creation_date_time)
        and not written.amendments
    )


class CaseNotesSync:
    """Applies case note events to NOMIS; telemetry as the old service."""

    def __init__(
        self,
        nomis: NomisCaseNotesClient,
        mapping: CaseNoteMappingClient,
        dps: CaseNotesClient,
        telemetry: Telemetry,
        retry_queue: MappingRetryQueue,
    ) -> None:
        self.nomis = nomis
        self.mapping = mapping
        self.dps = dps
        self._telemetry = telemetry
        self._retry_queue = retry_queue

    def created(self, event: CaseNoteCreated) -> None:
        """Create the NOMIS case note and its mapping (see `synchronise_create`)."""
        if self._ignored(event, "create"):
            return
        dps_id, offender_no = event.dps_case_note_id, event.offender_no

        def mapped_to(nomis_id: int, booking_id: int) -> CaseNoteMapping:
            return CaseNoteMapping(
                dps_case_note_id=dps_id,
                nomis_booking_id=booking_id,
                nomis_case_note_id=nomis_id,
                offender_no=offender_no,
                mapping_type=MAPPING_TYPE,
            )

        def transform(_dimensions: dict[str, str]) -> CaseNoteMapping:
            request = create_request(self.dps.get_case_note(offender_no, dps_id))
            created = self.nomis.create_case_note(offender_no, request)
            return mapped_to(created.id, created.booking_id)

        def find_written(_dimensions: dict[str, str]) -> CaseNoteMapping | None:
            request = create_request(self.dps.get_case_note(offender_no, dps_id))
            unmapped = [
                note
                for note in self.nomis.case_notes_of(offender_no)
                if is_written_from(note, request)
                and self.mapping.get_by_nomis_id(note.case_note_id) is None
            ]
            if len(unmapped) != 1:
                return None  # not written, or not telling which: writing again is the old way
            return mapped_to(unmapped[0].case_note_id, unmapped[0].booking_id)

        synchronise_create(
            name=NAME,
            telemetry=self._telemetry,
            dimensions=event.telemetry(),
            mapping_exists=lambda: self.mapping.get_all(dps_id) is not None,
            transform=transform,
            save_mapping=self.mapping.create,
            retry_queue=self._retry_queue,
            find_written=find_written,
        )

    def updated(self, event: CaseNoteUpdated) -> None:
        """Rewrite every mapped NOMIS copy with DPS's text and amendments.

        Raises:
            Exception: after `casenotes-amend-failed`, for any failure (the event is retried).
        """
        if self._ignored(event, "amend"):
            return
        self.amend(event.offender_no, event.dps_case_note_id, "amend")

    def amend(self, offender_no: str, dps_id: str, operation: str) -> None:
        """The amend flow (also the resynchronise operation's, as `operation` "repair").

        Raises:
            Exception: after `casenotes-<operation>-failed`, for any failure.
        """
        dimensions = {"dpsCaseNoteId": dps_id, "offenderNo": offender_no}
        try:
            mappings = self.mapping.get_all(dps_id)
            if mappings is None:
                raise LookupError(NO_MAPPING)
            request = update_request(self.dps.get_case_note(offender_no, dps_id))
            for index, mapping in enumerate(mappings, start=1):
                dimensions[f"nomisBookingId-{index}"] = str(mapping.nomis_booking_id)
                dimensions[f"nomisCaseNoteId-{index}"] = str(mapping.nomis_case_note_id)
                self.nomis.update_case_note(mapping.nomis_case_note_id, request)
        except Exception:
            self._telemetry.track(f"{NAME}-{operation}-failed", dimensions)
            raise
        self._telemetry.track(f"{NAME}-{operation}-success", dimensions)

    def deleted(self, event: CaseNoteDeleted) -> None:
        """Delete every mapped NOMIS copy, then the mapping (best effort).

        Raises:
            Exception: after `casenotes-deleted-failed`, for any failure (the event is retried).
        """
        if self._ignored(event, "deleted"):
            return
        dps_id = event.dps_case_note_id
        dimensions = event.telemetry()
        try:
            mappings = self.mapping.get_all(dps_id)
            if mappings is None:
                self._telemetry.track(f"{NAME}-deleted-skipped", dimensions)
                return
            for index, mapping in enumerate(mappings, start=1):
                dimensions[f"nomisBookingId-{index}"] = str(mapping.nomis_booking_id)
                dimensions[f"nomisCaseNoteId-{index}"] = str(mapping.nomis_case_note_id)
                try:
                    self.nomis.delete_case_note(mapping.nomis_case_note_id)
                except NotFound:
                    pass  # already deleted: see the module docstring
        except Exception:
            self._telemetry.track(f"{NAME}-deleted-failed", dimensions)
            raise
        try:
            self.mapping.delete_all(dps_id)
        except Exception as error:
            log.warning("Failed to delete the case note mappings of %s: %s", dps_id, error)
            self._telemetry.track(f"{NAME}-mapping-deleted-failed", {"dpsCaseNoteId": dps_id})
        self._telemetry.track(f"{NAME}-deleted-success", dimensions)

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        """Re-POST a mapping whose first save failed; NOMIS is not called again."""
        carried = RetryCaseNoteMapping.model_validate(retry.mapping)
        self.mapping.create(CaseNoteMapping.model_validate(carried.model_dump()))
        self._telemetry.track(f"{NAME}-create-success", retry.telemetry_attributes)

    def _ignored(self, event: CaseNoteEvent, operation: str) -> bool:
        if not event.should_sync:
            self._telemetry.track(f"{NAME}-{operation}-ignored", event.telemetry())
        return not event.should_sync


def build_sync(wiring: SyncWiring) -> CaseNotesSync:
    """The domain's one wiring: typed clients on the run's shared HTTP clients."""
    return CaseNotesSync(
        NomisCaseNotesClient(wiring.http(NOMIS_API)),
        CaseNoteMappingClient(wiring.http(MAPPING_API)),
        CaseNotesClient(wiring.http(CASENOTES_API)),
        wiring.telemetry,
        wiring.retry_queue,
    )
