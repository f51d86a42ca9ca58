"""Mapping service: charges, hearings and punishments against their NOMIS ids.

A charge maps to a NOMIS adjudication number and charge sequence; a DPS hearing to a NOMIS
hearing id; a DPS punishment to a NOMIS award (booking id and sanction sequence). Punishment
mappings are saved in batches (`POST` to add, `PUT` to add some and remove others).
"""

from __future__ import annotations

from typing import Literal

from resources.http import ApiClient, dump_body
from resources.wire import WireModel

MappingType = Literal["ADJUDICATION_CREATED", "MIGRATED"]
CREATED: MappingType = "ADJUDICATION_CREATED"


class ChargeMapping(WireModel):
    """`AdjudicationMappingDto`."""

    adjudication_number: int
    charge_sequence: int
    charge_number: str
    mapping_type: MappingType | None = CREATED


class HearingMapping(WireModel):
    """`AdjudicationHearingMappingDto` (the spec labels it `AdjudicationMappingDto`)."""

    dps_hearing_id: str
    nomis_hearing_id: int
    mapping_type: MappingType | None = CREATED


class PunishmentMapping(WireModel):
    """`AdjudicationPunishmentMappingDto`."""

    dps_punishment_id: str
    nomis_booking_id: int
    nomis_sanction_sequence: int
    mapping_type: MappingType | None = CREATED


class AwardId(WireModel):
    """`AdjudicationPunishmentNomisIdDto`: a NOMIS award whose mapping is removed."""

    nomis_booking_id: int
    nomis_sanction_sequence: int


class PunishmentBatch(WireModel):
    """`AdjudicationPunishmentBatchMappingDto`."""

    punishments: list[PunishmentMapping]


class PunishmentBatchUpdate(WireModel):
    """`AdjudicationPunishmentBatchUpdateMappingDto`."""

    punishments_to_create: list[PunishmentMapping]
    punishments_to_delete: list[AwardId]


class DeleteMappings(WireModel):
    """`AdjudicationDeleteMappingDto`: the full repair clears a charge's mappings first."""

    dps_charge_number: str
    dps_hearing_ids: list[str]
    dps_punishment_ids: list[str]


class AdjudicationsMappingClient(ApiClient):
    """Look-ups return None when no mapping exists; creates raise Conflict on a duplicate.

    Raises:
        ApiError: (or NotFound / Conflict / ServerError ...) for any other non-2xx answer.
    """

    api_name = "nomis-mapping-api"

    def charge(self, charge_number: str) -> ChargeMapping | None:
        response = self._get_or_none(f"/mapping/adjudications/charge-number/{charge_number}")
        return None if response is None else ChargeMapping.model_validate(response.json())

    def create_charge(self, mapping: ChargeMapping) -> None:
        self._send("POST", "/mapping/adjudications", json=dump_body(mapping))

    def delete_mappings(self, mappings: DeleteMappings) -> None:
        self._send("POST", "/mapping/adjudications/delete-mappings", json=dump_body(mappings))

    def hearing(self, dps_hearing_id: str) -> HearingMapping | None:
        response = self._get_or_none(f"/mapping/hearings/dps/{dps_hearing_id}")
        return None if response is None else HearingMapping.model_validate(response.json())

    def create_hearing(self, mapping: HearingMapping) -> None:
        self._send("POST", "/mapping/hearings", json=dump_body(mapping))

    def delete_hearing(self, dps_hearing_id: str) -> None:
        self._send("DELETE", f"/mapping/hearings/dps/{dps_hearing_id}")

    def punishment(self, dps_punishment_id: str) -> PunishmentMapping | None:
        response = self._get_or_none(f"/mapping/punishments/{dps_punishment_id}")
        return None if response is None else PunishmentMapping.model_validate(response.json())

    def create_punishments(self, batch: PunishmentBatch) -> None:
        self._send("POST", "/mapping/punishments", json=dump_body(batch))

    def update_punishments(self, batch: PunishmentBatchUpdate) -> None:
        self._send("PUT", "/mapping/punishments", json=dump_body(batch))

    def location(self, dps_location_id: str) -> int:
        """The NOMIS location id of a DPS location; a 404 raises NotFound (fails the event)."""
        response = self._send("GET", f"/mapping/locations/dps/{dps_location_id}")
        return int(response.json()["nomisLocationId"])
