"""NOMIS prisoner API, visits: create, update and cancel a prisoner's social visit."""

from __future__ import annotations

import datetime as dt

from resources.http import ApiClient, dump_body
from resources.wire import WireModel


class CreateVisitRequest(WireModel):
    start_date_time: dt.datetime
    end_time: str
    prison_id: str
    visitor_person_ids: list[int]
    visit_type: str
    issue_date: dt.date
    visit_comment: str
    visit_order_comment: str
    room: str
    open_closed_status: str


class CreateVisitResponse(WireModel):
    visit_id: int


class UpdateVisitRequest(WireModel):
    start_date_time: dt.datetime
    end_time: str
    visitor_person_ids: list[int]
    room: str
    open_closed_status: str
    visit_comment: str | None = None


class CancelVisitRequest(WireModel):
    outcome: str


class NomisVisitsClient(ApiClient):
    """NOMIS visit writes.

    Raises:
        ApiError: (or NotFound / Conflict / ServerError) for any non-2xx answer.
    """

    api_name = "nomis-prisoner-api"

    def create_visit(self, offender_no: str, request: CreateVisitRequest) -> CreateVisitResponse:
        """Raises Conflict (moreInfo = existing NOMIS visit id) when the visit is already there."""
        response = self._send("POST", f"/prisoners/{offender_no}/visits", json=dump_body(request))
        return CreateVisitResponse.model_validate(response.json())

    def update_visit(self, offender_no: str, visit_id: int, request: UpdateVisitRequest) -> None:
        self._send("PUT", f"/prisoners/{offender_no}/visits/{visit_id}", json=dump_body(request))

    def cancel_visit(self, offender_no: str, visit_id: int, request: CancelVisitRequest) -> None:
        """Raises Conflict when the visit is already cancelled."""
        path = f"/prisoners/{offender_no}/visits/{visit_id}/cancel"
        self._send("PUT", path, json=dump_body(request))
