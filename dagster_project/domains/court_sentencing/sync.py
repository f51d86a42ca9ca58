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

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.court_sentencing import transform
from dagster_project.domains.court_sentencing.appearances import AppearanceHandlers
from dagster_project.domains.court_sentencing.base import (
    AwaitingParent,
    NotInDps,
    create_failure,
    is_dependent_state,
)
from dagster_project.domains.court_sentencing.cases import CaseHandlers
from dagster_project.domains.court_sentencing.dps import (
    COURT_SENTENCING_API,
    CourtSentencingClient,
)
from dagster_project.domains.court_sentencing.mapping import (
    BatchCreate,
    BatchUpdateAndCreate,
    ChargeBatchUpdate,
    CourtCaseAllMapping,
    CourtChargeMapping,
    CourtSentencingMappingClient,
    RecallAppearancesMapping,
    SentenceMapping,
    SentenceTermMapping,
)
from dagster_project.domains.court_sentencing.nomis import (
    NomisCourtSentencingClient,
)
from dagster_project.domains.court_sentencing.recalls import RecallHandlers
from dagster_project.domains.court_sentencing.sentences import SentenceHandlers
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.domain import SyncWiring
from dagster_project.sync.intents import nomis_write
from resources.http import dump_body

__all__ = [
    "AwaitingParent",
    "CourtSentencingSync",
    "NotInDps",
    "build_sync",
    "create_failure",
    "is_dependent_state",
]


class CourtSentencingSync(CaseHandlers, AppearanceHandlers, SentenceHandlers, RecallHandlers):
    """Applies court sentencing events to NOMIS; telemetry as the old service."""

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
