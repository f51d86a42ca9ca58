"""NOMIS mapping service: location mappings (DPS UUID <-> NOMIS internal location id).

Mounted under ``/mapping-api``; this domain is the one owner of these routes. The rows live in
the core's ``mapping_locations`` table because activities seeds the mappings of its rooms
there. A POST clashing on either id is a 409 ``DuplicateMappingErrorResponse``; an identical
re-post is accepted (201).
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse
from sqlalchemy import or_, select

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.mapping import create_mapping
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import LocationMapping
from dagster_project.sandbox.domains.locations.models import LocationMappingDto
from dagster_project.sandbox.domains.locations.views import mapping_view

router = APIRouter(prefix="/mapping-api", tags=["mapping"], dependencies=[Depends(require_bearer)])


@router.get("/mapping/locations/dps/{dpsLocationId}")
def get_by_dps_id(
    dps_location_id: Annotated[str, Path(alias="dpsLocationId")], state: StateDep
) -> JSONResponse:
    """The NOMIS internal location of a DPS location id, or 404."""
    with state.reading() as session:
        row = session.get(LocationMapping, dps_location_id)
        if row is None:
            raise ApiError(404, f"Location mapping with dpsLocationId={dps_location_id} not found")
        return JSONResponse(mapping_view(row).to_json())


@router.get("/mapping/locations/nomis/{nomisLocationId}")
def get_by_nomis_id(
    nomis_location_id: Annotated[int, Path(alias="nomisLocationId")], state: StateDep
) -> JSONResponse:
    """The DPS location of a NOMIS internal location id, or 404."""
    with state.reading() as session:
        row = session.scalars(
            select(LocationMapping).where(LocationMapping.nomis_location_id == nomis_location_id)
        ).first()
        if row is None:
            raise ApiError(
                404, f"Location mapping with nomisLocationId={nomis_location_id} not found"
            )
        return JSONResponse(mapping_view(row).to_json())


@router.post("/mapping/locations", status_code=201)
def create_location_mapping(body: LocationMappingDto, state: StateDep) -> Response:
    """Store a location mapping; 409 if either id is already mapped differently."""
    with state.writing() as session:
        clash = session.scalars(
            select(LocationMapping).where(
                or_(
                    LocationMapping.dps_location_id == body.dps_location_id,
                    LocationMapping.nomis_location_id == body.nomis_location_id,
                )
            )
        ).first()
        return create_mapping(
            session,
            "Location",
            body,
            clash,
            same=lambda row: (
                (row.dps_location_id, row.nomis_location_id)
                == (body.dps_location_id, body.nomis_location_id)
            ),
            view=mapping_view,
            new_row=lambda: LocationMapping(
                dps_location_id=body.dps_location_id,
                nomis_location_id=body.nomis_location_id,
                mapping_type=body.mapping_type,
                label=body.label,
                when_created=now_local(),
            ),
        )
