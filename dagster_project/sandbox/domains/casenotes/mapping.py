"""Mapping service: case note mappings (one DPS note to one or several NOMIS notes).

Mounted under ``/mapping-api``. The NOMIS case note id is the identity: a POST for a NOMIS note
already mapped to another DPS note is a 409; an identical re-post is accepted. The by-DPS-id
list is a 404 when the DPS note has no mapping; the DELETE answers 204 either way.
"""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.mapping import MappingDto, create_mapping
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.casenotes.tables import CaseNoteMappingRow
from dagster_project.sandbox.domains.casenotes.views import mapping_view

router = APIRouter(prefix="/mapping-api", tags=["mapping"], dependencies=[Depends(require_bearer)])

DpsId = Annotated[str, Path(alias="dpsCaseNoteId")]


class CaseNoteMappingDto(MappingDto):
    dps_case_note_id: str = Field(min_length=1)
    nomis_case_note_id: int
    offender_no: str
    nomis_booking_id: int
    label: str | None = Field(default=None, max_length=20)
    mapping_type: Literal["MIGRATED", "NOMIS_CREATED", "DPS_CREATED"]
    when_created: datetime | None = None


def _dto(row: CaseNoteMappingRow) -> CaseNoteMappingDto:
    return CaseNoteMappingDto.model_validate(mapping_view(row))


@router.get("/mapping/casenotes/dps-casenote-id/{dpsCaseNoteId}/all")
def mappings_of_dps_note(dps_id: DpsId, state: StateDep) -> JSONResponse:
    """Every mapping of a DPS note, or 404 when it has none."""
    stmt = select(CaseNoteMappingRow).where(CaseNoteMappingRow.dps_case_note_id == dps_id)
    with state.reading() as session:
        rows = list(session.scalars(stmt.order_by(CaseNoteMappingRow.nomis_case_note_id)))
    if not rows:
        raise ApiError(404, f"No mappings found for dpsCaseNoteId={dps_id}")
    return JSONResponse([mapping_view(row) for row in rows])


@router.get("/mapping/casenotes/nomis-casenote-id/{caseNoteId}")
def mapping_of_nomis_note(
    case_note_id: Annotated[int, Path(alias="caseNoteId")], state: StateDep
) -> JSONResponse:
    """The mapping of a NOMIS note, or 404."""
    with state.reading() as session:
        row = session.get(CaseNoteMappingRow, case_note_id)
        if row is None:
            raise ApiError(404, f"Not found: nomisCaseNoteId={case_note_id}")
        return JSONResponse(mapping_view(row))


@router.post("/mapping/casenotes", status_code=201)
def create_case_note_mapping(body: CaseNoteMappingDto, state: StateDep) -> Response:
    """Store a mapping; 409 if the NOMIS note is already mapped differently."""
    with state.writing() as session:
        return create_mapping(
            session,
            "Case note",
            body,
            session.get(CaseNoteMappingRow, body.nomis_case_note_id),
            same=lambda row: row.dps_case_note_id == body.dps_case_note_id,
            view=_dto,
            new_row=lambda: CaseNoteMappingRow(
                nomis_case_note_id=body.nomis_case_note_id,
                dps_case_note_id=body.dps_case_note_id,
                offender_no=body.offender_no,
                nomis_booking_id=body.nomis_booking_id,
                mapping_type=body.mapping_type,
                label=body.label,
                when_created=now_local(),
            ),
        )


@router.delete("/mapping/casenotes/dps-casenote-id/{dpsCaseNoteId}", status_code=204)
def delete_mappings_of_dps_note(dps_id: DpsId, state: StateDep) -> Response:
    """Forget every mapping of a DPS note (204 even when there was none)."""
    stmt = select(CaseNoteMappingRow).where(CaseNoteMappingRow.dps_case_note_id == dps_id)
    with state.writing() as session:
        for row in session.scalars(stmt):
            session.delete(row)
        session.commit()
    return Response(status_code=204)


@router.get("/mapping/casenotes/{offenderNo}/all")
def mappings_of_prisoner(
    offender_no: Annotated[str, Path(alias="offenderNo")], state: StateDep
) -> JSONResponse:
    """Every case note mapping of the prisoner."""
    stmt = (
        select(CaseNoteMappingRow)
        .where(CaseNoteMappingRow.offender_no == offender_no)
        .order_by(CaseNoteMappingRow.nomis_case_note_id)
    )
    with state.reading() as session:
        return JSONResponse({"mappings": [mapping_view(row) for row in session.scalars(stmt)]})
