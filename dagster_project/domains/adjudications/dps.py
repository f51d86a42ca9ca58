"""DPS Manage Adjudications API: one charge (every event's read) and a booking's charges.

Every charge read sends `Active-Caseload: {prisonId}` (the event's prison), as the old service
did; the spec does not declare the header. Only the fields the NOMIS writes and the
reconciliation use are declared; codes stay plain strings.
"""

from __future__ import annotations

import datetime as dt

import httpx

from dagster_project.sync.domain import Api
from resources.http import ApiClient
from resources.wire import WireModel

SENTINEL_BOOKING = 0
ACTIVE_CASELOAD = "Active-Caseload"


class IncidentDetails(WireModel):
    location_uuid: str
    date_time_of_discovery: dt.datetime


class IncidentRole(WireModel):
    role_code: str | None = None


class OffenceRule(WireModel):
    paragraph_number: str
    nomis_code: str | None = None
    with_others_nomis_code: str | None = None


class OffenceDetails(WireModel):
    offence_rule: OffenceRule
    victim_prisoners_number: str | None = None
    victim_staff_username: str | None = None


class IncidentStatement(WireModel):
    statement: str


class Damage(WireModel):
    code: str
    details: str


class Evidence(WireModel):
    code: str
    details: str


class HearingOutcome(WireModel):
    adjudicator: str
    code: str
    plea: str | None = None


class Hearing(WireModel):
    id: int | None = None
    location_uuid: str
    date_time_of_hearing: dt.datetime
    oic_hearing_type: str
    agency_id: str
    outcome: HearingOutcome | None = None


class Outcome(WireModel):
    code: str


class CombinedOutcome(WireModel):
    outcome: Outcome
    referral_outcome: Outcome | None = None


class OutcomeHistory(WireModel):
    hearing: Hearing | None = None
    outcome: CombinedOutcome | None = None


class Schedule(WireModel):
    days: int | None = None
    duration: int | None = None
    measurement: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    suspended_until: dt.date | None = None


class Punishment(WireModel):
    id: int | None = None
    type: str
    privilege_type: str | None = None
    other_privilege: str | None = None
    stoppage_percentage: int | None = None
    schedule: Schedule
    consecutive_charge_number: str | None = None
    damages_owed_amount: float | None = None


class ReportedAdjudication(WireModel):
    """`ReportedAdjudicationDto`: the fields the sync and the reconciliation read."""

    charge_number: str
    prisoner_number: str
    incident_details: IncidentDetails
    incident_role: IncidentRole
    offence_details: OffenceDetails
    incident_statement: IncidentStatement
    created_by_user_id: str
    created_date_time: dt.datetime
    originating_agency_id: str
    damages: list[Damage]
    evidence: list[Evidence]
    hearings: list[Hearing]
    outcomes: list[OutcomeHistory]
    punishments: list[Punishment]


class ReportedAdjudicationResponse(WireModel):
    reported_adjudication: ReportedAdjudication


class AdjudicationsClient(ApiClient):
    """Reads from DPS; the sync never writes to DPS.

    Raises:
        ApiError: (or NotFound / ServerError ...) for any non-2xx answer; a charge DPS does not
            hold is NotFound, which fails the event (retried, then dead-lettered), as upstream.
    """

    api_name = "adjudications-api"

    def get_charge(self, charge_number: str, prison_id: str) -> ReportedAdjudication:
        """`GET /reported-adjudications/{chargeNumber}/v2` with `Active-Caseload: {prisonId}`."""
        response = self._send(
            "GET",
            f"/reported-adjudications/{charge_number}/v2",
            headers={ACTIVE_CASELOAD: prison_id},
        )
        return ReportedAdjudicationResponse.model_validate(response.json()).reported_adjudication

    def all_by_booking(self, booking_id: int) -> list[ReportedAdjudication]:
        """Every charge of a booking (the reconciliation's DPS read)."""
        response = self._send("GET", f"/reported-adjudications/all-by-booking/{booking_id}")
        return [ReportedAdjudication.model_validate(item) for item in response.json()]


def probe(http: httpx.Client) -> str:
    """Health: the charges of a booking that does not exist (an empty list) is one cheap read."""
    found = AdjudicationsClient(http).all_by_booking(SENTINEL_BOOKING)
    return f"GET /reported-adjudications/all-by-booking/{SENTINEL_BOOKING}: {len(found)} charges"


ADJUDICATIONS_API = Api(
    key="adjudications_api",
    env="ADJUDICATIONS",
    title="DPS Manage Adjudications API",
    default_client_id="adjudications-api",
    sandbox_path="/adjudications",
    probe=probe,
    spec_file="adjudications-api-docs.json",
)
