"""Seed court cases: one prisoner in eight has a case, in DPS and NOMIS and mapped.

Each seeded case has one appearance with one charge, sentenced, with one term. With
`plant_mismatches` four prisoners are planted where the two sides disagree
(`PLANTED_COURT_CASE_MISMATCHES`), at positions 5 and 6 of the first two prisons (never regular
ones, all active, so both reconciliations find all four). Ids and dates are the same on every
seed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import insert
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.domain import SeedContext
from dagster_project.sandbox.core.estate import (
    SEED_CREATED,
    booking_id,
    offender_no,
    prison_code,
    prison_count,
)
from dagster_project.sandbox.domains.court_sentencing import records
from dagster_project.sandbox.domains.court_sentencing.tables import (
    CourtMappingRow,
    CourtSentencingSeedInfo,
    DpsCourtRecord,
    NomisCourtCaseRow,
    NomisCourtId,
)
from dagster_project.sandbox.settings import SandboxSettings

EVERY = 8
REGULAR_POSITION = 2
IDS_FROM = 2_000_000  # seeded NOMIS event and charge ids; new ones come after them


class Planted(NamedTuple):
    offender_no: str
    kind: str


PLANTED_POSITIONS: tuple[tuple[int, int, str], ...] = (
    (0, 5, "different"),  # NOMIS holds the case inactive, DPS active
    (0, 6, "case_count"),  # a DPS case never sent to NOMIS
    (1, 5, "different"),  # the sentence's calculation type differs
    (1, 6, "case_count"),  # NOMIS keeps a case whose DPS case was deleted
)
PLANTED_COURT_CASE_MISMATCHES: tuple[Planted, ...] = tuple(
    Planted(offender_no(p, j), kind) for p, j, kind in PLANTED_POSITIONS
)


class Rows:
    """The rows to insert, built in memory, inserted once per table."""

    def __init__(self) -> None:
        self.dps: list[dict[str, Any]] = []
        self.nomis: list[dict[str, Any]] = []
        self.mappings: list[dict[str, Any]] = []
        self._id = IDS_FROM
        self._case = 0

    def next_id(self) -> int:
        self._id += 1
        return self._id

    def add_dps(self, kind: str, body: dict[str, Any], key: str) -> None:
        case = body.get("courtCaseUuid") or body.get("courtCaseId")
        self.dps.append(
            {
                "uuid": body[key],
                "kind": kind,
                "prisoner_id": body["prisonerId"],
                "court_case_uuid": case,
                "body": body,
            }
        )

    def map(self, kind: str, dps_id: str, **nomis: Any) -> None:
        self.mappings.append(
            {
                "kind": kind,
                "dps_id": dps_id,
                "nomis_id": nomis.get("nomis_id"),
                "booking_id": nomis.get("booking_id"),
                "sequence": nomis.get("sequence"),
                "term_sequence": nomis.get("term_sequence"),
                "offender_no": nomis.get("offender_no"),
                "mapping_type": "MIGRATED",
                "when_created": SEED_CREATED,
            }
        )


def dps_family(prisoner: str, prison: str, on: date, seed: str) -> dict[str, dict[str, Any]]:
    """A DPS case with one appearance, charge, sentence and term."""
    case = records.dps_case(prisoner, f"{prison}MC", on, seed=seed)
    charge = records.dps_charge(case, "TH68010", "1002", on - timedelta(days=30), seed=seed)
    appearance = records.dps_appearance(case, f"{prison}MC", on, "1002", [charge], seed=seed)
    sentence = records.dps_sentence(charge, appearance, seed=seed)
    period = records.dps_period_length(sentence, years=2, seed=seed)
    return {
        "case": case,
        "charge": charge,
        "appearance": appearance,
        "sentence": sentence,
        "period": period,
    }


def add_dps(rows: Rows, family: dict[str, dict[str, Any]]) -> None:
    rows.add_dps("court-case", family["case"], "courtCaseUuid")
    rows.add_dps("charge", family["charge"], "lifetimeUuid")
    rows.add_dps("court-appearance", family["appearance"], "lifetimeUuid")
    rows.add_dps("sentence", family["sentence"], "lifetimeUuid")
    rows.add_dps("period-length", family["period"], "periodLengthUuid")


def add_nomis(
    rows: Rows,
    family: dict[str, dict[str, Any]],
    booking: int,
    prison: str,
    mapped: bool = True,
    active: bool | None = None,
    calc_type: str | None = None,
) -> None:
    """NOMIS as the sync would have left it for the DPS family (and, when `mapped`, mappings)."""
    case, charge = family["case"], family["charge"]
    appearance, sentence, period = family["appearance"], family["sentence"], family["period"]
    rows._case += 1
    status = "A" if (case["active"] if active is None else active) else "I"
    request = {
        "startDate": case["startDate"],
        "legalCaseType": "NE",
        "courtId": case["courtId"],
        "status": status,
        "caseReference": case["caseReference"],
    }
    body = records.nomis_case(rows._case, case["prisonerId"], booking, request, SEED_CREATED)
    offender_charge = records.offender_charge(
        rows.next_id(),
        {
            "offenceCode": charge["offenceCode"],
            "offenceDate": charge["offenceStartDate"],
            "resultCode1": "1002",
        },
    )
    body["offenderCharges"] = [offender_charge]
    event_request = {
        "eventDateTime": f"{appearance['appearanceDate']}T10:00:00",
        "courtEventType": "CRT",
        "courtId": appearance["courtCode"],
        "outcomeReasonCode": appearance["nomisOutcomeCode"],
    }
    event = records.court_event(rows.next_id(), body, event_request, SEED_CREATED)
    records.link_charges(
        body, event, [{"offenderChargeId": offender_charge["id"], "resultCode1": "1002"}]
    )
    body["courtEvents"] = [event]
    sentence_request = {
        "offenderChargeIds": [offender_charge["id"]],
        "startDate": sentence["sentenceStartDate"],
        "status": "A",
        "sentenceCategory": sentence["sentenceCategory"],
        "sentenceCalcType": calc_type or sentence["sentenceCalcType"],
        "sentenceLevel": "IND",
        "eventId": event["id"],
    }
    held = records.sentence(body, 1, sentence_request, prison, SEED_CREATED)
    term_request = {
        "years": period["periodYears"],
        "sentenceTermType": "IMP",
        "lifeSentenceFlag": False,
    }
    held["sentenceTerms"] = [records.term(1, term_request, held["startDate"], prison)]
    body["sentences"] = [held]
    rows.nomis.append(
        {"id": rows._case, "offender_no": case["prisonerId"], "booking_id": booking, "body": body}
    )
    if not mapped:
        return
    rows.map("case", case["courtCaseUuid"], nomis_id=rows._case, offender_no=case["prisonerId"])
    rows.map("appearance", appearance["lifetimeUuid"], nomis_id=event["id"])
    rows.map("charge", charge["lifetimeUuid"], nomis_id=offender_charge["id"])
    rows.map("sentence", sentence["lifetimeUuid"], booking_id=booking, sequence=1)
    rows.map("term", period["periodLengthUuid"], booking_id=booking, sequence=1, term_sequence=1)


def _planted(rows: Rows) -> None:
    for n, (p, j, _kind) in enumerate(PLANTED_POSITIONS):
        number, prison, booking = offender_no(p, j), prison_code(p), booking_id(p, j)
        family = dps_family(number, prison, date(2025, 6, 2) + timedelta(days=n), f"planted{n}")
        if n == 0:
            add_dps(rows, family)
            add_nomis(rows, family, booking, prison, active=False)
        elif n == 1:
            add_dps(rows, family)  # never sent to NOMIS
        elif n == 2:
            add_dps(rows, family)
            add_nomis(rows, family, booking, prison, calc_type="FTR_ORA")
        else:
            add_nomis(rows, family, booking, prison)  # its DPS case was deleted


def ensure_court_cases(session: Session, settings: SandboxSettings) -> bool:
    """Seed once; False when an earlier seed already added them."""
    if session.get(CourtSentencingSeedInfo, 1) is not None:
        return False
    session.add(CourtSentencingSeedInfo(id=1, seeded_at=SEED_CREATED))
    rows = Rows()
    k = 0
    for p in range(prison_count(settings.seed_extra_prisons)):
        for j in range(REGULAR_POSITION, settings.seed_prisoners_per_prison, EVERY):
            number, prison = offender_no(p, j), prison_code(p)
            on = SEED_CREATED.date() - timedelta(days=k % 400)
            family = dps_family(number, prison, on, f"{number}:{k}")
            add_dps(rows, family)
            add_nomis(rows, family, booking_id(p, j), prison)
            k += 1
    if settings.plant_mismatches:
        _planted(rows)
    for table, values in (
        (DpsCourtRecord, rows.dps),
        (NomisCourtCaseRow, rows.nomis),
        (CourtMappingRow, rows.mappings),
    ):
        if values:
            session.execute(insert(table), values)
    session.add(NomisCourtId(id=rows.next_id()))
    return True


def seed_court_sentencing(session: Session, context: SeedContext) -> None:
    """The seeded court cases, unless an earlier seed added them already."""
    ensure_court_cases(session, context.settings)


def planted_court_sentencing(_session: Session, settings: SandboxSettings) -> dict[str, Any]:
    """`GET /sandbox/planted` key: the planted prisoners and their kinds (none when not planted)."""
    planted = PLANTED_COURT_CASE_MISMATCHES if settings.plant_mismatches else ()
    return {"court_sentencing": [{"offenderNo": p.offender_no, "kind": p.kind} for p in planted]}
