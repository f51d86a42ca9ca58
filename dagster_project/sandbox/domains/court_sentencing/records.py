"""Court sentencing documents: DPS legacy records and the NOMIS court case, as plain dicts.

DPS records are kept as the legacy API serves them; an appearance also keeps its charge uuids
and each charge's outcome there (`chargeUuids`, `chargeOutcomes`, not served). A NOMIS case is
one `CourtCaseResponse` with its court events, offender charges and sentences; a recall's
breach events are kept beside them (`breachEvents`, not served), so a recall never changes
the case the reconciliation compares.
"""

from __future__ import annotations

import uuid as uuids
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

USER = "SANDBOX_SYNC"
DPS_ONLY = ("chargeUuids", "chargeOutcomes")
OFFENCES = {"TH68010": "Theft from a shop", "AS01001": "Common assault", "RT88001": "Driving"}
RESULTS = {"4531": "Remand in custody", "1002": "Imprisonment", "1081": "Adjourned"}


def new_uuid(seed: str | None = None) -> str:
    """A fresh uuid, or a stable one for a seed string (the same on every seed)."""
    return str(uuids.uuid5(uuids.NAMESPACE_URL, seed)) if seed else str(uuids.uuid4())


def code(value: str, description: str | None = None) -> dict[str, str]:
    return {"code": value, "description": description or value}


def result(value: str | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "code": value,
        "description": RESULTS.get(value, value),
        "dispositionCode": "F",
        "chargeStatus": "A",
        "conviction": False,
    }


def offence(offence_code: str) -> dict[str, str]:
    return {
        "offenceCode": offence_code,
        "statuteCode": offence_code[:4],
        "description": OFFENCES.get(offence_code, offence_code),
    }


# --- DPS ------------------------------------------------------------------------------------


def dps_case(
    prisoner: str, court: str, start: date, active: bool = True, seed: str | None = None
) -> dict[str, Any]:
    reference = "T" + new_uuid(seed and f"reference:{seed}")[:8].upper()
    return {
        "courtCaseUuid": new_uuid(seed and f"case:{seed}"),
        "prisonerId": prisoner,
        "active": active,
        "startDate": start.isoformat(),
        "courtId": court,
        "caseReference": reference,
        "caseReferences": [
            {"offenderCaseReference": reference, "updatedDate": f"{start.isoformat()}T10:00:00"}
        ],
    }


def dps_charge(
    case: dict[str, Any],
    offence_code: str,
    outcome: str | None,
    committed: date,
    seed: str | None = None,
) -> dict[str, Any]:
    return {
        "lifetimeUuid": new_uuid(seed and f"charge:{seed}"),
        "courtCaseUuid": case["courtCaseUuid"],
        "prisonerId": case["prisonerId"],
        "nomisOutcomeCode": outcome,
        "offenceCode": offence_code,
        "offenceStartDate": committed.isoformat(),
        "offenceEndDate": None,
    }


def dps_appearance(
    case: dict[str, Any],
    court: str,
    on: date,
    outcome: str | None,
    charges: list[dict[str, Any]],
    seed: str | None = None,
) -> dict[str, Any]:
    return {
        "lifetimeUuid": new_uuid(seed and f"appearance:{seed}"),
        "courtCaseUuid": case["courtCaseUuid"],
        "prisonerId": case["prisonerId"],
        "nomisOutcomeCode": outcome,
        "courtCode": court,
        "appearanceDate": on.isoformat(),
        "appearanceTime": "10:00",
        "nomisAppearanceTypeCode": "CRT",
        "comments": None,
        "nextCourtAppearance": None,
        "chargeUuids": [c["lifetimeUuid"] for c in charges],
        "chargeOutcomes": {c["lifetimeUuid"]: c["nomisOutcomeCode"] for c in charges},
    }


def dps_sentence(
    charge: dict[str, Any],
    appearance: dict[str, Any],
    category: str = "2020",
    calc_type: str = "ADIMP",
    seed: str | None = None,
) -> dict[str, Any]:
    return {
        "lifetimeUuid": new_uuid(seed and f"sentence:{seed}"),
        "chargeLifetimeUuid": charge["lifetimeUuid"],
        "appearanceUuid": appearance["lifetimeUuid"],
        "courtCaseId": charge["courtCaseUuid"],
        "prisonerId": charge["prisonerId"],
        "active": True,
        "sentenceCalcType": calc_type,
        "sentenceCategory": category,
        "consecutiveToLifetimeUuid": None,
        "fineAmount": None,
        "sentenceStartDate": appearance["appearanceDate"],
    }


