"""NOMIS prisoner API: court cases, court events, offender charges, sentences, terms, recalls.

Mounted under ``/nomis``. Creates answer 201 (the spec's statuses), updates 200, sentence and
term deletes 204. A recall converts the sentences and adds one breach court event, kept beside
the case's events. A clone copies a case with new ids and drops the source: every sandbox
prisoner has one booking, so the copy stands for the case moved to the latest booking.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.court_sentencing import records, store
from dagster_project.sandbox.domains.court_sentencing.tables import NomisCourtCaseRow

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])
Json = Annotated[dict[str, Any], Body()]
CASES = "/prisoners/{offender_no}/sentencing/court-cases"
SENTENCES = "/prisoners/{offender_no}/court-cases/{case_id}/sentences"


def _require(body: dict[str, Any], *names: str) -> None:
    missing = [name for name in names if body.get(name) is None]
    if missing:
        raise ApiError(400, f"Missing fields: {', '.join(missing)}")


@router.post(CASES, status_code=201)
def create_case(offender_no: str, body: Json, state: StateDep) -> JSONResponse:
    _require(body, "startDate", "legalCaseType", "courtId", "status")
    with state.writing() as session:
        found = store.prisoner(session, offender_no)
        row = NomisCourtCaseRow(offender_no=offender_no, booking_id=found.booking_id, body={})
        session.add(row)
        session.flush()
        store.changed(
            row, records.nomis_case(row.id, offender_no, found.booking_id, body, now_local())
        )
        session.commit()
        return JSONResponse({"id": row.id, "courtAppearanceIds": []}, 201)


@router.put(CASES + "/{case_id}")
def update_case(offender_no: str, case_id: int, body: Json, state: StateDep) -> Response:
    _require(body, "status")
    with state.writing() as session:
        row = store.case_row(session, offender_no, case_id)
        case = dict(row.body)
        case["caseStatus"] = records.code(
            body["status"], "Active" if body["status"] == "A" else "Inactive"
        )
        store.changed(row, case)
        session.commit()
    return Response(status_code=200)


@router.delete(CASES + "/{case_id}")
def delete_case(offender_no: str, case_id: int, state: StateDep) -> Response:
    with state.writing() as session:
        row = session.get(NomisCourtCaseRow, case_id)
        if row is not None and row.offender_no == offender_no:
            session.delete(row)
            session.commit()
    return Response(status_code=200)


@router.post(CASES + "/{case_id}/case-identifiers")
def case_identifiers(offender_no: str, case_id: int, body: Json, state: StateDep) -> Response:
    """Replace the case's DPS references with those sent."""
    _require(body, "caseIdentifiers")
    with state.writing() as session:
        row = store.case_row(session, offender_no, case_id)
        case = dict(row.body)
        case["caseInfoNumbers"] = [
            {"type": "CASE/INFO#", "reference": i["reference"], "createDateTime": i["createdDate"]}
            for i in body["caseIdentifiers"]
        ]
        store.changed(row, case)
        session.commit()
    return Response(status_code=200)


@router.post(CASES + "/{case_id}/court-appearances", status_code=201)
def create_appearance(offender_no: str, case_id: int, body: Json, state: StateDep) -> JSONResponse:
    _require(body, "eventDateTime", "courtEventType", "courtId", "courtEventChargesWithOutcomes")
    with state.writing() as session:
        row = store.case_row(session, offender_no, case_id)
        case = dict(row.body)
        event = records.court_event(store.next_id(session), case, body, now_local())
        try:
            linked = records.link_charges(case, event, body["courtEventChargesWithOutcomes"])
        except KeyError as missing:
            raise ApiError(400, f"Offender charge {missing} not in case {case_id}") from None
        case["courtEvents"] = [*case["courtEvents"], event]
        store.changed(row, case)
        session.commit()
        return JSONResponse(
            {
                "id": event["id"],
                "courtEventChargesIds": [
                    {"offenderChargeId": i, "eventId": event["id"]} for i in linked
                ],
            },
            201,
        )


