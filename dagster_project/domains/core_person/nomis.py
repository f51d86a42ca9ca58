"""NOMIS prisoner API: a prisoner's religions (beliefs), the merge write, the latest bookings."""

from __future__ import annotations

import datetime as dt

from dagster_project.domains.shared_clients import PrisonerId
from resources.http import ApiClient, dump_body
from resources.wire import WireModel


class Belief(WireModel):
    """`CodeDescription` of a belief."""

    code: str
    description: str | None = None


class Audit(WireModel):
    """`NomisAudit`, reduced to what the reconciliation compares."""

    create_username: str | None = None
    create_datetime: dt.datetime | None = None
    modify_user_id: str | None = None
    modify_datetime: dt.datetime | None = None


class OffenderBelief(WireModel):
    """`OffenderBelief`: one religion of the prisoner in NOMIS; the first is the current one."""

    belief_id: int
    belief: Belief
    start_date: dt.date
    end_date: dt.date | None = None
    comments: str | None = None
    audit: Audit


class ReligionEnd(WireModel):
    """`CorePersonReligionRequest`: the NOMIS belief and the end date CPR gives it."""

    belief_id: int
    end_date: dt.date | None = None


class CorePersonMergeRequest(WireModel):
    """`CorePersonMergeRequest`: the religions of the surviving record after a merge."""

    religions: list[ReligionEnd]


class BookingIdsWithLast(WireModel):
    """`BookingIdsWithLast`: a page of latest bookings, ordered by booking id."""

    prisoner_ids: list[PrisonerId]
    last_booking_id: int


class NomisCorePersonClient(ApiClient):
    """NOMIS core person: beliefs, the merge, and the latest bookings (the reconciliation)."""

    api_name = "nomis-prisoner-api"

    def religions(self, prison_number: str) -> list[OffenderBelief]:
        """The prisoner's beliefs, newest first; an unknown prisoner (404) has none."""
        response = self._get_or_none(f"/core-person/{prison_number}/religions")
        if response is None:
            return []
        return [OffenderBelief.model_validate(item) for item in response.json()]

    def merge(self, prison_number: str, request: CorePersonMergeRequest) -> None:
        """Apply the surviving record's religion end dates (204). Repeating it is harmless."""
        self._send("POST", f"/core-person/{prison_number}/merge", json=dump_body(request))

    def latest_booking_ids(
        self, after_booking_id: int, page_size: int, active_only: bool = False
    ) -> BookingIdsWithLast:
        """Up to `page_size` latest bookings with ids above `after_booking_id`."""
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
