"""Mapping service: DPS court cases, appearances, charges, sentences, terms and recalls to NOMIS.

Look-ups by DPS id return None when nothing is mapped (the old OrNull reads); creates raise
Conflict on a duplicate. The batch update-create carries what NOMIS created and, after a case
clone, the pairs of old and new NOMIS ids.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from resources.http import ApiClient, dump_body
from resources.wire import WireModel

MappingType = Literal["MIGRATED", "NOMIS_CREATED", "DPS_CREATED"]
DPS_CREATED: MappingType = "DPS_CREATED"


class CourtCaseMapping(WireModel):
    nomis_court_case_id: int
    dps_court_case_id: str
    mapping_type: MappingType | None = None


class CourtAppearanceMapping(WireModel):
    nomis_court_appearance_id: int
    dps_court_appearance_id: str
    mapping_type: MappingType | None = None


class CourtChargeMapping(WireModel):
    nomis_court_charge_id: int
    dps_court_charge_id: str
    mapping_type: MappingType | None = None


class SentenceMapping(WireModel):
    nomis_booking_id: int
    nomis_sentence_sequence: int
    dps_sentence_id: str
    mapping_type: MappingType | None = None


class SentenceTermMapping(WireModel):
    nomis_booking_id: int
    nomis_sentence_sequence: int
    nomis_term_sequence: int
    dps_term_id: str
    mapping_type: MappingType | None = None


class CourtCaseAllMapping(WireModel):
    """`CourtCaseAllMappingDto`: the case created alone (child lists always empty)."""

    nomis_court_case_id: int
    dps_court_case_id: str
    court_appearances: list[CourtAppearanceMapping] = []
    court_charges: list[CourtChargeMapping] = []
    sentences: list[SentenceMapping] = []
    mapping_type: MappingType = DPS_CREATED


class IdPair(WireModel):
    """`SimpleCourtSentencingIdPair`."""

    from_nomis_id: int
    to_nomis_id: int


class NomisSentenceId(WireModel):
    nomis_booking_id: int
    nomis_sequence: int


class SentenceIdPair(WireModel):
    from_nomis_id: NomisSentenceId
    to_nomis_id: NomisSentenceId


class NomisTermId(WireModel):
    nomis_sentence_id: NomisSentenceId
    nomis_sequence: int


class TermIdPair(WireModel):
    from_nomis_id: NomisTermId
    to_nomis_id: NomisTermId


class BatchCreate(WireModel):
    """`CourtCaseBatchMappingDto`."""

    court_cases: list[CourtCaseMapping] = []
    court_appearances: list[CourtAppearanceMapping] = []
    court_charges: list[CourtChargeMapping] = []
    sentences: list[SentenceMapping] = []
    sentence_terms: list[SentenceTermMapping] = []
    mapping_type: MappingType = DPS_CREATED


class BatchUpdate(WireModel):
    """`CourtCaseBatchUpdateMappingDto`: old and new NOMIS ids of cloned entities."""

    court_cases: list[IdPair] = []
    court_appearances: list[IdPair] = []
    court_charges: list[IdPair] = []
    sentences: list[SentenceIdPair] = []
    sentence_terms: list[TermIdPair] = []

    def is_empty(self) -> bool:
        return not (
            self.court_cases
            or self.court_appearances
            or self.court_charges
            or self.sentences
            or self.sentence_terms
        )


class BatchUpdateAndCreate(WireModel):
    """`CourtCaseBatchUpdateAndCreateMappingDto`."""

    mappings_to_create: BatchCreate
    mappings_to_update: BatchUpdate


class ChargeToDelete(WireModel):
    nomis_court_charge_id: int


class ChargeBatchUpdate(WireModel):
    """`CourtChargeBatchUpdateMappingDto`."""

    court_charges_to_create: list[CourtChargeMapping] = []
    court_charges_to_delete: list[ChargeToDelete] = []


class RecallAppearancesMapping(WireModel):
    """`CourtAppearanceRecallMappingsDto`: a recall's NOMIS breach appearances."""

    nomis_court_appearance_ids: list[int]
    dps_recall_id: str
    mapping_type: MappingType = DPS_CREATED
    mappings_to_update: BatchUpdate = Field(default_factory=BatchUpdate)


class RecallAppearancesUpdate(WireModel):
    nomis_court_appearance_ids: list[int]


class RecallAppearanceMapping(WireModel):
    nomis_court_appearance_id: int
    dps_recall_id: str