@router.put(CASES + "/{case_id}/court-appearances/{event_id}")
def update_appearance(
    offender_no: str, case_id: int, event_id: int, body: Json, state: StateDep
) -> JSONResponse:
    """The whole appearance; charges no event or sentence holds any more are deleted."""
    _require(body, "eventDateTime", "courtEventType", "courtId", "courtEventChargesWithOutcomes")
    with state.writing() as session:
        row = store.case_row(session, offender_no, case_id)
        case = dict(row.body)
        event = store.event_of(case, event_id)
        fresh = records.court_event(event_id, case, body, now_local())
        event.update(
            {k: v for k, v in fresh.items() if k not in ("courtEventCharges", "createdDateTime")}
        )
        try:
            linked = records.link_charges(case, event, body["courtEventChargesWithOutcomes"])
        except KeyError as missing:
            raise ApiError(400, f"Offender charge {missing} not in case {case_id}") from None
        dropped = records.orphan_charges(case)
        store.changed(row, case)
        session.commit()
        return JSONResponse(
            {
                "createdCourtEventChargesIds": [
                    {"offenderChargeId": i, "eventId": event_id} for i in linked
                ],
                "deletedOffenderChargesIds": [{"offenderChargeId": i} for i in dropped],
            }
        )


@router.delete(CASES + "/{case_id}/court-appearances/{event_id}")
def delete_appearance(offender_no: str, case_id: int, event_id: int, state: StateDep) -> Response:
    with state.writing() as session:
        row = store.case_row(session, offender_no, case_id)
        case = dict(row.body)
        case["courtEvents"] = [e for e in case["courtEvents"] if e["id"] != event_id]
        store.changed(row, case)
        session.commit()
    return Response(status_code=200)


@router.post(CASES + "/{case_id}/charges", status_code=201)
def create_charge(offender_no: str, case_id: int, body: Json, state: StateDep) -> JSONResponse:
    _require(body, "offenceCode")
    with state.writing() as session:
        row = store.case_row(session, offender_no, case_id)
        case = dict(row.body)
        charge = records.offender_charge(store.next_id(session), body)
        case["offenderCharges"] = [*case["offenderCharges"], charge]
        store.changed(row, case)
        session.commit()
        return JSONResponse({"offenderChargeId": charge["id"]}, 201)


@router.put(CASES + "/{case_id}/court-appearances/{event_id}/charges/{charge_id}")
def update_charge(
    offender_no: str, case_id: int, event_id: int, charge_id: int, body: Json, state: StateDep
) -> Response:
    _require(body, "offenceCode")
    with state.writing() as session:
        row = store.case_row(session, offender_no, case_id)
        case = dict(row.body)
        store.event_of(case, event_id)
        if not any(c["id"] == charge_id for c in case["offenderCharges"]):
            raise ApiError(404, f"Offender charge {charge_id} not found")
        case["offenderCharges"] = [
            records.offender_charge(charge_id, body) if c["id"] == charge_id else c
            for c in case["offenderCharges"]
        ]
        records.refresh_charge(case, charge_id)
        for event in case["courtEvents"]:
            for linked in event["courtEventCharges"]:
                if event["id"] == event_id and linked["offenderCharge"]["id"] == charge_id:
                    linked["resultCode1"] = records.result(body.get("resultCode1"))
        store.changed(row, case)
        session.commit()
    return Response(status_code=200)


@router.post(SENTENCES, status_code=201)
def create_sentence(offender_no: str, case_id: int, body: Json, state: StateDep) -> JSONResponse:
    _require(
        body,
        "offenderChargeIds",
        "startDate",
        "status",
        "sentenceCategory",
        "sentenceCalcType",
        "eventId",
    )
    with state.writing() as session:
        prisoner = store.prisoner(session, offender_no)
        row = store.case_row(session, offender_no, case_id)
        sequence = store.next_sentence_sequence(session, row.booking_id)
        case = dict(row.body)
        held = records.sentence(case, sequence, body, prisoner.prison_id, now_local())
        case["sentences"] = [*case["sentences"], held]
        store.changed(row, case)
        session.commit()
        return JSONResponse({"sentenceSeq": sequence, "bookingId": row.booking_id}, 201)


