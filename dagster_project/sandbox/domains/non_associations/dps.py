"""DPS non-associations API: the legacy read, the pair read and the paged list.

Mounted under ``/non-associations``. This API's ``ErrorResponse`` requires ``developerMessage``,
so its errors are built here rather than by the core handler.
"""

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlalchemy.sql.elements import ColumnElement

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ErrorResponse
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.non_associations.models import PageNonAssociation, page_parts
from dagster_project.sandbox.domains.non_associations.tables import DpsNonAssociation
from dagster_project.sandbox.domains.non_associations.views import dps_view, legacy_view

router = APIRouter(
    prefix="/non-associations", tags=["non-associations"], dependencies=[Depends(require_bearer)]
)


def dps_error(status: int, message: str) -> JSONResponse:
    body = ErrorResponse(status=status, user_message=message, developer_message=message)
    return JSONResponse(body.to_json(), status)


def _wanted(include_open: bool, include_closed: bool) -> ColumnElement[bool] | None:
    if include_open and include_closed:
        return None
    return DpsNonAssociation.is_closed.is_(include_closed)


@router.get("/legacy/api/non-associations/{id}")
def get_legacy(
    non_association_id: Annotated[int, Path(alias="id")], state: StateDep
) -> JSONResponse:
    """One non-association in NOMIS format, or 404."""
    with state.reading() as session:
        row = session.get(DpsNonAssociation, non_association_id)
        if row is None:
            return dps_error(404, f"No non-association found for ID `{non_association_id}`")
        return JSONResponse(legacy_view(row).to_json())


@router.post("/non-associations/between")
def between(
    state: StateDep,
    numbers: Annotated[list[str], Body()],
    include_open: Annotated[bool, Query(alias="includeOpen")] = True,
    include_closed: Annotated[bool, Query(alias="includeClosed")] = False,
    prison_id: Annotated[str | None, Query(alias="prisonId")] = None,
) -> JSONResponse:
    """Non-associations both of whose prisoners are in the list (two or more, distinct)."""
    wanted = set(numbers)
    if len(wanted) < 2 or len(wanted) != len(numbers):
        return dps_error(400, "Two or more distinct prisoner numbers are required")
    if not include_open and not include_closed:
        return dps_error(400, "Either open or closed non-associations must be included")
    with state.reading() as session:
        known = set(
            session.scalars(select(Prisoner.offender_no).where(Prisoner.offender_no.in_(wanted)))
        )
        if known != wanted:
            return dps_error(404, f"Prisoners not found: {', '.join(sorted(wanted - known))}")
        stmt = select(DpsNonAssociation).where(
            DpsNonAssociation.first_prisoner_number.in_(wanted),
            DpsNonAssociation.second_prisoner_number.in_(wanted),
        )
        state_filter = _wanted(include_open, include_closed)
        if state_filter is not None:
            stmt = stmt.where(state_filter)
        rows = list(session.scalars(stmt.order_by(DpsNonAssociation.id)))
        if prison_id:
            prisons = dict(
                session.execute(
                    select(Prisoner.offender_no, Prisoner.prison_id).where(
                        Prisoner.offender_no.in_(wanted)
                    )
                ).tuples()
            )
            rows = [
                r
                for r in rows
                if prisons[r.first_prisoner_number]
                == prison_id
                == prisons[r.second_prisoner_number]
            ]
        return JSONResponse([dps_view(r).to_json() for r in rows])


@router.get("/non-associations")
def page(
    state: StateDep,
    include_open: Annotated[bool, Query(alias="includeOpen")] = True,
    include_closed: Annotated[bool, Query(alias="includeClosed")] = False,
    page: Annotated[int, Query(ge=0)] = 0,
    size: Annotated[int, Query(ge=1)] = 20,
    sort: Annotated[list[str] | None, Query()] = None,
) -> JSONResponse:
    """A page of non-associations, always by id (the API's default sort)."""
    if not include_open and not include_closed:
        return dps_error(400, "Either open or closed non-associations must be included")
    state_filter = _wanted(include_open, include_closed)
    conditions = [] if state_filter is None else [state_filter]
    with state.reading() as session:
        total = (
            session.scalar(select(func.count()).select_from(DpsNonAssociation).where(*conditions))
            or 0
        )
        rows = list(
            session.scalars(
                select(DpsNonAssociation)
                .where(*conditions)
                .order_by(DpsNonAssociation.id)
                .offset(page * size)
                .limit(size)
            )
        )
    parts = page_parts(page, size, total, len(rows))
    reply = PageNonAssociation(content=[dps_view(r) for r in rows], **parts)
    return JSONResponse(reply.to_json())
