"""NOMIS prisoner API: a prisoner's alerts and the alert code and type reference data.

NOMIS numbers each alert within its booking (`alertSequence`); a create names the prisoner and
NOMIS puts the alert on the latest booking.
"""

from __future__ import annotations

import datetime as dt

from resources.http import ApiClient, dump_body
from resources.wire import WireModel


class CreateAlertRequest(WireModel):
    """`CreateAlertRequest`."""

    alert_code: str
    date: dt.date
    is_active: bool
    create_username: str
    expiry_date: dt.date | None = None
    comment: str | None = None
    authorised_by: str | None = None


class UpdateAlertRequest(WireModel):
    """`UpdateAlertRequest` (the code of an alert never changes)."""

    date: dt.date
    is_active: bool
    update_username: str
    expiry_date: dt.date | None = None
    comment: str | None = None
    authorised_by: str | None = None


class CodeDescription(WireModel):
    code: str
    description: str


class CreateAlertResponse(WireModel):
    """`CreateAlertResponse`: where NOMIS put the alert."""

    booking_id: int
    alert_sequence: int


class AlertAudit(WireModel):
    create_username: str


class NomisAlert(WireModel):
    """`AlertResponse`, reduced to what a resumed create and the reconciliation compare."""

    booking_id: int
    alert_sequence: int
    alert_code: CodeDescription
    date: dt.date
    is_active: bool
    audit: AlertAudit
    expiry_date: dt.date | None = None
    comment: str | None = None
    authorised_by: str | None = None


class PrisonerAlerts(WireModel):
    """`PrisonerAlertsResponse`: the active alerts of the latest booking."""

    latest_booking_alerts: list[NomisAlert]


class CreateAlertCode(WireModel):
    code: str
    type_code: str
    description: str
    list_sequence: int


class CreateAlertType(WireModel):
    code: str
    description: str
    list_sequence: int


class UpdateDescription(WireModel):
    """`UpdateAlertCode` / `UpdateAlertType`: only the description changes."""

    description: str


class NomisAlertsClient(ApiClient):
    """The NOMIS prisoner API's alert operations.

    Raises:
        ApiError: (or NotFound / Conflict / ServerError ...) for any non-2xx answer; a create
            of a code already active on the booking is a Conflict (`DuplicateAlertErrorResponse`).
    """

    api_name = "nomis-prisoner-api"

    def create_alert(self, offender_no: str, request: CreateAlertRequest) -> CreateAlertResponse:
        """A new alert on the prisoner's latest booking."""
        response = self._send("POST", f"/prisoners/{offender_no}/alerts", json=dump_body(request))
        return CreateAlertResponse.model_validate(response.json())

    def update_alert(self, booking_id: int, sequence: int, request: UpdateAlertRequest) -> None:
        self._send("PUT", _alert_path(booking_id, sequence), json=dump_body(request))

    def delete_alert(self, booking_id: int, sequence: int) -> None:
        self._send("DELETE", _alert_path(booking_id, sequence))

    def resynchronise(
        self, offender_no: str, requests: list[CreateAlertRequest]
    ) -> list[CreateAlertResponse]:
        """Replace the prisoner's alerts by `requests`; the answers are in the same order."""
        response = self._send(
            "POST",
            f"/prisoners/{offender_no}/alerts/resynchronise",
            json=[dump_body(request) for request in requests],
        )
        return [CreateAlertResponse.model_validate(item) for item in response.json()]

    def active_alerts(self, offender_no: str) -> list[NomisAlert]:
        """The active alerts of the prisoner's latest booking."""
        response = self._send("GET", f"/prisoners/{offender_no}/alerts/reconciliation")
        return PrisonerAlerts.model_validate(response.json()).latest_booking_alerts

    def create_code(self, request: CreateAlertCode) -> None:
        self._send("POST", "/alerts/codes", json=dump_body(request))

    def update_code(self, code: str, request: UpdateDescription) -> None:
        self._send("PUT", f"/alerts/codes/{code}", json=dump_body(request))

    def deactivate_code(self, code: str) -> None:
        self._send("PUT", f"/alerts/codes/{code}/deactivate")

    def reactivate_code(self, code: str) -> None:
        self._send("PUT", f"/alerts/codes/{code}/reactivate")

    def create_type(self, request: CreateAlertType) -> None:
        self._send("POST", "/alerts/types", json=dump_body(request))

    def update_type(self, code: str, request: UpdateDescription) -> None:
        self._send("PUT", f"/alerts/types/{code}", json=dump_body(request))

    def deactivate_type(self, code: str) -> None:
        self._send("PUT", f"/alerts/types/{code}/deactivate")

    def reactivate_type(self, code: str) -> None:
        self._send("PUT", f"/alerts/types/{code}/reactivate")


def _alert_path(booking_id: int, sequence: int) -> str:
    return f"/prisoners/booking-id/{booking_id}/alerts/{sequence}"
