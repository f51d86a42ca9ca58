"""DPS court sentencing records into NOMIS requests, field by field as the old service did."""

from __future__ import annotations

import datetime as dt

from dagster_project.domains.court_sentencing.dps import (
    LegacyCharge,
    LegacyCourtAppearance,
    LegacyCourtCase,
    LegacyPeriodLength,
    LegacyRecall,
    LegacySentence,
)
from dagster_project.domains.court_sentencing.mapping import (
    BatchUpdate,
    IdPair,
    NomisSentenceId,
    NomisTermId,
    SentenceIdPair,
    TermIdPair,
)
from dagster_project.domains.court_sentencing.nomis import (
    CourtAppearanceRequest,
    CourtCasesCloned,
    CourtEventChargeRequest,
    CreateCourtCaseRequest,
    CreateSentenceRequest,
    OffenderChargeRequest,
    RecallSentence,
    ReturnToCustody,
    SentenceId,
    SentenceTermRequest,
)

NOT_ENTERED = "NE"
# fixed-term recalls send a return to custody, with their length in days
RECALL_LENGTHS = {"FTR_14": 14, "FTR_28": 28, "FTR_56": 56, "FTR_HDC_14": 14, "FTR_HDC_28": 28}


def status(active: bool) -> str:
    return "A" if active else "I"


def case_request(case: LegacyCourtCase) -> CreateCourtCaseRequest:
    """`CreateCourtCaseRequest`: no appearance; the legal case type is "Not Entered".

    Raises:
        ValueError: DPS has no start date or court (both asserted by the old service).
    """
    if case.start_date is None or case.court_id is None:
        raise ValueError(f"DPS court case {case.court_case_uuid} has no start date or court")
    return CreateCourtCaseRequest(
        start_date=case.start_date,
        legal_case_type=NOT_ENTERED,
        court_id=case.court_id,
        status=status(case.active),
        case_reference=case.case_reference,
    )


def at_time(date: dt.date, time: str | None) -> dt.datetime:
    """A DPS date and time (`10:00` or `10:00:00`); midnight without a time."""
    if not time:
        return dt.datetime.combine(date, dt.time())
    return dt.datetime.combine(date, dt.time.fromisoformat(time))


def appearance_request(
    appearance: LegacyCourtAppearance,
    nomis_charge_ids: list[int],
    future: bool,
    force_clone: bool = False,
    force_prevent_clone: bool = False,
) -> CourtAppearanceRequest:
    """`CourtAppearanceRequest`: every DPS charge with its outcome at this appearance."""
    following = appearance.next_court_appearance
    return CourtAppearanceRequest(
        event_date_time=at_time(appearance.appearance_date, appearance.appearance_time),
        court_event_type=appearance.nomis_appearance_type_code,
        court_id=appearance.court_code,
        outcome_reason_code=appearance.nomis_outcome_code,
        next_event_date_time=(
            None
            if following is None
            else at_time(following.appearance_date, following.appearance_time)
        ),
        next_court_id=None if following is None else following.court_id,
        court_event_charges_with_outcomes=[
            CourtEventChargeRequest(
                offender_charge_id=nomis_id, result_code1=charge.nomis_outcome_code
            )
            for charge, nomis_id in zip(appearance.charges, nomis_charge_ids, strict=True)
        ],
        comment=appearance.comments,
        future_appearance=future,
        force_clone=force_clone,
        force_prevent_clone=force_prevent_clone,
    )


def charge_request(charge: LegacyCharge, future: bool) -> OffenderChargeRequest:
    return OffenderChargeRequest(
        offence_code=charge.offence_code,
        offence_date=charge.offence_start_date,
        offence_end_date=charge.offence_end_date,
        result_code1=charge.nomis_outcome_code,
        future_appearance=future,
    )


def sentence_request(
    sentence: LegacySentence, charge_id: int, appearance_id: int, consecutive_to: int | None
) -> CreateSentenceRequest:
    """`CreateSentenceRequest`: one charge, level IND, no end date."""
    return CreateSentenceRequest(
        offender_charge_ids=[charge_id],
        start_date=sentence.sentence_start_date,
        status=status(sentence.active),
        sentence_category=sentence.sentence_category,
        sentence_calc_type=sentence.sentence_calc_type,
        sentence_level="IND",
        fine=None if sentence.fine_amount is None else float(sentence.fine_amount),
        consecutive_to_sentence_seq=consecutive_to,
        event_id=appearance_id,
    )


def term_request(period: LegacyPeriodLength) -> SentenceTermRequest:
    """`SentenceTermRequest` (hours never sent)."""
    return SentenceTermRequest(
        years=period.period_years,
        months=period.period_months,
        weeks=period.period_weeks,
        days=period.period_days,
        sentence_term_type=period.sentence_term_code,
        life_sentence_flag=period.is_life_sentence or False,
    )


def recall_sentence(sentence: LegacySentence, booking_id: int, sequence: int) -> RecallSentence:
    return RecallSentence(
        sentence_id=SentenceId(offender_booking_id=booking_id, sentence_sequence=sequence),
        sentence_category=sentence.sentence_category,
        sentence_calc_type=sentence.sentence_calc_type,
        active=sentence.active,
    )


def return_to_custody(recall: LegacyRecall) -> ReturnToCustody | None:
    """Sent for fixed-term recalls having a return-to-custody or revocation date only."""
    length = RECALL_LENGTHS.get(recall.recall_type)
    returned = recall.return_to_custody_date or recall.revocation_date
    if length is None or returned is None:
        return None
    return ReturnToCustody(
        return_to_custody_date=returned,
        entered_by_staff_username=recall.recall_by,
        recall_length=length,
    )


def clone_pairs(cloned: CourtCasesCloned | None) -> BatchUpdate:
    """Old and new NOMIS ids of everything NOMIS cloned, paired by position (as upstream)."""
    if cloned is None:
        return BatchUpdate()
    update = BatchUpdate()
    for pair in cloned.court_cases:
        source, clone = pair.source_court_case, pair.court_case
        update.court_cases.append(IdPair(from_nomis_id=source.id, to_nomis_id=clone.id))
        for old_event, new_event in zip(source.court_events, clone.court_events, strict=False):
            update.court_appearances.append(
                IdPair(from_nomis_id=old_event.id, to_nomis_id=new_event.id)
            )
        for old_charge, new_charge in zip(
            source.offender_charges, clone.offender_charges, strict=False
        ):
            update.court_charges.append(
                IdPair(from_nomis_id=old_charge.id, to_nomis_id=new_charge.id)
            )
        for old, new in zip(source.sentences, clone.sentences, strict=False):
            old_id = NomisSentenceId(
                nomis_booking_id=old.booking_id, nomis_sequence=old.sentence_seq
            )
            new_id = NomisSentenceId(
                nomis_booking_id=new.booking_id, nomis_sequence=new.sentence_seq
            )
            update.sentences.append(SentenceIdPair(from_nomis_id=old_id, to_nomis_id=new_id))
            for old_term, new_term in zip(old.sentence_terms, new.sentence_terms, strict=False):
                update.sentence_terms.append(
                    TermIdPair(
                        from_nomis_id=NomisTermId(
                            nomis_sentence_id=old_id, nomis_sequence=old_term.term_sequence
                        ),
                        to_nomis_id=NomisTermId(
                            nomis_sentence_id=new_id, nomis_sequence=new_term.term_sequence
                        ),
                    )
                )
    return update
