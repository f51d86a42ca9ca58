"""NOMIS prisoner API: what no one domain owns — the paged list of active prisoners.

Mounted under ``/nomis``, as are the domains' NOMIS fakes. Also the bodies several domains'
NOMIS endpoints share (``CodeDescription``).
"""

import math
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from sqlalchemy import func, select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import CamelModel
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])


class CodeDescription(CamelModel):
    code: str
    description: str


class PrisonerIds(CamelModel):
    booking_id: int
    offender_no: str


class SortObject(CamelModel):
    empty: bool
    sorted: bool
    unsorted: bool


class PageableObject(CamelModel):
    offset: int
    sort: SortObject
    page_size: int
    page_number: int
    paged: bool
    unpaged: bool


class PagePrisonerIds(CamelModel):
    total_elements: int
    total_pages: int
    size: int
    content: list[PrisonerIds]
    number: int
    first: bool
    last: bool
    sort: SortObject
    number_of_elements: int
    pageable: PageableObject
    empty: bool


@router.get("/prisoners/ids/active")
def active_prisoner_ids(
    state: StateDep,
    page: Annotated[int, Query(ge=0)] = 0,
    size: Annotated[int, Query(ge=1)] = 10,
    sort: Annotated[list[str] | None, Query()] = None,
) -> JSONResponse:
    """A Spring ``Page`` of active prisoners' booking ids, always sorted by bookingId."""
    with state.reading() as session:
        active = Prisoner.active.is_(True)
        total = session.scalar(select(func.count()).select_from(Prisoner).where(active)) or 0
        rows = session.scalars(
            select(Prisoner)
            .where(active)
            .order_by(Prisoner.booking_id)
            .offset(page * size)
            .limit(size)
        ).all()
    pages = math.ceil(total / size)
    order = SortObject(empty=False, sorted=True, unsorted=False)
    reply = PagePrisonerIds(
        total_elements=total,
        total_pages=pages,
        size=size,
        content=[PrisonerIds(booking_id=r.booking_id, offender_no=r.offender_no) for r in rows],
        number=page,
        first=page == 0,
        last=page >= pages - 1,
        sort=order,
        number_of_elements=len(rows),
        pageable=PageableObject(
            offset=page * size,
            sort=order,
            page_size=size,
            page_number=page,
            paged=True,
            unpaged=False,
        ),
        empty=not rows,
    )
    return JSONResponse(reply.to_json())
