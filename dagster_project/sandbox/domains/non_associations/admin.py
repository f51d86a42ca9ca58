"""Admin API: change DPS non-associations as a DPS user would; merge or move prisoners in NOMIS.

The DPS answers are the non-association as ``POST /non-associations/between`` would show it;
publishing the matching event is up to the caller. A merge or a booking move changes NOMIS
(the prisoner event's publisher) and DPS (which follows such events itself) at once.
"""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.common import CamelModel, naive, now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.non_associations import dps_store, nomis_store
from dagster_project.sandbox.domains.non_associations.codes import REASONS, RESTRICTIONS, ROLES
from dagster_project.sandbox.domains.non_associations.tables import (
    DpsNonAssociation,
    NomisNonAssociation,
    NonAssociationMappingRow,
)
from dagster_project.sandbox.domains.non_associations.views import (
    dps_view,
    mapping_view,
    nomis_view,
)

router = APIRouter(tags=["sandbox"])

NonAssociationId = Annotated[int, Path(alias="nonAssociationId")]
USER = "SANDBOX_USER"
ROLE = "^(" + "|".join(ROLES) + ")$"
REASON = "^(" + "|".join(REASONS) + ")$"
RESTRICTION = "^(" + "|".join(RESTRICTIONS) + ")$"


class NewNonAssociation(CamelModel):
    first_prisoner_number: str
    first_prisoner_role: str = Field(pattern=ROLE)
    second_prisoner_number: str
    second_prisoner_role: str = Field(pattern=ROLE)
    reason: str = Field(pattern=REASON)
    restriction_type: str = Field(pattern=RESTRICTION)
    comment: str = "Created in the sandbox"
    authorised_by: str | None = None
    # a sandbox knob (DPS sets it itself): a merge matches records by their dates
    when_created: datetime | None = None


class NonAssociationChange(CamelModel):
    """Fields to change, as DPS's PATCH."""

    first_prisoner_role: str | None = Field(default=None, pattern=ROLE)
    second_prisoner_role: str | None = Field(default=None, pattern=ROLE)
    reason: str | None = Field(default=None, pattern=REASON)
    restriction_type: str | None = Field(default=None, pattern=RESTRICTION)
    comment: str | None = None
    authorised_by: str | None = None


class Merge(CamelModel):
    removed_noms_number: str
    noms_number: str


class BookingMove(CamelModel):
    booking_id: int
    moved_from_noms_number: str
    moved_to_noms_number: str


def _prisoners(session: Session, *numbers: str) -> list[Prisoner]:
    found = []
    for number in numbers:
        prisoner = session.get(Prisoner, number)
        if prisoner is None:
            raise ApiError(404, f"Prisoner {number} not found")
        found.append(prisoner)
    return found


def _stored(session: Session, non_association_id: int) -> DpsNonAssociation:
    row = session.get(DpsNonAssociation, non_association_id)
    if row is None:
        raise ApiError(404, f"Non-association {non_association_id} not found")
    return row


@router.post("/dps/non-associations", status_code=201)
def create(body: NewNonAssociation, state: StateDep) -> JSONResponse:
    """A new open DPS non-association; 409 when the pair already has an open one."""
    first, second = body.first_prisoner_number, body.second_prisoner_number
    if first == second:
        raise ApiError(400, "A prisoner cannot be non-associated with themselves")
    with state.writing() as session:
        _prisoners(session, first, second)
        if dps_store.open_between(session, first, second):
            raise ApiError(409, f"Open non-association already exists for {first} and {second}")
        created = naive(body.when_created) if body.when_created else now_local()
        row = DpsNonAssociation(
            **body.model_dump(exclude={"when_created"}),
            when_created=created,
            when_updated=created,
            updated_by=USER,
            is_closed=False,
        )
        session.add(row)
        session.commit()
        return JSONResponse(dps_view(row).to_json(), 201)


@router.patch("/dps/non-associations/{nonAssociationId}")
def change(
    non_association_id: NonAssociationId, body: NonAssociationChange, state: StateDep
) -> JSONResponse:
    """Change roles, reason, restriction, comment or who authorised it; 404 if unknown."""
    with state.writing() as session:
        row = _stored(session, non_association_id)
        for name, value in body.model_dump(exclude_unset=True).items():
            if value is None and name != "authorised_by":
                raise ApiError(400, f"{name} cannot be null")
            setattr(row, name, value)
        row.when_updated, row.updated_by = now_local(), USER
        session.commit()
        return JSONResponse(dps_view(row).to_json())


