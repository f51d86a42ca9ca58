"""Admin API: change DPS locations as a DPS user would (publishing the event is the caller's).

Each answer is the location as ``GET /locations/sync/id/{id}`` shows it. A new location's key is
its parent's key plus its code (or the prison plus its code at the top level).
"""

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.common import CamelModel, now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.locations.dps import stored
from dagster_project.sandbox.domains.locations.models import Capacity, NonResidentialUsage
from dagster_project.sandbox.domains.locations.tables import DpsLocation
from dagster_project.sandbox.domains.locations.views import legacy_view

router = APIRouter(tags=["sandbox"])

ADMIN_USER = "SANDBOX_ADMIN"
LocationIdPath = Annotated[str, Path(alias="id")]


class LocationFields(CamelModel):
    """What a DPS user may set on a location; on a change an explicit null clears a field."""

    local_name: str | None = None
    comments: str | None = None
    residential_housing_type: str | None = None
    capacity: Capacity | None = None
    certified_cell: bool | None = None
    attributes: list[str] | None = None
    usage: list[NonResidentialUsage] | None = None
    internal_movement_allowed: bool | None = None
    order_within_parent_location: int | None = None
    ignore_working_capacity: bool | None = None


class NewLocation(LocationFields):
    prison_id: str = Field(min_length=2, max_length=6)
    code: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9]+$")
    location_type: str
    parent_id: str | None = None


class LocationChange(LocationFields):
    parent_id: str | None = None


class Deactivation(CamelModel):
    reason: str = "OTHER"
    proposed_reactivation_date: date | None = None
    permanent: bool = False


def _set(row: DpsLocation, changes: dict[str, Any]) -> None:
    capacity = changes.pop("capacity", ...)
    if capacity is not ...:
        row.max_capacity = capacity["max_capacity"] if capacity else None
        row.working_capacity = capacity["working_capacity"] if capacity else None
        cna = capacity.get("certified_normal_accommodation") if capacity else None
        row.certified_normal_accommodation = cna
    if "usage" in changes:
        usage = changes.pop("usage")
        row.usage = None if usage is None else [NonResidentialUsage(**u).to_json() for u in usage]
    if changes.get("ignore_working_capacity", False) is None:
        changes["ignore_working_capacity"] = False
    for name, value in changes.items():
        setattr(row, name, value)
    row.last_modified_by = ADMIN_USER
    row.last_modified_date = now_local()


def _place(session: Session, row: DpsLocation, parent_id: str | None) -> None:
    """Put the location under ``parent_id`` (top level when None): its path and key follow."""
    parent = None if parent_id is None else stored(session, parent_id)
    row.parent_id = None if parent is None else parent.id
    row.path_hierarchy = row.code if parent is None else f"{parent.path_hierarchy}-{row.code}"
    row.key = f"{row.prison_id}-{row.path_hierarchy}"
    clash = session.scalars(
        select(DpsLocation).where(DpsLocation.key == row.key, DpsLocation.id != row.id)
    ).first()
    if clash is not None:
        raise ApiError(409, f"Location {row.key} already exists")


@router.post("/dps/locations", status_code=201)
def create_location(body: NewLocation, state: StateDep) -> JSONResponse:
    """Record a new DPS location with a new UUID; 409 if its key exists, 404 if its parent."""
    with state.writing() as session:
        row = DpsLocation(
            id=str(uuid.uuid4()),
            prison_id=body.prison_id,
            code=body.code,
            location_type=body.location_type,
            active=True,
            permanently_deactivated=False,
            ignore_working_capacity=False,
        )
        _place(session, row, body.parent_id)
        _set(row, body.model_dump(exclude={"prison_id", "code", "location_type", "parent_id"}))
        session.add(row)
        session.commit()
        return JSONResponse(legacy_view(row).to_json(), 201)


@router.put("/dps/locations/{id}")
def change_location(
    location_id: LocationIdPath, body: LocationChange, state: StateDep
) -> JSONResponse:
    """Change the fields given (``parentId`` moves it, and its key with it), or 404."""
    with state.writing() as session:
        row = stored(session, location_id)
        changes = body.model_dump(exclude_unset=True)
        if "parent_id" in changes:
            _place(session, row, changes.pop("parent_id"))
        _set(row, changes)
        session.commit()
        return JSONResponse(legacy_view(row).to_json())


@router.put("/dps/locations/{id}/deactivate")
def deactivate_location(
    location_id: LocationIdPath, body: Deactivation, state: StateDep
) -> JSONResponse:
    """Deactivate today, temporarily (with a reason and a date) or for good."""
    with state.writing() as session:
        row = stored(session, location_id)
        _set(
            row,
            {
                "active": False,
                "deactivated_date": date.today(),
                "deactivated_reason": body.reason,
                "proposed_reactivation_date": body.proposed_reactivation_date,
                "permanently_deactivated": body.permanent,
            },
        )
        session.commit()
        return JSONResponse(legacy_view(row).to_json())


@router.put("/dps/locations/{id}/reactivate")
def reactivate_location(location_id: LocationIdPath, state: StateDep) -> JSONResponse:
    with state.writing() as session:
        row = stored(session, location_id)
        changes = dict.fromkeys(
            ("deactivated_date", "deactivated_reason", "proposed_reactivation_date")
        )
        _set(row, {"active": True, **changes})
        session.commit()
        return JSONResponse(legacy_view(row).to_json())


@router.delete("/dps/locations/{id}", status_code=204)
def delete_location(location_id: LocationIdPath, state: StateDep) -> Response:
    """Delete a DPS location (its sync read then answers 404), or 404."""
    with state.writing() as session:
        session.delete(stored(session, location_id))
        session.commit()
    return Response(status_code=204)
