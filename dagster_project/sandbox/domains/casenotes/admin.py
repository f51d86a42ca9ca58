"""Admin API: change DPS case notes as a DPS user would, and read NOMIS notes and mappings.

Publishing the matching ``person.case-note.*`` event is up to the caller (``publish.py``).
"""

import json
import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import func, select

from dagster_project.sandbox.core.common import CamelModel, now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.casenotes.tables import (
    CaseNoteMappingRow,
    DpsCaseNote,
    NomisCaseNote,
)
from dagster_project.sandbox.domains.casenotes.views import dps_view, mapping_view, nomis_view

router = APIRouter(tags=["sandbox"])

CaseNoteIdPath = Annotated[str, Path(alias="caseNoteId")]
FIRST_LEGACY_ID = 60_000_001


class NewCaseNote(CamelModel):
    offender_no: str = Field(pattern=r"^[A-Z0-9]{7}$")
    text: str = Field(min_length=1)
    type: str = "GEN"
    sub_type: str = "OSE"
    author_username: str = "SANDBOX_USER"


class CaseNoteChange(CamelModel):
    """A new text, and/or an amendment added (as DPS adds one)."""

    text: str | None = None
    amendment: str | None = None
    author_username: str = "SANDBOX_USER"


@router.post("/dps/casenotes", status_code=201)
def create_case_note(body: NewCaseNote, state: StateDep) -> JSONResponse:
    """A new DPS case note for the prisoner, with a new UUID."""
    with state.writing() as session:
        if session.get(Prisoner, body.offender_no) is None:
            raise ApiError(404, f"Prisoner {body.offender_no} not found")
        legacy = (session.scalar(select(func.max(DpsCaseNote.legacy_id))) or 0) + 1
        now = now_local()
        row = DpsCaseNote(
            id=str(uuid.uuid4()),
            offender_no=body.offender_no,
            type=body.type,
            sub_type=body.sub_type,
            creation=now,
            occurrence=now,
            author_username=body.author_username,
            text=body.text,
            amendments="[]",
            legacy_id=max(legacy, FIRST_LEGACY_ID),
        )
        session.add(row)
        session.commit()
        return JSONResponse(dps_view(row), 201)


@router.put("/dps/casenotes/{caseNoteId}")
def change_case_note(
    case_note_id: CaseNoteIdPath, body: CaseNoteChange, state: StateDep
) -> JSONResponse:
    """Change a DPS note's text or add an amendment, or 404."""
    with state.writing() as session:
        row = session.get(DpsCaseNote, case_note_id)
        if row is None:
            raise ApiError(404, f"Case note {case_note_id} not found")
        if body.text is not None:
            row.text = body.text
        if body.amendment is not None:
            amendments = json.loads(row.amendments)
            at = now_local().strftime("%Y-%m-%dT%H:%M:%S")
            amendments.append({"text": body.amendment, "author": body.author_username, "at": at})
            row.amendments = json.dumps(amendments)
        session.commit()
        return JSONResponse(dps_view(row))


@router.delete("/dps/casenotes/{caseNoteId}", status_code=204)
def delete_case_note(case_note_id: CaseNoteIdPath, state: StateDep) -> Response:
    """Delete a DPS note, or 404."""
    with state.writing() as session:
        row = session.get(DpsCaseNote, case_note_id)
        if row is None:
            raise ApiError(404, f"Case note {case_note_id} not found")
        session.delete(row)
        session.commit()
    return Response(status_code=204)


@router.get("/casenotes/dps")
def dps_case_notes(
    state: StateDep, offender_no: Annotated[str, Query(alias="offenderNo")]
) -> JSONResponse:
    """The prisoner's DPS notes."""
    stmt = select(DpsCaseNote).where(DpsCaseNote.offender_no == offender_no)
    with state.reading() as session:
        return JSONResponse([dps_view(r) for r in session.scalars(stmt.order_by(DpsCaseNote.id))])


@router.get("/casenotes/nomis")
def nomis_case_notes(
    state: StateDep, offender_no: Annotated[str | None, Query(alias="offenderNo")] = None
) -> JSONResponse:
    """NOMIS notes (of one prisoner when asked), by id."""
    stmt = select(NomisCaseNote).order_by(NomisCaseNote.case_note_id)
    if offender_no:
        stmt = stmt.where(NomisCaseNote.offender_no == offender_no)
    with state.reading() as session:
        return JSONResponse([nomis_view(r) for r in session.scalars(stmt)])


@router.get("/casenotes/mappings")
def case_note_mappings(
    state: StateDep,
    offender_no: Annotated[str | None, Query(alias="offenderNo")] = None,
    dps_case_note_id: Annotated[str | None, Query(alias="dpsCaseNoteId")] = None,
) -> JSONResponse:
    """Case note mappings, by NOMIS id."""
    stmt = select(CaseNoteMappingRow).order_by(CaseNoteMappingRow.nomis_case_note_id)
    if offender_no:
        stmt = stmt.where(CaseNoteMappingRow.offender_no == offender_no)
    if dps_case_note_id:
        stmt = stmt.where(CaseNoteMappingRow.dps_case_note_id == dps_case_note_id)
    with state.reading() as session:
        return JSONResponse([mapping_view(r) for r in session.scalars(stmt)])