def dps_period_length(
    sentence: dict[str, Any],
    years: int | None = 2,
    months: int | None = None,
    seed: str | None = None,
) -> dict[str, Any]:
    return {
        "periodLengthUuid": new_uuid(seed and f"period:{seed}"),
        "sentenceUuid": sentence["lifetimeUuid"],
        "prisonerId": sentence["prisonerId"],
        "courtChargeId": sentence["chargeLifetimeUuid"],
        "courtCaseId": sentence["courtCaseId"],
        "courtAppearanceId": sentence["appearanceUuid"],
        "periodYears": years,
        "periodMonths": months,
        "periodWeeks": None,
        "periodDays": None,
        "isLifeSentence": False,
        "sentenceTermCode": "IMP",
    }


def dps_recall(
    prisoner: str, sentence_ids: list[str], recall_type: str = "FTR_28"
) -> dict[str, Any]:
    today = date.today().isoformat()
    return {
        "recallUuid": new_uuid(),
        "prisonerId": prisoner,
        "returnToCustodyDate": today,
        "revocationDate": today,
        "sentenceIds": sentence_ids,
        "recallType": recall_type,
        "recallBy": "SANDBOX_USER",
    }


def served(body: dict[str, Any]) -> dict[str, Any]:
    """A DPS record as the API serves it (without the sandbox's own keys)."""
    return {k: v for k, v in body.items() if k not in DPS_ONLY}


# --- NOMIS ----------------------------------------------------------------------------------


def nomis_case(
    case_id: int, offender_no: str, booking_id: int, request: dict[str, Any], at: datetime
) -> dict[str, Any]:
    """A new `CourtCaseResponse` from a `CreateCourtCaseRequest`."""
    reference = request.get("caseReference")
    return {
        "id": case_id,
        "offenderNo": offender_no,
        "bookingId": booking_id,
        "primaryCaseInfoNumber": reference,
        "caseSequence": 1,
        "caseStatus": code(request["status"], "Active" if request["status"] == "A" else "Inactive"),
        "legalCaseType": code(request["legalCaseType"], "Not Entered"),
        "beginDate": request["startDate"],
        "courtId": request["courtId"],
        "sourceCombinedCaseIds": [],
        "createdDateTime": at.isoformat(),
        "createdByUsername": USER,
        "courtEvents": [],
        "offenderCharges": [],
        "caseInfoNumbers": (
            [{"type": "CASE/INFO#", "reference": reference, "createDateTime": at.isoformat()}]
            if reference
            else []
        ),
        "sentences": [],
        "breachEvents": [],
    }


def offender_charge(charge_id: int, request: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": charge_id,
        "offence": offence(request["offenceCode"]),
        "offenceDate": request.get("offenceDate"),
        "offenceEndDate": request.get("offenceEndDate"),
        "resultCode1": result(request.get("resultCode1")),
        "mostSeriousFlag": False,
        "createdByUsername": USER,
    }


def court_event(
    event_id: int, case: dict[str, Any], request: dict[str, Any], at: datetime
) -> dict[str, Any]:
    """A `CourtEventResponse` from a `CourtAppearanceRequest` (charges linked by the caller)."""
    return {
        "id": event_id,
        "caseId": case["id"],
        "offenderNo": case["offenderNo"],
        "eventDateTime": request["eventDateTime"],
        "courtEventType": code(request["courtEventType"], "Court Appearance"),
        "eventStatus": code("SCH", "Scheduled"),
        "courtId": request["courtId"],
        "outcomeReasonCode": result(request.get("outcomeReasonCode")),
        "commentText": request.get("comment"),
        "nextEventDateTime": request.get("nextEventDateTime"),
        "createdDateTime": at.isoformat(),
        "createdByUsername": USER,
        "courtEventCharges": [],
        "courtOrders": [],
        "isClone": False,
    }


def link_charges(
    case: dict[str, Any], event: dict[str, Any], with_outcomes: list[dict[str, Any]]
) -> list[int]:
    """Make the event's charges exactly those sent; the ids of the charges newly linked.

    Raises:
        KeyError: a charge the case does not hold.
    """
    charges = {c["id"]: c for c in case["offenderCharges"]}
    before = {c["offenderCharge"]["id"] for c in event["courtEventCharges"]}
    linked = []
    for item in with_outcomes:
        charge = charges[item["offenderChargeId"]]
        linked.append(
            {
                "eventId": event["id"],
                "offenderCharge": charge,
                "offenceDate": charge.get("offenceDate"),
                "offenceEndDate": charge.get("offenceEndDate"),
                "resultCode1": result(item.get("resultCode1")),
                "mostSeriousFlag": False,
                "createdByUsername": USER,
            }
        )
    event["courtEventCharges"] = linked
    return [i["offenderChargeId"] for i in with_outcomes if i["offenderChargeId"] not in before]


