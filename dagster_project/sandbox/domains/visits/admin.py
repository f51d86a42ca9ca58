"""Admin API: book, change and cancel DPS (VSIP) visits as a visit booker would.

Each answer is the visit in the VSIP ``GET /visits/{reference}`` shape, so the ``publish``
CLI can emit ``prison-visit.*`` events carrying the right reference and prisoner.
"""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import Field, model_validator
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.common import CamelModel, naive
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.visits.dps_views import reference_for, visit_view
from dagster_project.sandbox.domains.visits.tables import DpsVisit

router = APIRouter(prefix="/dps/visits", tags=["sandbox"])

Reference = Annotated[str, Path()]


class NewVisit(CamelModel):
    prisoner_id: str = Field(pattern=r"^[A-Z0-9]{7}$")
    prison_id: str = Field(min_length=1, max_length=6)
    visitors: list[int] = Field(default_factory=list)
    visit_type: str = "SOCIAL"
    start_timestamp: datetime
    end_timestamp: datetime
    visit_room: str = Field(min_length=1)
    visit_restriction: str = "OPEN"
    visitor_support_description: str | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> "NewVisit":
        if self.end_timestamp <= self.start_timestamp:
            raise ValueError("endTimestamp must be after startTimestamp")
        return self


class VisitChange(CamelModel):
    start_timestamp: datetime | None = None
    end_timestamp: datetime | None = None
    visit_room: str | None = Field(default=None, min_length=1)
    visitors: list[int] | None = None
    visit_restriction: str | None = None
    visitor_support_description: str | None = None


class VisitCancellation(CamelModel):
    outcome_status: str = Field(min_length=1)


def _load(session: Session, reference: str) -> DpsVisit:
    row = session.scalars(select(DpsVisit).where(DpsVisit.reference == reference)).first()
    if row is None:
        raise ApiError(404, f"Visit reference {reference} not found")
    return row


@router.post("", status_code=201)
def book_visit(body: NewVisit, state: StateDep) -> JSONResponse:
    """Book a visit; the reference is generated (``ab-cd-ef-gh`` style)."""
    with state.writing() as session:
        next_id = (session.scalar(select(func.max(DpsVisit.id))) or 0) + 1
        row = DpsVisit(
            id=next_id,
            reference=reference_for(next_id),
            prisoner_id=body.prisoner_id,
            prison_id=body.prison_id,
            visitors=list(body.visitors),
            visit_type=body.visit_type,
            start_timestamp=naive(body.start_timestamp),
            end_timestamp=naive(body.end_timestamp),
            visit_status="BOOKED",
            visit_room=body.visit_room,
            visit_restriction=body.visit_restriction,
            visitor_support_description=body.visitor_support_description,
        )
        session.add(row)
        session.commit()
        return JSONResponse(visit_view(row).to_json(), 201)


@router.put("/{reference}")
def change_visit(reference: Reference, body: VisitChange, state: StateDep) -> JSONResponse:
    """Partially update a visit's time, room, visitors, restriction or support needs."""
    with state.writing() as session:
        row = _load(session, reference)
        if body.start_timestamp is not None:
            row.start_timestamp = naive(body.start_timestamp)
        if body.end_timestamp is not None:
            row.end_timestamp = naive(body.end_timestamp)
        if row.end_timestamp <= row.start_timestamp:
            raise ApiError(400, "endTimestamp must be after startTimestamp")
        if body.visit_room is not None:
            row.visit_room = body.visit_room
        if body.visitors is not None:
            row.visitors = list(body.visitors)
        if body.visit_restriction is not None:
            row.visit_restriction = body.visit_restriction
        if body.visitor_support_description is not None:
            row.visitor_support_description = body.visitor_support_description or None
        session.commit()
        return JSONResponse(visit_view(row).to_json())


@router.post("/{reference}/cancel")
def cancel_visit(reference: Reference, body: VisitCancellation, state: StateDep) -> JSONResponse:
    """Cancel a visit with a VSIP outcome status such as ``VISITOR_CANCELLED``."""
    with state.writing() as session:
        row = _load(session, reference)
        row.visit_status = "CANCELLED"
        row.outcome_status = body.outcome_status
        session.commit()
        return JSONResponse(visit_view(row).to_json())
