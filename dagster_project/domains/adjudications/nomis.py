"""NOMIS prisoner API: adjudications, their hearings, hearing results and awards; the ADA summary.

Every write is addressed by the NOMIS adjudication number (and charge sequence); awards are
answered with their NOMIS ids (`bookingId`, `sanctionSequence`) in request order, which is how
the sync pairs them with DPS punishments.
"""

from __future__ import annotations

import datetime as dt

from resources.http import ApiClient, dump_body
from resources.wire import WireModel

BASE = "/adjudications/adjudication-number"


class RepairRequest(WireModel):
    type_code: str
    comment: str | None = None


class EvidenceRequest(WireModel):
    type_code: str
    detail: str


class IncidentToCreate(WireModel):
    reporting_staff_username: str
    incident_date: dt.date
    incident_time: str
    reported_date: dt.date
    reported_time: str
    internal_location_id: int
    details: str
    prison_id: str
    prisoner_victims_offender_numbers: list[str]
    staff_witnesses_usernames: list[str]
    staff_victims_usernames: list[str]
    repairs: list[RepairRequest]


class ChargeToCreate(WireModel):
    offence_code: str


class CreateAdjudicationRequest(WireModel):
    incident: IncidentToCreate
    charges: list[ChargeToCreate]
    evidence: list[EvidenceRequest]


class AdjudicationCharge(WireModel):
    charge_sequence: int


class AdjudicationResponse(WireModel):
    adjudication_number: int
    charges: list[AdjudicationCharge]


class UpdateRepairsRequest(WireModel):
    repairs: list[RepairRequest]


class UpdateRepairsResponse(WireModel):
    repairs: list[dict[str, object]]


class UpdateEvidenceRequest(WireModel):
    evidence: list[EvidenceRequest]


class UpdateEvidenceResponse(WireModel):
    evidence: list[dict[str, object]]


class CreateHearingRequest(WireModel):
    hearing_type: str
    hearing_date: dt.date
    hearing_time: str
    agency_id: str
    internal_location_id: int


class UpdateHearingRequest(WireModel):
    hearing_type: str
    hearing_date: dt.date
    hearing_time: str
    internal_location_id: int


class CreateHearingResponse(WireModel):
    hearing_id: int


class HearingResultRequest(WireModel):
    """`CreateHearingResultRequest`."""

    plea_finding_code: str
    finding_code: str
    adjudicator_username: str | None = None


class ChargeId(WireModel):
    """`AdjudicationChargeId`."""

    adjudication_number: int
    charge_sequence: int


class AwardRequest(WireModel):
    """`HearingResultAwardRequest`."""

    sanction_type: str
    sanction_status: str
    comment_text: str | None = None
    effective_date: dt.date
    compensation_amount: float | None = None
    sanction_days: int | None = None
    consecutive_charge: ChargeId | None = None


class ExistingAward(WireModel):
    """`ExistingHearingResultAwardRequest`."""

    award: AwardRequest
    sanction_sequence: int


class CreateAwardsRequest(WireModel):
    awards: list[AwardRequest]


class UpdateAwardsRequest(WireModel):
    awards_to_create: list[AwardRequest]
    awards_to_update: list[ExistingAward]


class UnquashRequest(WireModel):
    finding_code: str
    awards: UpdateAwardsRequest


class AwardId(WireModel):
    """`HearingResultAwardResponse`."""

    booking_id: int
    sanction_sequence: int


class CreatedAwards(WireModel):
    awards_created: list[AwardId]


class UpdatedAwards(WireModel):
    awards_created: list[AwardId]
    awards_deleted: list[AwardId]


class DeletedAwards(WireModel):
    awards_deleted: list[AwardId]


class AdaSummary(WireModel):
    adjudication_number: int
    sanction_sequence: int
    days: int
    effective_date: dt.date


class AdaAwardSummary(WireModel):
    """`AdjudicationADAAwardSummaryResponse`."""

    booking_id: int
    offender_no: str
    ada_summaries: list[AdaSummary]


class MergeDetail(WireModel):
    deleted_offender_no: str
    retained_offender_no: str
    previous_booking_id: int
    active_booking_id: int
    request_date_time: dt.datetime


