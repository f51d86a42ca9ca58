"""Mapping service: court sentencing mappings of every kind, recall appearances included.

Mounted under ``/mapping-api``. A create clashing on the DPS or NOMIS id of another mapping is
a 409 ``DuplicateMappingErrorResponse``; an identical re-post is accepted. The batch
update-create adds the new mappings and moves cloned ones to their new NOMIS ids. DELETEs
answer 204 whether or not anything was mapped.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Response
from fastapi.responses import JSONResponse
from sqlalchemy import delete as sql_delete
from sqlalchemy import select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError, DuplicateMappingError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.court_sentencing.tables import CourtMappingRow

router = APIRouter(prefix="/mapping-api", tags=["mapping"], dependencies=[Depends(require_bearer)])
BASE = "/mapping/court-sentencing"
Json = Annotated[dict[str, Any], Body()]
Ids = Annotated[list[Any], Body()]


def view(row: CourtMappingRow) -> dict[str, Any]:
    """The row as the service's DTO of its kind."""
    common = {"mappingType": row.mapping_type, "whenCreated": row.when_created.isoformat()}
    if row.kind == "case":
        return {
            "nomisCourtCaseId": row.nomis_id,
            "dpsCourtCaseId": row.dps_id,
            "offenderNo": row.offender_no,
            **common,
        }
    if row.kind == "appearance":
        return {
            "nomisCourtAppearanceId": row.nomis_id,
            "dpsCourtAppearanceId": row.dps_id,
            **common,
        }
    if row.kind == "charge":
        return {"nomisCourtChargeId": row.nomis_id, "dpsCourtChargeId": row.dps_id, **common}
    if row.kind == "sentence":
        return {
            "nomisBookingId": row.booking_id,
            "nomisSentenceSequence": row.sequence,
            "dpsSentenceId": row.dps_id,
            **common,
        }
    if row.kind == "term":
        return {
            "nomisBookingId": row.booking_id,
            "nomisSentenceSequence": row.sequence,
            "nomisTermSequence": row.term_sequence,
            "dpsTermId": row.dps_id,
            **common,
        }
    return {"nomisCourtAppearanceId": row.nomis_id, "dpsRecallId": row.dps_id, **common}


def _nomis_key(row: CourtMappingRow) -> tuple[Any, ...]:
    return (row.nomis_id, row.booking_id, row.sequence, row.term_sequence)


def _find(session: Session, kind: str, dps_id: str) -> CourtMappingRow | None:
    return session.scalars(
        select(CourtMappingRow).where(
            CourtMappingRow.kind == kind, CourtMappingRow.dps_id == dps_id
        )
    ).first()


def _by_nomis(session: Session, kind: str, key: tuple[Any, ...]) -> CourtMappingRow | None:
    nomis_id, booking, sequence, term = key
    return session.scalars(
        select(CourtMappingRow).where(
            CourtMappingRow.kind == kind,
            CourtMappingRow.nomis_id.is_(None)
            if nomis_id is None
            else CourtMappingRow.nomis_id == nomis_id,
            CourtMappingRow.booking_id.is_(None)
            if booking is None
            else CourtMappingRow.booking_id == booking,
            CourtMappingRow.sequence.is_(None)
            if sequence is None
            else CourtMappingRow.sequence == sequence,
            CourtMappingRow.term_sequence.is_(None)
            if term is None
            else CourtMappingRow.term_sequence == term,
        )
    ).first()


def add(session: Session, kind: str, body: dict[str, Any], mapping_type: str | None = None) -> None:
    """Store one mapping of `kind` from its DTO; 409 when either side is mapped differently."""
    row = row_of(kind, body, mapping_type)
    same_dps = _find(session, kind, row.dps_id)
    same_nomis = _by_nomis(session, kind, _nomis_key(row))
    if same_dps is not None and _nomis_key(same_dps) == _nomis_key(row):
        return  # an identical re-post
    clash = same_dps or same_nomis
    if clash is not None:
        raise DuplicateMappingError(
            f"Conflict: court sentencing {kind} mapping already exists",
            duplicate=view(row),
            existing=view(clash),
        )
    session.add(row)
    session.flush()


def row_of(kind: str, body: dict[str, Any], mapping_type: str | None = None) -> CourtMappingRow:
    kind_type = body.get("mappingType") or mapping_type or "DPS_CREATED"
    common: dict[str, Any] = {"kind": kind, "mapping_type": kind_type, "when_created": now_local()}
    if kind == "case":
        return CourtMappingRow(
            dps_id=body["dpsCourtCaseId"],
            nomis_id=body["nomisCourtCaseId"],
            offender_no=body.get("offenderNo"),
            **common,
        )
    if kind == "appearance":
        return CourtMappingRow(
            dps_id=body["dpsCourtAppearanceId"], nomis_id=body["nomisCourtAppearanceId"], **common
        )
    if kind == "charge":
        return CourtMappingRow(
            dps_id=body["dpsCourtChargeId"], nomis_id=body["nomisCourtChargeId"], **common
        )
    if kind == "sentence":
        return CourtMappingRow(
            dps_id=body["dpsSentenceId"],
            booking_id=body["nomisBookingId"],
            sequence=body["nomisSentenceSequence"],
            **common,
        )
    return CourtMappingRow(
        dps_id=body["dpsTermId"],
        booking_id=body["nomisBookingId"],
        sequence=body["nomisSentenceSequence"],
        term_sequence=body["nomisTermSequence"],
        **common,
    )


