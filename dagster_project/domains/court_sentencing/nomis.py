"""NOMIS prisoner API: court cases, appearances (court events), charges, sentences, terms, recalls.

Request bodies are the old service's, field by field (see `transform.py`); `clonedCourtCases` in
an answer means NOMIS copied the case(s) onto the prisoner's latest booking.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import Field

from resources.http import ApiClient, dump_body
from resources.wire import WireModel


class CreateCourtCaseRequest(WireModel):
    start_date: dt.date
    legal_case_type: str
    court_id: str
    status: str
    case_reference: str | None = None


class CreateCourtCaseResponse(WireModel):
    id: int
    court_appearance_ids: list[int] = []


class UpdateCourtCaseRequest(WireModel):
    status: str


class CourtEventChargeRequest(WireModel):
    offender_charge_id: int
    result_code1: str | None = Field(default=None, alias="resultCode1")


class CourtAppearanceRequest(WireModel):
    event_date_time: dt.datetime
    court_event_type: str
    court_id: str
    outcome_reason_code: str | None = None
    next_event_date_time: dt.datetime | None = None
    court_event_charges_with_outcomes: list[CourtEventChargeRequest]
    next_court_id: str | None = None
    comment: str | None = None
    future_appearance: bool
    force_clone: bool = False
    force_prevent_clone: bool = False


class CodeDescription(WireModel):
    code: str
    description: str | None = None


class NomisSentenceTerm(WireModel):
    term_sequence: int
    sentence_term_type: CodeDescription | None = None
    years: int | None = None
    months: int | None = None
    weeks: int | None = None
    days: int | None = None
    life_sentence_flag: bool


class NomisCourtOrder(WireModel):
    event_id: int


class NomisSentence(WireModel):
    booking_id: int
    sentence_seq: int
    status: str
    calculation_type: CodeDescription
    category: CodeDescription
    start_date: dt.date
    court_order: NomisCourtOrder | None = None
    fine_amount: Decimal | None = None
    sentence_terms: list[NomisSentenceTerm]


class NomisOffence(WireModel):
    offence_code: str


class NomisOffenderCharge(WireModel):
    id: int
    offence: NomisOffence | None = None


class NomisCourtEventCharge(WireModel):
    offender_charge: NomisOffenderCharge
    offence_date: dt.date | None = None
    offence_end_date: dt.date | None = None
    result_code1: CodeDescription | None = Field(default=None, alias="resultCode1")


class NomisCourtEvent(WireModel):
    id: int
    event_date_time: dt.datetime
    court_id: str
    outcome_reason_code: CodeDescription | None = None
    court_event_charges: list[NomisCourtEventCharge]


class CaseInfoNumber(WireModel):
    reference: str


class NomisCourtCase(WireModel):
    """`CourtCaseResponse`, reduced to what the clone bookkeeping and reconciliation use."""

    id: int
    offender_no: str
    booking_id: int
    case_status: CodeDescription
    court_events: list[NomisCourtEvent]
    offender_charges: list[NomisOffenderCharge]
    case_info_numbers: list[CaseInfoNumber]
    sentences: list[NomisSentence]


class ClonedCourtCase(WireModel):
    court_case: NomisCourtCase
    source_court_case: NomisCourtCase


class SentenceId(WireModel):
    offender_booking_id: int
    sentence_sequence: int


class SentenceAdjustmentId(WireModel):
    sentence_id: SentenceId
    adjustment_ids: list[int]


class CourtCasesCloned(WireModel):
    """`BookingCourtCaseCloneResponse`."""

    court_cases: list[ClonedCourtCase]
    sentence_adjustments: list[SentenceAdjustmentId] = []


class CreateCourtAppearanceResponse(WireModel):
    id: int
    court_event_charges_ids: list[object] = []
    cloned_court_cases: CourtCasesCloned | None = None


class DeletedOffenderCharge(WireModel):
    offender_charge_id: int


class UpdateCourtAppearanceResponse(WireModel):
    created_court_event_charges_ids: list[object] = []
    deleted_offender_charges_ids: list[DeletedOffenderCharge] = []


class OffenderChargeRequest(WireModel):
    offence_code: str
    offence_date: dt.date | None = None
    offence_end_date: dt.date | None = None
    result_code1: str | None = Field(default=None, alias="resultCode1")
    future_appearance: bool | None = None


class CaseIdentifier(WireModel):
    reference: str
    created_date: str


class CaseIdentifierRequest(WireModel):
    case_identifiers: list[CaseIdentifier]


class CreateSentenceRequest(WireModel):
    offender_charge_ids: list[int]
    start_date: dt.date
    status: str
    sentence_category: str
    sentence_calc_type: str
    sentence_level: str = "IND"
    fine: float | None = None  # a JSON number (a Decimal would be sent as a string)
    consecutive_to_sentence_seq: int | None = None
    event_id: int


class CreateSentenceResponse(WireModel):
    sentence_seq: int
    booking_id: int


class SentenceTermRequest(WireModel):
    years: int | None = None
    months: int | None = None
    weeks: int | None = None
    days: int | None = None
    sentence_term_type: str
    life_sentence_flag: bool


class CreateSentenceTermResponse(WireModel):
    sentence_seq: int
    term_seq: int
    booking_id: int


class RecallSentence(WireModel):
    sentence_id: SentenceId
    sentence_category: str
    sentence_calc_type: str
    active: bool


class ReturnToCustody(WireModel):
    return_to_custody_date: dt.date
    entered_by_staff_username: str
    recall_length: int


class ConvertToRecallRequest(WireModel):
    sentences: list[RecallSentence]
    return_to_custody: ReturnToCustody | None = None
    recall_revocation_date: dt.date


class ConvertToRecallResponse(WireModel):
    court_event_ids: list[int]
    sentence_adjustments_activated: list[SentenceAdjustmentId] = []
    cloned_court_cases: CourtCasesCloned | None = None


class UpdateRecallRequest(WireModel):
    sentences: list[RecallSentence]
    sentences_removed: list[RecallSentence]
    return_to_custody: ReturnToCustody | None = None
    recall_revocation_date: dt.date
    beach_court_event_ids: list[int]  # sic: the NOMIS field name


class UpdateRecallResponse(WireModel):
    created_court_event_ids: list[int] = []
    updated_court_event_ids: list[int] = []
    deleted_court_event_ids: list[int] = []


class RevertRecallRequest(WireModel):
    sentences: list[RecallSentence]
    return_to_custody: ReturnToCustody | None = None
    beach_court_event_ids: list[int]


class DeleteRecallRequest(WireModel):
    sentences: list[RecallSentence]
    beach_court_event_ids: list[int]


class BookingIdAndOffender(WireModel):
    booking_id: int
    offender_no: str


class LatestBookings(WireModel):
    """`BookingIdsWithLast`: one keyset page of latest bookings."""

    prisoner_ids: list[BookingIdAndOffender]
    last_booking_id: int


class NomisCourtSentencingClient(ApiClient):
    """The NOMIS prisoner API's court sentencing operations.

    Raises:
        ApiError: (or NotFound / ServerError ...) for any non-2xx answer.
    """

    api_name = "nomis-prisoner-api"

    def _case(self, offender_no: str, case_id: int | None = None) -> str:
        base = f"/prisoners/{offender_no}/sentencing/court-cases"
        return base if case_id is None else f"{base}/{case_id}"

    def create_case(
        self, offender_no: str, request: CreateCourtCaseRequest
    ) -> CreateCourtCaseResponse:
        response = self._send("POST", self._case(offender_no), json=dump_body(request))
        return CreateCourtCaseResponse.model_validate(response.json())

    def update_case(self, offender_no: str, case_id: int, request: UpdateCourtCaseRequest) -> None:
        self._send("PUT", self._case(offender_no, case_id), json=dump_body(request))

    def delete_case(self, offender_no: str, case_id: int) -> None:
        self._send("DELETE", self._case(offender_no, case_id))

    def refresh_case_identifiers(
        self, offender_no: str, case_id: int, request: CaseIdentifierRequest
    ) -> None:
        path = f"{self._case(offender_no, case_id)}/case-identifiers"
        self._send("POST", path, json=dump_body(request))

    def create_appearance(
        self, offender_no: str, case_id: int, request: CourtAppearanceRequest
    ) -> CreateCourtAppearanceResponse:
        path = f"{self._case(offender_no, case_id)}/court-appearances"
        response = self._send("POST", path, json=dump_body(request))
        return CreateCourtAppearanceResponse.model_validate(response.json())

    def update_appearance(
        self, offender_no: str, case_id: int, appearance_id: int, request: CourtAppearanceRequest
    ) -> UpdateCourtAppearanceResponse:
        path = f"{self._case(offender_no, case_id)}/court-appearances/{appearance_id}"
        response = self._send("PUT", path, json=dump_body(request))
        return UpdateCourtAppearanceResponse.model_validate(response.json())

    def delete_appearance(self, offender_no: str, case_id: int, appearance_id: int) -> None:
        self._send(
            "DELETE", f"{self._case(offender_no, case_id)}/court-appearances/{appearance_id}"
        )

    def create_charge(self, offender_no: str, case_id: int, request: OffenderChargeRequest) -> int:
        """The new offender charge's id."""
        path = f"{self._case(offender_no, case_id)}/charges"
        response = self._send("POST", path, json=dump_body(request))
        return int(response.json()["offenderChargeId"])

    def update_charge(
        self,
        offender_no: str,
        case_id: int,
        appearance_id: int,
        charge_id: int,
        request: OffenderChargeRequest,
    ) -> None:
        path = (
            f"{self._case(offender_no, case_id)}/court-appearances/{appearance_id}"
            f"/charges/{charge_id}"
        )
        self._send("PUT", path, json=dump_body(request))

    def _sentences(self, offender_no: str, case_id: int) -> str:
        return f"/prisoners/{offender_no}/court-cases/{case_id}/sentences"

    def create_sentence(
        self, offender_no: str, case_id: int, request: CreateSentenceRequest
    ) -> CreateSentenceResponse:
        response = self._send(
            "POST", self._sentences(offender_no, case_id), json=dump_body(request)
        )
        return CreateSentenceResponse.model_validate(response.json())

    def update_sentence(
        self, offender_no: str, case_id: int, sequence: int, request: CreateSentenceRequest
    ) -> None:
        path = f"{self._sentences(offender_no, case_id)}/{sequence}"
        self._send("PUT", path, json=dump_body(request))

    def delete_sentence(self, offender_no: str, case_id: int, sequence: int) -> None:
        self._send("DELETE", f"{self._sentences(offender_no, case_id)}/{sequence}")

    def create_term(
        self, offender_no: str, case_id: int, sequence: int, request: SentenceTermRequest
    ) -> CreateSentenceTermResponse:
        path = f"{self._sentences(offender_no, case_id)}/{sequence}/sentence-terms"
        response = self._send("POST", path, json=dump_body(request))
        return CreateSentenceTermResponse.model_validate(response.json())

    def update_term(
        self,
        offender_no: str,
        case_id: int,
        sequence: int,
        term: int,
        request: SentenceTermRequest,
    ) -> None:
        path = f"{self._sentences(offender_no, case_id)}/{sequence}/sentence-terms/{term}"
        self._send("PUT", path, json=dump_body(request))

    def delete_term(self, offender_no: str, case_id: int, sequence: int, term: int) -> None:
        path = f"{self._sentences(offender_no, case_id)}/{sequence}/sentence-terms/{term}"
        self._send("DELETE", path)

    def convert_to_recall(
        self, offender_no: str, request: ConvertToRecallRequest
    ) -> ConvertToRecallResponse:
        path = f"/prisoners/{offender_no}/sentences/recall"
        response = self._send("POST", path, json=dump_body(request))
        return ConvertToRecallResponse.model_validate(response.json())

    def update_recall(self, offender_no: str, request: UpdateRecallRequest) -> UpdateRecallResponse:
        path = f"/prisoners/{offender_no}/sentences/recall"
        response = self._send("PUT", path, json=dump_body(request))
        return UpdateRecallResponse.model_validate(response.json())

    def revert_recall(self, offender_no: str, request: RevertRecallRequest) -> None:
        path = f"/prisoners/{offender_no}/sentences/recall/restore-previous"
        self._send("PUT", path, json=dump_body(request))

    def delete_recall(self, offender_no: str, request: DeleteRecallRequest) -> None:
        path = f"/prisoners/{offender_no}/sentences/recall/restore-original"
        self._send("PUT", path, json=dump_body(request))

    def clone_case(self, offender_no: str, case_id: int) -> CourtCasesCloned:
        """The booking-clone repair: copy the case onto the prisoner's latest booking."""
        path = f"{self._case(offender_no)}/clone/{case_id}"
        return CourtCasesCloned.model_validate(self._send("POST", path).json())

    def case_ids_of(self, offender_no: str) -> list[int]:
        response = self._send("GET", f"{self._case(offender_no)}/ids")
        return [int(item) for item in response.json()]

    def court_case(self, case_id: int) -> NomisCourtCase:
        response = self._send("GET", f"/court-cases/{case_id}")
        return NomisCourtCase.model_validate(response.json())

    def latest_bookings(self, after: int, active_only: bool, page_size: int) -> LatestBookings:
        response = self._send(
            "GET",
            "/bookings/ids/latest-from-id",
            params={"bookingId": after, "activeOnly": active_only, "pageSize": page_size},
        )
        return LatestBookings.model_validate(response.json())
