"""NOMIS prisoner API: social visits and the paged list of active prisoners.

Mounted under ``/nomis``. NOMIS refuses a second live visit for the same prisoner, prison and
start time with a 409 whose ``moreInfo`` is the existing visit id — the sync relies on that
to adopt a visit it created before a crash.
"""

import math
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from fastapi.responses import JSONResponse
from sqlalchemy import func, select

from dagster_project.sandbox.auth import require_bearer
from dagster_project.sandbox.common import naive, now_local
from dagster_project.sandbox.db import NomisVisit, Prisoner
from dagster_project.sandbox.errors import ApiError
from dagster_project.sandbox.nomis_models import (
    CancelVisitRequest,
    CodeDescription,
    CreateVisitRequest,
    CreateVisitResponse,
    PageableObject,
    PagePrisonerIds,
    PrisonerIds,
    SortObject,
    UpdateVisitRequest,
    Visitor,
    VisitResponse,
    parse_end_time,
)
from dagster_project.sandbox.state import StateDep

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])

OFFENDER_NO = r"^[A-Z]\d{4}[A-Z]{2}$"
OffenderNo = Annotated[str, Path(alias="offenderNo", pattern=OFFENDER_NO)]
VisitId = Annotated[int, Path(alias="visitId")]
SANDBOX_USER = "SANDBOX_SYNC"

VISIT_TYPES = {"SCON": "Social Contact", "OFFI": "Official Visit"}
VISIT_STATUSES = {"SCH": "Scheduled", "CANC": "Cancelled"}
OUTCOMES = {
    "ATT": "Attended",
    "ADMIN": "Administrative Cancellation",
    "HMP": "Operational Reasons-All Visits Cancelled",
    "NO_ID": "No Identification - Refused Entry",
    "NO_VO": "No Visiting Order",
    "NSHOW": "Visitor Did Not Arrive",
    "OFFCANC": "Offender Cancelled",
    "REFUSED": "Offender Refused Visit",
    "VISCANC": "Visitor Cancelled",
    "VO_CANCEL": "Visiting Order Cancelled",
}


def _code(code: str, names: dict[str, str]) -> CodeDescription:
    return CodeDescription(code=code, description=names.get(code, code))


def visit_view(row: NomisVisit) -> VisitResponse:
    """Render a stored visit as the spec's ``VisitResponse``."""
    return VisitResponse(
        visit_id=row.visit_id,
        offender_no=row.offender_no,
        start_date_time=row.start_date_time,
        end_date_time=datetime.combine(row.start_date_time.date(), row.end_time),
        prison_id=row.prison_id,
        visitors=[
            Visitor(person_id=pid, lead_visitor=index == 0)
            for index, pid in enumerate(row.visitor_person_ids)
        ],
        visit_type=_code(row.visit_type, VISIT_TYPES),
        visit_status=_code(row.status, VISIT_STATUSES),
        visit_outcome=_code(row.outcome or "ATT", OUTCOMES),
        agency_internal_location=CodeDescription(code=row.room, description=row.room),
        comment_text=row.visit_comment,
        when_created=row.created,
        when_updated=row.updated,
        create_user_id=SANDBOX_USER,
        modify_user_id=SANDBOX_USER if row.updated else None,
    )


@router.post("/prisoners/{offenderNo}/visits", status_code=201)
def create_visit(
    offender_no: OffenderNo, body: CreateVisitRequest, state: StateDep
) -> JSONResponse:
    """Book a visit; 409 with the existing id if a live one has the same slot."""
    start = naive(body.start_date_time)
    with state.writing() as session:
        if session.get(Prisoner, offender_no) is None:
            raise ApiError(404, f"Prisoner with offenderNo {offender_no} not found")
        existing = session.scalars(
            select(NomisVisit).where(
                NomisVisit.offender_no == offender_no,
                NomisVisit.prison_id == body.prison_id,
                NomisVisit.start_date_time == start,
                NomisVisit.status != "CANC",
            )
        ).first()
        if existing is not None:
            raise ApiError(
                409,
                f"Visit already exists for {offender_no} at {body.prison_id} on {start}",
                more_info=str(existing.visit_id),
            )
        row = NomisVisit(
            offender_no=offender_no,
            prison_id=body.prison_id,
            start_date_time=start,
            end_time=parse_end_time(body.end_time),
            visitor_person_ids=list(body.visitor_person_ids),
            visit_type=body.visit_type,
            issue_date=body.issue_date,
            visit_comment=body.visit_comment,
            visit_order_comment=body.visit_order_comment,
            room=body.room,
            open_closed_status=body.open_closed_status,
            status="SCH",
            created=now_local(),
        )
        session.add(row)
        session.commit()
        reply = CreateVisitResponse(visit_id=row.visit_id)
    return JSONResponse(reply.to_json(), 201)


def _find(offender_no: str, visit_id: int, row: NomisVisit | None) -> NomisVisit:
    if row is None or row.offender_no != offender_no:
        raise ApiError(404, f"Visit id {visit_id} for offender {offender_no} not found")
    return row


@router.put("/prisoners/{offenderNo}/visits/{visitId}")
def update_visit(
    offender_no: OffenderNo, visit_id: VisitId, body: UpdateVisitRequest, state: StateDep
) -> Response:
    """Change a visit's time, visitors, room or restriction."""
    with state.writing() as session:
        row = _find(offender_no, visit_id, session.get(NomisVisit, visit_id))
        row.start_date_time = naive(body.start_date_time)
        row.end_time = parse_end_time(body.end_time)
        row.visitor_person_ids = list(body.visitor_person_ids)
        row.room = body.room
        row.open_closed_status = body.open_closed_status
        if body.visit_comment is not None:
            row.visit_comment = body.visit_comment
        row.updated = now_local()
        session.commit()
    return Response(status_code=200)


@router.put("/prisoners/{offenderNo}/visits/{visitId}/cancel")
def cancel_visit(
    offender_no: OffenderNo, visit_id: VisitId, body: CancelVisitRequest, state: StateDep
) -> Response:
    """Cancel a visit with an outcome code; a second cancel is a 409."""
    with state.writing() as session:
        row = _find(offender_no, visit_id, session.get(NomisVisit, visit_id))
        if row.status == "CANC":
            raise ApiError(409, f"Visit {visit_id} is already cancelled")
        row.status = "CANC"
        row.outcome = body.outcome
        row.updated = now_local()
        session.commit()
    return Response(status_code=200)


@router.get("/visits/{visitId}")
def get_visit(visit_id: VisitId, state: StateDep) -> JSONResponse:
    """One visit, or 404."""
    with state.reading() as session:
        row = session.get(NomisVisit, visit_id)
        if row is None:
            raise ApiError(404, f"Visit id {visit_id} not found")
        return JSONResponse(visit_view(row).to_json())


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
