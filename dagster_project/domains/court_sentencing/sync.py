"""Court sentencing sync: DPS court cases and everything under them into NOMIS.

Telemetry names and dimensions are the old service's (`court-case-*`, `court-appearance-*`,
`charge-*`, `sentence-*`, `sentence-term-*`, `case-references-refreshed-*`, `recall-*`), so ops
queries carry over.

Kept as the old service does it, on purpose:
- a `source` of NOMIS ignores the event (`<name>-ignored`, or `<name>-create-ignored`, with the
  old `reason`), except `legacy.court-case-references.updated`, which never looks at it; a
  `recall.inserted` without sentences is ignored the same way;
- creates (case, appearance, charge, sentence, term) go through `synchronise_create`: the
  mapping check, parents, DPS, NOMIS, then the mapping; a mapping 409 is
  `to-nomis-synch-<name>-duplicate`, any other mapping failure re-queues the mapping alone
  (RETRY_CREATE_MAPPING, routed by entity as the old `RetryQueueService`);
- a child whose parent has no mapping yet raises `AwaitingParent` (`<name>-awaiting-parent`, or
  `<name>-create-awaiting-parent`, with the old reason) and is retried until its parent lands;
  after the last attempt it is dead-lettered, as upstream. A NOMIS 424 on an appearance create
  is `court-appearance-create-awaiting-dependent-state`, retried the same way. A consecutive
  sentence missing at create is a plain failure (`sentence-create-failed`), at update awaiting;
- updates use the old `track` helper: `-success` after the block (also after an inner
  `-ignored`, e.g. DPS 404), `-awaiting-parent`, `-awaiting-dependent-state` or `-error`;
- deletes: no mapping is `-skipped`; the mapping delete after the NOMIS delete never fails the
  event (sentences and terms re-queue it as `sentence-deleted` / `sentence-term-deleted`);
- case cloning: when NOMIS answers an appearance create or a recall with `clonedCourtCases`
  (it copied the case onto the latest booking), the old and new NOMIS ids of every cloned
  case, appearance, charge, sentence and term are paired by position and sent with the new
  mappings (`mappingsToUpdate`), then `court-appearance-create-cases-cloned` /
  `recall-create-cases-cloned-success` (`nomisCourtCaseIds`).

Deliberate differences:
- the old service sent resync messages to the from-NOMIS migration queue
  (`fromnomiscourtsentencing`: `courtsentencing.resync.case`, `.sentence`, `.case.booking`,
  `.sentence-adjustments`, `.breach-court-appearance.inserted|updated`) so that service copies
  NOMIS-made ids back to DPS. That queue belongs to `hmpps-prisoner-from-nomis-migration`, a
  boundary this service does not cross: each message becomes the telemetry event
  `send-message-<type>-skipped` with the message's fields (the old `send-message-<type>-failed`
  name, a different outcome), so ops can find and replay them, and the court case
  reconciliation catches what DPS then misses;
- the charge mapping deletions after an appearance update are re-queued with their own batch
  body and re-sent as that batch (the old retry re-posted it as a single charge mapping and so
  always failed: quirk 3 of the facts);
- the old `dpsConsecutiveSentenceUuid` dimension held the NOMIS sequence (a bug): it holds the
  DPS uuid here; `nomisbookingId` (sic) is kept for the ops queries;
- the creates have no `find_written` (NOMIS reads do not carry DPS ids): a create interrupted
  inside its NOMIS write is dead-lettered for a NOMIS check (`dagster_project/sync/intents.py`)
  instead of being written twice; the recall conversion is bracketed the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.court_sentencing import transform
from dagster_project.domains.court_sentencing.dps import (
    COURT_SENTENCING_API,
    CourtSentencingClient,
    LegacySentence,
)
from dagster_project.domains.court_sentencing.events import (
    ChargeEvent,
    CourtAppearanceEvent,
    CourtCaseEvent,
    PeriodLengthEvent,
    RecallEvent,
    SentenceEvent,
)
from dagster_project.domains.court_sentencing.mapping import (
    BatchCreate,
    BatchUpdateAndCreate,
    ChargeBatchUpdate,
    ChargeToDelete,
    CourtAppearanceMapping,
    CourtCaseAllMapping,
    CourtCaseMapping,
    CourtChargeMapping,
    CourtSentencingMappingClient,
    RecallAppearancesMapping,
    RecallAppearancesUpdate,
    SentenceMapping,
    SentenceTermMapping,
)
from dagster_project.domains.court_sentencing.nomis import (
    CaseIdentifier,
    CaseIdentifierRequest,
    ConvertToRecallRequest,
    CourtCasesCloned,
    DeleteRecallRequest,
    NomisCourtSentencingClient,
    RecallSentence,
    RevertRecallRequest,
    SentenceAdjustmentId,
    UpdateCourtCaseRequest,
    UpdateRecallRequest,
)
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.domain import SyncWiring
from dagster_project.sync.errors import NonRetryableError
from dagster_project.sync.intents import nomis_write
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.synchronise import duplicate_dimensions, synchronise_create
from dagster_project.telemetry import Telemetry
from resources.errors import ApiError, Conflict
from resources.http import dump_body

log = logging.getLogger(__name__)
RESYNC = "courtsentencing.resync"


class AwaitingParent(LookupError):
    """The parent entity has no mapping yet: the event is retried until it lands."""


class NotInDps(LookupError):
    """DPS does not hold the record the create event names (a 404)."""


def is_dependent_state(error: Exception) -> bool:
    """NOMIS 424: a dependent state is missing (e.g. a future appearance on an old booking)."""
    return isinstance(error, ApiError) and error.status == 424


def create_failure(error: Exception) -> str:
    if isinstance(error, AwaitingParent):
        return "awaiting-parent"
    if is_dependent_state(error):
        return "awaiting-dependent-state"
    return "failed"


class CourtSentencingSync:
    """Applies court sentencing events to NOMIS; telemetry as the old service."""

    def __init__(
        self,
        nomis: NomisCourtSentencingClient,
        mapping: CourtSentencingMappingClient,
        dps: CourtSentencingClient,
        telemetry: Telemetry,
        retry_queue: MappingRetryQueue,
    ) -> None:
        self.nomis = nomis
        self.mapping = mapping
        self.dps = dps
        self._telemetry = telemetry
        self._retry_queue = retry_queue

    # --- helpers --------------------------------------------------------------------------

    def _track(self, name: str, dimensions: dict[str, str], block: Callable[[], None]) -> None:
        """The old `track`: `-success` after the block, whatever it reported inside."""
        try:
            block()
        except AwaitingParent as error:
            self._telemetry.track(f"{name}-awaiting-parent", {**dimensions, "reason": str(error)})
            raise
        except Exception as error:
            if is_dependent_state(error):
                self._telemetry.track(f"{name}-awaiting-dependent-state", dimensions)
            else:
                self._telemetry.track(f"{name}-error", {**dimensions, "error": str(error)})
            raise
        self._telemetry.track(f"{name}-success", dimensions)

    def _case_mapping(self, dps_id: str, reason: str) -> CourtCaseMapping:
        found = self.mapping.case(dps_id)
        if found is None:
            raise AwaitingParent(reason)
        return found

    def _appearance_mapping(self, dps_id: str, reason: str) -> CourtAppearanceMapping:
        found = self.mapping.appearance(dps_id)
        if found is None:
            raise AwaitingParent(reason)
        return found

    def _charge_mapping(self, dps_id: str, reason: str) -> CourtChargeMapping:
        found = self.mapping.charge(dps_id)
        if found is None:
            raise AwaitingParent(reason)
        return found

    def _resync(self, kind: str, fields: dict[str, Any]) -> None:
        """A message the old service sent to the from-NOMIS queue: reported, not sent."""
        self._telemetry.track(
            f"send-message-{RESYNC}.{kind}-skipped", {k: str(v) for k, v in fields.items()}
        )

    def _clone_notices(
        self,
        offender_no: str,
        cloned: CourtCasesCloned | None,
        adjustments: list[SentenceAdjustmentId],
    ) -> list[int]:
        """The old clone notifications (case booking, one per adjustment); the clone case ids."""
        for adjustment in adjustments:
            for adjustment_id in adjustment.adjustment_ids:
                self._resync(
                    "sentence-adjustments",
                    {
                        "offenderNo": offender_no,
                        "sentenceId": dump_body(adjustment.sentence_id),
                        "adjustmentIds": [adjustment_id],
                    },
                )
        if cloned is None or not cloned.court_cases:
            return []
        first = cloned.court_cases[0]
        self._resync(
            "case.booking",
            {
                "offenderNo": offender_no,
                "caseIds": [pair.source_court_case.id for pair in cloned.court_cases],
                "fromBookingId": first.source_court_case.booking_id,
                "toBookingId": first.court_case.booking_id,
                "casesMoved": [
                    {
                        "caseId": pair.court_case.id,
                        "sentences": [
                            {"sentenceSequence": s.sentence_seq} for s in pair.court_case.sentences
                        ],
                    }
                    for pair in cloned.court_cases
                ],
            },
        )
        return [pair.court_case.id for pair in cloned.court_cases]

    def _queue_retry(self, body: dict[str, Any], dimensions: dict[str, str], entity: str) -> None:
        try:
            self._retry_queue.send(body, dimensions, entity)
        except Exception as queue_error:
            raise NonRetryableError(
                f"NOMIS was written but the {entity} mapping {dimensions} could not be saved "
                f"nor queued for retry ({queue_error})"
            ) from queue_error

    # --- court cases ----------------------------------------------------------------------

    def court_case_inserted(self, event: CourtCaseEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Court case created in NOMIS"}
            self._telemetry.track("court-case-create-ignored", {**dimensions, **reason})
            return
        case_id, offender_no = event.case_id, event.offender_no

        def create(found: dict[str, str]) -> CourtCaseAllMapping:
            case = self.dps.court_case(case_id)
            if case is None:
                raise NotInDps(f"DPS court case {case_id} not found")
            created = self.nomis.create_case(offender_no, transform.case_request(case))
            self._resync(
                "case", {"offenderNo": offender_no, "caseId": created.id, "dpsCaseUuid": case_id}
            )
            return CourtCaseAllMapping(nomis_court_case_id=created.id, dps_court_case_id=case_id)

        synchronise_create(
            name="court-case",
            telemetry=self._telemetry,
            dimensions=dimensions,
            mapping_exists=lambda: self.mapping.case(case_id) is not None,
            transform=create,
            save_mapping=self.mapping.create_case,
            retry_queue=self._retry_queue,
            failure_kind=create_failure,
        )

    def court_case_updated(self, event: CourtCaseEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Court case updated in NOMIS"}
            self._telemetry.track("court-case-updated-ignored", {**dimensions, **reason})
            return

        def update() -> None:
            case = self.dps.court_case(event.case_id)
            if case is None:
                reason = f"DPS case {event.case_id} does not exist in RaS"
                self._telemetry.track(
                    "court-case-updated-ignored", {**dimensions, "reason": reason}
                )
                return
            mapped = self._case_mapping(event.case_id, f"Missing Dps case id: {event.case_id}")
            dimensions["nomisCourtCaseId"] = str(mapped.nomis_court_case_id)
            request = UpdateCourtCaseRequest(status=transform.status(case.active))
            self.nomis.update_case(event.offender_no, mapped.nomis_court_case_id, request)

        self._track("court-case-updated", dimensions, update)

    def court_case_deleted(self, event: CourtCaseEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Court case deleted in NOMIS"}
            self._telemetry.track("court-case-deleted-ignored", {**dimensions, **reason})
            return
        mapped = self.mapping.case(event.case_id)
        if mapped is None:
            self._telemetry.track("court-case-deleted-skipped", dimensions)
            return
        dimensions["nomisCourtCaseId"] = str(mapped.nomis_court_case_id)
        try:
            self.nomis.delete_case(event.offender_no, mapped.nomis_court_case_id)
        except Exception:
            self._telemetry.track("court-case-deleted-failed", dimensions)
            raise
        try:
            self.mapping.delete_case(event.case_id)
        except Exception as error:
            log.warning("court case mapping %s not deleted: %s", event.case_id, error)
            self._telemetry.track(
                "court-case-mapping-deleted-failed", {"dpsCourtCaseId": event.case_id}
            )
        self._telemetry.track("court-case-deleted-success", dimensions)

    def case_references_updated(self, event: CourtCaseEvent) -> None:
        """`legacy.court-case-references.updated`: every DPS reference, whatever the source."""
        dimensions = event.telemetry()
        case = self.dps.court_case(event.case_id)
        if case is None:
            reason = "DPS court case not found, possibly deleted"
            self._telemetry.track(
                "case-references-refreshed-ignored", {**dimensions, "reason": reason}
            )
            return
        mapped = self.mapping.case(event.case_id)
        if mapped is None:
            reason = f"Missing DPS Case: {event.case_id}"
            self._telemetry.track(
                "case-references-refreshed-awaiting-parent", {**dimensions, "reason": reason}
            )
            raise AwaitingParent(reason)
        identifiers = [
            CaseIdentifier(reference=ref.offender_case_reference, created_date=ref.updated_date)
            for ref in case.case_references
        ]
        self.nomis.refresh_case_identifiers(
            event.offender_no,
            mapped.nomis_court_case_id,
            CaseIdentifierRequest(case_identifiers=identifiers),
        )
        references = [f"{i.reference}@{i.created_date}" for i in identifiers]
        self._telemetry.track(
            "case-references-refreshed-success",
            {
                **dimensions,
                "nomisCourtCaseId": str(mapped.nomis_court_case_id),
                "caseReferences": str(references),
            },
        )

    # --- appearances ----------------------------------------------------------------------

    def court_appearance_inserted(
        self,
        event: CourtAppearanceEvent,
        force_clone: bool = False,
        force_prevent_clone: bool = False,
    ) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Court appearance created in NOMIS"}
            self._telemetry.track("court-appearance-create-ignored", {**dimensions, **reason})
            return
        offender_no = event.offender_no

        def create(found: dict[str, str]) -> BatchUpdateAndCreate:
            case = self._case_mapping(event.case_id, f"Missing DPS Case: {event.case_id}")
            found["nomisCourtCaseId"] = str(case.nomis_court_case_id)
            appearance = self.dps.appearance(event.appearance_id)
            if appearance is None:
                raise NotInDps(f"DPS court appearance {event.appearance_id} not found")
            found["nomisOutcomeCode"] = appearance.nomis_outcome_code or "null"
            following = appearance.next_court_appearance
            found["nextAppearanceDate"] = (
                "" if following is None else following.appearance_date.isoformat()
            )
            charge_ids = [
                self._charge_mapping(
                    charge.lifetime_uuid, f"Missing DPS charge: {charge.lifetime_uuid}"
                ).nomis_court_charge_id
                for charge in appearance.charges
            ]
            request = transform.appearance_request(
                appearance,
                charge_ids,
                future=force_clone or event.additional_information.is_on_future_court_appearance,
                force_clone=force_clone,
                force_prevent_clone=force_prevent_clone,
            )
            found["courtEventCharges"] = str(charge_ids)
            found["courtEventChargesWithOutcomes"] = str(
                [dump_body(c) for c in request.court_event_charges_with_outcomes]
            )
            created = self.nomis.create_appearance(offender_no, case.nomis_court_case_id, request)
            found["nomisCourtAppearanceId"] = str(created.id)
            cloned[0] = created.cloned_court_cases
            return BatchUpdateAndCreate(
                mappings_to_create=BatchCreate(
                    court_appearances=[
                        CourtAppearanceMapping(
                            dps_court_appearance_id=event.appearance_id,
                            nomis_court_appearance_id=created.id,
                        )
                    ]
                ),
                mappings_to_update=transform.clone_pairs(created.cloned_court_cases),
            )

        cloned: list[CourtCasesCloned | None] = [None]  # what NOMIS cloned, for the notices
        synchronise_create(
            name="court-appearance",
            telemetry=self._telemetry,
            dimensions=dimensions,
            mapping_exists=lambda: self.mapping.appearance(event.appearance_id) is not None,
            transform=create,
            save_mapping=lambda batch: self._save_batch(
                batch, offender_no, cloned[0], "court-appearance-create-cases-cloned"
            ),
            retry_queue=self._retry_queue,
            failure_kind=create_failure,
        )

    def _save_batch(
        self,
        batch: BatchUpdateAndCreate,
        offender_no: str,
        cloned: CourtCasesCloned | None,
        cloned_telemetry: str,
    ) -> None:
        """PUT update-create, then (when NOMIS cloned) the clone notifications."""
        self.mapping.update_create(batch)
        if batch.mappings_to_update.is_empty():
            return
        adjustments = [] if cloned is None else cloned.sentence_adjustments
        case_ids = self._clone_notices(offender_no, cloned, adjustments)
        if not case_ids:
            case_ids = [pair.to_nomis_id for pair in batch.mappings_to_update.court_cases]
        self._telemetry.track(
            cloned_telemetry,
            {"offenderNo": offender_no, "nomisCourtCaseIds": ", ".join(map(str, case_ids))},
        )

    def court_appearance_updated(self, event: CourtAppearanceEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Court appearance updated in NOMIS"}
            self._telemetry.track("court-appearance-updated-ignored", {**dimensions, **reason})
            return

        def update() -> None:
            appearance = self.dps.appearance(event.appearance_id)
            if appearance is None:
                reason = f"DPS court appearance {event.appearance_id} does not exist in RaS"
                self._telemetry.track(
                    "court-appearance-updated-ignored", {**dimensions, "reason": reason}
                )
                return
            mapped = self._appearance_mapping(
                event.appearance_id, f"Missing Dps appearance id: {event.appearance_id}"
            )
            case = self._case_mapping(event.case_id, f"Missing Dps case id: {event.case_id}")
            dimensions.update(
                nomisCourtCaseId=str(case.nomis_court_case_id),
                nomisCourtAppearanceId=str(mapped.nomis_court_appearance_id),
                nomisOutcomeCode=appearance.nomis_outcome_code or "null",
                dpsAppearanceDate=appearance.appearance_date.isoformat(),
            )
            charge_ids = [
                self._charge_mapping(
                    charge.lifetime_uuid, f"Missing Dps charge id: {charge.lifetime_uuid}"
                ).nomis_court_charge_id
                for charge in appearance.charges
            ]
            request = transform.appearance_request(
                appearance, charge_ids, event.additional_information.is_on_future_court_appearance
            )
            dimensions["courtEventChargesWithOutcomes"] = str(
                [dump_body(c) for c in request.court_event_charges_with_outcomes]
            )
            updated = self.nomis.update_appearance(
                event.offender_no,
                case.nomis_court_case_id,
                mapped.nomis_court_appearance_id,
                request,
            )
            dimensions["courtEventChargesResponse"] = str(dump_body(updated))
            if updated.deleted_offender_charges_ids:
                deleted = [c.offender_charge_id for c in updated.deleted_offender_charges_ids]
                dimensions["deletedCourtChargeMappings"] = str(
                    [f"nomisCourtChargeId: {i}" for i in deleted]
                )
                self._delete_charge_mappings(deleted, dimensions)

        self._track("court-appearance-updated", dimensions, update)

    def _delete_charge_mappings(self, nomis_ids: list[int], dimensions: dict[str, str]) -> None:
        """The charges NOMIS removed entirely: their mappings go (a 409 alerts; else retried)."""
        batch = ChargeBatchUpdate(
            court_charges_to_delete=[ChargeToDelete(nomis_court_charge_id=i) for i in nomis_ids]
        )
        try:
            self.mapping.update_charges(batch)
        except Conflict as conflict:
            failed = {**dimensions, "reason": str(conflict)}
            self._telemetry.track("charge-mapping-create-failed", failed)
            self._telemetry.alert(
                "to-nomis-synch-charge-duplicate",
                {**dimensions, **duplicate_dimensions(conflict.more_info)},
            )
        except Exception as error:
            self._telemetry.track(
                "charge-mapping-create-failed", {**dimensions, "reason": str(error)}
            )
            self._queue_retry(dump_body(batch), dimensions, "charge")

    def court_appearance_deleted(self, event: CourtAppearanceEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Court appearance deleted in NOMIS"}
            self._telemetry.track("court-appearance-deleted-ignored", {**dimensions, **reason})
            return
        case = self.mapping.case(event.case_id)
        mapped = None if case is None else self.mapping.appearance(event.appearance_id)
        if case is None or mapped is None:
            self._telemetry.track("court-appearance-deleted-skipped", dimensions)
            return
        dimensions.update(
            nomisCourtCaseId=str(case.nomis_court_case_id),
            nomisCourtAppearanceId=str(mapped.nomis_court_appearance_id),
        )
        try:
            self.nomis.delete_appearance(
                event.offender_no, case.nomis_court_case_id, mapped.nomis_court_appearance_id
            )
        except Exception:
            self._telemetry.track("court-appearance-deleted-failed", dimensions)
            raise
        try:
            self.mapping.delete_appearance(event.appearance_id)
        except Exception as error:
            log.warning("appearance mapping %s not deleted: %s", event.appearance_id, error)
            self._telemetry.track(
                "court-appearance-mapping-deleted-failed",
                {"dpsCourtAppearanceId": event.appearance_id},
            )
        self._telemetry.track("court-appearance-deleted-success", dimensions)

    # --- charges --------------------------------------------------------------------------

    def charge_inserted(self, event: ChargeEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Charge created in NOMIS"}
            self._telemetry.track("charge-create-ignored", {**dimensions, **reason})
            return

        def create(found: dict[str, str]) -> CourtChargeMapping:
            case = self._case_mapping(event.case_id, f"Missing DPS Case: {event.case_id}")
            if event.appearance_id is not None:
                charge = self.dps.appearance_charge(event.appearance_id, event.charge_id)
            else:
                charge = self.dps.charge(event.charge_id)
            if charge is None:
                raise NotInDps(f"DPS charge {event.charge_id} not found")
            found["nomisOutcomeCode"] = charge.nomis_outcome_code or "null"
            found["nomisOffenceCode"] = charge.offence_code
            request = transform.charge_request(charge, event.on_future_appearance)
            nomis_id = self.nomis.create_charge(
                event.offender_no, case.nomis_court_case_id, request
            )
            found["nomisChargeId"] = str(nomis_id)
            found["nomisCourtCaseId"] = str(case.nomis_court_case_id)
            return CourtChargeMapping(
                nomis_court_charge_id=nomis_id,
                dps_court_charge_id=charge.lifetime_uuid,
                mapping_type="DPS_CREATED",
            )

        synchronise_create(
            name="charge",
            telemetry=self._telemetry,
            dimensions=dimensions,
            mapping_exists=lambda: self.mapping.charge(event.charge_id) is not None,
            transform=create,
            save_mapping=self.mapping.create_charge,
            retry_queue=self._retry_queue,
            failure_kind=create_failure,
        )

    def charge_updated(self, event: ChargeEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Charge updated in NOMIS"}
            self._telemetry.track("charge-updated-ignored", {**dimensions, **reason})
            return

        def update() -> None:
            appearance_id = event.appearance_id
            if appearance_id is None:
                raise ValueError("charge.updated without courtAppearanceId")
            charge = self.dps.appearance_charge(appearance_id, event.charge_id)
            if charge is None:
                reason = (
                    f"Charge with id {event.charge_id} and court appearance id {appearance_id} "
                    "does not exist in RaS"
                )
                self._telemetry.track("charge-updated-ignored", {**dimensions, "reason": reason})
                return
            case = self._case_mapping(event.case_id, f"Missing Dps case id: {event.case_id}")
            appearance = self._appearance_mapping(
                appearance_id, f"Missing Dps appearance id: {appearance_id}"
            )
            mapped = self._charge_mapping(
                event.charge_id, f"Missing Dps charge id: {event.charge_id}"
            )
            dimensions.update(
                nomisCourtCaseId=str(case.nomis_court_case_id),
                nomisCourtAppearanceId=str(appearance.nomis_court_appearance_id),
                nomisChargeId=str(mapped.nomis_court_charge_id),
                nomisOutcomeCode=charge.nomis_outcome_code or "null",
                nomisOffenceCode=charge.offence_code,
            )
            self.nomis.update_charge(
                event.offender_no,
                case.nomis_court_case_id,
                appearance.nomis_court_appearance_id,
                mapped.nomis_court_charge_id,
                transform.charge_request(charge, event.on_future_appearance),
            )

        self._track("charge-updated", dimensions, update)

    # --- sentences ------------------------------------------------------------------------

    def sentence_inserted(self, event: SentenceEvent) -> None:
        """`sentence.inserted` and `sentence.fix-single-charge.inserted`."""
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Sentence created in NOMIS"}
            self._telemetry.track("sentence-create-ignored", {**dimensions, **reason})
            return
        offender_no = event.offender_no

        def create(found: dict[str, str]) -> SentenceMapping:
            case = self._case_mapping(event.case_id, f"Missing DPS Case: {event.case_id}")
            found["nomisCourtCaseId"] = str(case.nomis_court_case_id)
            sentence = self.dps.sentence(event.sentence_id)
            if sentence is None:
                raise NotInDps(f"DPS sentence {event.sentence_id} not found")
            found.update(
                dpsChargeId=sentence.charge_lifetime_uuid,
                dpsSentenceCategory=sentence.sentence_category,
                dpsSentenceCalcType=sentence.sentence_calc_type,
            )
            appearance = self._appearance_mapping(
                event.appearance_id, f"Missing DPS Appearance: {event.appearance_id}"
            )
            found["nomisCourtAppearanceId"] = str(appearance.nomis_court_appearance_id)
            charge = self._charge_mapping(
                sentence.charge_lifetime_uuid,
                f"Missing DPS Charge: {sentence.charge_lifetime_uuid}",
            )
            consecutive = self._consecutive_at_create(sentence, found)
            created = self.nomis.create_sentence(
                offender_no,
                case.nomis_court_case_id,
                transform.sentence_request(
                    sentence,
                    charge.nomis_court_charge_id,
                    appearance.nomis_court_appearance_id,
                    consecutive,
                ),
            )
            self._resync(
                "sentence",
                {
                    "offenderNo": offender_no,
                    "dpsSentenceUuid": event.sentence_id,
                    "dpsAppearanceUuid": event.appearance_id,
                    "dpsConsecutiveSentenceUuid": sentence.consecutive_to_lifetime_uuid or "",
                    "bookingId": created.booking_id,
                    "sentenceSeq": created.sentence_seq,
                    "caseId": case.nomis_court_case_id,
                },
            )
            found.update(
                nomisSentenceSeq=str(created.sentence_seq),
                nomisbookingId=str(created.booking_id),
                nomisChargeId=str(charge.nomis_court_charge_id),
            )
            return SentenceMapping(
                nomis_booking_id=created.booking_id,
                nomis_sentence_sequence=created.sentence_seq,
                dps_sentence_id=sentence.lifetime_uuid,
                mapping_type="DPS_CREATED",
            )

        synchronise_create(
            name="sentence",
            telemetry=self._telemetry,
            dimensions=dimensions,
            mapping_exists=lambda: self.mapping.sentence(event.sentence_id) is not None,
            transform=create,
            save_mapping=self.mapping.create_sentence,
            retry_queue=self._retry_queue,
            failure_kind=create_failure,
        )

    def _consecutive_at_create(self, sentence: LegacySentence, found: dict[str, str]) -> int | None:
        """The NOMIS sequence of the sentence it follows; missing is a plain failure."""
        uuid = sentence.consecutive_to_lifetime_uuid
        if uuid is None:
            return None
        found["dpsConsecutiveSentenceId"] = uuid
        mapped = self.mapping.sentence(uuid)
        if mapped is None:
            raise ValueError(
                "Attempt to make sentence consecutive to a sentence without a nomis mapping. "
                f"Consecutive sentence: {uuid}"
            )
        found["nomisConsecutiveSentenceSequence"] = str(mapped.nomis_sentence_sequence)
        found["dpsConsecutiveSentenceUuid"] = uuid
        return mapped.nomis_sentence_sequence

    def sentence_updated(self, event: SentenceEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Sentence updated in NOMIS"}
            self._telemetry.track("sentence-updated-ignored", {**dimensions, **reason})
            return

        def update() -> None:
            sentence = self.dps.sentence(event.sentence_id)
            if sentence is None:
                reason = f"DPS sentence {event.sentence_id} does not exist in RaS"
                self._telemetry.track("sentence-updated-ignored", {**dimensions, "reason": reason})
                return
            mapped = self.mapping.sentence(event.sentence_id)
            if mapped is None:
                raise AwaitingParent(f"Missing Dps sentence id: {event.sentence_id}")
            case = self._case_mapping(event.case_id, f"Missing Dps case id: {event.case_id}")
            appearance = self._appearance_mapping(
                event.appearance_id, f"Missing Dps appearance id: {event.appearance_id}"
            )
            charge = self._charge_mapping(
                sentence.charge_lifetime_uuid,
                f"Missing Dps charge id: {sentence.charge_lifetime_uuid}",
            )
            consecutive = None
            if sentence.consecutive_to_lifetime_uuid is not None:
                uuid = sentence.consecutive_to_lifetime_uuid
                consecutive_mapping = self.mapping.sentence(uuid)
                if consecutive_mapping is None:
                    raise AwaitingParent(f"Missing DPS consecutive sentence id: {uuid}")
                consecutive = consecutive_mapping.nomis_sentence_sequence
            dimensions.update(
                dpsSentenceCategory=sentence.sentence_category,
                dpsSentenceCalcType=sentence.sentence_calc_type,
                nomisSentenceSeq=str(mapped.nomis_sentence_sequence),
                nomisBookingId=str(mapped.nomis_booking_id),
                nomisCourtCaseId=str(case.nomis_court_case_id),
                nomisCourtAppearanceId=str(appearance.nomis_court_appearance_id),
            )
            self.nomis.update_sentence(
                event.offender_no,
                case.nomis_court_case_id,
                mapped.nomis_sentence_sequence,
                transform.sentence_request(
                    sentence,
                    charge.nomis_court_charge_id,
                    appearance.nomis_court_appearance_id,
                    consecutive,
                ),
            )

        self._track("sentence-updated", dimensions, update)

    def sentence_deleted(self, event: SentenceEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "sentence deleted in nomis"}
            self._telemetry.track("sentence-deleted-ignored", {**dimensions, **reason})
            return
        case = self.mapping.case(event.case_id)
        if case is None:
            why = "no case mapping found for sentence - required for deletion"
            self._telemetry.track("sentence-deleted-skipped", {**dimensions, "reason": why})
            return
        mapped = self.mapping.sentence(event.sentence_id)
        if mapped is None:
            why = "sentence mapping not found"
            self._telemetry.track("sentence-deleted-skipped", {**dimensions, "reason": why})
            return
        dimensions.update(
            nomisCourtCaseId=str(case.nomis_court_case_id),
            nomisSentenceSeq=str(mapped.nomis_sentence_sequence),
            nomisBookingId=str(mapped.nomis_booking_id),
        )
        try:
            self.nomis.delete_sentence(
                event.offender_no, case.nomis_court_case_id, mapped.nomis_sentence_sequence
            )
        except Exception:
            self._telemetry.track("sentence-deleted-failed", dimensions)
            raise
        try:
            self.mapping.delete_sentence(event.sentence_id)
        except Exception:
            failed = {"dpsSentenceId": event.sentence_id, "offenderNo": event.offender_no}
            self._telemetry.track("sentence-mapping-deleted-failed", failed)
            self._queue_retry({"dpsId": event.sentence_id}, failed, "sentence-deleted")
        self._telemetry.track("sentence-deleted-success", dimensions)

    # --- sentence terms (DPS period lengths) -----------------------------------------------

    def period_length_inserted(self, event: PeriodLengthEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Sentence term created in NOMIS"}
            self._telemetry.track("sentence-term-create-ignored", {**dimensions, **reason})
            return

        def create(found: dict[str, str]) -> SentenceTermMapping:
            case = self._case_mapping(event.case_id, f"Missing DPS Case: {event.case_id}")
            sentence = self.mapping.sentence(event.sentence_id)
            if sentence is None:
                raise AwaitingParent(f"Missing DPS Sentence: {event.sentence_id}")
            found.update(
                nomisCourtCaseId=str(case.nomis_court_case_id),
                nomisSentenceSequence=str(sentence.nomis_sentence_sequence),
                nomisBookingId=str(sentence.nomis_booking_id),
            )
            period = self.dps.period_length(event.term_id)
            if period is None:
                raise NotInDps(f"DPS period length {event.term_id} not found")
            found["dpsTermId"] = period.period_length_uuid
            found["termCode"] = period.sentence_term_code
            created = self.nomis.create_term(
                event.offender_no,
                case.nomis_court_case_id,
                sentence.nomis_sentence_sequence,
                transform.term_request(period),
            )
            return SentenceTermMapping(
                nomis_booking_id=created.booking_id,
                nomis_sentence_sequence=created.sentence_seq,
                nomis_term_sequence=created.term_seq,
                dps_term_id=event.term_id,
                mapping_type="DPS_CREATED",
            )

        synchronise_create(
            name="sentence-term",
            telemetry=self._telemetry,
            dimensions=dimensions,
            mapping_exists=lambda: self.mapping.term(event.term_id) is not None,
            transform=create,
            save_mapping=self.mapping.create_term,
            retry_queue=self._retry_queue,
            failure_kind=create_failure,
        )

    def period_length_updated(self, event: PeriodLengthEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Sentence term updated in NOMIS"}
            self._telemetry.track("sentence-term-updated-ignored", {**dimensions, **reason})
            return

        def update() -> None:
            period = self.dps.period_length(event.term_id)
            if period is None:
                reason = f"DPS sentence term {event.term_id} does not exist in RaS"
                self._telemetry.track(
                    "sentence-term-updated-ignored", {**dimensions, "reason": reason}
                )
                return
            case = self._case_mapping(event.case_id, f"Missing Dps case id: {event.case_id}")
            mapped = self.mapping.term(event.term_id)
            if mapped is None:
                raise AwaitingParent(f"Missing Dps period length id: {event.term_id}")
            dimensions.update(
                nomisCourtCaseId=str(case.nomis_court_case_id),
                nomisSentenceSequence=str(mapped.nomis_sentence_sequence),
                nomisTermSequence=str(mapped.nomis_term_sequence),
                nomisBookingId=str(mapped.nomis_booking_id),
            )
            self.nomis.update_term(
                event.offender_no,
                case.nomis_court_case_id,
                mapped.nomis_sentence_sequence,
                mapped.nomis_term_sequence,
                transform.term_request(period),
            )

        self._track("sentence-term-updated", dimensions, update)

    def period_length_deleted(self, event: PeriodLengthEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "sentence term deleted in nomis"}
            self._telemetry.track("sentence-term-deleted-ignored", {**dimensions, **reason})
            return
        case = self.mapping.case(event.case_id)
        if case is None:
            why = "Parent entity case not found - required for deletion"
            self._telemetry.track("sentence-term-deleted-skipped", {**dimensions, "reason": why})
            return
        mapped = self.mapping.term(event.term_id)
        if mapped is None:
            why = "sentence term mapping not found"
            self._telemetry.track("sentence-term-deleted-skipped", {**dimensions, "reason": why})
            return
        dimensions.update(
            nomisCourtCaseId=str(case.nomis_court_case_id),
            nomisSentenceSequence=str(mapped.nomis_sentence_sequence),
            nomisTermSequence=str(mapped.nomis_term_sequence),
        )
        try:
            self.nomis.delete_term(
                event.offender_no,
                case.nomis_court_case_id,
                mapped.nomis_sentence_sequence,
                mapped.nomis_term_sequence,
            )
        except Exception:
            self._telemetry.track("sentence-term-deleted-failed", dimensions)
            raise
        try:
            self.mapping.delete_term(event.term_id)
        except Exception:
            failed = {"dpsTermId": event.term_id, "offenderNo": event.offender_no}
            self._telemetry.track("sentence-term-mapping-deleted-failed", failed)
            self._queue_retry({"dpsId": event.term_id}, failed, "sentence-term-deleted")
        self._telemetry.track("sentence-term-deleted-success", dimensions)

    # --- recalls --------------------------------------------------------------------------

    def _recall_sentences(
        self, dps_ids: list[str], dimensions: dict[str, str], prefix: str = ""
    ) -> list[RecallSentence]:
        """The DPS sentences with their NOMIS ids; every one must be mapped (else a failure)."""
        if not dps_ids:
            return []
        sentences = self.dps.sentences(dps_ids)
        mappings = {m.dps_sentence_id: m for m in self.mapping.sentences(dps_ids)}
        missing = [s.lifetime_uuid for s in sentences if s.lifetime_uuid not in mappings]
        if missing:
            raise LookupError(f"Not all sentences have a mapping: missing {missing}")
        chosen = [(s, mappings[s.lifetime_uuid]) for s in sentences]
        name = "nomisSentenceSeq" if not prefix else f"{prefix}NomisSentenceSeq"
        booking = "nomisBookingId" if not prefix else f"{prefix}NomisBookingId"
        types = "dpsSentenceTypes" if not prefix else f"{prefix}DpsSentenceTypes"
        dimensions[name] = ", ".join(str(m.nomis_sentence_sequence) for _, m in chosen)
        dimensions[booking] = ", ".join(
            str(b) for b in sorted({m.nomis_booking_id for _, m in chosen})
        )
        dimensions[types] = ", ".join(
            f"{s.sentence_category}:{s.sentence_calc_type}" for s, _ in chosen
        )
        return [
            transform.recall_sentence(s, m.nomis_booking_id, m.nomis_sentence_sequence)
            for s, m in chosen
        ]

    def recall_inserted(self, event: RecallEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis or not event.sentence_ids:
            reason = {"reason": "Recall inserted in NOMIS"}
            self._telemetry.track("recall-inserted-ignored", {**dimensions, **reason})
            return
        offender_no = event.offender_no
        try:
            recall = self.dps.recall(event.recall_id)
            dimensions["recallType"] = recall.recall_type
            sentences = self._recall_sentences(event.sentence_ids, dimensions)
            if recall.revocation_date is None:
                raise ValueError(f"DPS recall {event.recall_id} has no revocation date")
            request = ConvertToRecallRequest(
                sentences=sentences,
                return_to_custody=transform.return_to_custody(recall),
                recall_revocation_date=recall.revocation_date,
            )
            with nomis_write():
                converted = self.nomis.convert_to_recall(offender_no, request)
        except Exception as error:
            self._telemetry.track("recall-inserted-failed", {**dimensions, "reason": str(error)})
            raise
        mapping = RecallAppearancesMapping(
            nomis_court_appearance_ids=converted.court_event_ids,
            dps_recall_id=event.recall_id,
            mappings_to_update=transform.clone_pairs(converted.cloned_court_cases),
        )
        try:
            self._save_recall(mapping, offender_no, converted.cloned_court_cases)
            self._recall_adjustments(offender_no, converted.sentence_adjustments_activated)
        except Exception as error:
            self._telemetry.track(
                "recall-mappings-inserted-failed", {**dimensions, "reason": str(error)}
            )
            self._queue_retry(dump_body(mapping), dimensions, "court-appearance-recall")
        self._telemetry.track("recall-inserted-success", dimensions)

    def _save_recall(
        self, mapping: RecallAppearancesMapping, offender_no: str, cloned: CourtCasesCloned | None
    ) -> None:
        self.mapping.create_recall_appearances(mapping)
        for appearance_id in mapping.nomis_court_appearance_ids:
            self._resync(
                "breach-court-appearance.inserted",
                {"offenderNo": offender_no, "courtAppearanceId": appearance_id},
            )
        if not mapping.mappings_to_update.is_empty():
            adjustments = [] if cloned is None else cloned.sentence_adjustments
            case_ids = self._clone_notices(offender_no, cloned, adjustments) or [
                pair.to_nomis_id for pair in mapping.mappings_to_update.court_cases
            ]
            self._telemetry.track(
                "recall-create-cases-cloned-success",
                {"offenderNo": offender_no, "nomisCourtCaseIds": ", ".join(map(str, case_ids))},
            )

    def _recall_adjustments(self, offender_no: str, activated: list[SentenceAdjustmentId]) -> None:
        for adjustment in activated:
            for adjustment_id in adjustment.adjustment_ids:
                self._resync(
                    "sentence-adjustments",
                    {
                        "offenderNo": offender_no,
                        "sentenceId": dump_body(adjustment.sentence_id),
                        "adjustmentIds": [adjustment_id],
                    },
                )

    def recall_updated(self, event: RecallEvent) -> None:
        dimensions = {
            "dpsRecallId": event.recall_id,
            "offenderNo": event.offender_no,
            "dpsSentenceIds": ", ".join(event.sentence_ids),
        }
        if event.from_nomis:
            reason = {"reason": "Recall updated in NOMIS"}
            self._telemetry.track("recall-updated-ignored", {**dimensions, **reason})
            return
        offender_no = event.offender_no
        try:
            recall = self.dps.recall(event.recall_id)
            dimensions["recallType"] = recall.recall_type
            current = recall.sentence_ids
            removed = [
                s for s in event.additional_information.previous_sentence_ids if s not in current
            ]
            sentences = self._recall_sentences(current, dimensions)
            removed_sentences = self._recall_sentences(removed, dimensions, prefix="removed")
            if removed:
                dimensions["removedDpsSentenceIds"] = ", ".join(removed)
            if recall.revocation_date is None:
                raise ValueError(f"DPS recall {event.recall_id} has no revocation date")
            breaches = self.mapping.recall_appearances(event.recall_id)
            updated = self.nomis.update_recall(
                offender_no,
                UpdateRecallRequest(
                    sentences=sentences,
                    sentences_removed=removed_sentences,
                    return_to_custody=transform.return_to_custody(recall),
                    recall_revocation_date=recall.revocation_date,
                    beach_court_event_ids=breaches,
                ),
            )
        except Exception as error:
            self._telemetry.track("recall-updated-failed", {**dimensions, "reason": str(error)})
            raise
        update = {
            "dpsRecallId": event.recall_id,
            "nomisCourtAppearanceIds": updated.updated_court_event_ids
            + updated.created_court_event_ids,
            "created": updated.created_court_event_ids,
            "updated": updated.updated_court_event_ids,
        }
        try:
            self._save_recall_update(update, offender_no)
        except Exception as error:
            self._telemetry.track(
                "recall-mappings-updated-failed", {**dimensions, "reason": str(error)}
            )
            self._queue_retry(update, dimensions, "court-appearance-recall-update")
        self._telemetry.track("recall-updated-success", dimensions)

    def _save_recall_update(self, update: dict[str, Any], offender_no: str) -> None:
        ids = RecallAppearancesUpdate(nomis_court_appearance_ids=update["nomisCourtAppearanceIds"])
        self.mapping.update_recall_appearances(update["dpsRecallId"], ids)
        for kind in ("inserted", "updated"):
            for appearance_id in update["created" if kind == "inserted" else "updated"]:
                self._resync(
                    f"breach-court-appearance.{kind}",
                    {"offenderNo": offender_no, "courtAppearanceId": appearance_id},
                )

    def recall_deleted(self, event: RecallEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Recall deleted in NOMIS"}
            self._telemetry.track("recall-deleted-ignored", {**dimensions, **reason})
            return
        offender_no = event.offender_no
        try:
            breaches = self.mapping.recall_appearances(event.recall_id)
            previous_id = event.previous_recall_id
            if previous_id is not None:
                previous = self.dps.recall(previous_id)
                dimensions.update(
                    recallType=previous.recall_type,
                    dpsSentenceIds=", ".join(previous.sentence_ids),
                    dpsOriginalSentenceIds=", ".join(event.sentence_ids),
                )
                ids = list(dict.fromkeys(previous.sentence_ids + event.sentence_ids))
                self.nomis.revert_recall(
                    offender_no,
                    RevertRecallRequest(
                        sentences=self._recall_sentences(ids, dimensions),
                        return_to_custody=transform.return_to_custody(previous),
                        beach_court_event_ids=breaches,
                    ),
                )
            else:
                self.nomis.delete_recall(
                    offender_no,
                    DeleteRecallRequest(
                        sentences=self._recall_sentences(event.sentence_ids, dimensions),
                        beach_court_event_ids=breaches,
                    ),
                )
        except Exception as error:
            self._telemetry.track("recall-deleted-failed", {**dimensions, "reason": str(error)})
            raise
        try:
            self.mapping.delete_recall_appearances(event.recall_id)
        except Exception as error:
            log.warning("recall appearance mappings %s not deleted: %s", event.recall_id, error)
            self._telemetry.track("recall-appearance-deleted-failed", dimensions)
        self._telemetry.track("recall-deleted-success", dimensions)

    # --- mapping retries ------------------------------------------------------------------

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        """Re-send a mapping whose first save failed, by its entity; NOMIS is not called again.

        Raises:
            ValueError: an entity the old service did not route.
        """
        body = retry.mapping
        attributes = retry.telemetry_attributes
        offender_no = attributes.get("offenderNo", "")
        entity = retry.entity_name
        if entity == "court-case":
            self.mapping.create_case(CourtCaseAllMapping.model_validate(body))
            name = "court-case-create-mapping-retry-success"
        elif entity in ("court-appearance", "court-case-clone"):
            batch = BatchUpdateAndCreate.model_validate(body)
            if entity == "court-appearance":
                self._save_batch(batch, offender_no, None, "court-appearance-create-cases-cloned")
                name = "court-appearance-create-mapping-retry-success"
            else:
                self._save_batch(batch, offender_no, None, "court-case-cloned-repair")
                name = "court-case-clone-mapping-retry-success"
        elif entity == "court-appearance-recall":
            self._save_recall(RecallAppearancesMapping.model_validate(body), offender_no, None)
            name = "court-appearance-recall-create-mapping-retry-success"
        elif entity == "court-appearance-recall-update":
            self._save_recall_update(body, offender_no)
            name = "court-appearance-recall-update-mapping-retry-success"
        elif entity == "charge":
            if "courtChargesToDelete" in body:
                self.mapping.update_charges(ChargeBatchUpdate.model_validate(body))
            else:
                self.mapping.create_charge(CourtChargeMapping.model_validate(body))
            name = "charge-create-mapping-retry-success"
        elif entity == "sentence":
            self.mapping.create_sentence(SentenceMapping.model_validate(body))
            name = "sentence-mapping-retry-success"
        elif entity == "sentence-term":
            self.mapping.create_term(SentenceTermMapping.model_validate(body))
            name = "sentence-term-mapping-retry-success"
        elif entity == "sentence-deleted":
            self.mapping.delete_sentence(str(body["dpsId"]))
            name = "sentence-delete-mapping-retry-success"
        elif entity == "sentence-term-deleted":
            self.mapping.delete_term(str(body["dpsId"]))
            name = "sentence-term-delete-mapping-retry-success"
        else:
            raise ValueError(f"Unknown court sentencing mapping entity {entity!r}")
        self._telemetry.track(name, attributes)

    # --- repairs (the old manual endpoints) -------------------------------------------------

    def clone_case_to_latest_booking(self, offender_no: str, dps_case_id: str) -> list[int]:
        """The booking-clone repair: NOMIS copies the case onto the latest booking; remapped.

        Raises:
            LookupError: the DPS case has no mapping.
        """
        mapped = self.mapping.case(dps_case_id)
        if mapped is None:
            raise LookupError(f"DPS court case {dps_case_id} has no mapping")
        dimensions = {
            "offenderNo": offender_no,
            "dpsCourtCaseId": dps_case_id,
            "nomisCourtCaseId": str(mapped.nomis_court_case_id),
        }
        try:
            with nomis_write():
                cloned = self.nomis.clone_case(offender_no, mapped.nomis_court_case_id)
        except Exception as error:
            self._telemetry.track(
                "court-case-cloned-repair-failed", {**dimensions, "reason": str(error)}
            )
            raise
        batch = BatchUpdateAndCreate(
            mappings_to_create=BatchCreate(), mappings_to_update=transform.clone_pairs(cloned)
        )
        try:
            self._save_batch(batch, offender_no, cloned, "court-case-cloned-repair")
        except Exception as error:
            self._telemetry.track(
                "court-case-cloned-repair-failed", {**dimensions, "reason": str(error)}
            )
            self._queue_retry(dump_body(batch), dimensions, "court-case-clone")
        return [pair.court_case.id for pair in cloned.court_cases]


def build_sync(wiring: SyncWiring) -> CourtSentencingSync:
    """The domain's one wiring: typed clients on the run's shared HTTP clients."""
    return CourtSentencingSync(
        NomisCourtSentencingClient(wiring.http(NOMIS_API)),
        CourtSentencingMappingClient(wiring.http(MAPPING_API)),
        CourtSentencingClient(wiring.http(COURT_SENTENCING_API)),
        wiring.telemetry,
        wiring.retry_queue,
    )