class NomisAdjudicationsClient(ApiClient):
    """Raises ApiError (NotFound, Conflict, ServerError ...) for any non-2xx answer."""

    api_name = "nomis-prisoner-api"

    def create_adjudication(
        self, offender_no: str, request: CreateAdjudicationRequest
    ) -> AdjudicationResponse:
        response = self._send(
            "POST", f"/prisoners/{offender_no}/adjudications", json=dump_body(request)
        )
        return AdjudicationResponse.model_validate(response.json())

    def update_repairs(self, number: int, request: UpdateRepairsRequest) -> UpdateRepairsResponse:
        response = self._send("PUT", f"{BASE}/{number}/repairs", json=dump_body(request))
        return UpdateRepairsResponse.model_validate(response.json())

    def update_evidence(
        self, number: int, request: UpdateEvidenceRequest
    ) -> UpdateEvidenceResponse:
        response = self._send("PUT", f"{BASE}/{number}/evidence", json=dump_body(request))
        return UpdateEvidenceResponse.model_validate(response.json())

    def create_hearing(self, number: int, request: CreateHearingRequest) -> CreateHearingResponse:
        response = self._send("POST", f"{BASE}/{number}/hearings", json=dump_body(request))
        return CreateHearingResponse.model_validate(response.json())

    def update_hearing(self, number: int, hearing_id: int, request: UpdateHearingRequest) -> None:
        self._send("PUT", f"{BASE}/{number}/hearings/{hearing_id}", json=dump_body(request))

    def delete_hearing(self, number: int, hearing_id: int) -> None:
        self._send("DELETE", f"{BASE}/{number}/hearings/{hearing_id}")

    def upsert_hearing_result(
        self, number: int, hearing_id: int, sequence: int, request: HearingResultRequest
    ) -> None:
        path = f"{BASE}/{number}/hearings/{hearing_id}/charge/{sequence}/result"
        self._send("POST", path, json=dump_body(request))

    def delete_hearing_result(self, number: int, hearing_id: int, sequence: int) -> DeletedAwards:
        path = f"{BASE}/{number}/hearings/{hearing_id}/charge/{sequence}/result"
        return DeletedAwards.model_validate(self._send("DELETE", path).json())

    def upsert_referral_result(
        self, number: int, sequence: int, request: HearingResultRequest
    ) -> None:
        self._send("POST", f"{BASE}/{number}/charge/{sequence}/result", json=dump_body(request))

    def delete_referral_result(self, number: int, sequence: int) -> None:
        self._send("DELETE", f"{BASE}/{number}/charge/{sequence}/result")

    def create_awards(
        self, number: int, sequence: int, request: CreateAwardsRequest
    ) -> CreatedAwards:
        path = f"{BASE}/{number}/charge/{sequence}/awards"
        return CreatedAwards.model_validate(
            self._send("POST", path, json=dump_body(request)).json()
        )

    def update_awards(
        self, number: int, sequence: int, request: UpdateAwardsRequest
    ) -> UpdatedAwards:
        path = f"{BASE}/{number}/charge/{sequence}/awards"
        return UpdatedAwards.model_validate(self._send("PUT", path, json=dump_body(request)).json())

    def delete_awards(self, number: int, sequence: int) -> DeletedAwards:
        path = f"{BASE}/{number}/charge/{sequence}/awards"
        return DeletedAwards.model_validate(self._send("DELETE", path).json())

    def quash(self, number: int, sequence: int) -> None:
        self._send("PUT", f"{BASE}/{number}/charge/{sequence}/quash")

    def unquash(self, number: int, sequence: int, request: UnquashRequest) -> UpdatedAwards:
        path = f"{BASE}/{number}/charge/{sequence}/unquash"
        return UpdatedAwards.model_validate(self._send("PUT", path, json=dump_body(request)).json())

    def ada_summary(self, booking_id: int) -> AdaAwardSummary:
        response = self._send("GET", f"/prisoners/booking-id/{booking_id}/awards/ada/summary")
        return AdaAwardSummary.model_validate(response.json())

    def merges(self, offender_no: str, from_date: dt.date) -> list[MergeDetail]:
        response = self._send(
            "GET", f"/prisoners/{offender_no}/merges", params={"fromDate": from_date.isoformat()}
        )
        return [MergeDetail.model_validate(item) for item in response.json()]
