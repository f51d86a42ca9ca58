"""DPS Remand and Sentencing API ("RaS"): the legacy reads the sync and the reconciliation use.

Only the fields the NOMIS requests and the reconciliation use are declared; codes stay plain
strings. Reads a handler treats as "absent" use `_get_or_none` (the old OrNull reads), even
where the spec declares no 404 (charge, sentence, recall; see openapi-specs/README.md).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import httpx

from dagster_project.sync.domain import Api
from resources.http import ApiClient
from resources.wire import WireModel

SENTINEL_PRISONER = "A0000AA"


class CaseReference(WireModel):
    offender_case_reference: str
    updated_date: str


class LegacyCourtCase(WireModel):
    court_case_uuid: str
    prisoner_id: str
    active: bool
    start_date: dt.date | None = None
    court_id: str | None = None
    case_reference: str | None = None
    case_references: list[CaseReference]


class LegacyCharge(WireModel):
    lifetime_uuid: str
    court_case_uuid: str
    prisoner_id: str
    nomis_outcome_code: str | None = None
    offence_code: str
    offence_start_date: dt.date | None = None
    offence_end_date: dt.date | None = None


class NextCourtAppearance(WireModel):
    appearance_date: dt.date
    appearance_time: str | None = None
    court_id: str


class LegacyCourtAppearance(WireModel):
    lifetime_uuid: str
    court_case_uuid: str
    prisoner_id: str
    nomis_outcome_code: str | None = None
    court_code: str
    appearance_date: dt.date
    appearance_time: str
    charges: list[LegacyCharge]
    next_court_appearance: NextCourtAppearance | None = None
    nomis_appearance_type_code: str
    comments: str | None = None


class LegacySentence(WireModel):
    lifetime_uuid: str
    charge_lifetime_uuid: str
    appearance_uuid: str
    court_case_id: str
    prisoner_id: str
    active: bool
    sentence_calc_type: str
    sentence_category: str
    consecutive_to_lifetime_uuid: str | None = None
    fine_amount: Decimal | None = None
    sentence_start_date: dt.date


class LegacyPeriodLength(WireModel):
    period_length_uuid: str
    sentence_uuid: str
    prisoner_id: str
    period_years: int | None = None
    period_months: int | None = None
    period_weeks: int | None = None
    period_days: int | None = None
    is_life_sentence: bool | None = None
    sentence_term_code: str


class LegacyRecall(WireModel):
    recall_uuid: str
    prisoner_id: str
    return_to_custody_date: dt.date | None = None
    revocation_date: dt.date | None = None
    sentence_ids: list[str]
    recall_type: str
    recall_by: str


class CourtCaseUuids(WireModel):
    court_case_uuids: list[str]


class ReconciliationPeriodLength(WireModel):
    period_length_uuid: str
    period_years: int | None = None
    period_months: int | None = None
    period_weeks: int | None = None
    period_days: int | None = None
    life_sentence: bool | None = None
    sentence_term_code: str


class ReconciliationSentence(WireModel):
    sentence_uuid: str
    fine_amount: Decimal | None = None
    sentence_calc_type: str | None = None
    sentence_category: str | None = None
    active: bool
    sentence_start_date: dt.date
    period_lengths: list[ReconciliationPeriodLength]


class ReconciliationCharge(WireModel):
    charge_uuid: str
    offence_code: str
    offence_start_date: dt.date | None = None
    offence_end_date: dt.date | None = None
    nomis_outcome_code: str | None = None
    sentence: ReconciliationSentence | None = None


class ReconciliationAppearance(WireModel):
    appearance_uuid: str
    court_code: str
    appearance_date: dt.date
    appearance_time: str
    nomis_outcome_code: str | None = None
    nomis_appearance_type_code: str
    next_court_appearance: NextCourtAppearance | None = None
    charges: list[ReconciliationCharge]


class ReconciliationCourtCase(WireModel):
    """`ReconciliationCourtCase`: the whole DPS case, as the reconciliation and repair read it."""

    court_case_uuid: str
    prisoner_id: str
    active: bool
    merged: bool
    status: str
    appearances: list[ReconciliationAppearance]


class CourtSentencingClient(ApiClient):
    """Reads from the DPS Remand and Sentencing API; the sync never writes to DPS.

    Raises:
        ApiError: (or NotFound / ServerError ...) for any non-2xx answer other than an
            "absent" 404 of an `*_or_none` read.
    """

    api_name = "court-sentencing-api"

    def court_case(self, uuid: str) -> LegacyCourtCase | None:
        response = self._get_or_none(f"/legacy/court-case/{uuid}")
        return None if response is None else LegacyCourtCase.model_validate(response.json())

    def appearance(self, uuid: str) -> LegacyCourtAppearance | None:
        response = self._get_or_none(f"/legacy/court-appearance/{uuid}")
        return None if response is None else LegacyCourtAppearance.model_validate(response.json())

    def charge(self, uuid: str) -> LegacyCharge | None:
        response = self._get_or_none(f"/legacy/charge/{uuid}")
        return None if response is None else LegacyCharge.model_validate(response.json())

    def appearance_charge(self, appearance_uuid: str, charge_uuid: str) -> LegacyCharge | None:
        """The charge with its outcome at that appearance."""
        path = f"/legacy/court-appearance/{appearance_uuid}/charge/{charge_uuid}"
        response = self._get_or_none(path)
        return None if response is None else LegacyCharge.model_validate(response.json())

    def sentence(self, uuid: str) -> LegacySentence | None:
        response = self._get_or_none(f"/legacy/sentence/{uuid}")
        return None if response is None else LegacySentence.model_validate(response.json())

    def sentences(self, uuids: list[str]) -> list[LegacySentence]:
        """`POST /legacy/sentence/search`: the sentences of the given lifetime uuids."""
        response = self._send("POST", "/legacy/sentence/search", json={"lifetimeUuids": uuids})
        return [LegacySentence.model_validate(item) for item in response.json()]

    def period_length(self, uuid: str) -> LegacyPeriodLength | None:
        response = self._get_or_none(f"/legacy/period-length/{uuid}")
        return None if response is None else LegacyPeriodLength.model_validate(response.json())

    def recall(self, uuid: str) -> LegacyRecall:
        response = self._send("GET", f"/legacy/recall/{uuid}")
        return LegacyRecall.model_validate(response.json())

    def case_uuids_of(self, offender_no: str) -> list[str]:
        response = self._send("GET", f"/legacy/prisoner/{offender_no}/court-case-uuids")
        return CourtCaseUuids.model_validate(response.json()).court_case_uuids

    def reconciliation_case(self, uuid: str) -> ReconciliationCourtCase:
        response = self._send("GET", f"/legacy/court-case/{uuid}/reconciliation")
        return ReconciliationCourtCase.model_validate(response.json())


def probe(http: httpx.Client) -> str:
    """Health: a sentinel prisoner's court case uuids (an empty list) is one cheap read."""
    found = CourtSentencingClient(http).case_uuids_of(SENTINEL_PRISONER)
    return f"GET /legacy/prisoner/{SENTINEL_PRISONER}/court-case-uuids: {len(found)} cases"


COURT_SENTENCING_API = Api(
    key="court_sentencing_api",
    env="COURT_SENTENCING",
    title="DPS Remand and Sentencing API",
    default_client_id="court-sentencing-api",
    sandbox_path="/court-sentencing",
    probe=probe,
    spec_file="court-sentencing-api-docs.json",
)
