"""DPS Manage Adjudications API: one charge (with `Active-Caseload`), a booking's charges.

Mounted under ``/adjudications``.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path
from fastapi.responses import JSONResponse
from sqlalchemy import select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.adjudications import store
from dagster_project.sandbox.domains.adjudications.tables import DpsCharge

router = APIRouter(
    prefix="/adjudications", tags=["adjudications"], dependencies=[Depends(require_bearer)]
)


@router.get("/reported-adjudications/{chargeNumber}/v2")
def get_charge(
    charge_number: Annotated[str, Path(alias="chargeNumber")],
    state: StateDep,
    active_caseload: Annotated[str | None, Header(alias="Active-Caseload")] = None,
) -> JSONResponse:
    """One charge, or 404 (the caseload header is accepted, as DPS uses it for access)."""
    with state.reading() as session:
        row = store.dps_charge(session, charge_number)
        return JSONResponse({"reportedAdjudication": store.render(row.body)})


@router.get("/reported-adjudications/all-by-booking/{offenderBookingId}")
def all_by_booking(
    booking_id: Annotated[int, Path(alias="offenderBookingId")], state: StateDep
) -> JSONResponse:
    """Every charge of the booking (an empty list for none)."""
    with state.reading() as session:
        rows = session.scalars(
            select(DpsCharge)
            .where(DpsCharge.booking_id == booking_id)
            .order_by(DpsCharge.charge_number)
        )
        return JSONResponse([store.render(row.body) for row in rows])
