"""Mapping service: which NOMIS alert (booking id + alert sequence) each DPS alert became."""

from __future__ import annotations

from typing import Literal

from resources.http import ApiClient, dump_body
from resources.wire import WireModel

MappingType = Literal["MIGRATED", "DPS_CREATED", "NOMIS_CREATED"]


class AlertMapping(WireModel):
    """`AlertMappingDto`."""

    dps_alert_id: str
    nomis_booking_id: int
    nomis_alert_sequence: int
    offender_no: str
    mapping_type: MappingType
    label: str | None = None


class AlertMappingId(WireModel):
    """`AlertMappingIdDto`: one mapping of a prisoner's set."""

    dps_alert_id: str
    nomis_booking_id: int
    nomis_alert_sequence: int


class PrisonerAlertMappings(WireModel):
    """`PrisonerAlertMappingsDto`: every mapping of one prisoner, replaced at once."""

    mapping_type: MappingType
    mappings: list[AlertMappingId]
    label: str | None = None


class AlertMappingClient(ApiClient):
    """Look-ups return None when no mapping exists; a create raises Conflict on a duplicate."""

    api_name = "nomis-mapping-api"

    def get(self, dps_alert_id: str) -> AlertMapping | None:
        response = self._get_or_none(f"/mapping/alerts/dps-alert-id/{dps_alert_id}")
        return None if response is None else AlertMapping.model_validate(response.json())

    def get_by_nomis(self, booking_id: int, sequence: int) -> AlertMapping | None:
        """The mapping of one NOMIS alert, or None."""
        response = self._get_or_none(
            f"/mapping/alerts/nomis-booking-id/{booking_id}/nomis-alert-sequence/{sequence}"
        )
        return None if response is None else AlertMapping.model_validate(response.json())

    def create(self, mapping: AlertMapping) -> None:
        """Raises Conflict when the DPS alert or the NOMIS alert is already mapped."""
        self._send("POST", "/mapping/alerts", json=dump_body(mapping))

    def delete(self, dps_alert_id: str) -> None:
        self._send("DELETE", f"/mapping/alerts/dps-alert-id/{dps_alert_id}")

    def replace_all(self, offender_no: str, mappings: PrisonerAlertMappings) -> None:
        """Replace every mapping of the prisoner by `mappings` (an empty list clears them)."""
        self._send("PUT", f"/mapping/alerts/{offender_no}/all", json=dump_body(mappings))
