"""NOMIS prisoner API: IEP (incentive) reviews, global levels and prison levels.

Mounted under ``/nomis``; paths below are the spec's. NOMIS keeps every review as a new
sequence on the booking, and the highest sequence is the "current" one.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import naive, now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import NomisReferenceCode, Prisoner
from dagster_project.sandbox.domains.incentives.nomis_models import (
    CodeDescription,
    CreateGlobalIncentiveRequest,
    CreateIncentiveRequest,
    CreateIncentiveResponse,
    CreatePrisonIncentiveRequest,
    IncentiveResponse,
    PrisonIncentiveLevelDataResponse,
    ReferenceCode,
    ReorderRequest,
    UpdateGlobalIncentiveRequest,
    UpdatePrisonIncentiveRequest,
)
from dagster_project.sandbox.domains.incentives.tables import NomisIncentive, NomisPrisonLevel

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])

IEP_DOMAIN = "IEP_LEVEL"
AUDIT_MODULE = "PRISON_API"


def current_incentive(session: Session, booking_id: int) -> NomisIncentive | None:
    """The booking's current IEP: the one with the highest sequence."""
    stmt = (
        select(NomisIncentive)
        .where(NomisIncentive.booking_id == booking_id)
        .order_by(NomisIncentive.sequence.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def reference_code_view(row: NomisReferenceCode) -> ReferenceCode:
    """Render a stored IEP level code as the spec's ``ReferenceCode``."""
    return ReferenceCode(
        code=row.code,
        domain=IEP_DOMAIN,
        description=row.description,
        active=row.active,
        sequence=row.sequence,
        system_data_flag=False,
    )


def prison_level_view(row: NomisPrisonLevel) -> PrisonIncentiveLevelDataResponse:
    """Render a stored prison level as the spec's ``PrisonIncentiveLevelDataResponse``."""
    return PrisonIncentiveLevelDataResponse(
        prison_id=row.prison_id,
        iep_level_code=row.level_code,
        visit_order_allowance=row.visit_order_allowance,
        privileged_visit_order_allowance=row.privileged_visit_order_allowance,
        default_on_admission=row.default_on_admission,
        remand_transfer_limit_in_pence=row.remand_transfer_limit_in_pence,
        remand_spend_limit_in_pence=row.remand_spend_limit_in_pence,
        convicted_transfer_limit_in_pence=row.convicted_transfer_limit_in_pence,
        convicted_spend_limit_in_pence=row.convicted_spend_limit_in_pence,
        active=row.active,
    )


@router.post("/prisoners/{prisonNumber}/incentives", status_code=201)
def create_incentive(
    prison_number: Annotated[str, Path(alias="prisonNumber")],
    body: CreateIncentiveRequest,
    state: StateDep,
) -> JSONResponse:
    """Add an IEP review as the next sequence on the prisoner's booking."""
    with state.writing() as session:
        prisoner = session.get(Prisoner, prison_number)
        if prisoner is None:
            raise ApiError(404, f"Prisoner with prison number {prison_number} not found")
        if session.get(NomisReferenceCode, body.iep_level) is None:
            raise ApiError(400, f"IEP type {body.iep_level} does not exist")
        last = session.scalar(
            select(func.max(NomisIncentive.sequence)).where(
                NomisIncentive.booking_id == prisoner.booking_id
            )
        )
        row = NomisIncentive(
            booking_id=prisoner.booking_id,
            sequence=(last or 0) + 1,
            iep_level=body.iep_level,
            iep_date_time=naive(body.iep_date_time),
            prison_id=body.prison_id,
            user_id=body.user_id,
            comments=body.comments,
            created=now_local(),
        )
        session.add(row)
        session.commit()
        reply = CreateIncentiveResponse(booking_id=row.booking_id, sequence=row.sequence)
    return JSONResponse(reply.to_json(), 201)


@router.get("/incentives/booking-id/{bookingId}/current")
def get_current_incentive(
    booking_id: Annotated[int, Path(alias="bookingId")], state: StateDep
) -> JSONResponse:
    """The booking's current IEP, or 404 when it has none."""
    with state.reading() as session:
        row = current_incentive(session, booking_id)
        if row is None:
            raise ApiError(404, f"Current IEP for booking {booking_id} not found")
        prisoner = session.scalars(select(Prisoner).where(Prisoner.booking_id == booking_id)).one()
        level = session.get(NomisReferenceCode, row.iep_level)
        reply = IncentiveResponse(
            offender_no=prisoner.offender_no,
            booking_id=row.booking_id,
            incentive_sequence=row.sequence,
            comment_text=row.comments,
            iep_date_time=row.iep_date_time,
            prison_id=row.prison_id,
            iep_level=CodeDescription(
                code=row.iep_level, description=level.description if level else row.iep_level
            ),
            user_id=row.user_id,
            current_iep=True,
            audit_module=AUDIT_MODULE,
            when_created=row.created,
        )
    return JSONResponse(reply.to_json())


@router.get("/incentives/reference-codes/{code}")
def get_reference_code(code: str, state: StateDep) -> JSONResponse:
    """One global IEP level code, or 404."""
    with state.reading() as session:
        row = session.get(NomisReferenceCode, code)
        if row is None:
            raise ApiError(404, f"Incentive level: {code} not found")
        return JSONResponse(reference_code_view(row).to_json())


@router.put("/incentives/reference-codes/{code}")
def update_reference_code(
    code: str, body: UpdateGlobalIncentiveRequest, state: StateDep
) -> JSONResponse:
    """Change a global IEP level's description and active flag."""
    with state.writing() as session:
        row = session.get(NomisReferenceCode, code)
        if row is None:
            raise ApiError(404, f"Incentive level: {code} not found")
        row.description = body.description
        row.active = body.active
        session.commit()
        return JSONResponse(reference_code_view(row).to_json())


@router.post("/incentives/reference-codes", status_code=201)
def create_reference_code(body: CreateGlobalIncentiveRequest, state: StateDep) -> JSONResponse:
    """Add a global IEP level at the end of the order."""
    with state.writing() as session:
        if session.get(NomisReferenceCode, body.code) is not None:
            raise ApiError(409, f"Incentive level: {body.code} already exists")
        last = session.scalar(select(func.max(NomisReferenceCode.sequence)))
        row = NomisReferenceCode(
            code=body.code,
            description=body.description,
            active=body.active,
            sequence=(last or 0) + 1,
        )
        session.add(row)
        session.commit()
        return JSONResponse(reference_code_view(row).to_json(), 201)


@router.post("/incentives/reference-codes/reorder")
def reorder_reference_codes(body: ReorderRequest, state: StateDep) -> Response:
    """Renumber the global levels in ``codeList`` order; unlisted codes keep theirs after."""
    with state.writing() as session:
        rows = list(session.scalars(select(NomisReferenceCode)))
        position = {code: index for index, code in enumerate(body.code_list)}
        rows.sort(key=lambda r: (position.get(r.code, len(position)), r.sequence))
        for number, row in enumerate(rows, start=1):
            row.sequence = number
        session.commit()
    return Response(status_code=200)


@router.get("/incentives/prison/{prison}/code/{code}")
def get_prison_level(prison: str, code: str, state: StateDep) -> JSONResponse:
    """One prison's settings for an IEP level, or 404."""
    with state.reading() as session:
        row = session.get(NomisPrisonLevel, (prison, code))
        if row is None:
            raise ApiError(404, f"Prison incentive level {code} at {prison} not found")
        return JSONResponse(prison_level_view(row).to_json())


def _apply(row: NomisPrisonLevel, body: UpdatePrisonIncentiveRequest) -> None:
    row.active = body.active
    row.default_on_admission = body.default_on_admission
    row.visit_order_allowance = body.visit_order_allowance
    row.privileged_visit_order_allowance = body.privileged_visit_order_allowance
    row.remand_transfer_limit_in_pence = body.remand_transfer_limit_in_pence
    row.remand_spend_limit_in_pence = body.remand_spend_limit_in_pence
    row.convicted_transfer_limit_in_pence = body.convicted_transfer_limit_in_pence
    row.convicted_spend_limit_in_pence = body.convicted_spend_limit_in_pence


@router.put("/incentives/prison/{prison}/code/{code}")
def update_prison_level(
    prison: str, code: str, body: UpdatePrisonIncentiveRequest, state: StateDep
) -> JSONResponse:
    """Replace one prison's settings for an IEP level."""
    with state.writing() as session:
        row = session.get(NomisPrisonLevel, (prison, code))
        if row is None:
            raise ApiError(404, f"Prison incentive level {code} at {prison} not found")
        _apply(row, body)
        session.commit()
        return JSONResponse(prison_level_view(row).to_json())


@router.post("/incentives/prison/{prison}", status_code=201)
def create_prison_level(
    prison: str, body: CreatePrisonIncentiveRequest, state: StateDep
) -> JSONResponse:
    """Add an IEP level to a prison."""
    with state.writing() as session:
        if session.get(NomisPrisonLevel, (prison, body.level_code)) is not None:
            raise ApiError(409, f"Prison incentive level {body.level_code} at {prison} exists")
        row = NomisPrisonLevel(prison_id=prison, level_code=body.level_code)
        _apply(row, body)
        session.add(row)
        session.commit()
        return JSONResponse(prison_level_view(row).to_json(), 201)
