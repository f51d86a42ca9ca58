"""One court case, DPS's reconciliation view against NOMIS's case: the differences, as upstream.

Kept: the case's active flag (skipped for a case DPS marks `DUPLICATE`, i.e. cloned away), the
appearances sorted by (date, court, outcome, charge count) and compared by position (a
different count is one difference), each appearance's charges sorted by (offence, date,
outcome) and compared, then the sentences (DPS's de-duplicated across charges) sorted and
compared with their terms. Dates before 1800 (appearances) or 1920 and future offence dates
count as absent. Not compared here: case references (not in the DPS reconciliation view) and
the sentence's court-order appearance date (its start date is compared instead).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dagster_project.domains.court_sentencing.dps import (
    ReconciliationCourtCase,
    ReconciliationSentence,
)
from dagster_project.domains.court_sentencing.nomis import NomisCourtCase, NomisSentence

EARLIEST_APPEARANCE = dt.date(1800, 1, 1)
EARLIEST_OFFENCE = dt.date(1920, 1, 1)
DUPLICATE = "DUPLICATE"


@dataclass(frozen=True)
class Difference:
    property: str
    dps: str
    nomis: str

    def __str__(self) -> str:
        return f"{self.property}: dps={self.dps} nomis={self.nomis}"


def _date(value: dt.date | None, earliest: dt.date, today: dt.date | None = None) -> str:
    if value is None or value <= earliest or (today is not None and value > today):
        return "None"
    return value.isoformat()


def _fine(value: Decimal | None) -> str:
    if value is None:
        return "None"
    text = format(value.normalize(), "f")
    return text


Charge = tuple[str, str, str, str]
Appearance = tuple[str, str, str, int, tuple[Charge, ...]]


def _dps_appearances(case: ReconciliationCourtCase, today: dt.date) -> list[Appearance]:
    found = []
    for appearance in case.appearances:
        charges = sorted(
            (
                c.offence_code,
                _date(c.offence_start_date, EARLIEST_OFFENCE, today),
                _date(c.offence_end_date, EARLIEST_OFFENCE, today),
                c.nomis_outcome_code or "None",
            )
            for c in appearance.charges
        )
        found.append(
            (
                _date(appearance.appearance_date, EARLIEST_APPEARANCE),
                appearance.court_code,
                appearance.nomis_outcome_code or "None",
                len(charges),
                tuple(charges),
            )
        )
    return sorted(found)


def _nomis_appearances(case: NomisCourtCase, today: dt.date) -> list[Appearance]:
    found = []
    for event in case.court_events:
        charges = sorted(
            (
                c.offender_charge.offence.offence_code if c.offender_charge.offence else "None",
                _date(c.offence_date, EARLIEST_OFFENCE, today),
                _date(c.offence_end_date, EARLIEST_OFFENCE, today),
                c.result_code1.code if c.result_code1 else "None",
            )
            for c in event.court_event_charges
        )
        found.append(
            (
                _date(event.event_date_time.date(), EARLIEST_APPEARANCE),
                event.court_id,
                event.outcome_reason_code.code if event.outcome_reason_code else "None",
                len(charges),
                tuple(charges),
            )
        )
    return sorted(found)


Term = tuple[str, str, str, str, str, str]
Sentence = tuple[str, str, str, str, str, tuple[Term, ...]]


def _dps_sentence(sentence: ReconciliationSentence) -> Sentence:
    terms = sorted(
        (
            p.sentence_term_code,
            *(
                "None" if p.life_sentence else str(v)
                for v in (p.period_years, p.period_months, p.period_weeks, p.period_days)
            ),
            str(bool(p.life_sentence)),
        )
        for p in sentence.period_lengths
    )
    return (
        sentence.sentence_start_date.isoformat(),
        str(sentence.sentence_category),
        str(sentence.sentence_calc_type),
        "A" if sentence.active else "I",
        _fine(sentence.fine_amount),
        tuple(terms),  # type: ignore[arg-type]
    )


def _nomis_sentence(sentence: NomisSentence) -> Sentence:
    terms = sorted(
        (
            t.sentence_term_type.code if t.sentence_term_type else "None",
            *(
                "None" if t.life_sentence_flag else str(v)
                for v in (t.years, t.months, t.weeks, t.days)
            ),
            str(t.life_sentence_flag),
        )
        for t in sentence.sentence_terms
    )
    return (
        sentence.start_date.isoformat(),
        sentence.category.code,
        sentence.calculation_type.code,
        sentence.status,
        _fine(sentence.fine_amount),
        tuple(terms),  # type: ignore[arg-type]
    )


def compare_case(
    dps: ReconciliationCourtCase, nomis: NomisCourtCase, today: dt.date | None = None
) -> list[Difference]:
    """The differences between the two sides of one mapped case (empty: they agree)."""
    today = today or dt.date.today()
    found: list[Difference] = []
    nomis_active = nomis.case_status.code == "A"
    if dps.status != DUPLICATE and dps.active != nomis_active:
        found.append(Difference("case.active", str(dps.active), str(nomis_active)))
    dps_appearances = _dps_appearances(dps, today)
    nomis_appearances = _nomis_appearances(nomis, today)
    if len(dps_appearances) != len(nomis_appearances):
        found.append(
            Difference("case.appearances", str(len(dps_appearances)), str(len(nomis_appearances)))
        )
    else:
        names = ("date", "court", "outcome", "charges", "charges")
        for index, (mine, theirs) in enumerate(
            zip(dps_appearances, nomis_appearances, strict=True)
        ):
            for name, a, b in zip(names, mine, theirs, strict=True):
                if a != b:
                    found.append(Difference(f"case.appearances[{index}].{name}", str(a), str(b)))
                    break
    sentences = {
        c.sentence.sentence_uuid: c.sentence
        for a in dps.appearances
        for c in a.charges
        if c.sentence is not None
    }
    dps_sentences = sorted(_dps_sentence(s) for s in sentences.values())
    nomis_sentences = sorted(_nomis_sentence(s) for s in nomis.sentences)
    if len(dps_sentences) != len(nomis_sentences):
        found.append(
            Difference("case.sentences", str(len(dps_sentences)), str(len(nomis_sentences)))
        )
    else:
        sentence_names = ("startDate", "category", "calcType", "status", "fine", "terms")
        for index, (left, right) in enumerate(zip(dps_sentences, nomis_sentences, strict=True)):
            for name, a, b in zip(sentence_names, left, right, strict=True):
                if a != b:
                    found.append(Difference(f"case.sentences[{index}].{name}", str(a), str(b)))
    return found
