"""Adjudication wire bodies: a DPS charge with every part, mappings and NOMIS answers."""

from __future__ import annotations

from typing import Any

CHARGE = "12345-1"
PRISON = "MDI"
EVENT_OFFENDER = "A1234AA"  # the event's prisonerNumber (telemetry)
DPS_OFFENDER = "A1234KT"  # the DPS charge's prisonerNumber (the NOMIS create's path)
ADJUDICATION = 4000123
SEQUENCE = 1
HEARING = "345"
NOMIS_HEARING = 9876
LOCATION = "0f0e3c1c-7a1d-4a56-9b57-0a4e4f3b6a01"
HEARING_LOCATION = "0f0e3c1c-7a1d-4a56-9b57-0a4e4f3b6a02"
NOMIS_LOCATION = 27187
NOMIS_HEARING_LOCATION = 27188
BOOKING = 1201050


def hearing(
    hearing_id: int = int(HEARING),
    kind: str = "GOV_ADULT",
    outcome: dict[str, Any] | None = None,
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": hearing_id,
        "locationUuid": HEARING_LOCATION,
        "dateTimeOfHearing": "2023-07-11T09:00:45",
        "oicHearingType": kind,
        "agencyId": PRISON,
    }
    if outcome is not None:
        found["outcome"] = outcome
    return found


def hearing_outcome(code: str, plea: str | None = None, adjudicator: str = "JBULLENGEN") -> dict:
    found: dict[str, Any] = {"adjudicator": adjudicator, "code": code}
    if plea:
        found["plea"] = plea
    return found


def outcome(
    code: str | None,
    referral: str | None = None,
    with_hearing: dict[str, Any] | None = None,
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if with_hearing is not None:
        found["hearing"] = with_hearing
    if code is not None:
        combined: dict[str, Any] = {"outcome": {"code": code, "canRemove": True}}
        if referral:
            combined["referralOutcome"] = {"code": referral, "canRemove": True}
        found["outcome"] = combined
    return found


def punishment(
    punishment_id: int = 634,
    kind: str = "ADDITIONAL_DAYS",
    duration: int | None = 10,
    **extra: Any,
) -> dict[str, Any]:
    schedule = {"days": duration or 0, "duration": duration, "measurement": "DAYS"}
    schedule.update(extra.pop("schedule", {}))
    return {
        "id": punishment_id,
        "type": kind,
        "schedule": schedule,
        "canEdit": True,
        "canRemove": True,
        "rehabilitativeActivities": [],
        **extra,
    }


def charge(**parts: Any) -> dict[str, Any]:
    """`ReportedAdjudicationResponse` with one hearing-less charge and what `parts` adds."""
    found: dict[str, Any] = {
        "chargeNumber": CHARGE,
        "prisonerNumber": DPS_OFFENDER,
        "gender": "MALE",
        "incidentDetails": {
            "locationUuid": LOCATION,
            "dateTimeOfIncident": "2023-07-10T08:00:00",
            "dateTimeOfDiscovery": "2023-07-10T10:15:37",
            "handoverDeadline": "2023-07-12T08:00:00",
        },
        "isYouthOffender": False,
        "incidentRole": {},
        "offenceDetails": {
            "offenceCode": 16001,
            "offenceRule": {
                "paragraphNumber": "16",
                "paragraphDescription": "Intentionally or recklessly sets fire",
                "nomisCode": "51:16",
                "withOthersNomisCode": "51:25D",
            },
            "victimPrisonersNumber": "A1234AC",
            "victimStaffUsername": "DAE_GEN",
            "protectedCharacteristics": [],
        },
        "incidentStatement": {"statement": "Set fire to his cell", "completed": True},
        "createdByUserId": "TWRIGHT",
        "createdDateTime": "2023-07-11T11:42:53.123",
        "status": "UNSCHEDULED",
        "damages": [
            {"code": "ELECTRICAL_REPAIR", "details": "Light switch", "reporter": "TWRIGHT"},
            {"code": "REPLACE_AN_ITEM", "details": "Mattress", "reporter": "TWRIGHT"},
        ],
        "evidence": [
            {"code": "BAGGED_AND_TAGGED", "details": "Lighter", "reporter": "TWRIGHT"},
            {"code": "CCTV", "details": "Wing camera", "reporter": "TWRIGHT"},
        ],
        "witnesses": [],
        "hearings": [],
        "disIssueHistory": [],
        "outcomes": [],
        "punishments": [],
        "punishmentComments": [],
        "outcomeEnteredInNomis": False,
        "originatingAgencyId": PRISON,
        "linkedChargeNumbers": [],
        "canActionFromHistory": False,
        **parts,
    }
    return {"reportedAdjudication": found}


def charge_mapping(number: str = CHARGE, adjudication: int = ADJUDICATION) -> dict[str, Any]:
    return {
        "adjudicationNumber": adjudication,
        "chargeSequence": SEQUENCE,
        "chargeNumber": number,
        "mappingType": "ADJUDICATION_CREATED",
    }


def hearing_mapping(dps: str = HEARING, nomis: int = NOMIS_HEARING) -> dict[str, Any]:
    return {"dpsHearingId": dps, "nomisHearingId": nomis, "mappingType": "ADJUDICATION_CREATED"}


def punishment_mapping(dps: str, sequence: int) -> dict[str, Any]:
    return {
        "dpsPunishmentId": dps,
        "nomisBookingId": BOOKING,
        "nomisSanctionSequence": sequence,
        "mappingType": "ADJUDICATION_CREATED",
    }


def award_id(sequence: int) -> dict[str, int]:
    return {"bookingId": BOOKING, "sanctionSequence": sequence}
