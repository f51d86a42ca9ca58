"""DPS prisoner alerts API: one alert, a prisoner's alerts, and the alert codes and types.

Event handlers never retry at the HTTP level in the old service; here every GET gets the shared
single idempotent retry (`resources/http.py`).
"""

from __future__ import annotations

import datetime as dt

import httpx

from dagster_project.sync.domain import Api
from resources.errors import NotFound
from resources.http import ApiClient
from resources.wire import WireModel

PAGE_SIZE = 1000  # the old service's one page of a prisoner's alerts
PROBE_CODE = "HEALTH-PROBE"


class AlertCodeSummary(WireModel):
    """`AlertCodeSummary`: the code an alert has."""

    alert_type_code: str
    code: str
    description: str


class Alert(WireModel):
    """`Alert`, reduced to what NOMIS is sent."""

    alert_uuid: str
    prison_number: str
    alert_code: AlertCodeSummary
    active_from: dt.date
    is_active: bool
    created_by: str
    description: str | None = None
    authorised_by: str | None = None
    active_to: dt.date | None = None
    last_modified_by: str | None = None


class AlertsPage(WireModel):
    """`PageAlert`: one page of a prisoner's alerts."""

    content: list[Alert]
    total_elements: int


class AlertCode(WireModel):
    """`AlertCode`: reference data."""

    alert_type_code: str
    code: str
    description: str
    list_sequence: int
    is_active: bool


class AlertType(WireModel):
    """`AlertType`: reference data (its codes are not read)."""

    code: str
    description: str
    list_sequence: int
    is_active: bool


class PageTooSmall(RuntimeError):
    """A prisoner has more alerts than one page holds (the old service's guard)."""


class AlertsClient(ApiClient):
    """Reads from the DPS alerts API; the sync never writes to DPS.

    Raises:
        ApiError: (or NotFound / ServerError ...) for any non-2xx answer.
    """

    api_name = "alerts-api"

    def get_alert(self, alert_uuid: str) -> Alert:
        """One alert; a 404 raises NotFound (the create then fails and is retried)."""
        response = self._send("GET", f"/alerts/{alert_uuid}")
        return Alert.model_validate(response.json())

    def prisoner_alerts(self, offender_no: str, active_only: bool) -> list[Alert]:
        """Every alert of the prisoner (only active ones when asked), in one page of 1000.

        Raises:
            PageTooSmall: DPS holds more than one page (the old service failed the same way).
        """
        params: dict[str, str | int] = {"page": 0, "size": PAGE_SIZE}
        if active_only:
            params = {"isActive": "true", **params}
        response = self._send("GET", f"/prisoners/{offender_no}/alerts", params=params)
        page = AlertsPage.model_validate(response.json())
        if page.total_elements != len(page.content):
            raise PageTooSmall(
                f"Page size of {PAGE_SIZE} for prisoner {offender_no} not big enough: "
                f"{page.total_elements} alerts"
            )
        return page.content

    def get_alert_code(self, code: str) -> AlertCode:
        response = self._send("GET", f"/alert-codes/{code}")
        return AlertCode.model_validate(response.json())

    def get_alert_type(self, code: str) -> AlertType:
        """One alert type (the spec says an array; the service answers one object)."""
        response = self._send("GET", f"/alert-types/{code}")
        return AlertType.model_validate(response.json())


def probe(http: httpx.Client) -> str:
    """Health: the look-up of a sentinel alert code (a 404 counts as up: the token was checked)."""
    try:
        AlertsClient(http).get_alert_code(PROBE_CODE)
    except NotFound:
        return f"GET /alert-codes/{PROBE_CODE}: 404 as expected"
    return f"GET /alert-codes/{PROBE_CODE}: 200"


ALERTS_API = Api(
    key="alerts_api",
    env="ALERTS",
    title="DPS prisoner alerts API",
    default_client_id="alerts-api",
    sandbox_path="/alerts",
    probe=probe,
    spec_file="alerts-api-docs.json",
)
