"""NOMIS prisoner API: the reads of the activities reconciliations.

Mounted under ``/nomis``. Prisons come from the ``ACTIVITY`` agency switch; counts are per
booking for a prison's course activities: active allocations are ALLOC and not suspended
(``?suspended=true`` counts the suspended ones instead), attendances are the paid ones on the
date. Booking details say where each differing prisoner is now, so a reconciliation can ignore
the ones that have moved elsewhere.
"""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy import func, select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prison, Prisoner
from dagster_project.sandbox.domains.activities.nomis_models import (
    AgencyDetails,
    AllocationReconciliationResponse,
    AttendanceReconciliationResponse,
    BookingCount,
    PrisonerDetails,
)
from dagster_project.sandbox.domains.activities.seed_data import ACTIVITY_SERVICE
from dagster_project.sandbox.domains.activities.tables import (
    NomisAgencySwitch,
    NomisAllocation,
    NomisAttendance,
)

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])

KNOWN_SERVICES = frozenset({ACTIVITY_SERVICE})
OFFENDER_ID_OFFSET = 1_500_000
OUT = "OUT"
PrisonId = Annotated[str, Path(alias="prisonId")]


def _counts(rows: list[tuple[int, int]]) -> list[BookingCount]:
    return [BookingCount(booking_id=booking, count=count) for booking, count in rows]


@router.get("/agency-switches/{serviceCode}")
def agency_switches(
    service_code: Annotated[str, Path(alias="serviceCode")], state: StateDep
) -> JSONResponse:
    """Prisons switched on for a service, by agency id; 404 for a service NOMIS lacks."""
    if service_code not in KNOWN_SERVICES:
        raise ApiError(404, f"Service code {service_code} does not exist")
    stmt = (
        select(NomisAgencySwitch.agency_id, Prison.description)
        .join(Prison, Prison.prison_id == NomisAgencySwitch.agency_id, isouter=True)
        .where(NomisAgencySwitch.service_code == service_code)
        .order_by(NomisAgencySwitch.agency_id)
    )
    with state.reading() as session:
        rows = session.execute(stmt).all()
    body = [AgencyDetails(agency_id=agency, name=name or agency).to_json() for agency, name in rows]
    return JSONResponse(body)


@router.get("/allocations/reconciliation/{prisonId}")
def allocation_counts(
    prison_id: PrisonId, state: StateDep, suspended: Annotated[bool, Query()] = False
) -> JSONResponse:
    """Allocations per booking at the prison's course activities: active, or suspended."""
    stmt = (
        select(NomisAllocation.booking_id, func.count())
        .where(
            NomisAllocation.prison_id == prison_id,
            NomisAllocation.program_status == "ALLOC",
            NomisAllocation.suspended == suspended,
        )
        .group_by(NomisAllocation.booking_id)
        .order_by(NomisAllocation.booking_id)
    )
    with state.reading() as session:
        rows = [(b, c) for b, c in session.execute(stmt).all()]
    reply = AllocationReconciliationResponse(prison_id=prison_id, bookings=_counts(rows))
    return JSONResponse(reply.to_json())


@router.get("/attendances/reconciliation/{prisonId}")
def attendance_counts(
    prison_id: PrisonId, on: Annotated[date, Query(alias="date")], state: StateDep
) -> JSONResponse:
    """Paid attendances per booking at the prison's course activities on the date."""
    stmt = (
        select(NomisAttendance.booking_id, func.count())
        .where(
            NomisAttendance.prison_id == prison_id,
            NomisAttendance.event_date == on,
            NomisAttendance.paid.is_(True),
        )
        .group_by(NomisAttendance.booking_id)
        .order_by(NomisAttendance.booking_id)
    )
    with state.reading() as session:
        rows = [(b, c) for b, c in session.execute(stmt).all()]
    reply = AttendanceReconciliationResponse(prison_id=prison_id, date=on, bookings=_counts(rows))
    return JSONResponse(reply.to_json())


@router.post("/prisoners/bookings")
def booking_details(booking_ids: Annotated[list[int], Body()], state: StateDep) -> JSONResponse:
    """Who each booking is and where they are now (``OUT`` once released); unknown omitted."""
    stmt = (
        select(Prisoner)
        .where(Prisoner.booking_id.in_(set(booking_ids)))
        .order_by(Prisoner.booking_id)
    )
    with state.reading() as session:
        rows = session.scalars(stmt).all()
    body = [
        PrisonerDetails(
            offender_no=row.offender_no,
            offender_id=row.booking_id + OFFENDER_ID_OFFSET,
            root_offender_id=row.booking_id + OFFENDER_ID_OFFSET,
            booking_id=row.booking_id,
            location=row.prison_id if row.active else OUT,
            active=row.active,
        ).to_json()
        for row in rows
    ]
    return JSONResponse(body)
