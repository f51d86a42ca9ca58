"""DPS CSIP API: one CSIP record (the events' read) and a prisoner's records (the reconciliation).

Only the fields the NOMIS upsert and the reconciliation use are declared. Codes stay plain
strings: a code DPS adds is refused by NOMIS, where it matters, rather than failing the read.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import httpx

from dagster_project.sync.domain import Api
from resources.http import ApiClient
from resources.wire import WireModel

SENTINEL_PRISONER = "A0000AA"


class ReferenceData(WireModel):
    code: str


class ContributoryFactor(WireModel):
    factor_uuid: str
    factor_type: ReferenceData
    comment: str | None = None


class Interview(WireModel):
    interview_uuid: str
    interviewee: str
    interview_date: dt.date
    interviewee_role: ReferenceData
    interview_text: str | None = None


class Investigation(WireModel):
    staff_involved: str | None = None
    evidence_secured: str | None = None
    occurrence_reason: str | None = None
    persons_usual_behaviour: str | None = None
    persons_trigger: str | None = None
    protective_factors: str | None = None
    interviews: list[Interview]


class SaferCustodyScreeningOutcome(WireModel):
    outcome: ReferenceData
    recorded_by: str
    date: dt.date
    reason_for_decision: str | None = None


class DecisionAndActions(WireModel):
    conclusion: str | None = None
    outcome: ReferenceData | None = None
    signed_off_by_role: ReferenceData | None = None
    recorded_by: str | None = None
    date: dt.date | None = None
    next_steps: str | None = None
    actions: list[str]
    action_other: str | None = None


class Referral(WireModel):
    referral_date: dt.date
    incident_date: dt.date
    incident_time: str | None = None
    incident_type: ReferenceData
    incident_location: ReferenceData
    referred_by: str
    referer_area: ReferenceData
    is_proactive_referral: bool | None = None
    is_staff_assaulted: bool | None = None
    assaulted_staff_name: str | None = None
    incident_involvement: ReferenceData | None = None
    description_of_concern: str | None = None
    known_reasons: str | None = None
    other_information: str | None = None
    is_safer_custody_team_informed: Literal["YES", "NO", "DO_NOT_KNOW"]
    is_referral_complete: bool | None = None
    referral_completed_date: dt.date | None = None
    referral_completed_by: str | None = None
    contributory_factors: list[ContributoryFactor]
    investigation: Investigation | None = None
    safer_custody_screening_outcome: SaferCustodyScreeningOutcome | None = None
    decision_and_actions: DecisionAndActions | None = None


class IdentifiedNeed(WireModel):
    identified_need_uuid: str
    identified_need: str
    responsible_person: str
    target_date: dt.date
    closed_date: dt.date | None = None
    intervention: str
    progression: str | None = None


class Attendee(WireModel):
    attendee_uuid: str
    name: str | None = None
    role: str | None = None
    is_attended: bool | None = None
    contribution: str | None = None


class Review(WireModel):
    review_uuid: str
    review_sequence: int
    review_date: dt.date
    recorded_by: str
    next_review_date: dt.date | None = None
    csip_closed_date: dt.date | None = None
    summary: str | None = None
    actions: list[str]
    attendees: list[Attendee]


class Plan(WireModel):
    case_manager: str | None = None
    reason_for_plan: str | None = None
    first_case_review_date: dt.date | None = None
    identified_needs: list[IdentifiedNeed]
    reviews: list[Review]


class CsipRecord(WireModel):
    """`CsipRecord`: one whole CSIP report, children included."""

    record_uuid: str
    prison_number: str
    prison_code_when_recorded: str | None = None
    log_code: str | None = None
    referral: Referral
    plan: Plan | None = None


class CsipClient(ApiClient):
    """Reads from the DPS CSIP API; the sync never writes to DPS.

    Raises:
        ApiError: (or NotFound / ServerError ...) for any non-2xx answer.
    """

    api_name = "csip-api"

    def get_record(self, record_uuid: str) -> CsipRecord:
        """The whole report; a 404 raises NotFound (the event fails, as upstream)."""
        response = self._send("GET", f"/csip-records/{record_uuid}")
        return CsipRecord.model_validate(response.json())

    def records_of(self, prison_number: str) -> list[CsipRecord]:
        """Every CSIP report of the prisoner (none is an empty list)."""
        response = self._send("GET", f"/sync/csip-records/{prison_number}")
        return [CsipRecord.model_validate(item) for item in response.json()]


def probe(http: httpx.Client) -> str:
    """Health: the records of a sentinel prisoner (an empty list) is one cheap read."""
    found = CsipClient(http).records_of(SENTINEL_PRISONER)
    return f"GET /sync/csip-records/{SENTINEL_PRISONER}: {len(found)} records"


CSIP_API = Api(
    key="csip_api",
    env="CSIP",
    title="DPS CSIP API",
    default_client_id="csip-api",
    sandbox_path="/csip",
    probe=probe,
    spec_file="csip-api-docs.json",
)
