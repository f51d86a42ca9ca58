"""DPS Remand and Sentencing API: the legacy reads of the sync and the reconciliation.

Mounted under ``/court-sentencing``. An appearance is served with its charges, each with its
outcome at that appearance; the reconciliation view nests the case's appearances, charges,
sentences and period lengths. Unknown ids are 404 (also where the spec declares none).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.court_sentencing.records import served
from dagster_project.sandbox.domains.court_sentencing.tables import DpsCourtRecord

router = APIRouter(
    prefix="/court-sentencing", tags=["court-sentencing"], dependencies=[Depends(require_bearer)]
)
Uuid = Annotated[str, Path()]


def record(session: Session, kind: str, uuid: str) -> dict[str, Any]:
    row = session.get(DpsCourtRecord, uuid)
    if row is None or row.kind != kind:
        raise ApiError(404, f"No {kind} found with {uuid}")
    return row.body


def records_of_case(session: Session, kind: str, case_uuid: str) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(DpsCourtRecord)
        .where(DpsCourtRecord.kind == kind, DpsCourtRecord.court_case_uuid == case_uuid)
        .order_by(DpsCourtRecord.uuid)
    )
    return [row.body for row in rows]


def appearance_view(session: Session, appearance: dict[str, Any]) -> dict[str, Any]:
    """`LegacyCourtAppearance`: its charges with their outcome at this appearance."""
    charges = []
    for charge_uuid in appearance["chargeUuids"]:
        row = session.get(DpsCourtRecord, charge_uuid)
        if row is not None:
            outcome = appearance["chargeOutcomes"].get(charge_uuid, row.body["nomisOutcomeCode"])
            charges.append({**row.body, "nomisOutcomeCode": outcome})
    return {**served(appearance), "charges": charges}


@router.get("/legacy/court-case/{uuid}")
def court_case(uuid: Uuid, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        return JSONResponse(record(session, "court-case", uuid))


@router.get("/legacy/court-appearance/{uuid}")
def appearance(uuid: Uuid, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        return JSONResponse(appearance_view(session, record(session, "court-appearance", uuid)))


@router.get("/legacy/charge/{uuid}")
def charge(uuid: Uuid, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        return JSONResponse(record(session, "charge", uuid))


@router.get("/legacy/court-appearance/{appearance_uuid}/charge/{charge_uuid}")
def appearance_charge(appearance_uuid: str, charge_uuid: str, state: StateDep) -> JSONResponse:
    """The charge with its outcome at the appearance; 404 when the appearance lacks it."""
    with state.reading() as session:
        found = record(session, "court-appearance", appearance_uuid)
        if charge_uuid not in found["chargeUuids"]:
            raise ApiError(404, f"Charge {charge_uuid} not on appearance {appearance_uuid}")
        body = record(session, "charge", charge_uuid)
        outcome = found["chargeOutcomes"].get(charge_uuid, body["nomisOutcomeCode"])
        return JSONResponse({**body, "nomisOutcomeCode": outcome})


@router.get("/legacy/sentence/{uuid}")
def sentence(uuid: Uuid, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        return JSONResponse(record(session, "sentence", uuid))


@router.post("/legacy/sentence/search")
def search_sentences(body: Annotated[dict[str, Any], Body()], state: StateDep) -> JSONResponse:
    with state.reading() as session:
        found = [session.get(DpsCourtRecord, uuid) for uuid in body.get("lifetimeUuids") or []]
        return JSONResponse([r.body for r in found if r is not None and r.kind == "sentence"])


@router.get("/legacy/period-length/{uuid}")
def period_length(uuid: Uuid, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        return JSONResponse(record(session, "period-length", uuid))


@router.get("/legacy/recall/{uuid}")
def recall(uuid: Uuid, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        return JSONResponse(record(session, "recall", uuid))


@router.get("/legacy/prisoner/{prisoner_id}/court-case-uuids")
def case_uuids(prisoner_id: str, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        rows = session.scalars(
            select(DpsCourtRecord.uuid)
            .where(DpsCourtRecord.kind == "court-case", DpsCourtRecord.prisoner_id == prisoner_id)
            .order_by(DpsCourtRecord.uuid)
        )
        return JSONResponse({"courtCaseUuids": list(rows)})


def reconciliation_view(session: Session, case: dict[str, Any]) -> dict[str, Any]:
    """`ReconciliationCourtCase`: appearances > charges > sentence > period lengths."""
    uuid = case["courtCaseUuid"]
    sentences = records_of_case(session, "sentence", uuid)
    periods = records_of_case(session, "period-length", uuid)
    appearances = []
    for stored in records_of_case(session, "court-appearance", uuid):
        view = appearance_view(session, stored)
        charges = []
        for charge_body in view["charges"]:
            held = next(
                (
                    s
                    for s in sentences
                    if s["chargeLifetimeUuid"] == charge_body["lifetimeUuid"]
                    and s["appearanceUuid"] == stored["lifetimeUuid"]
                ),
                None,
            )
            charges.append(
                {
                    "chargeUuid": charge_body["lifetimeUuid"],
                    "offenceCode": charge_body["offenceCode"],
                    "offenceStartDate": charge_body.get("offenceStartDate"),
                    "offenceEndDate": charge_body.get("offenceEndDate"),
                    "nomisOutcomeCode": charge_body.get("nomisOutcomeCode"),
                    "sentence": None if held is None else sentence_view(held, periods),
                }
            )
        appearances.append(
            {
                "appearanceUuid": stored["lifetimeUuid"],
                "courtCode": stored["courtCode"],
                "appearanceDate": stored["appearanceDate"],
                "appearanceTime": stored["appearanceTime"],
                "nomisOutcomeCode": stored.get("nomisOutcomeCode"),
                "nomisAppearanceTypeCode": stored["nomisAppearanceTypeCode"],
                "charges": charges,
            }
        )
    return {
        "courtCaseUuid": uuid,
        "prisonerId": case["prisonerId"],
        "active": case["active"],
        "merged": False,
        "status": "ACTIVE" if case["active"] else "INACTIVE",
        "appearances": appearances,
    }


def sentence_view(held: dict[str, Any], periods: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "sentenceUuid": held["lifetimeUuid"],
        "fineAmount": held.get("fineAmount"),
        "sentenceCalcType": held["sentenceCalcType"],
        "sentenceCategory": held["sentenceCategory"],
        "active": held["active"],
        "sentenceStartDate": held["sentenceStartDate"],
        "consecutiveToSentenceUuid": held.get("consecutiveToLifetimeUuid"),
        "periodLengths": [
            {
                "periodLengthUuid": p["periodLengthUuid"],
                "periodYears": p.get("periodYears"),
                "periodMonths": p.get("periodMonths"),
                "periodWeeks": p.get("periodWeeks"),
                "periodDays": p.get("periodDays"),
                "lifeSentence": p.get("isLifeSentence"),
                "sentenceTermCode": p["sentenceTermCode"],
            }
            for p in periods
            if p["sentenceUuid"] == held["lifetimeUuid"]
        ],
    }


@router.get("/legacy/court-case/{uuid}/reconciliation")
def reconciliation(uuid: Uuid, state: StateDep) -> JSONResponse:
    with state.reading() as session:
        return JSONResponse(reconciliation_view(session, record(session, "court-case", uuid)))
