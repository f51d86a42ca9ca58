"""NOMIS prisoner API: case notes of a prisoner's bookings, and every prisoner by keyset.

Mounted under ``/nomis``. A note is created on the prisoner's booking (the sandbox's one
booking per prisoner); an update replaces the text and the amendments; a delete answers 204.
``/prisoners/ids/all`` and ``/prisoners/ids/all-from-id`` list every prisoner, active or not,
ordered by booking id (the sandbox's stand-in for NOMIS's offender id).
"""

import json
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel
from sqlalchemy import func, select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.casenotes.tables import NomisCaseNote
from dagster_project.sandbox.domains.casenotes.views import nomis_view

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])

FIRST_NOMIS_CASE_NOTE_ID = 50_000_001
CaseNoteId = Annotated[int, Path(alias="caseNoteId")]


class _Body(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class CreateCaseNoteRequest(_Body):
    case_note_type: str
    case_note_sub_type: str
    occurrence_date_time: datetime
    creation_date_time: datetime
    author_username: str
    case_note_text: str


class UpdateAmendment(_Body):
    text: str
    author_username: str
    created_date_time: datetime


class UpdateCaseNoteRequest(_Body):
    text: str
    amendments: list[UpdateAmendment]


def _amendments(amendments: list[UpdateAmendment]) -> str:
    return json.dumps(
        [
            {
                "text": a.text,
                "author": a.author_username,
                "at": a.created_date_time.strftime("%Y-%m-%dT%H:%M:%S"),
            }
            for a in amendments
        ]
    )


@router.post("/prisoners/{offenderNo}/casenotes")
def create_case_note(
    offender_no: Annotated[str, Path(alias="offenderNo")],
    body: CreateCaseNoteRequest,
    state: StateDep,
) -> JSONResponse:
    """Add a note to the prisoner's booking (201 with its id and the booking), or 404."""
    with state.writing() as session:
        prisoner = session.get(Prisoner, offender_no)
        if prisoner is None:
            raise ApiError(404, f"Prisoner {offender_no} not found")
        highest = session.scalar(select(func.max(NomisCaseNote.case_note_id))) or 0
        row = NomisCaseNote(
            case_note_id=max(highest + 1, FIRST_NOMIS_CASE_NOTE_ID),
            offender_no=offender_no,
            booking_id=prisoner.booking_id,
            type=body.case_note_type,
            sub_type=body.case_note_sub_type,
            creation=body.creation_date_time.replace(tzinfo=None),
            occurrence=body.occurrence_date_time.replace(tzinfo=None),
            author_username=body.author_username,
            text=body.case_note_text,
            amendments="[]",
        )
        session.add(row)
        session.commit()
        reply = {"id": row.case_note_id, "bookingId": row.booking_id}
    return JSONResponse(reply, 201)


@router.put("/casenotes/{caseNoteId}")
def update_case_note(
    case_note_id: CaseNoteId, body: UpdateCaseNoteRequest, state: StateDep
) -> Response:
    """Replace the note's text and amendments (200, no body), or 404."""
    with state.writing() as session:
        row = session.get(NomisCaseNote, case_note_id)
        if row is None:
            raise ApiError(404, f"Case note {case_note_id} not found")
        row.text = body.text
        row.amendments = _amendments(body.amendments)
        session.commit()
    return Response(status_code=200)


@router.delete("/casenotes/{caseNoteId}", status_code=204)
def delete_case_note(case_note_id: CaseNoteId, state: StateDep) -> Response:
    """Delete the note (204), or 404."""
    with state.writing() as session:
        row = session.get(NomisCaseNote, case_note_id)
        if row is None:
            raise ApiError(404, f"Case note {case_note_id} not found")
        session.delete(row)
        session.commit()
    return Response(status_code=204)


@router.get("/prisoners/{offenderNo}/casenotes")
def prisoner_case_notes(
    offender_no: Annotated[str, Path(alias="offenderNo")], state: StateDep
) -> JSONResponse:
    """Every note of the prisoner's bookings (an empty list for a prisoner with none)."""
    stmt = (
        select(NomisCaseNote)
        .where(NomisCaseNote.offender_no == offender_no)
        .order_by(NomisCaseNote.case_note_id)
    )
    with state.reading() as session:
        return JSONResponse({"caseNotes": [nomis_view(row) for row in session.scalars(stmt)]})


@router.get("/prisoners/ids/all")
def all_prisoner_ids(
    state: StateDep,
    page: Annotated[int, Query(ge=0)] = 0,
    size: Annotated[int, Query(ge=1)] = 10,
) -> JSONResponse:
    """A Spring page of every prisoner, by booking id."""
    with state.reading() as session:
        total = session.scalar(select(func.count()).select_from(Prisoner)) or 0
        rows = session.scalars(
            select(Prisoner).order_by(Prisoner.booking_id).offset(page * size).limit(size)
        ).all()
    pages = -(-total // size)
    return JSONResponse(
        {
            "totalElements": total,
            "totalPages": pages,
            "size": size,
            "content": [{"offenderNo": r.offender_no} for r in rows],
            "number": page,
            "first": page == 0,
            "last": page >= pages - 1,
            "numberOfElements": len(rows),
            "empty": not rows,
        }
    )


@router.get("/prisoners/ids/all-from-id")
def all_prisoners_from_id(
    state: StateDep,
    offender_id: Annotated[int, Query(alias="offenderId")] = 0,
    page_size: Annotated[int, Query(alias="pageSize", ge=1)] = 10,
) -> JSONResponse:
    """Up to ``pageSize`` prisoners after ``offenderId`` (the booking id here), in order."""
    with state.reading() as session:
        rows = session.scalars(
            select(Prisoner)
            .where(Prisoner.booking_id > offender_id)
            .order_by(Prisoner.booking_id)
            .limit(page_size)
        ).all()
    last = rows[-1].booking_id if rows else offender_id
    return JSONResponse(
        {"prisonerIds": [{"offenderNo": r.offender_no} for r in rows], "lastOffenderId": last}
    )
