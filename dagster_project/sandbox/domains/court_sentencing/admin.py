"""Admin API: change DPS court sentencing records as a DPS user would, and read every side.

``/sandbox/dps/court-sentencing/{kind}``: POST a new record of a kind (court-case,
court-appearance, charge, sentence, period-length, recall) from a few fields, PATCH fields of
one, DELETE one (the answer is the deleted record, for the event to name its ids). A charge
posted with ``appearanceUuid`` is added to that appearance. Publishing the matching event is
up to the caller (``publish.py``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.court_sentencing import records
from dagster_project.sandbox.domains.court_sentencing.mapping import view
from dagster_project.sandbox.domains.court_sentencing.tables import (
    CourtMappingRow,
    DpsCourtRecord,
    NomisCourtCaseRow,
)

router = APIRouter(tags=["sandbox"])
KINDS = ("court-case", "court-appearance", "charge", "sentence", "period-length", "recall")
ID_FIELD = {
    "court-case": "courtCaseUuid",
    "court-appearance": "lifetimeUuid",
    "charge": "lifetimeUuid",
    "sentence": "lifetimeUuid",
    "period-length": "periodLengthUuid",
    "recall": "recallUuid",
}
Json = Annotated[dict[str, Any], Body()]


def _stored(session: Session, kind: str, uuid: str) -> DpsCourtRecord:
    row = session.get(DpsCourtRecord, uuid)
    if row is None or row.kind != kind:
        raise ApiError(404, f"DPS {kind} {uuid} not found")
    return row


def _body(session: Session, kind: str, uuid: str) -> dict[str, Any]:
    return dict(_stored(session, kind, uuid).body)


def build(session: Session, kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A new DPS record of `kind` from the given fields and sensible defaults."""
    today = date.today()
    if kind == "court-case":
        prisoner = session.get(Prisoner, fields["prisonerId"])
        if prisoner is None:
            raise ApiError(404, f"Prisoner {fields['prisonerId']} not found")
        body = records.dps_case(
            prisoner.offender_no, fields.get("courtId") or prisoner.prison_id + "MC", today
        )
        return {**body, "active": fields.get("active", True)}
    if kind == "charge":
        case = _body(session, "court-case", fields["courtCaseUuid"])
        return records.dps_charge(
            case, fields.get("offenceCode") or "TH68010", fields.get("nomisOutcomeCode"), today
        )
    if kind == "court-appearance":
        case = _body(session, "court-case", fields["courtCaseUuid"])
        charges = [_body(session, "charge", c) for c in fields.get("chargeUuids") or []]
        return records.dps_appearance(
            case,
            fields.get("courtCode") or case["courtId"],
            today,
            fields.get("nomisOutcomeCode"),
            charges,
        )
    if kind == "sentence":
        charge = _body(session, "charge", fields["chargeUuid"])
        appearance = _body(session, "court-appearance", fields["appearanceUuid"])
        return records.dps_sentence(
            charge,
            appearance,
            fields.get("sentenceCategory") or "2020",
            fields.get("sentenceCalcType") or "ADIMP",
        )
    if kind == "period-length":
        sentence = _body(session, "sentence", fields["sentenceUuid"])
        return records.dps_period_length(
            sentence, fields.get("periodYears", 2), fields.get("periodMonths")
        )
    return records.dps_recall(
        fields["prisonerId"], fields["sentenceIds"], fields.get("recallType") or "FTR_28"
    )


def _case_of(kind: str, body: dict[str, Any]) -> str | None:
    if kind == "court-case":
        return str(body["courtCaseUuid"])
    return body.get("courtCaseUuid") or body.get("courtCaseId")


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ApiError(404, f"Unknown DPS court sentencing kind {kind}")


