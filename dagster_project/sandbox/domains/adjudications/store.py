"""The rules of both fake sides: DPS charges (internal form, rendered as the DTO) and NOMIS.

DPS internal form: `{chargeNumber, prisonerNumber, bookingId, prisonId, locationUuid, discovered,
created, offence, withOthers, damages, evidence, hearings: [{id, locationUuid, dateTimeOfHearing,
oicHearingType, agencyId, outcome}], outcomes: [{hearingId, outcome, referralOutcome}],
punishments: [{id, type, duration, measurement, startDate, suspendedUntil, ...}]}`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.domains.adjudications.tables import (
    AdjudicationCounter,
    DpsCharge,
    NomisAdjudication,
    NomisAward,
)

# first values of the id sequences; seeded ids stay below them
FIRST = {
    "charge": 500_000,
    "dps_hearing": 700_000,
    "punishment": 2_000_000,
    "nomis_hearing": 900_000,
    "adjudication": 3_000_000,
}


def next_id(session: Session, name: str) -> int:
    row = session.get(AdjudicationCounter, name)
    if row is None:
        row = AdjudicationCounter(name=name, value=FIRST[name])
        session.add(row)
    row.value += 1
    session.flush()
    return row.value


# --- DPS ---------------------------------------------------------------------------------------


def _hearing_dto(hearing: dict[str, Any]) -> dict[str, Any]:
    dto = {
        "id": hearing["id"],
        "locationUuid": hearing["locationUuid"],
        "dateTimeOfHearing": hearing["dateTimeOfHearing"],
        "oicHearingType": hearing["oicHearingType"],
        "agencyId": hearing["agencyId"],
    }
    if hearing.get("outcome"):
        dto["outcome"] = hearing["outcome"]
    return dto


def _outcome_dto(code: str) -> dict[str, Any]:
    return {"code": code, "canRemove": True}


def render(charge: dict[str, Any]) -> dict[str, Any]:
    """The internal charge as `ReportedAdjudicationDto`."""
    hearings = {h["id"]: h for h in charge["hearings"]}
    outcomes = []
    for entry in charge["outcomes"]:
        item: dict[str, Any] = {}
        if entry.get("hearingId") is not None and entry["hearingId"] in hearings:
            item["hearing"] = _hearing_dto(hearings[entry["hearingId"]])
        if entry.get("outcome"):
            combined: dict[str, Any] = {"outcome": _outcome_dto(entry["outcome"])}
            if entry.get("referralOutcome"):
                combined["referralOutcome"] = _outcome_dto(entry["referralOutcome"])
            item["outcome"] = combined
        outcomes.append(item)
    last = charge["outcomes"][-1].get("outcome") if charge["outcomes"] else None
    return {
        "chargeNumber": charge["chargeNumber"],
        "prisonerNumber": charge["prisonerNumber"],
        "gender": "MALE",
        "incidentDetails": {
            "locationUuid": charge["locationUuid"],
            "dateTimeOfIncident": charge["discovered"],
            "dateTimeOfDiscovery": charge["discovered"],
            "handoverDeadline": charge["discovered"],
        },
        "isYouthOffender": False,
        "incidentRole": {"roleCode": "25a"} if charge.get("withOthers") else {},
        "offenceDetails": {
            "offenceCode": 1001,
            "offenceRule": {
                "paragraphNumber": "1",
                "paragraphDescription": "Commits any assault",
                "nomisCode": charge["offence"],
                "withOthersNomisCode": "51:25A",
            },
            "victimPrisonersNumber": charge.get("victim"),
            "protectedCharacteristics": [],
        },
        "incidentStatement": {"statement": charge["statement"], "completed": True},
        "createdByUserId": charge["createdBy"],
        "createdDateTime": charge["created"],
        "status": last or ("SCHEDULED" if charge["hearings"] else "UNSCHEDULED"),
        "damages": [
            {"code": d["code"], "details": d["details"], "reporter": charge["createdBy"]}
            for d in charge["damages"]
        ],
        "evidence": [
            {"code": e["code"], "details": e["details"], "reporter": charge["createdBy"]}
            for e in charge["evidence"]
        ],
        "witnesses": [],
        "hearings": [_hearing_dto(h) for h in charge["hearings"]],
        "disIssueHistory": [],
        "outcomes": outcomes,
        "punishments": [_punishment_dto(p) for p in charge["punishments"]],
        "punishmentComments": [],
        "outcomeEnteredInNomis": False,
        "originatingAgencyId": charge["prisonId"],
        "linkedChargeNumbers": [],
        "canActionFromHistory": False,
    }


def _punishment_dto(punishment: dict[str, Any]) -> dict[str, Any]:
    schedule: dict[str, Any] = {
        "days": punishment.get("duration") or 0,
        "duration": punishment.get("duration"),
        "measurement": punishment.get("measurement", "DAYS"),
    }
    for key in ("startDate", "suspendedUntil"):
        if punishment.get(key):
            schedule[key] = punishment[key]
    dto: dict[str, Any] = {
        "id": punishment["id"],
        "type": punishment["type"],
        "schedule": schedule,
        "canRemove": True,
        "canEdit": True,
        "rehabilitativeActivities": [],
    }
    for key in ("privilegeType", "otherPrivilege", "stoppagePercentage", "damagesOwedAmount"):
        if punishment.get(key) is not None:
            dto[key] = punishment[key]
    return dto


def dps_charge(session: Session, charge_number: str) -> DpsCharge:
    row = session.get(DpsCharge, charge_number)
    if row is None:
        raise ApiError(404, f"ReportedAdjudication not found for {charge_number}")
    return row


# --- NOMIS -------------------------------------------------------------------------------------


def nomis_adjudication(session: Session, number: int) -> NomisAdjudication:
    row = session.get(NomisAdjudication, number)
    if row is None:
        raise ApiError(404, f"Adjudication not found for adjudicationNumber {number}")
    return row


def awards_of(session: Session, number: int, sequence: int) -> list[NomisAward]:
    return list(
        session.scalars(
            select(NomisAward)
            .where(NomisAward.adjudication_number == number)
            .where(NomisAward.charge_sequence == sequence)
            .order_by(NomisAward.sanction_sequence)
        )
    )


def add_award(
    session: Session, adjudication: NomisAdjudication, sequence: int, award: dict[str, Any]
) -> dict[str, int]:
    """A new award on the adjudication's booking; answers its NOMIS id."""
    highest = session.scalar(
        select(func.max(NomisAward.sanction_sequence)).where(
            NomisAward.booking_id == adjudication.booking_id
        )
    )
    sanction = (highest or 0) + 1
    session.add(
        NomisAward(
            booking_id=adjudication.booking_id,
            sanction_sequence=sanction,
            adjudication_number=adjudication.adjudication_number,
            charge_sequence=sequence,
            body=dict(award),
        )
    )
    session.flush()
    return {"bookingId": adjudication.booking_id, "sanctionSequence": sanction}


