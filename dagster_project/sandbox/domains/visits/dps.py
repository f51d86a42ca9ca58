"""DPS visit scheduler (VSIP): the single read the sync makes, ``GET /visits/{reference}``.

Mounted under ``/visits-api``; bookings, changes and cancellations arrive via the admin API.
"""

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.visits.dps_views import visit_view
from dagster_project.sandbox.domains.visits.tables import DpsVisit

router = APIRouter(prefix="/visits-api", tags=["visits"], dependencies=[Depends(require_bearer)])


@router.get("/visits/{reference}")
def get_visit(reference: str, state: StateDep) -> JSONResponse:
    """One visit by its booking reference, or 404."""
    with state.reading() as session:
        row = session.scalars(select(DpsVisit).where(DpsVisit.reference == reference)).first()
        if row is None:
            raise ApiError(404, f"Visit reference {reference} not found")
        return JSONResponse(visit_view(row).to_json())
