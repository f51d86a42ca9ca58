"""NOMIS prisoner API: social visits.

Mounted under ``/nomis``. NOMIS refuses a second live visit for the same prisoner, prison and
start time with a 409 whose ``moreInfo`` is the existing visit id — the sync relies on that
to adopt a visit it created before a crash.
"""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import naive, now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.nomis import CodeDescription
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.visits.nomis_models import (
    CancelVisitRequest,
    CreateVisitRequest,
    CreateVisitResponse,
    UpdateVisitRequest,
    Visitor,
    VisitResponse,
    parse_end_time,
)
from dagster_project.sandbox.domains.visits.tables import NomisVisit

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
