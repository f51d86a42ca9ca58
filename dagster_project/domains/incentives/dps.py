"""DPS incentives API: reviews and incentive levels (the API, models, client)."""

from __future__ import annotations

import datetime as dt

import httpx

from dagster_project.sync.domain import Api
from resources.http import ApiClient
from resources.wire import WireModel


class IncentiveReviewDetail(WireModel):
    id: int
    iep_code: str
    iep_level: str
    prisoner_number: str
    booking_id: int
    iep_date: dt.date
    iep_time: dt.datetime
    agency_id: str
    user_id: str | None = None
    comments: str | None = None


class IncentiveReviewSummary(WireModel):
    id: int
    iep_code: str
    prisoner_number: str
    booking_id: int


class IncentiveLevel(WireModel):
    code: str
    name: str
    active: bool


class PrisonIncentiveLevel(WireModel):
    level_code: str
    prison_id: str
    active: bool
    default_on_admission: bool
    remand_transfer_limit_in_pence: int
    remand_spend_limit_in_pence: int
    convicted_transfer_limit_in_pence: int
    convicted_spend_limit_in_pence: int
    visit_orders: int
    privileged_visit_orders: int


class IncentivesClient(ApiClient):
    """Reads from the DPS incentives API; the sync never writes to DPS."""

    api_name = "incentives-api"

    def get_review(self, review_id: int) -> IncentiveReviewDetail:
        """Raises NotFound when the review does not exist (the event is then retried)."""
        response = self._send("GET", f"/incentive-reviews/id/{review_id}")
        return IncentiveReviewDetail.model_validate(response.json())

    def get_current_review(self, prisoner_number: str) -> IncentiveReviewSummary | None:
        response = self._get_or_none(f"/incentive-reviews/prisoner/{prisoner_number}")
        return None if response is None else IncentiveReviewSummary.model_validate(response.json())

    def get_level(self, code: str) -> IncentiveLevel:
        response = self._send("GET", f"/incentive/levels/{code}")
        return IncentiveLevel.model_validate(response.json())

    def list_levels(self) -> list[IncentiveLevel]:
        """Every global level in DPS order, inactive ones included."""
        response = self._send("GET", "/incentive/levels", params={"with-inactive": "true"})
        return [IncentiveLevel.model_validate(item) for item in response.json()]

    def get_prison_level(self, prison_id: str, level_code: str) -> PrisonIncentiveLevel:
        response = self._send("GET", f"/incentive/prison-levels/{prison_id}/level/{level_code}")
        return PrisonIncentiveLevel.model_validate(response.json())


def probe(http: httpx.Client) -> str:
    """Health: the global levels are one cheap authenticated read."""
    return f"GET /incentive/levels: {len(IncentivesClient(http).list_levels())} levels"


INCENTIVES_API = Api(
    key="incentives_api",
    env="INCENTIVES",
    title="DPS incentives API",
    default_client_id="incentives-api",
    sandbox_path="/incentives",
    probe=probe,
    spec_file="incentives-api-docs.json",
)
