"""NOMIS prisoner API: internal locations (create, amend, capacity, certificate, (de)activate).

Mounted under ``/nomis``. A create needs an existing parent; an amend replaces the details
and, since NOMIS stores them with the location, the profiles and usages too (absent = none).
Deactivating an inactive location changes nothing unless ``force`` is set.
"""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.locations.estate import FIRST_NOMIS_LOCATION_ID
from dagster_project.sandbox.domains.locations.models import (
    CreateLocationRequest,
    DeactivateRequest,
    LocationIdResponse,
    PageLocationIdResponse,
    UpdateCapacityRequest,
    UpdateCertificationRequest,
    UpdateLocationRequest,
)
from dagster_project.sandbox.domains.locations.tables import NomisLocation
from dagster_project.sandbox.domains.locations.views import nomis_view, page_fields

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])

SYNC_USER = "PRISONER_MANAGER_API"
LocationIdPath = Annotated[int, Path(alias="locationId")]


def _stored(session: Session, location_id: int) -> NomisLocation:
    row = session.get(NomisLocation, location_id)
    if row is None:
        raise ApiError(404, f"Location with id={location_id} does not exist")
    return row


def _apply(session: Session, row: NomisLocation, body: UpdateLocationRequest) -> None:
    """The details both a create and an amend write."""
    if (
        body.parent_location_id is not None
        and session.get(NomisLocation, body.parent_location_id) is None
    ):
        raise ApiError(400, f"Parent location with id={body.parent_location_id} does not exist")
    row.location_type = body.location_type
    row.description = body.description
    row.user_description = body.user_description
    row.location_code = body.location_code
    row.parent_location_id = body.parent_location_id
    row.unit_type = body.unit_type
    row.list_sequence = body.list_sequence
    row.comment = body.comment
    row.tracking = bool(body.tracking)
    if body.active is not None:
        row.active = body.active
    row.profiles = [p.to_json() for p in body.profiles or []]
    row.usages = [u.to_json() for u in body.usages or []]


@router.post("/locations", status_code=201)
def create_location(body: CreateLocationRequest, state: StateDep) -> JSONResponse:
    """A new internal location (201 with its id); 400 if its parent does not exist."""
    with state.writing() as session:
        highest = session.scalar(select(func.max(NomisLocation.location_id))) or 0
        row = NomisLocation(
            location_id=max(highest, FIRST_NOMIS_LOCATION_ID) + 1,
            prison_id=body.prison_id,
            certified=body.certified,
            capacity=body.capacity,
            operational_capacity=body.operational_capacity,
            cna_capacity=body.cna_capacity,
            active=True,
            create_datetime=now_local(),
            create_username=SYNC_USER,
        )
        _apply(session, row, body)
        session.add(row)
        session.commit()
        reply = LocationIdResponse(location_id=row.location_id)
    return JSONResponse(reply.to_json(), 201)


@router.put("/locations/{locationId}")
def update_location(
    location_id: LocationIdPath, body: UpdateLocationRequest, state: StateDep
) -> Response:
    """Replace the details (with profiles and usages) of a location (200), or 404."""
    with state.writing() as session:
        row = _stored(session, location_id)
        _apply(session, row, body)
        row.modify_username = SYNC_USER
        session.commit()
    return Response(status_code=200)


@router.put("/locations/{locationId}/capacity")
def update_capacity(
    location_id: LocationIdPath,
    body: UpdateCapacityRequest,
    state: StateDep,
    ignore_operational: Annotated[bool, Query(alias="ignoreOperationalCapacity")] = False,
) -> Response:
    """Set the capacities given; the operational one is kept when told to ignore it."""
    with state.writing() as session:
        row = _stored(session, location_id)
        if body.capacity is not None:
            row.capacity = body.capacity
        if body.operational_capacity is not None and not ignore_operational:
            row.operational_capacity = body.operational_capacity
        session.commit()
    return Response(status_code=200)


@router.put("/locations/{locationId}/certification")
def update_certification(
    location_id: LocationIdPath, body: UpdateCertificationRequest, state: StateDep
) -> Response:
    with state.writing() as session:
        row = _stored(session, location_id)
        row.cna_capacity = body.cna_capacity
        row.certified = body.certified
        session.commit()
    return Response(status_code=200)


@router.put("/locations/{locationId}/deactivate")
def deactivate_location(
    location_id: LocationIdPath, body: DeactivateRequest, state: StateDep
) -> Response:
    """Deactivate (today unless dated); an inactive location changes only when forced."""
    with state.writing() as session:
        row = _stored(session, location_id)
        if row.active or body.force:
            row.active = False
            row.deactivate_date = body.deactivate_date or date.today()
            row.reason_code = body.reason_code
            row.reactivate_date = body.reactivate_date
            session.commit()
    return Response(status_code=200)


@router.put("/locations/{locationId}/reactivate")
def reactivate_location(location_id: LocationIdPath, state: StateDep) -> Response:
    with state.writing() as session:
        row = _stored(session, location_id)
        row.active = True
        row.deactivate_date = row.reason_code = row.reactivate_date = None
        session.commit()
    return Response(status_code=200)


@router.get("/locations/ids")
def location_ids(
    state: StateDep,
    page: Annotated[int, Query(ge=0)] = 0,
    size: Annotated[int, Query(ge=1)] = 10,
    sort: Annotated[list[str] | None, Query()] = None,
) -> JSONResponse:
    """A page of every internal location id, by id."""
    with state.reading() as session:
        total = session.scalar(select(func.count()).select_from(NomisLocation)) or 0
        ids = session.scalars(
            select(NomisLocation.location_id)
            .order_by(NomisLocation.location_id)
            .offset(page * size)
            .limit(size)
        ).all()
    content = [LocationIdResponse(location_id=i) for i in ids]
    reply = PageLocationIdResponse(content=content, **page_fields(total, page, size, len(ids)))
    return JSONResponse(reply.to_json())


def _view(session: Session, row: NomisLocation) -> JSONResponse:
    """``LocationResponse`` of a stored location, with its parent's key."""
    parent = (
        None
        if row.parent_location_id is None
        else session.get(NomisLocation, row.parent_location_id)
    )
    return JSONResponse(nomis_view(row, None if parent is None else parent.description).to_json())


@router.get("/locations/{id}")
def get_location(location_id: Annotated[int, Path(alias="id")], state: StateDep) -> JSONResponse:
    """One internal location with its parent's key, or 404."""
    with state.reading() as session:
        return _view(session, _stored(session, location_id))


@router.get("/locations/key/{key}")
def get_location_by_key(key: str, state: StateDep) -> JSONResponse:
    """The internal location whose description is the key, or 404.

    NOMIS reads one row by description: a key held twice is its 500, as there.
    """
    with state.reading() as session:
        rows = session.scalars(
            select(NomisLocation).where(NomisLocation.description == key).limit(2)
        ).all()
        if not rows:
            raise ApiError(404, f"Location with business key={key} does not exist")
        if len(rows) > 1:
            raise ApiError(500, f"More than one location with business key={key}")
        return _view(session, rows[0])
