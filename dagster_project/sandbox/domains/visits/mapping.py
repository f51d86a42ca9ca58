"""NOMIS mapping service: visit id mappings between DPS (VSIP) references and NOMIS visits.

Mounted under ``/mapping-api``. A POST that clashes with a stored mapping on either id gets
a 409 ``DuplicateMappingErrorResponse`` carrying both; re-posting an identical mapping is
accepted (201), as the real service does, so a retried mapping write is harmless.
"""

from datetime import datetime
from typing import Annotated, Literal, cast

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import or_, select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.mapping import MappingDto, create_mapping
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.visits.tables import VisitMapping

router = APIRouter(prefix="/mapping-api", tags=["mapping"], dependencies=[Depends(require_bearer)])

VisitMappingType = Literal["MIGRATED", "ONLINE"]


class VisitMappingDto(MappingDto):
    nomis_id: int
    vsip_id: str = Field(min_length=1, max_length=40)
    label: str | None = Field(default=None, max_length=20)
    mapping_type: VisitMappingType
    when_created: datetime | None = None


def visit_mapping_view(row: VisitMapping) -> VisitMappingDto:
    """Render a stored visit mapping."""
    return VisitMappingDto(
        nomis_id=row.nomis_id,
        vsip_id=row.vsip_id,
        mapping_type=cast(VisitMappingType, row.mapping_type),
        label=row.label,
        when_created=row.when_created,
    )


@router.get("/mapping/visits/vsipId/{vsipId}")
def get_visit_mapping_by_vsip(
    vsip_id: Annotated[str, Path(alias="vsipId")], state: StateDep
) -> JSONResponse:
    """The mapping for a DPS (VSIP) visit reference, or 404."""
    with state.reading() as session:
        row = session.scalars(select(VisitMapping).where(VisitMapping.vsip_id == vsip_id)).first()
        if row is None:
            raise ApiError(404, f"Not Found: VSIP id={vsip_id}")
        return JSONResponse(visit_mapping_view(row).to_json())


@router.get("/mapping/visits/nomisId/{nomisId}")
def get_visit_mapping_by_nomis(
    nomis_id: Annotated[int, Path(alias="nomisId")], state: StateDep
) -> JSONResponse:
    """The mapping for a NOMIS visit id, or 404."""
    with state.reading() as session:
        row = session.get(VisitMapping, nomis_id)
        if row is None:
            raise ApiError(404, f"Not Found: NOMIS id={nomis_id}")
        return JSONResponse(visit_mapping_view(row).to_json())


@router.post("/mapping/visits", status_code=201)
def create_visit_mapping(body: VisitMappingDto, state: StateDep) -> Response:
    """Store a visit mapping; 409 if either id is already mapped differently."""
    with state.writing() as session:
        clash = session.scalars(
            select(VisitMapping).where(
                or_(VisitMapping.vsip_id == body.vsip_id, VisitMapping.nomis_id == body.nomis_id)
            )
        ).first()
        return create_mapping(
            session,
            "Visit",
            body,
            clash,
            same=lambda row: row.vsip_id == body.vsip_id and row.nomis_id == body.nomis_id,
            view=visit_mapping_view,
            new_row=lambda: VisitMapping(
                nomis_id=body.nomis_id,
                vsip_id=body.vsip_id,
                mapping_type=body.mapping_type,
                label=body.label,
                when_created=now_local(),
            ),
        )
