"""DPS Adjustments API: sentence adjustments in NOMIS format (the API, models, client).

Every GET carries ``Content-Type: application/vnd.nomis-offence+json``. The Adjustments API's
legacy controller declares that media type as what it *consumes* (class-level, in the versions
seen), and Spring applies a ``consumes`` condition even to a body-less GET, so without the header
the legacy read can be refused (415) rather than answered. The OpenAPI spec cannot express that
condition (the GETs have no request body) and nothing in it forbids the header, so sending it is
on-contract. The old service sends it on both reads; the person look-up does not need it but
accepts it, and sending it there too keeps the two reads alike.
"""

from __future__ import annotations

import datetime as dt

import httpx

from dagster_project.sync.domain import Api
from resources.errors import ApiError
from resources.http import ApiClient
from resources.wire import WireModel

LEGACY_CONTENT_TYPE = "application/vnd.nomis-offence+json"
LEGACY_HEADERS = {"Content-Type": LEGACY_CONTENT_TYPE}
NO_ADJUSTMENTS_STATUSES = frozenset({404, 422})


class LegacyAdjustment(WireModel):
    """`LegacyAdjustment`: one adjustment as NOMIS would hold it.

    `adjustment_type` is the NOMIS type code (spec enum ADA, RADA, UAL, LAL, SREM, RSR, RST, RX,
    S240A, UR, TCA, TSA). It is kept as a plain string so that a code added to DPS is reported by
    the NOMIS request model, where it matters, rather than failing the read.
    """

    booking_id: int
    offender_no: str
    adjustment_type: str
    adjustment_days: int
    active: bool
    sentence_sequence: int | None = None
    adjustment_date: dt.date | None = None
    adjustment_from_date: dt.date | None = None
    comment: str | None = None


class Adjustment(WireModel):
    """`AdjustmentDto`, reduced to what a reconciliation compares."""

    person: str
    adjustment_type: str
    id: str | None = None
    booking_id: int | None = None
    effective_days: int | None = None


class AdjustmentsClient(ApiClient):
    """Reads from the DPS Adjustments API; the sync never writes to DPS."""

    api_name = "adjustments-api"

    def get_legacy_adjustment(self, adjustment_id: str) -> LegacyAdjustment | None:
        """The adjustment in NOMIS format, or None when DPS no longer has it (404)."""
        response = self._get_or_none(f"/legacy/adjustments/{adjustment_id}", headers=LEGACY_HEADERS)
        return None if response is None else LegacyAdjustment.model_validate(response.json())

    def adjustments_for(self, person: str) -> list[Adjustment]:
        """Active adjustments of the person's current period of custody (the API's defaults).

        A 404 or 422 means DPS holds nothing usable for the person; it is answered as no
        adjustments, as the old reconciliation did, so one unknown prisoner is not an error.
        """
        try:
            response = self._send(
                "GET", "/adjustments", params={"person": person}, headers=LEGACY_HEADERS
            )
        except ApiError as error:
            if error.status in NO_ADJUSTMENTS_STATUSES:
                return []
            raise
        return [Adjustment.model_validate(item) for item in response.json()]


def probe(http: httpx.Client) -> str:
    """Health: one authenticated read for a person nobody is (no adjustments, 200)."""
    found = AdjustmentsClient(http).adjustments_for("A0000AA")
    return f"GET /adjustments?person=A0000AA: {len(found)} adjustments"


ADJUSTMENTS_API = Api(
    key="adjustments_api",
    env="ADJUSTMENTS",
    title="DPS Adjustments API",
    default_client_id="sentence-adjustments-api",
    sandbox_path="/adjustments",
    probe=probe,
    spec_file="sentencing-adjustments-api-docs.json",
)
