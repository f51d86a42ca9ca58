"""CSIP sync: a DPS CSIP report, whole, into NOMIS (`PUT /csip`), with its child mappings.

Telemetry names and dimensions are the old service's (`csip-*`), so ops queries carry over.

Kept as the old service does it, on purpose:
- every event is processed (there is no source filter); the telemetry `offenderNo` is the
  event's NOMS number while NOMIS gets the DPS record's `prisonNumber`;
- create: the mapping check, DPS, `PUT /csip` without ids, then the full mapping built from
  NOMIS's `components` (child lists always sent, empty when none). A failure to save it,
  **409 included**, re-queues the mapping (RETRY_CREATE_MAPPING, entity `csip`): the old service
  posted it with a plain client, so a 409 was never reported as a duplicate;
- update (the path of every child change, and of the repair): the full mapping (none fails the
  event: "Tried to update csip … that has never been created", so an update before its create
  is retried until the create lands), DPS, `PUT /csip` with the report's and each mapped
  child's NOMIS id; the children NOMIS created are posted to `/mapping/csip/children/all`,
  where a 409 is `csip-children-mapping-create-failed` plus the duplicate alert
  `to-nomis-synch-csip-children-duplicate` (no retry), and any other failure re-queues it
  (entity `csip-children`). The outcome of that post never fails the event:
  `csip-children-create-success` is reported whatever it was, and also when NOMIS created no
  child (the old, misleading name is kept for the ops queries). Failures before it are
  `csip-children-create-failed` (no `reason`);
- delete: no mapping is `csip-deleted-skipped`; NOMIS `DELETE /csip/{id}`, then the mapping (a
  failure there is only `csip-mapping-deleted-failed`);
- a RETRY_CREATE_MAPPING is routed by its entity (`csip` / `csip-children`); any other entity
  fails it.

Deliberate deviations:
- the create's success telemetry renders the child mapping lists as Python lists of dicts,
  not Kotlin list strings;
- create has no `find_written`: NOMIS's reads of a report do not carry the DPS ids of its
  children, so a report an interrupted create left in NOMIS cannot be mapped from a read; such
  a create is dead-lettered for a NOMIS check (see `dagster_project/sync/intents.py`).
"""

from __future__ import annotations

import logging
from typing import TypeVar

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.csip.dps import CSIP_API, CsipClient
from dagster_project.domains.csip.events import (
    CHILDREN_ENTITY,
    REPORT_ENTITY,
    CsipCreated,
    CsipDeleted,
    CsipEvent,
    CsipUpdated,
    RetryCsipMapping,
)
from dagster_project.domains.csip.mapping import CsipFullMapping, CsipMappingClient
from dagster_project.domains.csip.nomis import NomisCsipClient
from dagster_project.domains.csip.transform import full_mapping, upsert_request
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.domain import SyncWiring
from dagster_project.sync.errors import NonRetryableError
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.synchronise import duplicate_dimensions, synchronise_create
from dagster_project.telemetry import Telemetry
from resources.errors import Conflict
from resources.http import dump_body

NAME = "csip"
log = logging.getLogger(__name__)
EventT = TypeVar("EventT", bound=CsipEvent)