def delete_awards(session: Session, awards: list[NomisAward]) -> list[dict[str, int]]:
    gone = [{"bookingId": a.booking_id, "sanctionSequence": a.sanction_sequence} for a in awards]
    for award in awards:
        session.delete(award)
    session.flush()
    return gone


def update_awards(
    session: Session, adjudication: NomisAdjudication, sequence: int, body: dict[str, Any]
) -> dict[str, Any]:
    """NOMIS's award update: the listed ones changed, unlisted ones deleted, new ones added."""
    existing = {
        a.sanction_sequence: a
        for a in awards_of(session, adjudication.adjudication_number, sequence)
    }
    kept = set()
    for item in body.get("awardsToUpdate", []):
        award = existing.get(item["sanctionSequence"])
        if award is None:
            raise ApiError(404, f"Award {item['sanctionSequence']} not found")
        award.body = dict(item["award"])
        kept.add(item["sanctionSequence"])
    deleted = delete_awards(session, [a for s, a in existing.items() if s not in kept])
    created = [
        add_award(session, adjudication, sequence, a) for a in body.get("awardsToCreate", [])
    ]
    return {"awardsCreated": created, "awardsDeleted": deleted}


def charge_of(adjudication: NomisAdjudication, sequence: int) -> dict[str, Any]:
    for charge in adjudication.body["charges"]:
        if charge["chargeSequence"] == sequence:
            return charge
    raise ApiError(
        404, f"Charge {sequence} not found on adjudication {adjudication.adjudication_number}"
    )


def hearing_in(adjudication: NomisAdjudication, hearing_id: int) -> dict[str, Any]:
    for hearing in adjudication.body["hearings"]:
        if hearing["hearingId"] == hearing_id:
            return hearing
    raise ApiError(
        404, f"Hearing {hearing_id} not found on adjudication {adjudication.adjudication_number}"
    )
