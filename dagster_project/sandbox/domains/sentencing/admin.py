"""Admin API: change DPS adjustments as a DPS user would, and read NOMIS rows and mappings.

The DPS answers are the adjustment in its legacy shape plus ``adjustmentId``, exactly what
``GET /adjustments/legacy/adjustments/{id}`` would show; publishing the matching
``release-date-adjustments.adjustment.*`` event is up to the caller.
"""

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import select

from dagster_project.sandbox.core.common import CamelModel, now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.sentencing.dps import parse_uuid
from dagster_project.sandbox.domains.sentencing.mapping import adjustment_mapping_view
from dagster_project.sandbox.domains.sentencing.models import LegacyType
from dagster_project.sandbox.domains.sentencing.tables import (
    AdjustmentMapping,
    DpsAdjustment,
    NomisAdjustment,
)
from dagster_project.sandbox.domains.sentencing.views import legacy_view

router = APIRouter(tags=["sandbox"])

AdjustmentIdPath = Annotated[str, Path(alias="adjustmentId")]


class NewAdjustment(CamelModel):
    """A DPS adjustment; any type/sequence combination is accepted, as DPS would hold it."""

    offender_no: str = Field(pattern=r"^[A-Z0-9]{7}$")
    adjustment_type: LegacyType
    adjustment_days: int = Field(ge=0)
    sentence_sequence: int | None = Field(default=None, ge=1)
    adjustment_date: date | None = None
    adjustment_from_date: date | None = None
    comment: str | None = None
    active: bool = True


class AdjustmentChange(CamelModel):
    """Fields to change; an explicit ``null`` clears a date or the comment."""

    adjustment_days: int | None = Field(default=None, ge=0)
    adjustment_date: date | None = None
    adjustment_from_date: date | None = None
    comment: str | None = None
    active: bool | None = None


class NomisAdjustmentRow(CamelModel):
    nullable_fields = frozenset(
        {"sentence_sequence", "adjustment_date", "adjustment_from_date", "comment"}
    )

    category: str
    adjustment_id: int
    booking_id: int
    sentence_sequence: int | None
    adjustment_type: str
    adjustment_date: date | None
    adjustment_from_date: date | None
    adjustment_days: int
    comment: str | None
    active: bool


def _answer(row: DpsAdjustment, prisoner: Prisoner | None, status: int = 200) -> JSONResponse:
    body: dict[str, Any] = {
        "adjustmentId": row.id,
        **legacy_view(row, prisoner).to_json(),
    }
    return JSONResponse(body, status)


@router.post("/dps/adjustments", status_code=201)
def create_adjustment(body: NewAdjustment, state: StateDep) -> JSONResponse:
    """Record a new DPS adjustment for the prisoner's booking, with a new UUID."""
    with state.writing() as session:
        prisoner = session.get(Prisoner, body.offender_no)
        if prisoner is None:
            raise ApiError(404, f"Prisoner {body.offender_no} not found")
        now = now_local()
        row = DpsAdjustment(
            id=str(uuid.uuid4()),
            offender_no=prisoner.offender_no,
            booking_id=prisoner.booking_id,
            prison_id=prisoner.prison_id,
            sentence_sequence=body.sentence_sequence,
            adjustment_type=body.adjustment_type,
            adjustment_days=body.adjustment_days,
            adjustment_date=body.adjustment_date,
            adjustment_from_date=body.adjustment_from_date,
            comment=body.comment,
            active=body.active,
            created=now,
            last_updated=now,
        )
        session.add(row)
        session.commit()
        return _answer(row, prisoner, 201)


@router.put("/dps/adjustments/{adjustmentId}")
def change_adjustment(
    adjustment_id: AdjustmentIdPath, body: AdjustmentChange, state: StateDep
) -> JSONResponse:
    """Change the days, dates, comment or active flag of a DPS adjustment, or 404."""
    key = parse_uuid(adjustment_id)
    with state.writing() as session:
        row = session.get(DpsAdjustment, key)
        if row is None:
            raise ApiError(404, f"Adjustment {key} not found")
        changes = body.model_dump(exclude_unset=True)
        if changes.get("adjustment_days", 0) is None or changes.get("active", True) is None:
            raise ApiError(400, "adjustmentDays and active cannot be null")
        for name, value in changes.items():
            setattr(row, name, value)
        row.last_updated = now_local()
        session.commit()
        return _answer(row, session.get(Prisoner, row.offender_no))


@router.delete("/dps/adjustments/{adjustmentId}", status_code=204)
def delete_adjustment(adjustment_id: AdjustmentIdPath, state: StateDep) -> Response:
    """Delete a DPS adjustment (its legacy GET then answers 404), or 404."""
    key = parse_uuid(adjustment_id)
    with state.writing() as session:
        row = session.get(DpsAdjustment, key)
        if row is None:
            raise ApiError(404, f"Adjustment {key} not found")
        session.delete(row)
        session.commit()
    return Response(status_code=204)


@router.get("/nomis/adjustments")
def nomis_adjustments(
    state: StateDep, booking_id: Annotated[int | None, Query(alias="bookingId")] = None
) -> JSONResponse:
    """Every NOMIS adjustment (inactive ones too) by booking, category and id."""
    stmt = select(NomisAdjustment).order_by(
        NomisAdjustment.booking_id, NomisAdjustment.category, NomisAdjustment.adjustment_id
    )
    if booking_id is not None:
        stmt = stmt.where(NomisAdjustment.booking_id == booking_id)
    with state.reading() as session:
        rows = [
            NomisAdjustmentRow.model_validate(r, from_attributes=True)
            for r in session.scalars(stmt)
        ]
    return JSONResponse([r.to_json() for r in rows])


@router.get("/mappings/adjustments")
def adjustment_mappings(
    state: StateDep, adjustment_id: Annotated[str | None, Query(alias="adjustmentId")] = None
) -> JSONResponse:
    """Sentencing adjustment mappings by creation time."""
    stmt = select(AdjustmentMapping).order_by(
        AdjustmentMapping.when_created, AdjustmentMapping.adjustment_id
    )
    if adjustment_id:
        stmt = stmt.where(AdjustmentMapping.adjustment_id == adjustment_id)
    with state.reading() as session:
        return JSONResponse([adjustment_mapping_view(r).to_json() for r in session.scalars(stmt)])
