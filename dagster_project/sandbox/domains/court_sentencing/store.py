"""The court sentencing rules on the sandbox tables: NOMIS cases by id, ids, sentence sequences."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.court_sentencing.tables import NomisCourtCaseRow, NomisCourtId


def next_id(session: Session) -> int:
    row = NomisCourtId()
    session.add(row)
    session.flush()
    return row.id


def prisoner(session: Session, offender_no: str) -> Prisoner:
    found = session.get(Prisoner, offender_no)
    if found is None:
        raise ApiError(404, f"Offender with nomsId={offender_no} not found")
    return found


def case_row(session: Session, offender_no: str | None, case_id: int) -> NomisCourtCaseRow:
    row = session.get(NomisCourtCaseRow, case_id)
    if row is None or (offender_no is not None and row.offender_no != offender_no):
        raise ApiError(404, f"Court case {case_id} for {offender_no} not found")
    return row


def changed(row: NomisCourtCaseRow, body: dict[str, Any]) -> None:
    """Store the case document back (a JSON column needs telling)."""
    row.body = body
    flag_modified(row, "body")


def next_sentence_sequence(session: Session, booking_id: int) -> int:
    rows = session.scalars(
        select(NomisCourtCaseRow).where(NomisCourtCaseRow.booking_id == booking_id)
    )
    sequences = [s["sentenceSeq"] for row in rows for s in row.body["sentences"]]
    return max(sequences, default=0) + 1


def event_of(body: dict[str, Any], event_id: int) -> dict[str, Any]:
    for event in body["courtEvents"]:
        if event["id"] == event_id:
            return event
    raise ApiError(404, f"Court appearance {event_id} not found")


def sentence_of(body: dict[str, Any], sequence: int) -> dict[str, Any]:
    for held in body["sentences"]:
        if held["sentenceSeq"] == sequence:
            return held
    raise ApiError(404, f"Sentence {sequence} not found")


def sentences_by_id(
    session: Session, offender_no: str, ids: list[dict[str, Any]]
) -> list[tuple[NomisCourtCaseRow, dict[str, Any]]]:
    """The (case, sentence) of each `SentenceId`; 404 for one NOMIS does not hold."""
    rows = list(
        session.scalars(
            select(NomisCourtCaseRow).where(NomisCourtCaseRow.offender_no == offender_no)
        )
    )
    found = []
    for wanted in ids:
        booking, sequence = wanted["offenderBookingId"], wanted["sentenceSequence"]
        match = next(
            (
                (row, held)
                for row in rows
                if row.booking_id == booking
                for held in row.body["sentences"]
                if held["sentenceSeq"] == sequence
            ),
            None,
        )
        if match is None:
            raise ApiError(404, f"Sentence {booking}/{sequence} not found")
        found.append(match)
    return found
