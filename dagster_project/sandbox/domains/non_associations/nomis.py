"""NOMIS prisoner API: non-associations of a pair of prisoners and their detail records.

Mounted under ``/nomis``. A pair is found in either offender order; answers show each detail in
the pair's stored order. Unknown prisoners are a 400 on create; an unknown detail a 404.
"""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from fastapi.responses import JSONResponse
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.non_associations import nomis_store
from dagster_project.sandbox.domains.non_associations.models import (
    CreateNonAssociationRequest,
    CreateNonAssociationResponse,
    NonAssociationIdResponse,
    PageNonAssociationIdResponse,
    UpdateNonAssociationRequest,
    page_parts,
)
from dagster_project.sandbox.domains.non_associations.tables import NomisNonAssociation
from dagster_project.sandbox.domains.non_associations.views import nomis_view

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])

DETAIL = (
    "/non-associations/offender/{offenderNo}/ns-offender/{nsOffenderNo}/sequence/{typeSequence}"
)
Offender = Annotated[str, Path(alias="offenderNo")]
NsOffender = Annotated[str, Path(alias="nsOffenderNo")]
Sequence = Annotated[int, Path(alias="typeSequence")]


def _booking(session: Session, offender_no: str) -> int:
    prisoner = session.get(Prisoner, offender_no)
    if prisoner is None:
        raise ApiError(400, f"Offender with nomsId={offender_no} not found")
    return prisoner.booking_id


def _stored(session: Session, one: str, other: str, sequence: int) -> NomisNonAssociation:
    row = nomis_store.detail(session, one, other, sequence)
    if row is None:
        raise ApiError(
            404, f"Non-association between {one} and {other} with sequence {sequence} not found"
        )
    return row


@router.post("/non-associations")
def create(body: CreateNonAssociationRequest, state: StateDep) -> JSONResponse:
    """A new detail record of the pair (the pair too, if new); 201 with its sequence."""
    if body.offender_no == body.ns_offender_no:
        raise ApiError(400, "A prisoner cannot be non-associated with themselves")
    with state.writing() as session:
        bookings = {n: _booking(session, n) for n in (body.offender_no, body.ns_offender_no)}
        offender, ns_offender = nomis_store.orientation(
            session, body.offender_no, body.ns_offender_no
        )
        reason, recip = body.reason, body.recip_reason
        if offender != body.offender_no:
            reason, recip = recip, reason
        row = NomisNonAssociation(
            offender_no=offender,
            ns_offender_no=ns_offender,
            type_sequence=nomis_store.next_sequence(session, offender, ns_offender),
            offender_booking_id=bookings[offender],
            ns_offender_booking_id=bookings[ns_offender],
            reason=reason,
            recip_reason=recip,
            type=body.type,
            authorised_by=body.authorised_by,
            comment=body.comment,
            effective_date=body.effective_date,
            expiry_date=body.expiry_date,
            updated_by=nomis_store.UPDATED_BY,
        )
        session.add(row)
        session.commit()
        reply = CreateNonAssociationResponse(type_sequence=row.type_sequence)
    return JSONResponse(reply.to_json(), 201)


@router.put(DETAIL)
def update(
    offender_no: Offender,
    ns_offender_no: NsOffender,
    sequence: Sequence,
    body: UpdateNonAssociationRequest,
    state: StateDep,
) -> Response:
    """Replace a detail record's fields (in the order given); an expiry only when sent."""
    with state.writing() as session:
        row = _stored(session, offender_no, ns_offender_no, sequence)
        reason, recip = body.reason, body.recip_reason
        if row.offender_no != offender_no:
            reason, recip = recip, reason
        row.reason, row.recip_reason, row.type = reason, recip, body.type
        row.authorised_by, row.comment = body.authorised_by, body.comment
        row.effective_date = body.effective_date
        if body.expiry_date is not None:
            row.expiry_date = body.expiry_date
        row.updated_by = nomis_store.UPDATED_BY
        session.commit()
    return Response(status_code=200)


@router.put(f"{DETAIL}/close")
def close(
    offender_no: Offender, ns_offender_no: NsOffender, sequence: Sequence, state: StateDep
) -> Response:
    """Expire a detail record today (200), or 404."""
    with state.writing() as session:
        nomis_store.close(_stored(session, offender_no, ns_offender_no, sequence), date.today())
        session.commit()
    return Response(status_code=200)


@router.delete(DETAIL)
def delete(
    offender_no: Offender, ns_offender_no: NsOffender, sequence: Sequence, state: StateDep
) -> Response:
    """Delete a detail record (the pair goes with its last one): 200, or 404."""
    with state.writing() as session:
        session.delete(_stored(session, offender_no, ns_offender_no, sequence))
        session.commit()
    return Response(status_code=200)


@router.get("/non-associations/offender/{offenderNo}/ns-offender/{nsOffenderNo}/all")
def pair_details(
    offender_no: Offender, ns_offender_no: NsOffender, state: StateDep
) -> JSONResponse:
    """Every detail record of the pair, expired ones too, by sequence; 404 for no pair."""
    with state.reading() as session:
        rows = nomis_store.pair_details(session, offender_no, ns_offender_no)
        if not rows:
            raise ApiError(404, f"No non-association between {offender_no} and {ns_offender_no}")
        return JSONResponse([nomis_view(r).to_json() for r in rows])


@router.get("/non-associations/ids")
def ids(
    state: StateDep,
    page: Annotated[int, Query(ge=0)] = 0,
    size: Annotated[int, Query(ge=1)] = 10,
    sort: Annotated[list[str] | None, Query()] = None,
) -> JSONResponse:
    """A page of the pairs (stored order), by offender then ns-offender."""
    pairs = select(NomisNonAssociation.offender_no, NomisNonAssociation.ns_offender_no).distinct()
    with state.reading() as session:
        total = session.scalar(select(func.count()).select_from(pairs.subquery())) or 0
        found = session.execute(
            pairs.order_by(NomisNonAssociation.offender_no, NomisNonAssociation.ns_offender_no)
            .offset(page * size)
            .limit(size)
        ).tuples()
        content = [NonAssociationIdResponse(offender_no1=a, offender_no2=b) for a, b in found]
    parts = page_parts(page, size, total, len(content))
    return JSONResponse(PageNonAssociationIdResponse(content=content, **parts).to_json())


@router.get("/non-associations/booking/{bookingId}")
def on_booking(
    booking_id: Annotated[int, Path(alias="bookingId")], state: StateDep
) -> JSONResponse:
    """The pairs with a detail record on the booking (either side), stored order."""
    stmt = (
        select(NomisNonAssociation.offender_no, NomisNonAssociation.ns_offender_no)
        .where(
            or_(
                NomisNonAssociation.offender_booking_id == booking_id,
                NomisNonAssociation.ns_offender_booking_id == booking_id,
            )
        )
        .distinct()
        .order_by(NomisNonAssociation.offender_no, NomisNonAssociation.ns_offender_no)
    )
    with state.reading() as session:
        found = session.execute(stmt).tuples()
        body = [
            NonAssociationIdResponse(offender_no1=a, offender_no2=b).to_json() for a, b in found
        ]
    return JSONResponse(body)
