"""Admin API: read the raw incentives state on every side, for tests and the local CLI.

These are not HMPPS endpoints; they expose what the sandbox holds (e.g. every NOMIS IEP row,
not just the current one) so a test can assert exactly what the sync wrote.
"""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from sqlalchemy import select

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import NomisReferenceCode, Prisoner
from dagster_project.sandbox.domains.incentives.dps_views import review_view
from dagster_project.sandbox.domains.incentives.mapping import incentive_mapping_view
from dagster_project.sandbox.domains.incentives.nomis import reference_code_view
from dagster_project.sandbox.domains.incentives.tables import (
    DpsIncentiveReview,
    IncentiveMapping,
    NomisIncentive,
    NomisPrisonLevel,
)

router = APIRouter(tags=["sandbox"])


class NomisIncentiveRow(CamelModel):
    nullable_fields = frozenset({"user_id", "comments"})

    offender_no: str | None
    booking_id: int
    sequence: int
    iep_level: str
    iep_date_time: datetime
    prison_id: str
    user_id: str | None
    comments: str | None
    when_created: datetime
    current: bool


class NomisPrisonLevelRow(CamelModel):
    prison_id: str
    level_code: str
    active: bool
    default_on_admission: bool
    visit_order_allowance: int | None
    privileged_visit_order_allowance: int | None
    remand_transfer_limit_in_pence: int | None
    remand_spend_limit_in_pence: int | None
    convicted_transfer_limit_in_pence: int | None
    convicted_spend_limit_in_pence: int | None


@router.get("/nomis/incentives")
def nomis_incentives(
    state: StateDep,
    offender_no: Annotated[str | None, Query(alias="offenderNo")] = None,
    booking_id: Annotated[int | None, Query(alias="bookingId")] = None,
) -> JSONResponse:
    """Every NOMIS IEP row (not only current ones), by booking then sequence."""
    stmt = (
        select(NomisIncentive, Prisoner.offender_no)
        .join(Prisoner, Prisoner.booking_id == NomisIncentive.booking_id, isouter=True)
        .order_by(NomisIncentive.booking_id, NomisIncentive.sequence)
    )
    if offender_no:
        stmt = stmt.where(Prisoner.offender_no == offender_no)
    if booking_id is not None:
        stmt = stmt.where(NomisIncentive.booking_id == booking_id)
    with state.reading() as session:
        rows = session.execute(stmt).all()
    latest: dict[int, int] = {}
    for row, _number in rows:
        latest[row.booking_id] = max(latest.get(row.booking_id, 0), row.sequence)
    body = [
        NomisIncentiveRow(
            offender_no=number,
            booking_id=row.booking_id,
            sequence=row.sequence,
            iep_level=row.iep_level,
            iep_date_time=row.iep_date_time,
            prison_id=row.prison_id,
            user_id=row.user_id,
            comments=row.comments,
            when_created=row.created,
            current=latest[row.booking_id] == row.sequence,
        ).to_json()
        for row, number in rows
    ]
    return JSONResponse(body)


@router.get("/nomis/reference-codes")
def nomis_reference_codes(state: StateDep) -> JSONResponse:
    """NOMIS global IEP levels in NOMIS order."""
    with state.reading() as session:
        rows = session.scalars(select(NomisReferenceCode).order_by(NomisReferenceCode.sequence))
        return JSONResponse([reference_code_view(r).to_json() for r in rows])


@router.get("/nomis/prison-levels")
def nomis_prison_levels(
    state: StateDep, prison_id: Annotated[str | None, Query(alias="prisonId")] = None
) -> JSONResponse:
    """NOMIS per-prison IEP level settings."""
    stmt = select(NomisPrisonLevel).order_by(
        NomisPrisonLevel.prison_id, NomisPrisonLevel.level_code
    )
    if prison_id:
        stmt = stmt.where(NomisPrisonLevel.prison_id == prison_id)
    with state.reading() as session:
        rows = [
            NomisPrisonLevelRow.model_validate(r, from_attributes=True)
            for r in session.scalars(stmt)
        ]
    return JSONResponse([r.to_json() for r in rows])


@router.get("/mappings/incentives")
def incentive_mappings(
    state: StateDep, incentive_id: Annotated[int | None, Query(alias="incentiveId")] = None
) -> JSONResponse:
    """Incentive mappings by DPS review id."""
    stmt = select(IncentiveMapping).order_by(IncentiveMapping.incentive_id)
    if incentive_id is not None:
        stmt = stmt.where(IncentiveMapping.incentive_id == incentive_id)
    with state.reading() as session:
        return JSONResponse([incentive_mapping_view(r).to_json() for r in session.scalars(stmt)])


@router.get("/dps/incentive-reviews")
def dps_reviews(
    state: StateDep, prisoner_number: Annotated[str | None, Query(alias="prisonerNumber")] = None
) -> JSONResponse:
    """DPS reviews by id (oldest first)."""
    stmt = select(DpsIncentiveReview).order_by(DpsIncentiveReview.id)
    if prisoner_number:
        stmt = stmt.where(DpsIncentiveReview.prisoner_number == prisoner_number)
    with state.reading() as session:
        return JSONResponse([review_view(r).to_json() for r in session.scalars(stmt)])
