"""The 19 court sentencing events: court cases, appearances, charges, sentences, terms, recalls.

Every event names the prisoner (`personReference`, a `NOMS` identifier) and its DPS ids in
`additionalInformation`; `source` NOMIS means the change came from NOMIS (ignored, except for
`legacy.court-case-references.updated`). Each entity orders its own events (`entity_key`), so
a child waiting for its parent never holds the parent's events up.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

from dagster_project.sync.payloads import EventPayload, Info

NOMIS_SOURCE = "NOMIS"


class Identifier(BaseModel):
    model_config = ConfigDict(extra="ignore")

    type: str
    value: str


class PersonReference(BaseModel):
    """`personReference`: it must name the prisoner (a `NOMS` identifier), as upstream."""

    model_config = ConfigDict(extra="ignore")

    identifiers: list[Identifier]

    @field_validator("identifiers")
    @classmethod
    def _has_noms(cls, value: list[Identifier]) -> list[Identifier]:
        if not any(identifier.type == "NOMS" for identifier in value):
            raise ValueError("no NOMS identifier")
        return value

    @property
    def noms_number(self) -> str:
        return next(i.value for i in self.identifiers if i.type == "NOMS")


class SourceInfo(Info):
    source: str | None = None


class CaseInfo(SourceInfo):
    """Every event but a recall's names its court case."""

    court_case_id: str


class AppearanceInfo(CaseInfo):
    court_appearance_id: str
    is_on_future_court_appearance: bool


class ChargeInfo(CaseInfo):
    court_charge_id: str
    court_appearance_id: str | None = None
    is_on_future_appearance: bool | None = None


class SentenceInfo(CaseInfo):
    sentence_id: str
    court_appearance_id: str


class PeriodLengthInfo(SentenceInfo):
    period_length_id: str


class RecallInfo(SourceInfo):
    recall_id: str
    previous_recall_id: str | None = None
    sentence_ids: list[str]
    previous_sentence_ids: list[str] = []


class CourtSentencingEvent(EventPayload):
    person_reference: PersonReference

    @property
    def offender_no(self) -> str:
        return self.person_reference.noms_number

    @property
    def from_nomis(self) -> bool:
        info = getattr(self, "additional_information", None)
        return isinstance(info, SourceInfo) and info.source == NOMIS_SOURCE


class CaseScopedEvent(CourtSentencingEvent):
    """An event about a court case or something in one: the case id is read in one place."""

    additional_information: CaseInfo

    @property
    def case_id(self) -> str:
        return self.additional_information.court_case_id


class SentenceScopedEvent(CaseScopedEvent):
    """An event about a sentence or one of its terms: the sentence id is read in one place."""

    additional_information: SentenceInfo

    @property
    def sentence_id(self) -> str:
        return self.additional_information.sentence_id


class CourtCaseEvent(CaseScopedEvent):
    def entity_key(self) -> str:
        return f"court-case:{self.case_id}"

    def telemetry(self) -> dict[str, str]:
        return {"dpsCourtCaseId": self.case_id, "offenderNo": self.offender_no}


class CourtAppearanceEvent(CaseScopedEvent):
    additional_information: AppearanceInfo

    @property
    def appearance_id(self) -> str:
        return self.additional_information.court_appearance_id

    def entity_key(self) -> str:
        return f"court-appearance:{self.appearance_id}"

    def telemetry(self) -> dict[str, str]:
        return {
            "dpsCourtCaseId": self.case_id,
            "dpsCourtAppearanceId": self.appearance_id,
            "offenderNo": self.offender_no,
        }


class ChargeEvent(CaseScopedEvent):
    additional_information: ChargeInfo

    @property
    def charge_id(self) -> str:
        return self.additional_information.court_charge_id

    @property
    def appearance_id(self) -> str | None:
        return self.additional_information.court_appearance_id

    @property
    def on_future_appearance(self) -> bool:
        return self.additional_information.is_on_future_appearance is True

    def entity_key(self) -> str:
        return f"charge:{self.charge_id}"

    def telemetry(self) -> dict[str, str]:
        return {
            "dpsChargeId": self.charge_id,
            "dpsCourtCaseId": self.case_id,
            "isOnFutureAppearance": str(self.on_future_appearance).lower(),
            "dpsCourtAppearanceId": self.appearance_id or "null",
            "offenderNo": self.offender_no,
        }


class SentenceEvent(SentenceScopedEvent):
    @property
    def appearance_id(self) -> str:
        return self.additional_information.court_appearance_id

    def entity_key(self) -> str:
        return f"sentence:{self.sentence_id}"

    def telemetry(self) -> dict[str, str]:
        return {
            "dpsCourtCaseId": self.case_id,
            "dpsSentenceId": self.sentence_id,
            "dpsCourtAppearanceId": self.appearance_id,
            "offenderNo": self.offender_no,
        }


class PeriodLengthEvent(SentenceScopedEvent):
    additional_information: PeriodLengthInfo

    @property
    def term_id(self) -> str:
        return self.additional_information.period_length_id

    def entity_key(self) -> str:
        return f"sentence-term:{self.term_id}"

    def telemetry(self) -> dict[str, str]:
        info = self.additional_information
        return {
            "dpsCourtCaseId": info.court_case_id,
            "dpsSentenceId": info.sentence_id,
            "dpsCourtAppearanceId": info.court_appearance_id,
            "dpsTermId": info.period_length_id,
            "offenderNo": self.offender_no,
        }


class RecallEvent(CourtSentencingEvent):
    additional_information: RecallInfo

    @property
    def recall_id(self) -> str:
        return self.additional_information.recall_id

    @property
    def previous_recall_id(self) -> str | None:
        return self.additional_information.previous_recall_id

    @property
    def sentence_ids(self) -> list[str]:
        return self.additional_information.sentence_ids

    def entity_key(self) -> str:
        return f"recall:{self.recall_id}"

    def telemetry(self) -> dict[str, str]:
        return {
            "dpsRecallId": self.recall_id,
            "dpsPreviousRecallId": self.previous_recall_id or "",
            "dpsSentenceIds": ", ".join(self.sentence_ids),
            "offenderNo": self.offender_no,
        }


class RetryCourtSentencingMapping(Info):
    """A RETRY_CREATE_MAPPING's mapping: one of the entity bodies (routed by entity name).

    Its fields differ per entity (a case's `CourtCaseAllMappingDto`, an appearance's batch, a
    recall's appearance ids, a deleted sentence's DPS id ...), so only "an object" is checked
    here; the handler validates the entity's own model and fails an unknown entity.
    """

    model_config = ConfigDict(extra="allow")
