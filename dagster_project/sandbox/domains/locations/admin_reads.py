"""Admin reads: DPS locations, NOMIS internal locations and location mappings, unfaulted."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from sqlalchemy import select

from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import LocationMapping
from dagster_project.sandbox.domains.locations.tables import DpsLocation, NomisLocation
from dagster_project.sandbox.domains.locations.views import legacy_view, mapping_view, nomis_view

router = APIRouter(tags=["sandbox"])


@router.get("/dps/locations")
def dps_locations(
    state: StateDep,
    prison_id: Annotated[str | None, Query(alias="prisonId")] = None,
    key: Annotated[str | None, Query()] = None,
    location_id: Annotated[str | None, Query(alias="id")] = None,
) -> JSONResponse:
    """DPS locations by key, optionally of one prison, or the one with a key or an id."""
    stmt = select(DpsLocation).order_by(DpsLocation.key)
    if prison_id:
        stmt = stmt.where(DpsLocation.prison_id == prison_id)
    if key:
        stmt = stmt.where(DpsLocation.key == key)
    if location_id:
        stmt = stmt.where(DpsLocation.id == location_id)
    with state.reading() as session:
        return JSONResponse([legacy_view(row).to_json() for row in session.scalars(stmt)])


@router.get("/nomis/locations")
def nomis_locations(
    state: StateDep,
    prison_id: Annotated[str | None, Query(alias="prisonId")] = None,
    description: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    """NOMIS internal locations by id, optionally of one prison or with one description."""
    stmt = select(NomisLocation).order_by(NomisLocation.location_id)
    if prison_id:
        stmt = stmt.where(NomisLocation.prison_id == prison_id)
    if description:
        stmt = stmt.where(NomisLocation.description == description)
    with state.reading() as session:
        rows = list(session.scalars(stmt))
        parents = {
            row.location_id: row.description
            for row in session.scalars(
                select(NomisLocation).where(
                    NomisLocation.location_id.in_({r.parent_location_id for r in rows})
                )
            )
        }
        body = [nomis_view(row, parents.get(row.parent_location_id or 0)).to_json() for row in rows]
    return JSONResponse(body)


@router.get("/mappings/locations")
def location_mappings(
    state: StateDep,
    dps_location_id: Annotated[str | None, Query(alias="dpsLocationId")] = None,
    nomis_location_id: Annotated[int | None, Query(alias="nomisLocationId")] = None,
) -> JSONResponse:
    """Location mappings by creation time (the activities rooms' too)."""
    stmt = select(LocationMapping).order_by(
        LocationMapping.when_created, LocationMapping.dps_location_id
    )
    if dps_location_id:
        stmt = stmt.where(LocationMapping.dps_location_id == dps_location_id)
    if nomis_location_id is not None:
        stmt = stmt.where(LocationMapping.nomis_location_id == nomis_location_id)
    with state.reading() as session:
        return JSONResponse([mapping_view(row).to_json() for row in session.scalars(stmt)])