@router.put("/dps/non-associations/{nonAssociationId}/close")
def close(non_association_id: NonAssociationId, state: StateDep) -> JSONResponse:
    """Close a DPS non-association now (an already closed one is unchanged)."""
    with state.writing() as session:
        row = _stored(session, non_association_id)
        if not row.is_closed:
            dps_store.close(row, USER, "Closed in the sandbox", now_local())
        session.commit()
        return JSONResponse(dps_view(row).to_json())


@router.delete("/dps/non-associations/{nonAssociationId}", status_code=204)
def delete(non_association_id: NonAssociationId, state: StateDep) -> Response:
    """Delete a DPS non-association (its legacy read then answers 404)."""
    with state.writing() as session:
        session.delete(_stored(session, non_association_id))
        session.commit()
    return Response(status_code=204)


@router.post("/dps/non-associations/merges")
def merge(body: Merge, state: StateDep) -> JSONResponse:
    """NOMIS merges one prisoner into another, and DPS follows (duplicates closed)."""
    removed, survivor = body.removed_noms_number, body.noms_number
    with state.writing() as session:
        _, kept = _prisoners(session, removed, survivor)
        nomis_store.move_details(session, removed, survivor, new_booking=kept.booking_id)
        dps_store.move(session, removed, survivor, now_local())
        session.commit()
    return JSONResponse({"removedNomsNumber": removed, "nomsNumber": survivor})


@router.post("/dps/non-associations/booking-moves")
def move_booking(body: BookingMove, state: StateDep) -> JSONResponse:
    """NOMIS moves a booking's non-associations to another prisoner, and DPS follows."""
    old, new = body.moved_from_noms_number, body.moved_to_noms_number
    with state.writing() as session:
        _prisoners(session, old, new)
        nomis_store.move_details(session, old, new, body.booking_id)
        dps_store.move(session, old, new, now_local())
        session.commit()
    return JSONResponse(body.to_json())


@router.get("/nomis/non-associations")
def nomis_details(
    state: StateDep, offender_no: Annotated[str | None, Query(alias="offenderNo")] = None
) -> JSONResponse:
    """Every NOMIS detail record (of one prisoner, either side), by pair and sequence."""
    stmt = select(NomisNonAssociation).order_by(
        NomisNonAssociation.offender_no,
        NomisNonAssociation.ns_offender_no,
        NomisNonAssociation.type_sequence,
    )
    if offender_no:
        stmt = stmt.where(
            or_(
                NomisNonAssociation.offender_no == offender_no,
                NomisNonAssociation.ns_offender_no == offender_no,
            )
        )
    with state.reading() as session:
        return JSONResponse([nomis_view(r).to_json() for r in session.scalars(stmt)])


@router.get("/mappings/non-associations")
def mappings(
    state: StateDep,
    non_association_id: Annotated[int | None, Query(alias="nonAssociationId")] = None,
    offender_no: Annotated[str | None, Query(alias="offenderNo")] = None,
) -> JSONResponse:
    """Non-association mappings by DPS id, optionally of one id or one prisoner."""
    stmt = select(NonAssociationMappingRow).order_by(NonAssociationMappingRow.non_association_id)
    if non_association_id is not None:
        stmt = stmt.where(NonAssociationMappingRow.non_association_id == non_association_id)
    if offender_no:
        stmt = stmt.where(
            or_(
                NonAssociationMappingRow.first_offender_no == offender_no,
                NonAssociationMappingRow.second_offender_no == offender_no,
            )
        )
    with state.reading() as session:
        return JSONResponse([mapping_view(r).to_json() for r in session.scalars(stmt)])


@router.get("/dps/non-associations")
def dps_non_associations(
    state: StateDep, offender_no: Annotated[str | None, Query(alias="offenderNo")] = None
) -> JSONResponse:
    """Every DPS non-association (of one prisoner, either side), by id."""
    with state.reading() as session:
        if offender_no:
            rows = dps_store.involving(session, offender_no)
        else:
            rows = list(session.scalars(select(DpsNonAssociation).order_by(DpsNonAssociation.id)))
        return JSONResponse([dps_view(r).to_json() for r in rows])
