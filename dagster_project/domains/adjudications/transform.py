"""DPS charges into NOMIS requests: the old service's code tables and rules, as pure functions.

Times sent to NOMIS are `HH:mm` (seconds dropped). Awards are built per DPS punishment in DPS's
order, which is also the order NOMIS answers their ids in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dagster_project.domains.adjudications.dps import (
    Hearing,
    OutcomeHistory,
    Punishment,
    ReportedAdjudication,
)
from dagster_project.domains.adjudications.nomis import (
    AwardRequest,
    ChargeId,
    ChargeToCreate,
    CreateAdjudicationRequest,
    CreateHearingRequest,
    EvidenceRequest,
    HearingResultRequest,
    IncidentToCreate,
    RepairRequest,
    UpdateHearingRequest,
)

REPAIR_CODES = {
    "ELECTRICAL_REPAIR": "ELEC",
    "PLUMBING_REPAIR": "PLUM",
    "FURNITURE_OR_FABRIC_REPAIR": "FABR",
    "LOCK_REPAIR": "LOCK",
    "REDECORATION": "DECO",
    "CLEANING": "CLEA",
    "REPLACE_AN_ITEM": "DECO",
}
EVIDENCE_CODES = {
    "PHOTO": "PHOTO",
    "BODY_WORN_CAMERA": "OTHER",
    "CCTV": "OTHER",
    "BAGGED_AND_TAGGED": "EVI_BAG",
    "OTHER": "OTHER",
}
FINDING_CODES = {
    "REFER_POLICE": "REF_POLICE",
    "REFER_INAD": "ADJOURNED",
    "REFER_GOV": "ADJOURNED",
    "NOT_PROCEED": "NOT_PROCEED",
    "DISMISSED": "D",
    "PROSECUTION": "PROSECUTED",
    "CHARGE_PROVED": "PROVED",
    "QUASHED": "QUASHED",
    "SCHEDULE_HEARING": "ADJOURNED",
    "ADJOURN": "ADJOURNED",
}
PLEA_CODES = {
    "UNFIT": "UNFIT",
    "ABSTAIN": "REFUSED",
    "GUILTY": "GUILTY",
    "NOT_GUILTY": "NOT_GUILTY",
    "NOT_ASKED": "NOT_ASKED",
}
SANCTION_TYPES = {
    "PRIVILEGE": "FORFEIT",
    "EARNINGS": "STOP_PCT",
    "CONFINEMENT": "CC",
    "REMOVAL_ACTIVITY": "REMACT",
    "EXCLUSION_WORK": "EXTRA_WORK",
    "EXTRA_WORK": "EXTW",
    "REMOVAL_WING": "REMWIN",
    "ADDITIONAL_DAYS": "ADA",
    "PROSPECTIVE_DAYS": "ADA",
    "CAUTION": "CAUTION",
    "DAMAGES_OWED": "OTHER",
    "PAYBACK": "PP",
    "RESTRICTION_OF_SOCIAL_VISITS": "RESTR_VISITS",
    "LOSS_OF_SOCIAL_VISITS": "LOSS_VISITS",
}
ADA_TYPES = frozenset({"ADDITIONAL_DAYS", "PROSPECTIVE_DAYS"})
INDEPENDENT_ADJUDICATOR = frozenset({"INAD_ADULT", "INAD_YOI"})
NOT_ASKED = "NOT_ASKED"


class InvalidFindingCode(ValueError):
    """A DPS outcome with no NOMIS finding (e.g. a completed hearing with no outcome)."""


def hh_mm(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M")


def finding(code: str) -> str:
    try:
        return FINDING_CODES[code]
    except KeyError:
        raise InvalidFindingCode(f"Finding code {code} is not mapped to a NOMIS finding") from None


def repairs(charge: ReportedAdjudication) -> list[RepairRequest]:
    return [
        RepairRequest(type_code=REPAIR_CODES[d.code], comment=d.details) for d in charge.damages
    ]


def evidence(charge: ReportedAdjudication) -> list[EvidenceRequest]:
    return [
        EvidenceRequest(type_code=EVIDENCE_CODES[e.code], detail=e.details) for e in charge.evidence
    ]


def create_adjudication(
    charge: ReportedAdjudication, location_id: int
) -> CreateAdjudicationRequest:
    """`CreateAdjudicationRequest`: the incident is dated by its discovery, one charge."""
    offence = charge.offence_details
    rule = offence.offence_rule
    victim = offence.victim_prisoners_number
    code = rule.with_others_nomis_code if charge.incident_role.role_code else rule.nomis_code
    return CreateAdjudicationRequest(
        incident=IncidentToCreate(
            reporting_staff_username=charge.created_by_user_id,
            incident_date=charge.incident_details.date_time_of_discovery.date(),
            incident_time=hh_mm(charge.incident_details.date_time_of_discovery),
            reported_date=charge.created_date_time.date(),
            reported_time=hh_mm(charge.created_date_time),
            internal_location_id=location_id,
            details=charge.incident_statement.statement,
            prison_id=charge.originating_agency_id,
            prisoner_victims_offender_numbers=(
                [victim] if victim and victim != charge.prisoner_number else []
            ),
            staff_witnesses_usernames=[],
            staff_victims_usernames=(
                [offence.victim_staff_username] if offence.victim_staff_username else []
            ),
            repairs=repairs(charge),
        ),
        charges=[ChargeToCreate(offence_code=code or rule.paragraph_number)],
        evidence=evidence(charge),
    )


def hearing_of(charge: ReportedAdjudication, dps_hearing_id: str) -> Hearing:
    """The last hearing with this id; raises LookupError when DPS has none."""
    found = [h for h in charge.hearings if str(h.id) == dps_hearing_id]
    if not found:
        raise LookupError(
            f"Hearing {dps_hearing_id} not found in DPS charge {charge.charge_number}"
        )
    return found[-1]


def create_hearing(hearing: Hearing, location_id: int) -> CreateHearingRequest:
    return CreateHearingRequest(
        hearing_type=hearing.oic_hearing_type,
        hearing_date=hearing.date_time_of_hearing.date(),
        hearing_time=hh_mm(hearing.date_time_of_hearing),
        agency_id=hearing.agency_id,
        internal_location_id=location_id,
    )


def update_hearing(hearing: Hearing, location_id: int) -> UpdateHearingRequest:
    return UpdateHearingRequest(
        hearing_type=hearing.oic_hearing_type,
        hearing_date=hearing.date_time_of_hearing.date(),
        hearing_time=hh_mm(hearing.date_time_of_hearing),
        internal_location_id=location_id,
    )


def outcome_for_hearing(charge: ReportedAdjudication, dps_hearing_id: str) -> OutcomeHistory:
    found = [
        o for o in charge.outcomes if o.hearing is not None and str(o.hearing.id) == dps_hearing_id
    ]
    if not found:
        raise LookupError(
            f"Outcome for hearing {dps_hearing_id} not found in DPS charge {charge.charge_number}"
        )
    return found[-1]


def hearing_result(outcome: OutcomeHistory) -> HearingResultRequest:
    """The §1.7 rule: a referral outcome first, else the outcome's code, else the hearing's."""
    hearing = outcome.hearing
    hearing_outcome = hearing.outcome if hearing is not None else None
    combined = outcome.outcome
    adjudicator = None
    if (
        hearing is not None
        and hearing_outcome is not None
        and hearing.oic_hearing_type not in INDEPENDENT_ADJUDICATOR
        and hearing_outcome.adjudicator.strip()
    ):
        adjudicator = hearing_outcome.adjudicator
    if combined is not None and combined.referral_outcome is not None:
        return HearingResultRequest(
            finding_code=finding(combined.referral_outcome.code),
            plea_finding_code=NOT_ASKED,
            adjudicator_username=adjudicator,
        )
    if combined is not None:
        code = combined.outcome.code
    elif hearing_outcome is not None:
        code = hearing_outcome.code
    else:
        raise InvalidFindingCode("The outcome has neither an outcome nor a hearing outcome")
    plea = hearing_outcome.plea if hearing_outcome is not None else None
    return HearingResultRequest(
        finding_code=finding(code),
        plea_finding_code=PLEA_CODES.get(plea or NOT_ASKED, NOT_ASKED),
        adjudicator_username=adjudicator,
    )


def referral_result(outcome: OutcomeHistory) -> HearingResultRequest:
    """The §1.8 rule: no hearing; the referral outcome's code, else the outcome's."""
    combined = outcome.outcome
    if combined is None:
        raise InvalidFindingCode("The referral has no outcome")
    code = (combined.referral_outcome or combined.outcome).code
    return HearingResultRequest(finding_code=finding(code), plea_finding_code=NOT_ASKED)


def sanction_status(punishment: Punishment) -> str:
    prospective = punishment.type == "PROSPECTIVE_DAYS"
    if punishment.schedule.start_date is not None:
        return "IMMEDIATE"
    if punishment.schedule.suspended_until is not None:
        return "SUSP_PROSP" if prospective else "SUSPENDED"
    return "PROSPECTIVE" if prospective else "IMMEDIATE"


def comment(punishment: Punishment) -> str:
    if punishment.type == "PRIVILEGE":
        if punishment.privilege_type == "OTHER":
            return f"Added by DPS: Loss of {punishment.other_privilege}"
        return f"Added by DPS: Loss of {punishment.privilege_type}"
    if punishment.type == "DAMAGES_OWED":
        return f"Added by DPS: OTHER - Damages owed £{punishment.damages_owed_amount or 0:.2f}"
    return "Added by DPS"


def award(
    punishment: Punishment,
    consecutive: Callable[[str], ChargeId],
    today: dt.date,
    latest_hearing: dt.date | None = None,
) -> AwardRequest:
    """`HearingResultAwardRequest` for one punishment (`consecutive` maps a charge number)."""
    schedule = punishment.schedule
    compensation: float | None = punishment.damages_owed_amount
    if compensation is None and punishment.stoppage_percentage is not None:
        compensation = float(punishment.stoppage_percentage)
    return AwardRequest(
        sanction_type=SANCTION_TYPES[punishment.type],
        sanction_status=sanction_status(punishment),
        comment_text=comment(punishment),
        effective_date=schedule.start_date or schedule.suspended_until or latest_hearing or today,
        compensation_amount=compensation,
        sanction_days=(schedule.duration or 0) if schedule.measurement == "DAYS" else 0,
        consecutive_charge=(
            consecutive(punishment.consecutive_charge_number)
            if punishment.consecutive_charge_number
            else None
        ),
    )


def latest_hearing_date(charge: ReportedAdjudication) -> dt.date | None:
    dates = [h.date_time_of_hearing.date() for h in charge.hearings]
    return max(dates) if dates else None


def ada_summary(charges: list[ReportedAdjudication]) -> tuple[int, int]:
    """(count, days) of ADA punishments, only from charges with at least one hearing."""
    count = days = 0
    for charge in charges:
        if not charge.hearings:
            continue
        for punishment in charge.punishments:
            if punishment.type in ADA_TYPES:
                count += 1
                days += punishment.schedule.duration or 0
    return count, days