class CsipSync:
    """Applies CSIP record events to NOMIS; telemetry as the old service."""

    def __init__(
        self,
        nomis: NomisCsipClient,
        mapping: CsipMappingClient,
        dps: CsipClient,
        telemetry: Telemetry,
        retry_queue: MappingRetryQueue,
    ) -> None:
        self.nomis = nomis
        self.mapping = mapping
        self.dps = dps
        self._telemetry = telemetry
        self._retry_queue = retry_queue

    def created(self, event: CsipCreated) -> None:
        """Create the whole report in NOMIS and map it with its children."""
        record_uuid = event.record_uuid

        def transform(dimensions: dict[str, str]) -> CsipFullMapping:
            record = self.dps.get_record(record_uuid)
            created = self.nomis.upsert(upsert_request(record, None))
            return full_mapping(record_uuid, created.nomis_csip_report_id, created.components)

        synchronise_create(
            name=NAME,
            telemetry=self._telemetry,
            dimensions=event.telemetry(),
            mapping_exists=lambda: self.mapping.get(record_uuid) is not None,
            transform=transform,
            save_mapping=self.mapping.create,
            mapping_conflict_is_duplicate=False,  # retried, not alerted (the old rule)
            retry_queue=self._retry_queue,
        )

    def updated(self, event: CsipUpdated) -> None:
        """Re-send the whole report with its NOMIS ids; map the children NOMIS created.

        Raises:
            Exception: after `csip-children-create-failed`, when the mapping, DPS or NOMIS
                failed (the event is retried).
        """
        dimensions = event.telemetry()
        try:
            mapping = self.mapping.get(event.record_uuid)
            if mapping is None:
                raise LookupError(
                    f"Tried to update csip {event.record_uuid} that has never been created"
                )
            dimensions["nomisCSIPReportId"] = str(mapping.nomis_csip_report_id)
            record = self.dps.get_record(event.record_uuid)
            upserted = self.nomis.upsert(upsert_request(record, mapping))
        except Exception:
            self._telemetry.track(f"{NAME}-children-create-failed", dimensions)
            raise
        if upserted.components:
            children = full_mapping(
                event.record_uuid, mapping.nomis_csip_report_id, upserted.components
            )
            self._save_children(children, dimensions)
        self._telemetry.track(f"{NAME}-children-create-success", dimensions)

    def deleted(self, event: CsipDeleted) -> None:
        """Delete the NOMIS report, then its mappings (a mapping failure is only reported).

        Raises:
            Exception: after `csip-deleted-failed`, when NOMIS failed (the event is retried).
        """
        dimensions = event.telemetry()
        mapping = self.mapping.get(event.record_uuid)
        if mapping is None:
            self._telemetry.track(f"{NAME}-deleted-skipped", dimensions)
            return
        try:
            self.nomis.delete_report(mapping.nomis_csip_report_id)
        except Exception:
            self._telemetry.track(f"{NAME}-deleted-failed", dimensions)
            raise
        try:
            self.mapping.delete(event.record_uuid)
        except Exception as error:
            log.warning("CSIP mapping %s not deleted: %s", event.record_uuid, error)
            self._telemetry.track(
                f"{NAME}-mapping-deleted-failed", {"dpsCSIPReportId": event.record_uuid}
            )
        self._telemetry.track(f"{NAME}-deleted-success", dimensions)

    def resynchronise(self, offender_no: str, record_uuid: str, clear_child_mappings: bool) -> None:
        """The old repair endpoint: the update flow for a report, its child mappings cleared first.

        Raises:
            Exception: whatever the update raised (no report mapping fails it, as upstream).
        """
        if clear_child_mappings:
            self.mapping.delete_children(record_uuid)
        self.updated(repair_event(CsipUpdated, offender_no, record_uuid))
        self._telemetry.track(
            f"{NAME}-resynchronisation-repair",
            {"prisonNumber": offender_no, "dpsCSIPReportId": record_uuid},
        )

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        """Re-POST a mapping whose first save failed, by its entity; NOMIS is not called again.

        Raises:
            ValueError: an entity other than `csip` or `csip-children`.
        """
        carried = CsipFullMapping.model_validate(
            RetryCsipMapping.model_validate(retry.mapping).model_dump()
        )
        if retry.entity_name == REPORT_ENTITY:
            self.mapping.create(carried)
            name = f"{NAME}-create-mapping-retry-success"
        elif retry.entity_name == CHILDREN_ENTITY:
            self.mapping.create_children(carried)
            name = f"{NAME}-children-create-mapping-retry-success"
        else:
            raise ValueError(f"Unknown CSIP mapping entity {retry.entity_name!r}")
        self._telemetry.track(name, retry.telemetry_attributes)

    def _save_children(self, children: CsipFullMapping, dimensions: dict[str, str]) -> None:
        """Post the new child mappings; a 409 alerts, another failure re-queues them."""
        try:
            self.mapping.create_children(children)
        except Conflict as conflict:
            failed = {**dimensions, "reason": str(conflict)}
            self._telemetry.track(f"{NAME}-children-mapping-create-failed", failed)
            self._telemetry.alert(
                f"to-nomis-synch-{NAME}-children-duplicate",
                {**dimensions, **duplicate_dimensions(conflict.more_info)},
            )
        except Exception as error:
            failed = {**dimensions, "reason": str(error)}
            self._telemetry.track(f"{NAME}-children-mapping-create-failed", failed)
            try:
                self._retry_queue.send(dump_body(children), dimensions, CHILDREN_ENTITY)
            except Exception as queue_error:
                raise NonRetryableError(
                    f"NOMIS was written but the child mappings {dimensions} could not be saved "
                    f"({error}) nor queued for retry ({queue_error})"
                ) from queue_error


def repair_event(kind: type[EventT], offender_no: str, record_uuid: str) -> EventT:
    """The event the repair acts as (`csip-repair`, the prisoner as its NOMS number)."""
    return kind.model_validate(
        {
            "eventType": "csip-repair",
            "additionalInformation": {"recordUuid": record_uuid},
            "personReference": {"identifiers": [{"type": "NOMS", "value": offender_no}]},
        }
    )


def build_sync(wiring: SyncWiring) -> CsipSync:
    """The domain's one wiring: typed clients on the run's shared HTTP clients."""
    return CsipSync(
        NomisCsipClient(wiring.http(NOMIS_API)),
        CsipMappingClient(wiring.http(MAPPING_API)),
        CsipClient(wiring.http(CSIP_API)),
        wiring.telemetry,
        wiring.retry_queue,
    )
