"""DPS Case Notes API: one note of a prisoner, and every note of a prisoner (the sync view).

Mounted under ``/casenotes``. A note of another prisoner, or none, is a 404 ``ErrorResponse``.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse
from sqlalchemy import select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.casenotes.tables import DpsCaseNote
from dagster_project.sandbox.domains.casenotes.views import dps_view

router = APIRouter(prefix="/casenotes", tags=["casenotes"], dependencies=[Depends(require_bearer)])

Person = Annotated[str, Path(alias="personIdentifier")]


@router.get("/case-notes/{personIdentifier}/{caseNoteIdentifier}")
def get_case_note(
    person: Person,
    case_note_id: Annotated[str, Path(alias="caseNoteIdentifier")],
    state: StateDep,
) -> JSONResponse:
    """One case note of the prisoner, or 404."""
    with state.reading() as session:
        row = session.get(DpsCaseNote, case_note_id.lower())
        if row is None or row.offender_no != person:
            raise ApiError(404, f"Case note not found: {case_note_id}")
        return JSONResponse(dps_view(row))


@router.get("/sync/case-notes/{personIdentifier}")
def sync_case_notes(person: Person, state: StateDep) -> JSONResponse:
    """Every case note of the prisoner (an empty list for an unknown one)."""
    stmt = (
        select(DpsCaseNote)
        .where(DpsCaseNote.offender_no == person)
        .order_by(DpsCaseNote.creation, DpsCaseNote.id)
    )
    with state.reading() as session:
        return JSONResponse([dps_view(row) for row in session.scalars(stmt)])