@router.post("/dps/court-sentencing/{kind}", status_code=201)
def create(kind: str, fields: Json, state: StateDep) -> JSONResponse:
    """A new DPS record (a charge with ``appearanceUuid`` joins that appearance)."""
    _check_kind(kind)
    with state.writing() as session:
        body = build(session, kind, fields)
        session.add(
            DpsCourtRecord(
                uuid=body[ID_FIELD[kind]],
                kind=kind,
                prisoner_id=body["prisonerId"],
                court_case_uuid=_case_of(kind, body),
                body=body,
            )
        )
        if kind == "charge" and fields.get("appearanceUuid"):
            appearance = _stored(session, "court-appearance", fields["appearanceUuid"])
            changed = dict(appearance.body)
            changed["chargeUuids"] = [*changed["chargeUuids"], body["lifetimeUuid"]]
            changed["chargeOutcomes"] = {
                **changed["chargeOutcomes"],
                body["lifetimeUuid"]: body["nomisOutcomeCode"],
            }
            appearance.body = changed
            flag_modified(appearance, "body")
        session.commit()
    return JSONResponse(records.served(body), 201)


@router.patch("/dps/court-sentencing/{kind}/{uuid}")
def change(kind: str, uuid: str, fields: Json, state: StateDep) -> JSONResponse:
    """Set fields of a record (an appearance takes ``addChargeUuids``, a case a reference)."""
    _check_kind(kind)
    with state.writing() as session:
        row = _stored(session, kind, uuid)
        body = dict(row.body)
        added = fields.pop("addChargeUuids", None) or []
        reference = fields.pop("addCaseReference", None)
        body.update(fields)
        if kind == "court-case" and reference:
            body["caseReferences"] = [
                *body["caseReferences"],
                {"offenderCaseReference": reference, "updatedDate": f"{date.today()}T10:00:00"},
            ]
        if kind == "court-appearance":
            for charge_uuid in added:
                charge = _body(session, "charge", charge_uuid)
                body["chargeUuids"] = [*body["chargeUuids"], charge_uuid]
                body["chargeOutcomes"] = {
                    **body["chargeOutcomes"],
                    charge_uuid: charge["nomisOutcomeCode"],
                }
            if "nomisOutcomeCode" in fields:
                outcome = fields["nomisOutcomeCode"]
                body["chargeOutcomes"] = {c: outcome for c in body["chargeUuids"]}
        row.body = body
        flag_modified(row, "body")
        session.commit()
    return JSONResponse(records.served(body))


@router.delete("/dps/court-sentencing/{kind}/{uuid}")
def delete(kind: str, uuid: str, state: StateDep) -> JSONResponse:
    _check_kind(kind)
    with state.writing() as session:
        row = _stored(session, kind, uuid)
        body = records.served(row.body)
        session.delete(row)
        session.commit()
    return JSONResponse(body)


@router.get("/dps/court-sentencing/{kind}")
def dps_records(
    kind: str, state: StateDep, prisoner_id: Annotated[str | None, Query(alias="prisonerId")] = None
) -> JSONResponse:
    _check_kind(kind)
    stmt = select(DpsCourtRecord).where(DpsCourtRecord.kind == kind).order_by(DpsCourtRecord.uuid)
    if prisoner_id:
        stmt = stmt.where(DpsCourtRecord.prisoner_id == prisoner_id)
    with state.reading() as session:
        return JSONResponse([records.served(row.body) for row in session.scalars(stmt)])


@router.get("/nomis/court-cases")
def nomis_cases(
    state: StateDep, offender_no: Annotated[str | None, Query(alias="offenderNo")] = None
) -> JSONResponse:
    """NOMIS court cases, whole, with their breach event ids."""
    stmt = select(NomisCourtCaseRow).order_by(NomisCourtCaseRow.id)
    if offender_no:
        stmt = stmt.where(NomisCourtCaseRow.offender_no == offender_no)
    with state.reading() as session:
        return JSONResponse([row.body for row in session.scalars(stmt)])


@router.get("/mappings/court-sentencing")
def mappings(
    state: StateDep,
    kind: Annotated[str | None, Query()] = None,
    dps_id: Annotated[str | None, Query(alias="dpsId")] = None,
) -> JSONResponse:
    stmt = select(CourtMappingRow).order_by(CourtMappingRow.id)
    if kind:
        stmt = stmt.where(CourtMappingRow.kind == kind)
    if dps_id:
        stmt = stmt.where(CourtMappingRow.dps_id == dps_id)
    with state.reading() as session:
        return JSONResponse([{"kind": row.kind, **view(row)} for row in session.scalars(stmt)])
