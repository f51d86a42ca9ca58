"""Mapping service: a DPS CSIP report and its children against their NOMIS ids.

The children are factors, interviews, plans, reviews and attendees. The full mapping is
read, created and deleted as one; children added by a later update are posted on their own
(`/children/all`); a repair may clear the children first.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from resources.http import ApiClient, dump_body
from resources.wire import WireModel

MappingType = Literal["MIGRATED", "NOMIS_CREATED", "DPS_CREATED"]


class ChildMapping(WireModel):
    """`CSIPChildMappingDto`."""

    nomis_id: int
    dps_id: str
    dps_csip_report_id: str = Field(alias="dpsCSIPReportId")
    mapping_type: MappingType
    label: str | None = None


class CsipFullMapping(WireModel):
    """`CSIPFullMappingDto`: the report and every child mapping (lists always sent)."""

    nomis_csip_report_id: int = Field(alias="nomisCSIPReportId")
    dps_csip_report_id: str = Field(alias="dpsCSIPReportId")
    mapping_type: MappingType
    label: str | None = None
    attendee_mappings: list[ChildMapping]
    factor_mappings: list[ChildMapping]
    interview_mappings: list[ChildMapping]
    plan_mappings: list[ChildMapping]
    review_mappings: list[ChildMapping]


class CsipReportMapping(WireModel):
    """`CSIPReportMappingDto`: the report only."""

    dps_csip_report_id: str = Field(alias="dpsCSIPReportId")
    nomis_csip_report_id: int = Field(alias="nomisCSIPReportId")
    mapping_type: MappingType
    label: str | None = None


class CsipMappingClient(ApiClient):
    """Look-ups return None when no mapping exists; creates raise Conflict on a duplicate.

    Raises:
        ApiError: (or NotFound / Conflict / ServerError ...) for any other non-2xx answer.
    """

    api_name = "nomis-mapping-api"

    def get(self, dps_csip_report_id: str) -> CsipFullMapping | None:
        """The report's full mapping, children included, or None."""
        response = self._get_or_none(f"/mapping/csip/dps-csip-id/{dps_csip_report_id}/all")
        return None if response is None else CsipFullMapping.model_validate(response.json())

    def get_by_nomis_id(self, nomis_csip_report_id: int) -> CsipReportMapping | None:
        """The mapping of a NOMIS report, or None (the repair's look-up of a NOMIS-only one)."""
        response = self._get_or_none(f"/mapping/csip/nomis-csip-id/{nomis_csip_report_id}")
        return None if response is None else CsipReportMapping.model_validate(response.json())

    def create(self, mapping: CsipFullMapping) -> None:
        """The report's mapping with its children's; Conflict when already mapped."""
        self._send("POST", "/mapping/csip/all", json=dump_body(mapping))

    def create_children(self, mapping: CsipFullMapping) -> None:
        """Only the child mappings (the report's is there); Conflict when one is mapped."""
        self._send("POST", "/mapping/csip/children/all", json=dump_body(mapping))

    def delete(self, dps_csip_report_id: str) -> None:
        """The report's mapping and its children's."""
        self._send("DELETE", f"/mapping/csip/dps-csip-id/{dps_csip_report_id}/all")

    def delete_children(self, dps_csip_report_id: str) -> None:
        """Only the child mappings (a repair rebuilds them from NOMIS's answer)."""
        self._send("DELETE", f"/mapping/csip/dps-csip-id/{dps_csip_report_id}/children")
