"""Court sentencing sync: sentences and their terms (rules in `sync.py`)."""

from __future__ import annotations

from dagster_project.domains.court_sentencing import transform
from dagster_project.domains.court_sentencing.base import (
    AwaitingParent,
    NotInDps,
    SyncBase,
    create_failure,
)
from dagster_project.domains.court_sentencing.dps import (
    LegacySentence,
)
from dagster_project.domains.court_sentencing.events import (
    PeriodLengthEvent,
    SentenceEvent,
)
from dagster_project.domains.court_sentencing.mapping import (
    SentenceMapping,
    SentenceTermMapping,
)
from dagster_project.sync.synchronise import synchronise_create


class SentenceHandlers(SyncBase):
    """Sentences and their terms (DPS period lengths)."""

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