def created(session: Session, kind: str, dps_id: str) -> dict[str, Any]:
    """The stored entity a create answers with (`id`, `new`, `isNew` besides the DTO's fields)."""
    return {**_get(session, kind, dps_id), "id": dps_id, "new": False, "isNew": False}


def _get(session: Session, kind: str, dps_id: str) -> dict[str, Any]:
    row = _find(session, kind, dps_id)
    if row is None:
        raise ApiError(404, f"No court sentencing {kind} mapping for {dps_id}")
    return view(row)


def _forget(session: Session, kind: str, dps_id: str) -> None:
    session.execute(
        sql_delete(CourtMappingRow).where(
            CourtMappingRow.kind == kind, CourtMappingRow.dps_id == dps_id
        )
    )


@router.get(BASE + "/court-cases/dps-court-case-id/{dps_id}")
def get_case(dps_id: str, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        return JSONResponse(_get(session, "case", dps_id))


@router.get(BASE + "/court-cases/nomis-court-case-id/{nomis_id}")
def get_case_by_nomis(nomis_id: int, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        row = _by_nomis(session, "case", (nomis_id, None, None, None))
        if row is None:
            raise ApiError(404, f"No court case mapping for NOMIS {nomis_id}")
        return JSONResponse(view(row))


@router.post(BASE + "/court-cases/nomis-case-ids/get-list")
def cases_by_nomis(ids: Ids, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        rows = session.scalars(
            select(CourtMappingRow).where(
                CourtMappingRow.kind == "case", CourtMappingRow.nomis_id.in_(ids)
            )
        )
        return JSONResponse([view(row) for row in rows])


@router.post(BASE + "/court-cases", status_code=201)
def create_case(body: Json, state: StateDep) -> Response:
    """`CourtCaseAllMappingDto`: the case with any child mappings it carries."""
    with state.writing() as session:
        kind_type = body.get("mappingType")
        add(session, "case", body, kind_type)
        for kind, name in (
            ("appearance", "courtAppearances"),
            ("charge", "courtCharges"),
            ("sentence", "sentences"),
        ):
            for child in body.get(name) or []:
                add(session, kind, child, kind_type)
        session.commit()
    return Response(status_code=201)


@router.delete(BASE + "/court-cases/dps-court-case-id/{dps_id}", status_code=204)
def delete_case(dps_id: str, state: StateDep) -> Response:
    with state.writing() as session:
        _forget(session, "case", dps_id)
        session.commit()
    return Response(status_code=204)


def _move(session: Session, kind: str, pair: dict[str, Any]) -> None:
    """Point the mapping of a cloned entity at its new NOMIS id."""
    old, new = pair["fromNomisId"], pair["toNomisId"]
    if kind in ("case", "appearance", "charge"):
        row = _by_nomis(session, kind, (old, None, None, None))
        if row is not None:
            row.nomis_id = new
        return
    if kind == "sentence":
        row = _by_nomis(session, kind, (None, old["nomisBookingId"], old["nomisSequence"], None))
        if row is not None:
            row.booking_id, row.sequence = new["nomisBookingId"], new["nomisSequence"]
        return
    old_sentence, new_sentence = old["nomisSentenceId"], new["nomisSentenceId"]
    key = (
        None,
        old_sentence["nomisBookingId"],
        old_sentence["nomisSequence"],
        old["nomisSequence"],
    )
    row = _by_nomis(session, "term", key)
    if row is not None:
        row.booking_id = new_sentence["nomisBookingId"]
        row.sequence = new_sentence["nomisSequence"]
        row.term_sequence = new["nomisSequence"]


BATCH = (
    ("case", "courtCases"),
    ("appearance", "courtAppearances"),
    ("charge", "courtCharges"),
    ("sentence", "sentences"),
    ("term", "sentenceTerms"),
)


@router.put(BASE + "/court-cases/update-create")
def update_create(body: Json, state: StateDep) -> Response:
    with state.writing() as session:
        to_create = body["mappingsToCreate"]
        for kind, name in BATCH:
            for child in to_create.get(name) or []:
                add(session, kind, child, to_create.get("mappingType"))
        for kind, name in BATCH:
            for pair in body["mappingsToUpdate"].get(name) or []:
                _move(session, kind, pair)
        session.commit()
    return Response(status_code=200)


@router.get(BASE + "/court-appearances/dps-court-appearance-id/{dps_id}")
def get_appearance(dps_id: str, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        return JSONResponse(_get(session, "appearance", dps_id))


@router.delete(BASE + "/court-appearances/dps-court-appearance-id/{dps_id}", status_code=204)
def delete_appearance(dps_id: str, state: StateDep) -> Response:
    with state.writing() as session:
        _forget(session, "appearance", dps_id)
        session.commit()
    return Response(status_code=204)


@router.get(BASE + "/court-charges/dps-court-charge-id/{dps_id}")
def get_charge(dps_id: str, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        return JSONResponse(_get(session, "charge", dps_id))


@router.post(BASE + "/court-charges", status_code=201)
def create_charge(body: Json, state: StateDep) -> JSONResponse:
    with state.writing() as session:
        add(session, "charge", body)
        session.commit()
        return JSONResponse(created(session, "charge", body["dpsCourtChargeId"]), 201)


@router.put(BASE + "/court-charges", status_code=201)
def update_charges(body: Json, state: StateDep) -> Response:
    """`CourtChargeBatchUpdateMappingDto`: add some charge mappings, forget others by NOMIS id."""
    with state.writing() as session:
        for child in body.get("courtChargesToCreate") or []:
            add(session, "charge", child)
        for gone in body.get("courtChargesToDelete") or []:
            session.execute(
                sql_delete(CourtMappingRow).where(
                    CourtMappingRow.kind == "charge",
                    CourtMappingRow.nomis_id == gone["nomisCourtChargeId"],
                )
            )
        session.commit()
    return Response(status_code=201)


@router.get(BASE + "/sentences/dps-sentence-id/{dps_id}")
def get_sentence(dps_id: str, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        return JSONResponse(_get(session, "sentence", dps_id))


@router.post(BASE + "/sentences/dps-sentence-ids/get-list")
def sentences_by_dps(ids: Ids, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        rows = session.scalars(
            select(CourtMappingRow).where(
                CourtMappingRow.kind == "sentence", CourtMappingRow.dps_id.in_(ids)
            )
        )
        return JSONResponse([view(row) for row in rows])


@router.post(BASE + "/sentences", status_code=201)
def create_sentence(body: Json, state: StateDep) -> JSONResponse:
    with state.writing() as session:
        add(session, "sentence", body)
        session.commit()
        return JSONResponse(created(session, "sentence", body["dpsSentenceId"]), 201)


@router.delete(BASE + "/sentences/dps-sentence-id/{dps_id}", status_code=204)
def delete_sentence(dps_id: str, state: StateDep) -> Response:
    with state.writing() as session:
        _forget(session, "sentence", dps_id)
        session.commit()
    return Response(status_code=204)


@router.get(BASE + "/sentence-terms/dps-term-id/{dps_id}")
def get_term(dps_id: str, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        return JSONResponse(_get(session, "term", dps_id))


@router.post(BASE + "/sentence-terms", status_code=201)
def create_term(body: Json, state: StateDep) -> JSONResponse:
    with state.writing() as session:
        add(session, "term", body)
        session.commit()
        return JSONResponse(created(session, "term", body["dpsTermId"]), 201)


@router.delete(BASE + "/sentence-terms/dps-term-id/{dps_id}", status_code=204)
def delete_term(dps_id: str, state: StateDep) -> Response:
    with state.writing() as session:
        _forget(session, "term", dps_id)
        session.commit()
    return Response(status_code=204)


@router.get(BASE + "/court-appearances/dps-recall-id/{recall_id}")
def recall_appearances(recall_id: str, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        rows = list(
            session.scalars(
                select(CourtMappingRow).where(
                    CourtMappingRow.kind == "recall", CourtMappingRow.dps_id == recall_id
                )
            )
        )
        if not rows:
            raise ApiError(404, f"No recall appearance mappings for {recall_id}")
        return JSONResponse([view(row) for row in rows])


def _set_recall(session: Session, recall_id: str, ids: list[int], mapping_type: str) -> None:
    _forget(session, "recall", recall_id)
    for nomis_id in ids:
        session.add(
            CourtMappingRow(
                kind="recall",
                dps_id=recall_id,
                nomis_id=nomis_id,
                mapping_type=mapping_type,
                when_created=now_local(),
            )
        )


@router.post(BASE + "/court-appearances/recall", status_code=201)
def create_recall(body: Json, state: StateDep) -> Response:
    with state.writing() as session:
        _set_recall(
            session,
            body["dpsRecallId"],
            body["nomisCourtAppearanceIds"],
            body.get("mappingType") or "DPS_CREATED",
        )
        for kind, name in BATCH:
            for pair in (body.get("mappingsToUpdate") or {}).get(name) or []:
                _move(session, kind, pair)
        session.commit()
    return Response(status_code=201)


@router.put(BASE + "/court-appearances/recall/{recall_id}")
def update_recall(recall_id: str, body: Json, state: StateDep) -> Response:
    with state.writing() as session:
        _set_recall(session, recall_id, body["nomisCourtAppearanceIds"], "DPS_CREATED")
        session.commit()
    return Response(status_code=200)


@router.delete(BASE + "/court-appearances/dps-recall-id/{recall_id}", status_code=204)
def delete_recall(recall_id: str, state: StateDep) -> Response:
    with state.writing() as session:
        _forget(session, "recall", recall_id)
        session.commit()
    return Response(status_code=204)