class CourtSentencingMappingClient(ApiClient):
    """Raises ApiError (or NotFound / Conflict / ServerError ...) for a non-2xx answer."""

    api_name = "nomis-mapping-api"
    base = "/mapping/court-sentencing"

    def case(self, dps_id: str) -> CourtCaseMapping | None:
        response = self._get_or_none(f"{self.base}/court-cases/dps-court-case-id/{dps_id}")
        return None if response is None else CourtCaseMapping.model_validate(response.json())

    def case_by_nomis_id(self, nomis_id: int) -> CourtCaseMapping | None:
        response = self._get_or_none(f"{self.base}/court-cases/nomis-court-case-id/{nomis_id}")
        return None if response is None else CourtCaseMapping.model_validate(response.json())

    def cases_by_nomis_ids(self, nomis_ids: list[int]) -> list[CourtCaseMapping]:
        path = f"{self.base}/court-cases/nomis-case-ids/get-list"
        response = self._send("POST", path, json=nomis_ids)
        return [CourtCaseMapping.model_validate(item) for item in response.json()]

    def create_case(self, mapping: CourtCaseAllMapping) -> None:
        self._send("POST", f"{self.base}/court-cases", json=dump_body(mapping))

    def delete_case(self, dps_id: str) -> None:
        self._send("DELETE", f"{self.base}/court-cases/dps-court-case-id/{dps_id}")

    def update_create(self, batch: BatchUpdateAndCreate) -> None:
        self._send("PUT", f"{self.base}/court-cases/update-create", json=dump_body(batch))

    def appearance(self, dps_id: str) -> CourtAppearanceMapping | None:
        path = f"{self.base}/court-appearances/dps-court-appearance-id/{dps_id}"
        response = self._get_or_none(path)
        return None if response is None else CourtAppearanceMapping.model_validate(response.json())

    def delete_appearance(self, dps_id: str) -> None:
        self._send("DELETE", f"{self.base}/court-appearances/dps-court-appearance-id/{dps_id}")

    def charge(self, dps_id: str) -> CourtChargeMapping | None:
        response = self._get_or_none(f"{self.base}/court-charges/dps-court-charge-id/{dps_id}")
        return None if response is None else CourtChargeMapping.model_validate(response.json())

    def create_charge(self, mapping: CourtChargeMapping) -> None:
        self._send("POST", f"{self.base}/court-charges", json=dump_body(mapping))

    def update_charges(self, batch: ChargeBatchUpdate) -> None:
        self._send("PUT", f"{self.base}/court-charges", json=dump_body(batch))

    def sentence(self, dps_id: str) -> SentenceMapping | None:
        response = self._get_or_none(f"{self.base}/sentences/dps-sentence-id/{dps_id}")
        return None if response is None else SentenceMapping.model_validate(response.json())

    def sentences(self, dps_ids: list[str]) -> list[SentenceMapping]:
        path = f"{self.base}/sentences/dps-sentence-ids/get-list"
        response = self._send("POST", path, json=dps_ids)
        return [SentenceMapping.model_validate(item) for item in response.json()]

    def create_sentence(self, mapping: SentenceMapping) -> None:
        self._send("POST", f"{self.base}/sentences", json=dump_body(mapping))

    def delete_sentence(self, dps_id: str) -> None:
        self._send("DELETE", f"{self.base}/sentences/dps-sentence-id/{dps_id}")

    def term(self, dps_id: str) -> SentenceTermMapping | None:
        response = self._get_or_none(f"{self.base}/sentence-terms/dps-term-id/{dps_id}")
        return None if response is None else SentenceTermMapping.model_validate(response.json())

    def create_term(self, mapping: SentenceTermMapping) -> None:
        self._send("POST", f"{self.base}/sentence-terms", json=dump_body(mapping))

    def delete_term(self, dps_id: str) -> None:
        self._send("DELETE", f"{self.base}/sentence-terms/dps-term-id/{dps_id}")

    def recall_appearances(self, dps_recall_id: str) -> list[int]:
        """The NOMIS breach appearances of a recall (none: an empty list)."""
        response = self._get_or_none(f"{self.base}/court-appearances/dps-recall-id/{dps_recall_id}")
        if response is None:
            return []
        found = [RecallAppearanceMapping.model_validate(item) for item in response.json()]
        return [item.nomis_court_appearance_id for item in found]

    def create_recall_appearances(self, mapping: RecallAppearancesMapping) -> None:
        self._send("POST", f"{self.base}/court-appearances/recall", json=dump_body(mapping))

    def update_recall_appearances(
        self, dps_recall_id: str, update: RecallAppearancesUpdate
    ) -> None:
        path = f"{self.base}/court-appearances/recall/{dps_recall_id}"
        self._send("PUT", path, json=dump_body(update))

    def delete_recall_appearances(self, dps_recall_id: str) -> None:
        self._send("DELETE", f"{self.base}/court-appearances/dps-recall-id/{dps_recall_id}")
