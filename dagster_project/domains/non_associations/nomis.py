"""NOMIS prisoner API: the non-associations of two prisoners and their detail records.

NOMIS keeps one non-association per pair of prisoners and numbered detail records under it
(`typeSequence`). Every call names the pair; NOMIS finds the pair in either offender order.
"""

from __future__ import annotations

import datetime as dt

from resources.http import ApiClient, dump_body
from resources.wire import WireModel


class UpdateNonAssociationRequest(WireModel):
    """`UpdateNonAssociationRequest`; `expiryDate` is never sent (closing is its own call)."""

    reason: str
    recip_reason: str
    type: str
    effective_date: dt.date
    authorised_by: str | None = None
    comment: str | None = None


class CreateNonAssociationRequest(UpdateNonAssociationRequest):
    """`CreateNonAssociationRequest`: the update fields plus the pair, in DPS's order."""

    offender_no: str
    ns_offender_no: str


class CreateNonAssociationResponse(WireModel):
    type_sequence: int


class NonAssociationDetail(WireModel):
    """`NonAssociationResponse`: one detail record, in the NOMIS record's own offender order."""

    offender_no: str
    ns_offender_no: str
    type_sequence: int
    reason: str
    recip_reason: str
    type: str
    effective_date: dt.date
    expiry_date: dt.date | None = None
    authorised_by: str | None = None
    comment: str | None = None


class NonAssociationId(WireModel):
    """`NonAssociationIdResponse`: a pair of prisoners with at least one detail record."""

    offender_no1: str
    offender_no2: str


class NonAssociationIdsPage(WireModel):
    """`PageNonAssociationIdResponse`."""

    content: list[NonAssociationId]
    total_elements: int


class NomisNonAssociationsClient(ApiClient):
    """The NOMIS prisoner API's non-association operations.

    Raises:
        ApiError: (or NotFound / ServerError ...) for any non-2xx answer.
    """

    api_name = "nomis-prisoner-api"

    def create_detail(self, request: CreateNonAssociationRequest) -> int:
        """A new detail record for the pair; returns its type sequence."""
        response = self._send("POST", "/non-associations", json=dump_body(request))
        return CreateNonAssociationResponse.model_validate(response.json()).type_sequence

    def update_detail(
        self, offender: str, ns_offender: str, sequence: int, request: UpdateNonAssociationRequest
    ) -> None:
        self._send("PUT", _detail_path(offender, ns_offender, sequence), json=dump_body(request))

    def close_detail(self, offender: str, ns_offender: str, sequence: int) -> None:
        """Expire the detail record today (no body)."""
        self._send("PUT", f"{_detail_path(offender, ns_offender, sequence)}/close")

    def delete_detail(self, offender: str, ns_offender: str, sequence: int) -> None:
        """Delete the detail record (NOMIS deletes the pair with its last detail)."""
        self._send("DELETE", _detail_path(offender, ns_offender, sequence))

    def details(self, offender: str, ns_offender: str) -> list[NonAssociationDetail]:
        """Every detail record of the pair, expired ones included; none when NOMIS has no pair."""
        response = self._get_or_none(
            f"/non-associations/offender/{offender}/ns-offender/{ns_offender}/all"
        )
        if response is None:
            return []
        return [NonAssociationDetail.model_validate(item) for item in response.json()]

    def ids(self, page: int, size: int) -> NonAssociationIdsPage:
        """One page of the pairs NOMIS holds (`totalElements` counts pairs, not details)."""
        response = self._send("GET", "/non-associations/ids", params={"page": page, "size": size})
        return NonAssociationIdsPage.model_validate(response.json())

    def on_booking(self, booking_id: int) -> list[NonAssociationId]:
        """The pairs with a detail record on the booking (an empty list when none)."""
        response = self._send("GET", f"/non-associations/booking/{booking_id}")
        return [NonAssociationId.model_validate(item) for item in response.json()]


def _detail_path(offender: str, ns_offender: str, sequence: int) -> str:
    return f"/non-associations/offender/{offender}/ns-offender/{ns_offender}/sequence/{sequence}"