@router.put(SENTENCES + "/{sequence}")
def update_sentence(
    offender_no: str, case_id: int, sequence: int, body: Json, state: StateDep
) -> Response:
    _require(
        body,
        "offenderChargeIds",
        "startDate",
        "status",
        "sentenceCategory",
        "sentenceCalcType",
        "eventId",
    )
    with state.writing() as session:
        prisoner = store.prisoner(session, offender_no)
        row = store.case_row(session, offender_no, case_id)
        case = dict(row.body)
        held = store.sentence_of(case, sequence)
        fresh = records.sentence(case, sequence, body, prisoner.prison_id, now_local())
        held.update(
            {k: v for k, v in fresh.items() if k not in ("sentenceTerms", "createdDateTime")}
        )
        store.changed(row, case)
        session.commit()
    return Response(status_code=200)


@router.delete(SENTENCES + "/{sequence}", status_code=204)
def delete_sentence(offender_no: str, case_id: int, sequence: int, state: StateDep) -> Response:
    with state.writing() as session:
        row = store.case_row(session, offender_no, case_id)
        case = dict(row.body)
        case["sentences"] = [s for s in case["sentences"] if s["sentenceSeq"] != sequence]
        store.changed(row, case)
        session.commit()
    return Response(status_code=204)


@router.post(SENTENCES + "/{sequence}/sentence-terms", status_code=201)
def create_term(
    offender_no: str, case_id: int, sequence: int, body: Json, state: StateDep
) -> JSONResponse:
    _require(body, "sentenceTermType", "lifeSentenceFlag")
    with state.writing() as session:
        prisoner = store.prisoner(session, offender_no)
        row = store.case_row(session, offender_no, case_id)
        case = dict(row.body)
        held = store.sentence_of(case, sequence)
        term_seq = max((t["termSequence"] for t in held["sentenceTerms"]), default=0) + 1
        held["sentenceTerms"] = [
            *held["sentenceTerms"],
            records.term(term_seq, body, held["startDate"], prisoner.prison_id),
        ]
        store.changed(row, case)
        session.commit()
        return JSONResponse(
            {"sentenceSeq": sequence, "termSeq": term_seq, "bookingId": row.booking_id}, 201
        )


@router.put(SENTENCES + "/{sequence}/sentence-terms/{term_seq}")
def update_term(
    offender_no: str, case_id: int, sequence: int, term_seq: int, body: Json, state: StateDep
) -> Response:
    _require(body, "sentenceTermType", "lifeSentenceFlag")
    with state.writing() as session:
        prisoner = store.prisoner(session, offender_no)
        row = store.case_row(session, offender_no, case_id)
        case = dict(row.body)
        held = store.sentence_of(case, sequence)
        if not any(t["termSequence"] == term_seq for t in held["sentenceTerms"]):
            raise ApiError(404, f"Sentence term {term_seq} not found")
        held["sentenceTerms"] = [
            records.term(term_seq, body, held["startDate"], prisoner.prison_id)
            if t["termSequence"] == term_seq
            else t
            for t in held["sentenceTerms"]
        ]
        store.changed(row, case)
        session.commit()
    return Response(status_code=200)


@router.delete(SENTENCES + "/{sequence}/sentence-terms/{term_seq}", status_code=204)
def delete_term(
    offender_no: str, case_id: int, sequence: int, term_seq: int, state: StateDep
) -> Response:
    with state.writing() as session:
        row = store.case_row(session, offender_no, case_id)
        case = dict(row.body)
        held = store.sentence_of(case, sequence)
        held["sentenceTerms"] = [t for t in held["sentenceTerms"] if t["termSequence"] != term_seq]
        store.changed(row, case)
        session.commit()
    return Response(status_code=204)


