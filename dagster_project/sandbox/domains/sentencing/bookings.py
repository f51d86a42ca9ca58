"""NOMIS prisoner API: the latest bookings after a booking id (the adjustments reconciliation).

Mounted under ``/nomis``. Every sandbox prisoner has exactly one booking, so it is the latest;
released prisoners are listed unless ``activeOnly`` is true. Pages are ordered by booking id, and
``lastBookingId`` is the page's last booking id (the cursor given when the page is empty).
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from sqlalchemy import select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.nomis import PrisonerIds
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])


class BookingIdsWithLast(CamelModel):
    prisoner_ids: list[PrisonerIds]
    last_booking_id: int


@router.get("/bookings/ids/latest-from-id")
def latest_booking_ids(
    state: StateDep,
    booking_id: Annotated[int, Query(alias="bookingId")] = 0,
    active_only: Annotated[bool, Query(alias="activeOnly")] = False,
    page_size: Annotated[int, Query(alias="pageSize", ge=1)] = 10,
) -> JSONResponse:
    """Up to ``pageSize`` latest bookings with ids above ``bookingId``, by booking id."""
    stmt = (
        select(Prisoner.booking_id, Prisoner.offender_no)
        .where(Prisoner.booking_id > booking_id)
        .order_by(Prisoner.booking_id)
        .limit(page_size)
    )
    if active_only:
        stmt = stmt.where(Prisoner.active.is_(True))
    with state.reading() as session:
        rows = session.execute(stmt).all()
    ids = [PrisonerIds(booking_id=b, offender_no=o) for b, o in rows]
    reply = BookingIdsWithLast(
        prisoner_ids=ids, last_booking_id=ids[-1].booking_id if ids else booking_id
    )
    return JSONResponse(reply.to_json())
