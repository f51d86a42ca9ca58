"""Court sentencing sync: what every handler family shares (errors, `track`, look-ups, notices)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dagster_project.domains.court_sentencing.dps import (
    CourtSentencingClient,
)
from dagster_project.domains.court_sentencing.mapping import (
    BatchUpdateAndCreate,
    CourtAppearanceMapping,
    CourtCaseMapping,
    CourtChargeMapping,
    CourtSentencingMappingClient,
)
from dagster_project.domains.court_sentencing.nomis import (
    CourtCasesCloned,
    NomisCourtSentencingClient,
    SentenceAdjustmentId,
)
from dagster_project.sync.errors import NonRetryableError
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.telemetry import Telemetry
from resources.errors import ApiError
from resources.http import dump_body

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


class SyncBase:
    """The clients, telemetry and retry queue, and the helpers every handler family shares."""

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
