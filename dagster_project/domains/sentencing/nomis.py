"""NOMIS sentencing adjustments: sentence and key-date adjustments of a booking.

NOMIS keeps two kinds: a *sentence* adjustment belongs to one sentence of a booking, a *key-date*
adjustment to the booking itself (NOMIS recalculates the key dates when one changes). They live in
different tables with their own ids, so every call names the kind explicitly.

The reconciliation walks every latest booking with `NomisBookingsClient` (keyset paging by
booking id, as the old service's adjustments reconciliation does).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from dagster_project.domains.shared_clients import PrisonerId
from resources.http import ApiClient, dump_body
from resources.wire import WireModel

SentenceAdjustmentType = Literal["RSR", "UR", "S240A", "RST", "RX", "TCA", "TSA"]
KeyDateAdjustmentType = Literal["LAL", "UAL", "RADA", "ADA", "SREM"]


class SentenceAdjustmentRequest(WireModel):
    """`CreateSentenceAdjustmentRequest`; a type code of the other kind fails validation here."""

    adjustment_type_code: SentenceAdjustmentType
    adjustment_days: int
    adjustment_date: dt.date | None = None
    adjustment_from_date: dt.date | None = None
    comment: str | None = None
    active: bool | None = None


class UpdateSentenceAdjustmentRequest(SentenceAdjustmentRequest):
    """`UpdateSentenceAdjustmentRequest`: the create body plus the (possibly new) sentence."""

    sentence_sequence: int


class KeyDateAdjustmentRequest(WireModel):
    """`CreateKeyDateAdjustmentRequest` and `UpdateKeyDateAdjustmentRequest` (same fields)."""

    adjustment_type_code: KeyDateAdjustmentType
    adjustment_days: int
    adjustment_from_date: dt.date
    adjustment_date: dt.date | None = None
    comment: str | None = None
    active: bool | None = None


class CreateAdjustmentResponse(WireModel):
    id: int


class AdjustmentType(WireModel):
    code: str
    description: str


class KeyDateAdjustment(WireModel):
    """`KeyDateAdjustmentResponse`: what a reconciliation compares and a resumed create matches."""

    id: int
    booking_id: int
    adjustment_type: AdjustmentType
    adjustment_days: int
    active: bool
    adjustment_date: dt.date | None = None
    adjustment_from_date: dt.date | None = None
    comment: str | None = None


class SentenceAdjustment(KeyDateAdjustment):
    """`SentenceAdjustmentResponse`; `hiddenFromUsers` marks one NOMIS made for a key-date one."""

    sentence_sequence: int
    hidden_from_users: bool = False


class SentencingAdjustments(WireModel):
    key_date_adjustments: list[KeyDateAdjustment]
    sentence_adjustments: list[SentenceAdjustment]


class NomisAdjustmentsClient(ApiClient):
    """The NOMIS prisoner API's sentencing adjustment operations.

    Raises:
        ApiError: (or NotFound / ServerError ...) for any non-2xx answer.
    """

    api_name = "nomis-prisoner-api"

    def create_sentence_adjustment(
        self, booking_id: int, sentence_sequence: int, request: SentenceAdjustmentRequest
    ) -> int:
        """Adds an adjustment to one sentence of the booking; returns its NOMIS id."""
        path = f"/prisoners/booking-id/{booking_id}/sentences/{sentence_sequence}/adjustments"
        response = self._send("POST", path, json=dump_body(request))
        return CreateAdjustmentResponse.model_validate(response.json()).id

    def create_key_date_adjustment(self, booking_id: int, request: KeyDateAdjustmentRequest) -> int:
        """Adds a booking-level adjustment (NOMIS recalculates key dates); returns its NOMIS id."""
        path = f"/prisoners/booking-id/{booking_id}/adjustments"
        response = self._send("POST", path, json=dump_body(request))
        return CreateAdjustmentResponse.model_validate(response.json()).id

    def update_sentence_adjustment(
        self, adjustment_id: int, request: UpdateSentenceAdjustmentRequest
    ) -> None:
        self._send("PUT", f"/sentence-adjustments/{adjustment_id}", json=dump_body(request))

    def update_key_date_adjustment(
        self, adjustment_id: int, request: KeyDateAdjustmentRequest
    ) -> None:
        self._send("PUT", f"/key-date-adjustments/{adjustment_id}", json=dump_body(request))

    def delete_sentence_adjustment(self, adjustment_id: int) -> None:
        """The spec documents only 204 (no 404), so a repeat on retry is expected to succeed."""
        self._send("DELETE", f"/sentence-adjustments/{adjustment_id}")

    def delete_key_date_adjustment(self, adjustment_id: int) -> None:
        """The spec documents only 204 (no 404), so a repeat on retry is expected to succeed."""
        self._send("DELETE", f"/key-date-adjustments/{adjustment_id}")

    def sentencing_adjustments(
        self, booking_id: int, active_only: bool = True
    ) -> SentencingAdjustments:
        """Both kinds of adjustment of one booking (only active ones unless told otherwise)."""
        response = self._send(
            "GET",
            f"/prisoners/booking-id/{booking_id}/sentencing-adjustments",
            params={"active-only": "true" if active_only else "false"},
        )
        return SentencingAdjustments.model_validate(response.json())


class BookingIdsWithLast(WireModel):
    """`BookingIdsWithLast`: a page of latest bookings, ordered by booking id."""

    prisoner_ids: list[PrisonerId]
    last_booking_id: int


class NomisBookingsClient(ApiClient):
    """The latest booking of every prisoner, page by page after a booking id (a keyset cursor)."""

    api_name = "nomis-prisoner-api"

    def latest_booking_ids(
        self, after_booking_id: int, page_size: int, active_only: bool = False
    ) -> BookingIdsWithLast:
        """Up to `page_size` latest bookings with ids above `after_booking_id`.

        A page shorter than `page_size` is the last one.
        """
        response = self._send(
            "GET",
            "/bookings/ids/latest-from-id",
            params={
                "bookingId": after_booking_id,
                "activeOnly": "true" if active_only else "false",
                "pageSize": page_size,
            },
        )
        return BookingIdsWithLast.model_validate(response.json())
