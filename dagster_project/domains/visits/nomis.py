"""NOMIS prisoner API, visits: create, update, cancel and read a prisoner's social visits."""

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


class CodeDescription(WireModel):
    code: str
    description: str | None = None


class NomisVisit(WireModel):
    """`VisitResponse`, reduced to what identifies the visit a create wrote."""

    visit_id: int
    offender_no: str
    prison_id: str
    start_date_time: dt.datetime
    visit_type: CodeDescription
    comment_text: str | None = None


class VisitId(WireModel):
    visit_id: int


class VisitIdsPage(WireModel):
    """`PageVisitIdResponse`; a page without `last` is taken as the last one."""

    content: list[VisitId]
    last: bool = True


class NomisVisitsClient(ApiClient):
    """NOMIS visit writes, and the reads that find a visit a create may have written.

    Raises:
        ApiError: (or NotFound / Conflict / ServerError) for any non-2xx answer.
    """

    api_name = "nomis-prisoner-api"

    def create_visit(self, offender_no: str, request: CreateVisitRequest) -> CreateVisitResponse:
        """Raises Conflict (moreInfo = existing NOMIS visit id) when the visit is already there."""
        response = self._send("POST", f"/prisoners/{offender_no}/visits", json=dump_body(request))
        return CreateVisitResponse.model_validate(response.json())

    def visit_ids_created_since(
        self, prison_id: str, visit_type: str, since: dt.datetime, page: int, size: int
    ) -> VisitIdsPage:
        """Ids of the prison's visits of a type created at or after `since` (NOMIS local time).

        NOMIS pages them oldest first (`createDatetime,ASC`, the default sort).
        """
        response = self._send(
            "GET",
            "/visits/ids",
            params={
                "prisonIds": prison_id,
                "visitTypes": visit_type,
                "fromDateTime": since.replace(microsecond=0).isoformat(),
                "page": page,
                "size": size,
            },
        )
        return VisitIdsPage.model_validate(response.json())

    def get_visit(self, visit_id: int) -> NomisVisit | None:
        """One visit by its NOMIS id, or None when NOMIS has no such visit."""
        response = self._get_or_none(f"/visits/{visit_id}")
        return None if response is None else NomisVisit.model_validate(response.json())

    def update_visit(self, offender_no: str, visit_id: int, request: UpdateVisitRequest) -> None:
        self._send("PUT", f"/prisoners/{offender_no}/visits/{visit_id}", json=dump_body(request))

    def cancel_visit(self, offender_no: str, visit_id: int, request: CancelVisitRequest) -> None:
        """Raises Conflict when the visit is already cancelled."""
        path = f"/prisoners/{offender_no}/visits/{visit_id}/cancel"
        self._send("PUT", path, json=dump_body(request))
