"""NOMIS prisoner API: the CSIP upsert, its delete and a prisoner's reports.

Mounted under ``/nomis``. The upsert answers 200 (the spec's status) with the children it
created; a delete answers 204 whether or not the report existed.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.csip import store
from dagster_project.sandbox.domains.csip.tables import NomisCsipReport

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])

REQUIRED = (
    "offenderNo",
    "incidentDate",
    "typeCode",
    "locationCode",
    "areaOfWorkCode",
    "reportedBy",
    "reportedDate",
    "proActiveReferral",
    "staffAssaulted",
)


@router.put("/csip")
def upsert(body: Annotated[dict[str, Any], Body()], state: StateDep) -> JSONResponse:
    """Create (no `id`) or update the whole report; 400 for a missing field or unknown id."""
    missing = [name for name in REQUIRED if body.get(name) is None]
    if missing or "reportDetailRequest" not in body:
        raise ApiError(400, f"Missing fields: {', '.join(missing) or 'reportDetailRequest'}")
    with state.writing() as session:
        reply = store.upsert(session, body)
        session.commit()
    return JSONResponse(reply)


@router.delete("/csip/{csipId}")
def delete(csip_id: Annotated[int, Path(alias="csipId")], state: StateDep) -> Response:
    with state.writing() as session:
        row = session.get(NomisCsipReport, csip_id)
        if row is not None:
            session.delete(row)
            session.commit()
    return Response(status_code=204)


@router.get("/prisoners/{offenderNo}/csip/reconciliation")
def reports_of(
    offender_no: Annotated[str, Path(alias="offenderNo")], state: StateDep
) -> JSONResponse:
    """Every CSIP report of the prisoner, by id; 404 for an unknown prisoner."""
    with state.reading() as session:
        if session.get(Prisoner, offender_no) is None:
            raise ApiError(404, f"Offender with nomsId={offender_no} not found")
        rows = session.scalars(
            select(NomisCsipReport)
            .where(NomisCsipReport.offender_no == offender_no)
            .order_by(NomisCsipReport.id)
        )
        return JSONResponse({"offenderCSIPs": [row.body for row in rows]})
