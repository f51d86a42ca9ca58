"""NOMIS prisoner API: the upsert of a whole CSIP report, its delete, a prisoner's reports.

`PUT /csip` creates the report when the request has no `id`, and each child without an `id`;
its answer lists the children it created (`components`), from which the child mappings are made.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from resources.http import ApiClient, dump_body
from resources.wire import WireModel

Component = Literal["ATTENDEE", "FACTOR", "INTERVIEW", "PLAN", "REVIEW"]


class FactorRequest(WireModel):
    id: int | None = None
    dps_id: str
    type_code: str
    comment: str | None = None


class ReportDetailsRequest(WireModel):
    """`UpsertReportDetailsRequest`."""

    involvement_code: str | None = None
    concern: str | None = None
    known_reasons: str | None = None
    other_information: str | None = None
    safer_custody_team_informed: bool
    referral_complete: bool
    referral_completed_by: str | None = None
    referral_completed_date: dt.date | None = None
    factors: list[FactorRequest]


class ScreeningRequest(WireModel):
    """`SaferCustodyScreeningRequest`."""

    scs_outcome_code: str
    recorded_by: str
    recorded_date: dt.date
    reason_for_decision: str | None = None


class InterviewRequest(WireModel):
    """`InterviewDetailRequest`."""

    id: int | None = None
    dps_id: str
    interviewee: str
    date: dt.date
    role_code: str
    comments: str | None = None


class InvestigationRequest(WireModel):
    """`InvestigationDetailRequest`."""

    staff_involved: str | None = None
    evidence_secured: str | None = None
    reason_occurred: str | None = None
    usual_behaviour: str | None = None
    trigger: str | None = None
    protective_factors: str | None = None
    interviews: list[InterviewRequest]


class ActionsRequest(WireModel):
    open_csip_alert: bool = Field(alias="openCSIPAlert")
    non_associations_updated: bool
    observation_book: bool
    unit_or_cell_move: bool
    csra_or_rsra_review: bool
    service_referral: bool
    sim_referral: bool


class DecisionRequest(WireModel):
    conclusion: str | None = None
    decision_outcome_code: str | None = None
    signed_off_role_code: str | None = None
    recorded_by: str | None = None
    recorded_date: dt.date | None = None
    next_steps: str | None = None
    other_details: str | None = None
    actions: ActionsRequest


class PlanRequest(WireModel):
    id: int | None = None
    dps_id: str
    identified_need: str
    intervention: str
    progression: str | None = None
    referred_by: str
    target_date: dt.date
    closed_date: dt.date | None = None


class AttendeeRequest(WireModel):
    id: int | None = None
    dps_id: str
    name: str | None = None
    role: str | None = None
    attended: bool
    contribution: str | None = None


class ReviewRequest(WireModel):
    id: int | None = None
    dps_id: str
    remain_on_csip: bool = Field(alias="remainOnCSIP")
    csip_updated: bool
    case_note: bool
    close_csip: bool = Field(alias="closeCSIP")
    people_informed: bool
    summary: str | None = None
    next_review_date: dt.date | None = None
    close_date: dt.date | None = None
    recorded_date: dt.date
    recorded_by: str
    review_sequence: int
    attendees: list[AttendeeRequest]


class UpsertCsipRequest(WireModel):
    """`UpsertCSIPRequest`: the whole report; `id` only when NOMIS holds it already."""

    id: int | None = None
    offender_no: str
    log_number: str | None = None
    incident_date: dt.date
    incident_time: str | None = None
    type_code: str
    location_code: str
    area_of_work_code: str
    reported_by: str
    reported_date: dt.date
    pro_active_referral: bool
    staff_assaulted: bool
    staff_assaulted_name: str | None = None
    prison_code_when_recorded: str | None = None
    report_detail_request: ReportDetailsRequest
    safer_custody_screening: ScreeningRequest | None = None
    investigation: InvestigationRequest | None = None
    decision: DecisionRequest | None = None
    case_manager: str | None = None
    plan_reason: str | None = None
    first_case_review_date: dt.date | None = None
    plans: list[PlanRequest] | None = None
    reviews: list[ReviewRequest] | None = None


class CreatedComponent(WireModel):
    """`CSIPComponent`: a child NOMIS created, with the DPS id it was sent with."""

    component: Component
    nomis_id: int
    dps_id: str


class UpsertCsipResponse(WireModel):
    nomis_csip_report_id: int = Field(alias="nomisCSIPReportId")
    offender_no: str
    components: list[CreatedComponent]


class CodeDescription(WireModel):
    code: str


class NomisFactor(WireModel):
    id: int


class NomisReportDetails(WireModel):
    factors: list[NomisFactor]


class NomisInterview(WireModel):
    id: int


class NomisInvestigation(WireModel):
    interviews: list[NomisInterview] | None = None


class NomisScreening(WireModel):
    outcome: CodeDescription | None = None


class NomisDecision(WireModel):
    decision_outcome: CodeDescription | None = None


class NomisAttendee(WireModel):
    id: int


class NomisReview(WireModel):
    id: int
    close_csip: bool = Field(alias="closeCSIP")
    attendees: list[NomisAttendee]


class NomisPlan(WireModel):
    id: int


class NomisCsip(WireModel):
    """`CSIPResponse`, reduced to what the reconciliation summarises."""

    id: int
    booking_id: int
    incident_date: dt.date
    incident_time: str | None = None
    type: CodeDescription
    report_details: NomisReportDetails
    safer_custody_screening: NomisScreening
    investigation: NomisInvestigation
    decision: NomisDecision
    plans: list[NomisPlan]
    reviews: list[NomisReview]


class PrisonerCsips(WireModel):
    """`PrisonerCSIPsResponse`."""

    offender_csips: list[NomisCsip] = Field(alias="offenderCSIPs")


class NomisCsipClient(ApiClient):
    """The NOMIS prisoner API's CSIP operations.

    Raises:
        ApiError: (or NotFound / ServerError ...) for any non-2xx answer.
    """

    api_name = "nomis-prisoner-api"

    def upsert(self, request: UpsertCsipRequest) -> UpsertCsipResponse:
        """Create or update the whole report; the answer lists the children it created."""
        response = self._send("PUT", "/csip", json=dump_body(request))
        return UpsertCsipResponse.model_validate(response.json())

    def delete_report(self, nomis_csip_report_id: int) -> None:
        """Delete the report with its children."""
        self._send("DELETE", f"/csip/{nomis_csip_report_id}")

    def reports_of(self, offender_no: str) -> list[NomisCsip]:
        """Every CSIP report of the prisoner; an unknown prisoner raises NotFound."""
        response = self._send("GET", f"/prisoners/{offender_no}/csip/reconciliation")
        return PrisonerCsips.model_validate(response.json()).offender_csips
