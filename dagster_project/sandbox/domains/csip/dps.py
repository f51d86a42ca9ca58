"""DPS CSIP API: one record, and a prisoner's records (the reconciliation's read).

Mounted under ``/csip``.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse
from sqlalchemy import select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.csip.tables import DpsCsipRecord

router = APIRouter(prefix="/csip", tags=["csip"], dependencies=[Depends(require_bearer)])


@router.get("/csip-records/{recordUuid}")
def get_record(
    record_uuid: Annotated[str, Path(alias="recordUuid")], state: StateDep
) -> JSONResponse:
    """One CSIP record, or 404."""
    with state.reading() as session:
        row = session.get(DpsCsipRecord, record_uuid)
        if row is None:
            raise ApiError(404, f"CSIP Record not found with identifier {record_uuid}")
        return JSONResponse(row.body)


@router.get("/sync/csip-records/{prisonNumber}")
def records_of(
    prison_number: Annotated[str, Path(alias="prisonNumber")], state: StateDep
) -> JSONResponse:
    """Every CSIP record of a prisoner (an empty list for none)."""
    with state.reading() as session:
        rows = session.scalars(
            select(DpsCsipRecord)
            .where(DpsCsipRecord.prison_number == prison_number)
            .order_by(DpsCsipRecord.record_uuid)
        )
        return JSONResponse([row.body for row in rows])