def _recalled(
    session: Any, offender_no: str, sentences: list[dict[str, Any]], breach_id: int | None
) -> list[int]:
    """Apply each sentence's category and calc type; add one breach event (its id) when asked."""
    pairs = store.sentences_by_id(session, offender_no, [s["sentenceId"] for s in sentences])
    for (row, held), sent in zip(pairs, sentences, strict=True):
        held["category"] = records.code(sent["sentenceCategory"])
        held["calculationType"] = records.code(sent["sentenceCalcType"])
        held["status"] = "A" if sent["active"] else "I"
        store.changed(row, row.body)
    if breach_id is None or not pairs:
        return []
    row = pairs[0][0]
    row.body["breachEvents"] = [*row.body.get("breachEvents", []), breach_id]
    store.changed(row, row.body)
    return [breach_id]


def _drop_breaches(session: Any, offender_no: str, ids: list[int]) -> None:
    rows = session.scalars(
        select(NomisCourtCaseRow).where(NomisCourtCaseRow.offender_no == offender_no)
    )
    for row in rows:
        kept = [i for i in row.body.get("breachEvents", []) if i not in ids]
        if kept != row.body.get("breachEvents", []):
            row.body["breachEvents"] = kept
            store.changed(row, row.body)


@router.post("/prisoners/{offender_no}/sentences/recall")
def convert_to_recall(offender_no: str, body: Json, state: StateDep) -> JSONResponse:
    _require(body, "sentences", "recallRevocationDate")
    with state.writing() as session:
        created = _recalled(session, offender_no, body["sentences"], store.next_id(session))
        session.commit()
    return JSONResponse({"courtEventIds": created, "sentenceAdjustmentsActivated": []})


@router.put("/prisoners/{offender_no}/sentences/recall")
def update_recall(offender_no: str, body: Json, state: StateDep) -> JSONResponse:
    _require(body, "sentences", "sentencesRemoved", "recallRevocationDate", "beachCourtEventIds")
    with state.writing() as session:
        breaches = body["beachCourtEventIds"]
        _recalled(session, offender_no, body["sentences"], None)
        session.commit()
    return JSONResponse(
        {"createdCourtEventIds": [], "updatedCourtEventIds": breaches, "deletedCourtEventIds": []}
    )


@router.put("/prisoners/{offender_no}/sentences/recall/restore-previous")
def revert_recall(offender_no: str, body: Json, state: StateDep) -> Response:
    _require(body, "sentences", "beachCourtEventIds")
    with state.writing() as session:
        _recalled(session, offender_no, body["sentences"], None)
        _drop_breaches(session, offender_no, body["beachCourtEventIds"])
        session.commit()
    return Response(status_code=200)


@router.put("/prisoners/{offender_no}/sentences/recall/restore-original")
def delete_recall(offender_no: str, body: Json, state: StateDep) -> Response:
    _require(body, "sentences", "beachCourtEventIds")
    with state.writing() as session:
        _recalled(session, offender_no, body["sentences"], None)
        _drop_breaches(session, offender_no, body["beachCourtEventIds"])
        session.commit()
    return Response(status_code=200)


@router.post(CASES + "/clone/{case_id}")
def clone_case(offender_no: str, case_id: int, state: StateDep) -> JSONResponse:
    """Copy the case onto the (latest) booking with new ids; the source is dropped."""
    with state.writing() as session:
        row = store.case_row(session, offender_no, case_id)
        source = dict(row.body)
        first = store.next_sentence_sequence(session, row.booking_id)
        copy_row = NomisCourtCaseRow(offender_no=offender_no, booking_id=row.booking_id, body={})
        session.add(copy_row)
        session.flush()
        copy = records.cloned(source, copy_row.id, lambda: store.next_id(session), first)
        store.changed(copy_row, copy)
        session.delete(row)
        session.commit()
        pair = {"courtCase": records.response(copy), "sourceCourtCase": records.response(source)}
        return JSONResponse({"courtCases": [pair], "sentenceAdjustments": []})


@router.get(CASES + "/ids")
def case_ids(offender_no: str, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        store.prisoner(session, offender_no)
        rows = session.scalars(
            select(NomisCourtCaseRow.id)
            .where(NomisCourtCaseRow.offender_no == offender_no)
            .order_by(NomisCourtCaseRow.id)
        )
        return JSONResponse(list(rows))


@router.get("/court-cases/{case_id}")
def court_case(case_id: int, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        return JSONResponse(records.response(store.case_row(session, None, case_id).body))
