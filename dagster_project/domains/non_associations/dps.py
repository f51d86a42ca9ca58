"""DPS non-associations API: the legacy read the sync maps into NOMIS, and the reconciliation reads.

Event handlers never retry at the HTTP level in the old service; here every GET gets the shared
single idempotent retry (`resources/http.py`), and `between` is a POST that is a read, so it is
never retried by the transport (the reconciliation reports the pair as an error instead).
"""

from __future__ import annotations

import datetime as dt

import httpx

from dagster_project.sync.domain import Api
from resources.http import ApiClient
from resources.wire import WireModel


class LegacyOtherPrisoner(WireModel):
    """`LegacyNonAssociationOtherPrisonerDetails`: the other prisoner and their reason code."""

    offender_no: str
    reason_code: str


class LegacyNonAssociation(WireModel):
    """`LegacyNonAssociation`: one non-association in NOMIS format, as NOMIS would hold it.

    Reason and type codes stay plain strings: a code DPS adds is refused by NOMIS, where it
    matters, rather than failing the read.
    """

    id: int
    offender_no: str
    reason_code: str
    type_code: str
    effective_date: dt.datetime
    offender_non_association: LegacyOtherPrisoner
    expiry_date: dt.datetime | None = None
    authorised_by: str | None = None
    comments: str | None = None


class NonAssociation(WireModel):
    """`NonAssociation`, reduced to what the reconciliation compares and reports."""

    id: int
    first_prisoner_number: str
    first_prisoner_role: str
    second_prisoner_number: str
    second_prisoner_role: str
    reason: str
    restriction_type: str
    when_created: dt.datetime
    is_closed: bool


class NonAssociationsPage(WireModel):
    """`PageNonAssociation`: one page of every non-association."""

    content: list[NonAssociation]
    total_elements: int


class NonAssociationsClient(ApiClient):
    """Reads from the DPS non-associations API; the sync never writes to DPS.

    Raises:
        ApiError: (or NotFound / ServerError ...) for any non-2xx answer.
    """

    api_name = "non-associations-api"

    def get_legacy(self, non_association_id: int) -> LegacyNonAssociation:
        """The non-association in NOMIS format; a 404 raises NotFound, as the old service."""
        response = self._send("GET", f"/legacy/api/non-associations/{non_association_id}")
        return LegacyNonAssociation.model_validate(response.json())

    def between(self, first: str, second: str) -> list[NonAssociation]:
        """Every non-association of the two prisoners with each other, open and closed."""
        response = self._send(
            "POST",
            "/non-associations/between",
            params={"includeClosed": "true"},
            json=[first, second],
        )
        return [NonAssociation.model_validate(item) for item in response.json()]

    def page(self, page: int, size: int) -> NonAssociationsPage:
        """One page of every non-association, open and closed, by id."""
        response = self._send(
            "GET",
            "/non-associations",
            params={"includeClosed": "true", "page": page, "size": size},
        )
        return NonAssociationsPage.model_validate(response.json())


def probe(http: httpx.Client) -> str:
    """Health: the first page of one non-association is one cheap authenticated read."""
    total = NonAssociationsClient(http).page(0, 1).total_elements
    return f"GET /non-associations: {total} non-associations"


NON_ASSOCIATIONS_API = Api(
    key="non_associations_api",
    env="NON_ASSOCIATIONS",
    title="DPS non-associations API",
    default_client_id="non-associations-api",
    sandbox_path="/non-associations",
    probe=probe,
    spec_file="non-associations-api-docs.json",
)
