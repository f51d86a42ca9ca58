"""Mapping service: which NOMIS case notes each DPS case note became.

One, or several after a prisoner merge copied the note to another booking.
"""

from __future__ import annotations

from typing import Literal

from resources.http import ApiClient, dump_body
from resources.wire import WireModel

MappingType = Literal["MIGRATED", "NOMIS_CREATED", "DPS_CREATED"]


class CaseNoteMapping(WireModel):
    """`CaseNoteMappingDto`."""

    dps_case_note_id: str
    nomis_case_note_id: int
    offender_no: str
    nomis_booking_id: int
    mapping_type: MappingType
    label: str | None = None
    when_created: str | None = None


class PrisonerCaseNoteMappings(WireModel):
    mappings: list[CaseNoteMapping]


class CaseNoteMappingClient(ApiClient):
    """Case note mappings; a DPS id may map to several NOMIS case notes."""

    api_name = "nomis-mapping-api"

    def get_all(self, dps_case_note_id: str) -> list[CaseNoteMapping] | None:
        """Every mapping of the DPS note, or None when it has none (404).

        A 200 with an empty list is not None: the old service counted it as mapped.
        """
        response = self._get_or_none(f"/mapping/casenotes/dps-casenote-id/{dps_case_note_id}/all")
        if response is None:
            return None
        return [CaseNoteMapping.model_validate(item) for item in response.json()]

    def get_by_nomis_id(self, nomis_case_note_id: int) -> CaseNoteMapping | None:
        """The mapping of one NOMIS case note, or None when it is unmapped (404)."""
        response = self._get_or_none(f"/mapping/casenotes/nomis-casenote-id/{nomis_case_note_id}")
        return None if response is None else CaseNoteMapping.model_validate(response.json())

    def create(self, mapping: CaseNoteMapping) -> None:
        """Raises Conflict when the DPS or the NOMIS case note is already mapped."""
        self._send("POST", "/mapping/casenotes", json=dump_body(mapping))

    def delete_all(self, dps_case_note_id: str) -> None:
        """Forget every mapping of the DPS note (one call for all its NOMIS copies)."""
        self._send("DELETE", f"/mapping/casenotes/dps-casenote-id/{dps_case_note_id}")

    def mappings_for(self, offender_no: str) -> list[CaseNoteMapping]:
        """Every case note mapping of the prisoner (the reconciliation)."""
        response = self._send("GET", f"/mapping/casenotes/{offender_no}/all")
        return PrisonerCaseNoteMappings.model_validate(response.json()).mappings
