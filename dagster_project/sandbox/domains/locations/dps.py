"""DPS Locations Inside Prison API: the sync read, pages of every location, a location's tree.

Mounted under ``/locations`` (so the API's own ``/locations/...`` paths read
``/locations/locations/...`` here). Pages are ordered by id, as the real API's default sort,
and refuse more than 200 locations. A deleted location is gone (404). This API's
``ErrorResponse`` requires ``developerMessage``, so its errors are built here.
"""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError, error_body
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.locations.models import Location, PageLegacyLocation
from dagster_project.sandbox.domains.locations.tables import DpsLocation
from dagster_project.sandbox.domains.locations.views import legacy_view, page_fields, tree_view

router = APIRouter(prefix="/locations", tags=["locations"], dependencies=[Depends(require_bearer)])

MAX_PAGE_SIZE = 200
LocationIdPath = Annotated[str, Path(alias="id")]


def dps_error(status: int, message: str) -> JSONResponse:
    """This API's ``ErrorResponse`` (its ``developerMessage`` is required)."""
    return JSONResponse({**error_body(status, message), "developerMessage": message}, status)


def find(session: Session, location_id: str) -> DpsLocation | JSONResponse:
    """The stored location, or the 400 (not a UUID) / 404 to answer instead."""
    try:
        key = str(uuid.UUID(location_id))
    except ValueError:
        return dps_error(400, f"Invalid location id: {location_id} is not a UUID")
    row = session.get(DpsLocation, key)
    return dps_error(404, f"No location found for ID `{key}`") if row is None else row


def stored(session: Session, location_id: str) -> DpsLocation:
    """The stored location, or an ``ApiError`` (for the admin API)."""
    found = find(session, location_id)
    if isinstance(found, JSONResponse):
        raise ApiError(found.status_code, f"Location {location_id} not found or not a UUID")
    return found


@router.get("/sync/id/{id}")
def get_legacy_location(
    location_id: LocationIdPath,
    state: StateDep,
    include_history: Annotated[bool, Query(alias="includeHistory")] = False,
) -> JSONResponse:
    """One location in NOMIS shape (its history is never kept here), or 404."""
    with state.reading() as session:
        found = find(session, location_id)
        return (
            found if isinstance(found, JSONResponse) else JSONResponse(legacy_view(found).to_json())
        )


@router.get("/locations")
def legacy_locations(
    state: StateDep,
    page: Annotated[int, Query(ge=0)] = 0,
    size: Annotated[int, Query(ge=1)] = 20,
    sort: Annotated[list[str] | None, Query()] = None,
) -> JSONResponse:
    """A page of every location in NOMIS shape, by id; at most 200 to a page."""
    if size > MAX_PAGE_SIZE:
        return dps_error(400, f"Page size must not be greater than {MAX_PAGE_SIZE}")
    with state.reading() as session:
        total = session.scalar(select(func.count()).select_from(DpsLocation)) or 0
        rows = session.scalars(
            select(DpsLocation).order_by(DpsLocation.id).offset(page * size).limit(size)
        ).all()
        content = [legacy_view(row) for row in rows]
    reply = PageLegacyLocation(content=content, **page_fields(total, page, size, len(content)))
    return JSONResponse(reply.to_json())


def _tree(session: Session, row: DpsLocation, top_level_id: str, deep: bool) -> Location:
    children = None
    if deep:
        found = session.scalars(
            select(DpsLocation)
            .where(DpsLocation.parent_id == row.id)
            .order_by(DpsLocation.order_within_parent_location, DpsLocation.key)
        ).all()
        children = [_tree(session, child, top_level_id, deep) for child in found]
    return tree_view(row, top_level_id, children)


def _top_level(session: Session, row: DpsLocation) -> str:
    while row.parent_id is not None:
        parent = session.get(DpsLocation, row.parent_id)
        if parent is None:
            break
        row = parent
    return row.id


@router.get("/locations/{id}")
def get_location(
    location_id: LocationIdPath,
    state: StateDep,
    include_children: Annotated[bool, Query(alias="includeChildren")] = False,
    include_history: Annotated[bool, Query(alias="includeHistory")] = False,
    format_local_name: Annotated[bool, Query(alias="formatLocalName")] = False,
    include_current_certificate: Annotated[bool, Query(alias="includeCurrentCertificate")] = False,
) -> JSONResponse:
    """A location, with every descendant nested in ``childLocations`` when asked for."""
    with state.reading() as session:
        row = find(session, location_id)
        if isinstance(row, JSONResponse):
            return row
        tree = _tree(session, row, _top_level(session, row), include_children)
    return JSONResponse(tree.to_json())
