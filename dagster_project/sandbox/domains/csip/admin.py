"""Admin API: change DPS CSIP records as a DPS user would, and read every side.

Publishing the matching event is up to the caller (``publish.py``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import select

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.csip import store
from dagster_project.sandbox.domains.csip.records import code, dps_record, factor, review
from dagster_project.sandbox.domains.csip.tables import (
    CsipMappingRow,
    DpsCsipRecord,
    NomisCsipReport,
)

router = APIRouter(tags=["sandbox"])

RecordUuid = Annotated[str, Path(alias="recordUuid")]


class NewRecord(CamelModel):
    prison_number: str
    incident_type_code: str = "INT"
    factors: int = Field(default=1, ge=0, le=20)
    reviews: int = Field(default=0, ge=0, le=20)


class RecordChange(CamelModel):
    """What a DPS user changes; each is a child change (`person.csip-record.updated`)."""

    incident_type_code: str | None = None
    add_factors: int = Field(default=0, ge=0, le=20)
    remove_factors: int = Field(default=0, ge=0, le=20)
    add_reviews: int = Field(default=0, ge=0, le=20)
    close: bool = False


def _stored(session: Any, record_uuid: str) -> DpsCsipRecord:
    row = session.get(DpsCsipRecord, record_uuid)
    if row is None:
        raise ApiError(404, f"CSIP record {record_uuid} not found")
    return row


@router.post("/dps/csip-records", status_code=201)
def create(body: NewRecord, state: StateDep) -> JSONResponse:
    """A new DPS CSIP record for the prisoner."""
    with state.writing() as session:
        prisoner = session.get(Prisoner, body.prison_number)
        if prisoner is None:
            raise ApiError(404, f"Prisoner {body.prison_number} not found")
        record = dps_record(
            prisoner.offender_no,
            prisoner.prison_id,
            date.today(),
            type_code=body.incident_type_code,
            factors=body.factors,
            reviews=body.reviews,
        )
        session.add(
            DpsCsipRecord(
                record_uuid=record["recordUuid"], prison_number=prisoner.offender_no, body=record
            )
        )
        session.commit()
    return JSONResponse(record, 201)


@router.patch("/dps/csip-records/{recordUuid}")
def change(record_uuid: RecordUuid, body: RecordChange, state: StateDep) -> JSONResponse:
    """Change the record's children or type, as a DPS user would."""
    with state.writing() as session:
        row = _stored(session, record_uuid)
        record = dict(row.body)
        referral = dict(record["referral"])
        if body.incident_type_code:
            referral["incidentType"] = code(body.incident_type_code)
        factors = list(referral["contributoryFactors"])
        factors = factors[: max(0, len(factors) - body.remove_factors)]
        factors += [factor("BUL") for _ in range(body.add_factors)]
        referral["contributoryFactors"] = factors
        record["referral"] = referral
        if body.add_reviews or body.close:
            plan = dict(
                record.get("plan")
                or {"caseManager": "Case Manager", "identifiedNeeds": [], "reviews": []}
            )
            reviews = list(plan["reviews"])
            for _ in range(body.add_reviews):
                reviews.append(review(len(reviews) + 1, date.today()))
            if body.close and reviews:
                reviews[-1] = {**reviews[-1], "actions": ["CLOSE_CSIP"]}
            plan["reviews"] = reviews
            record["plan"] = plan
        row.body = record
        session.commit()
    return JSONResponse(record)


@router.delete("/dps/csip-records/{recordUuid}", status_code=204)
def delete(record_uuid: RecordUuid, state: StateDep) -> Response:
    with state.writing() as session:
        session.delete(_stored(session, record_uuid))
        session.commit()
    return Response(status_code=204)


@router.get("/dps/csip-records")
def dps_records(
    state: StateDep, prison_number: Annotated[str | None, Query(alias="prisonNumber")] = None
) -> JSONResponse:
    stmt = select(DpsCsipRecord).order_by(DpsCsipRecord.record_uuid)
    if prison_number:
        stmt = stmt.where(DpsCsipRecord.prison_number == prison_number)
    with state.reading() as session:
        return JSONResponse([row.body for row in session.scalars(stmt)])


@router.get("/nomis/csip")
def nomis_reports(
    state: StateDep, offender_no: Annotated[str | None, Query(alias="offenderNo")] = None
) -> JSONResponse:
    stmt = select(NomisCsipReport).order_by(NomisCsipReport.id)
    if offender_no:
        stmt = stmt.where(NomisCsipReport.offender_no == offender_no)
    with state.reading() as session:
        return JSONResponse([row.body for row in session.scalars(stmt)])


@router.get("/mappings/csip")
def mappings(
    state: StateDep, dps_id: Annotated[str | None, Query(alias="dpsCSIPReportId")] = None
) -> JSONResponse:
    stmt = select(CsipMappingRow).order_by(CsipMappingRow.dps_csip_report_id)
    if dps_id:
        stmt = stmt.where(CsipMappingRow.dps_csip_report_id == dps_id)
    with state.reading() as session:
        return JSONResponse([store.full_view(session, row) for row in session.scalars(stmt)])
