"""NOMIS prisoner API: sentence and key-date adjustments, and a booking's adjustments.

Mounted under ``/nomis``. Sentence adjustments hang off a sentence (every sandbox booking has
sentences 1..``SENTENCES_PER_BOOKING``); key-date adjustments off the booking. Each category
numbers its ids separately. An update that omits ``active`` keeps the stored flag.
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
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.sentencing.models import (
    CreateAdjustmentResponse,
    CreateKeyDateAdjustmentRequest,
    CreateSentenceAdjustmentRequest,
    SentenceAdjustmentResponse,
    SentencingAdjustmentsResponse,
    UpdateKeyDateAdjustmentRequest,
    UpdateSentenceAdjustmentRequest,
)
from dagster_project.sandbox.domains.sentencing.seed import (
    FIRST_NOMIS_ADJUSTMENT_ID,
    SENTENCES_PER_BOOKING,
)
from dagster_project.sandbox.domains.sentencing.tables import KEY_DATE, SENTENCE, NomisAdjustment
from dagster_project.sandbox.domains.sentencing.views import nomis_view

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])

BookingId = Annotated[int, Path(alias="bookingId")]
AdjustmentId = Annotated[int, Path(alias="adjustmentId")]


def _prisoner(session: Session, booking_id: int) -> Prisoner:
    prisoner = session.scalar(select(Prisoner).where(Prisoner.booking_id == booking_id))
    if prisoner is None:
        raise ApiError(404, f"Booking with id {booking_id} not found")
    return prisoner


def _next_id(session: Session, category: str) -> int:
    stmt = select(func.max(NomisAdjustment.adjustment_id)).where(
        NomisAdjustment.category == category
    )
    return max(session.scalar(stmt) or 0, FIRST_NOMIS_ADJUSTMENT_ID - 1) + 1


def _stored(session: Session, category: str, adjustment_id: int) -> NomisAdjustment:
    row = session.get(NomisAdjustment, (category, adjustment_id))
    if row is None:
        kind = "Sentence" if category == SENTENCE else "Key date"
        raise ApiError(404, f"{kind} adjustment with id {adjustment_id} not found")
    return row


def _create(
    state: StateDep,
    booking_id: int,
    sentence_sequence: int | None,
    body: CreateSentenceAdjustmentRequest | CreateKeyDateAdjustmentRequest,
) -> JSONResponse:
    category = KEY_DATE if sentence_sequence is None else SENTENCE
    with state.writing() as session:
        _prisoner(session, booking_id)
        if sentence_sequence is not None and not 1 <= sentence_sequence <= SENTENCES_PER_BOOKING:
            raise ApiError(
                404,
                f"Sentence with booking {booking_id} and sequence {sentence_sequence} not found",
            )
        row = NomisAdjustment(
            category=category,
            adjustment_id=_next_id(session, category),
            booking_id=booking_id,
            sentence_sequence=sentence_sequence,
            adjustment_type=body.adjustment_type_code,
            adjustment_date=body.adjustment_date or date.today(),
            adjustment_from_date=body.adjustment_from_date,
            adjustment_days=body.adjustment_days,
            comment=body.comment,
            active=body.active,
            created=now_local(),
        )
        session.add(row)
        session.commit()
        reply = CreateAdjustmentResponse(id=row.adjustment_id)
    return JSONResponse(reply.to_json(), 201)


@router.post("/prisoners/booking-id/{bookingId}/sentences/{sentenceSequence}/adjustments")
def create_sentence_adjustment(
    booking_id: BookingId,
    sentence_sequence: Annotated[int, Path(alias="sentenceSequence")],
    body: CreateSentenceAdjustmentRequest,
    state: StateDep,
) -> JSONResponse:
    """Add an adjustment to one of the booking's sentences (201 with its new id)."""
    return _create(state, booking_id, sentence_sequence, body)


@router.post("/prisoners/booking-id/{bookingId}/adjustments")
def create_key_date_adjustment(
    booking_id: BookingId, body: CreateKeyDateAdjustmentRequest, state: StateDep
) -> JSONResponse:
    """Add a key-date adjustment to the booking (201 with its new id)."""
    return _create(state, booking_id, None, body)


def _update(
    state: StateDep,
    category: str,
    adjustment_id: int,
    body: UpdateSentenceAdjustmentRequest | UpdateKeyDateAdjustmentRequest,
) -> Response:
    with state.writing() as session:
        row = _stored(session, category, adjustment_id)
        if isinstance(body, UpdateSentenceAdjustmentRequest):
            row.sentence_sequence = body.sentence_sequence
        row.adjustment_type = body.adjustment_type_code
        row.adjustment_date = body.adjustment_date or row.adjustment_date
        row.adjustment_from_date = body.adjustment_from_date
        row.adjustment_days = body.adjustment_days
        row.comment = body.comment
        if body.active is not None:
            row.active = body.active
        row.updated = now_local()
        session.commit()
    return Response(status_code=200)


def _delete(state: StateDep, category: str, adjustment_id: int) -> Response:
    with state.writing() as session:
        session.delete(_stored(session, category, adjustment_id))
        session.commit()
    return Response(status_code=204)


@router.put("/sentence-adjustments/{adjustmentId}")
def update_sentence_adjustment(
    adjustment_id: AdjustmentId, body: UpdateSentenceAdjustmentRequest, state: StateDep
) -> Response:
    """Replace a sentence adjustment's details (200, no body), or 404."""
    return _update(state, SENTENCE, adjustment_id, body)


@router.delete("/sentence-adjustments/{adjustmentId}", status_code=204)
def delete_sentence_adjustment(adjustment_id: AdjustmentId, state: StateDep) -> Response:
    """Delete a sentence adjustment (204), or 404."""
    return _delete(state, SENTENCE, adjustment_id)


@router.put("/key-date-adjustments/{adjustmentId}")
def update_key_date_adjustment(
    adjustment_id: AdjustmentId, body: UpdateKeyDateAdjustmentRequest, state: StateDep
) -> Response:
    """Replace a key-date adjustment's details (200, no body), or 404."""
    return _update(state, KEY_DATE, adjustment_id, body)


@router.delete("/key-date-adjustments/{adjustmentId}", status_code=204)
def delete_key_date_adjustment(adjustment_id: AdjustmentId, state: StateDep) -> Response:
    """Delete a key-date adjustment (204), or 404."""
    return _delete(state, KEY_DATE, adjustment_id)


@router.get("/prisoners/booking-id/{bookingId}/sentencing-adjustments")
def booking_adjustments(
    booking_id: BookingId,
    active_only: Annotated[bool, Query(alias="active-only")],
    state: StateDep,
) -> JSONResponse:
    """The booking's key-date and sentence adjustments (only active ones if asked), or 404."""
    stmt = (
        select(NomisAdjustment)
        .where(NomisAdjustment.booking_id == booking_id)
        .order_by(NomisAdjustment.adjustment_id)
    )
    if active_only:
        stmt = stmt.where(NomisAdjustment.active.is_(True))
    with state.reading() as session:
        prisoner = _prisoner(session, booking_id)
        views = [nomis_view(row, prisoner) for row in session.scalars(stmt)]
    reply = SentencingAdjustmentsResponse(
        key_date_adjustments=[v for v in views if not isinstance(v, SentenceAdjustmentResponse)],
        sentence_adjustments=[v for v in views if isinstance(v, SentenceAdjustmentResponse)],
    )
    return JSONResponse(reply.to_json())
