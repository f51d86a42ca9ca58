"""Admin API: read the raw visits state on every side, for tests and the local CLI.

Not HMPPS endpoints: every NOMIS visit (cancelled ones too), every visit mapping and every DPS
visit, so a test can assert exactly what the sync wrote.
"""

from datetime import date, datetime, time
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from sqlalchemy import select

from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.visits.dps_views import visit_view
from dagster_project.sandbox.domains.visits.mapping import visit_mapping_view
from dagster_project.sandbox.domains.visits.tables import DpsVisit, NomisVisit, VisitMapping

router = APIRouter(tags=["sandbox"])


class NomisVisitRow(CamelModel):
    nullable_fields = frozenset({"outcome", "issue_date", "visit_comment", "visit_order_comment"})

    visit_id: int
    offender_no: str
    prison_id: str
    start_date_time: datetime
    end_time: time
    visitor_person_ids: list[int]
    visit_type: str
    issue_date: date | None
    visit_comment: str | None
    visit_order_comment: str | None
    room: str
    open_closed_status: str
    status: str
    outcome: str | None


@router.get("/nomis/visits")
def nomis_visits(
    state: StateDep, offender_no: Annotated[str | None, Query(alias="offenderNo")] = None
) -> JSONResponse:
    """Every NOMIS visit (cancelled ones too), by visit id."""
    stmt = select(NomisVisit).order_by(NomisVisit.visit_id)
    if offender_no:
        stmt = stmt.where(NomisVisit.offender_no == offender_no)
    with state.reading() as session:
        rows = [
            NomisVisitRow.model_validate(r, from_attributes=True) for r in session.scalars(stmt)
        ]
    return JSONResponse([r.to_json() for r in rows])


@router.get("/mappings/visits")
def visit_mappings(
    state: StateDep, vsip_id: Annotated[str | None, Query(alias="vsipId")] = None
) -> JSONResponse:
    """Visit mappings by NOMIS visit id."""
    stmt = select(VisitMapping).order_by(VisitMapping.nomis_id)
    if vsip_id:
        stmt = stmt.where(VisitMapping.vsip_id == vsip_id)
    with state.reading() as session:
        return JSONResponse([visit_mapping_view(r).to_json() for r in session.scalars(stmt)])


@router.get("/dps/visits")
def dps_visits(
    state: StateDep, prisoner_id: Annotated[str | None, Query(alias="prisonerId")] = None
) -> JSONResponse:
    """DPS visits in booking order."""
    stmt = select(DpsVisit).order_by(DpsVisit.id)
    if prisoner_id:
        stmt = stmt.where(DpsVisit.prisoner_id == prisoner_id)
    with state.reading() as session:
        return JSONResponse([visit_view(r).to_json() for r in session.scalars(stmt)])
