"""Court sentencing sync: recalls (rules in `sync.py`)."""

from __future__ import annotations

import logging
from typing import Any

from dagster_project.domains.court_sentencing import transform
from dagster_project.domains.court_sentencing.base import (
    SyncBase,
)
from dagster_project.domains.court_sentencing.events import (
    RecallEvent,
)
from dagster_project.domains.court_sentencing.mapping import (
    RecallAppearancesMapping,
    RecallAppearancesUpdate,
)
from dagster_project.domains.court_sentencing.nomis import (
    ConvertToRecallRequest,
    CourtCasesCloned,
    DeleteRecallRequest,
    RecallSentence,
    RevertRecallRequest,
    SentenceAdjustmentId,
    UpdateRecallRequest,
)
from dagster_project.sync.intents import nomis_write
from resources.http import dump_body

log = logging.getLogger(__name__)


class RecallHandlers(SyncBase):
    """Recalls: conversions of sentences, with NOMIS breach appearances."""

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