def refresh_charge(case: dict[str, Any], charge_id: int) -> None:
    """Copy an offender charge's current values into every event that links it."""
    charge = next(c for c in case["offenderCharges"] if c["id"] == charge_id)
    for event in case["courtEvents"]:
        for linked in event["courtEventCharges"]:
            if linked["offenderCharge"]["id"] == charge_id:
                linked["offenderCharge"] = charge
                linked["offenceDate"] = charge.get("offenceDate")
                linked["offenceEndDate"] = charge.get("offenceEndDate")


def orphan_charges(case: dict[str, Any]) -> list[int]:
    """Drop the offender charges no event links and no sentence holds; their ids."""
    used = {
        linked["offenderCharge"]["id"]
        for event in case["courtEvents"]
        for linked in event["courtEventCharges"]
    }
    used |= {c["id"] for s in case["sentences"] for c in s["offenderCharges"]}
    dropped = [c["id"] for c in case["offenderCharges"] if c["id"] not in used]
    case["offenderCharges"] = [c for c in case["offenderCharges"] if c["id"] in used]
    return dropped


def sentence(
    case: dict[str, Any], sequence: int, request: dict[str, Any], prison: str, at: datetime
) -> dict[str, Any]:
    """A `SentenceResponse` from a `CreateSentenceRequest`."""
    charges = [c for c in case["offenderCharges"] if c["id"] in request["offenderChargeIds"]]
    event = next((e for e in case["courtEvents"] if e["id"] == request["eventId"]), None)
    return {
        "bookingId": case["bookingId"],
        "sentenceSeq": sequence,
        "caseId": case["id"],
        "status": request["status"],
        "calculationType": code(request["sentenceCalcType"]),
        "category": code(request["sentenceCategory"]),
        "startDate": request["startDate"],
        "sentenceLevel": request.get("sentenceLevel"),
        "fineAmount": request.get("fine"),
        "consecSequence": request.get("consecutiveToSentenceSeq"),
        "courtOrder": (
            None
            if event is None
            else {
                "id": event["id"],
                "eventId": event["id"],
                "courtDate": event["eventDateTime"][:10],
                "issuingCourt": event["courtId"],
                "orderType": "AUTO",
                "orderStatus": "A",
                "sentencePurposes": [],
            }
        ),
        "createdDateTime": at.isoformat(),
        "createdByUsername": USER,
        "sentenceTerms": [],
        "offenderCharges": charges,
        "missingCourtOffenderChargeIds": [],
        "prisonId": prison,
    }


def term(sequence: int, request: dict[str, Any], start: str, prison: str) -> dict[str, Any]:
    return {
        "termSequence": sequence,
        "sentenceTermType": code(request["sentenceTermType"]),
        "years": request.get("years"),
        "months": request.get("months"),
        "weeks": request.get("weeks"),
        "days": request.get("days"),
        "startDate": start,
        "lifeSentenceFlag": request["lifeSentenceFlag"],
        "prisonId": prison,
        "createdByUsername": USER,
    }


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def response(body: dict[str, Any]) -> dict[str, Any]:
    """The case as NOMIS serves it: no breach events, null fields left out (as Jackson does)."""
    return _without_nulls({k: v for k, v in body.items() if k != "breachEvents"})


def cloned(
    case: dict[str, Any], new_case_id: int, next_id: Callable[[], int], first_sequence: int
) -> dict[str, Any]:
    """A copy of the case with new ids for the case, its events, charges and sentences."""
    charge_ids = {c["id"]: next_id() for c in case["offenderCharges"]}
    copy: dict[str, Any] = {**case, "id": new_case_id, "breachEvents": []}
    copy["offenderCharges"] = [{**c, "id": charge_ids[c["id"]]} for c in case["offenderCharges"]]
    by_id = {c["id"]: c for c in copy["offenderCharges"]}
    events = []
    for event in case["courtEvents"]:
        new_id = next_id()
        events.append(
            {
                **event,
                "id": new_id,
                "caseId": new_case_id,
                "isClone": True,
                "courtEventCharges": [
                    {
                        **c,
                        "eventId": new_id,
                        "offenderCharge": by_id[charge_ids[c["offenderCharge"]["id"]]],
                    }
                    for c in event["courtEventCharges"]
                ],
            }
        )
    copy["courtEvents"] = events
    copy["sentences"] = [
        {
            **s,
            "sentenceSeq": first_sequence + n,
            "caseId": new_case_id,
            "offenderCharges": [by_id[charge_ids[c["id"]]] for c in s["offenderCharges"]],
        }
        for n, s in enumerate(case["sentences"])
    ]
    return copy
