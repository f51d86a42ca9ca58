"""The CSIP documents of the sandbox: a DPS record built from a few knobs, the NOMIS upsert.

`nomis_request` is what the sync would send for a DPS record (the seed uses it to put synced
reports in NOMIS); `upserted` applies an `UpsertCSIPRequest` to a stored NOMIS report as NOMIS
does: children sent with a known id are kept, those without one are created (and listed as
`components`), those not sent are removed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

USER = "SANDBOX_USER"
KIND_OF_LIST = {
    "factors": "FACTOR",
    "interviews": "INTERVIEW",
    "plans": "PLAN",
    "reviews": "REVIEW",
    "attendees": "ATTENDEE",
}


def code(value: str) -> dict[str, Any]:
    return {"code": value, "description": value.title()}


def new_uuid(seed: str | None = None) -> str:
    """A fresh UUID, or a stable one for a seed name (the seed is the same on every start)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"csip:{seed}") if seed else uuid.uuid4())


def factor(type_code: str, seed: str | None = None) -> dict[str, Any]:
    return {
        "factorUuid": new_uuid(seed),
        "factorType": code(type_code),
        "comment": f"{type_code} noted",
    }


def review(sequence: int, on: date, seed: str | None = None, attendees: int = 1) -> dict[str, Any]:
    return {
        "reviewUuid": new_uuid(seed),
        "reviewSequence": sequence,
        "reviewDate": on.isoformat(),
        "recordedBy": USER,
        "recordedByDisplayName": "Sandbox User",
        "actions": ["REMAIN_ON_CSIP"],
        "attendees": [
            {
                "attendeeUuid": new_uuid(f"{seed}:a{n}" if seed else None),
                "name": f"Attendee {n}",
                "role": "Officer",
                "isAttended": True,
            }
            for n in range(attendees)
        ],
    }


def dps_record(
    prison_number: str,
    prison_id: str,
    on: date,
    type_code: str = "INT",
    factors: int = 1,
    reviews: int = 0,
    seed: str | None = None,
) -> dict[str, Any]:
    """A DPS `CsipRecord` with `factors` contributory factors and, with `reviews`, a plan."""
    record: dict[str, Any] = {
        "recordUuid": new_uuid(seed),
        "prisonNumber": prison_number,
        "prisonCodeWhenRecorded": prison_id,
        "logCode": f"{prison_id}-{on:%m%d}",
        "referral": {
            "referralDate": on.isoformat(),
            "incidentDate": on.isoformat(),
            "incidentTime": "10:30:00",
            "incidentType": code(type_code),
            "incidentLocation": code("LIB"),
            "referredBy": "Jim Reporter",
            "refererArea": code("EDU"),
            "isProactiveReferral": False,
            "isStaffAssaulted": False,
            "descriptionOfConcern": "Raised in the sandbox",
            "isSaferCustodyTeamInformed": "NO",
            "isReferralComplete": True,
            "contributoryFactors": [
                factor("BUL", f"{seed}:f{n}" if seed else None) for n in range(factors)
            ],
        },
        "status": code("REFERRAL_SUBMITTED"),
    }
    if reviews:
        record["plan"] = {
            "caseManager": "Case Manager",
            "reasonForPlan": "Support",
            "firstCaseReviewDate": on.isoformat(),
            "identifiedNeeds": [],
            "reviews": [
                review(n + 1, on, f"{seed}:r{n}" if seed else None) for n in range(reviews)
            ],
        }
        record["status"] = code("CSIP_OPEN")
    return record


def nomis_request(record: dict[str, Any], ids: dict[str, int] | None = None) -> dict[str, Any]:
    """The upsert the sync sends for a DPS record (the fields the sandbox NOMIS keeps)."""
    known = ids or {}
    referral, plan = record["referral"], record.get("plan")

    def with_id(body: dict[str, Any], dps_id: str) -> dict[str, Any]:
        return {**body, "dpsId": dps_id, **({"id": known[dps_id]} if dps_id in known else {})}

    request: dict[str, Any] = {
        "offenderNo": record["prisonNumber"],
        "logNumber": record.get("logCode"),
        "incidentDate": referral["incidentDate"],
        "incidentTime": referral.get("incidentTime"),
        "typeCode": referral["incidentType"]["code"],
        "locationCode": referral["incidentLocation"]["code"],
        "areaOfWorkCode": referral["refererArea"]["code"],
        "reportedBy": referral["referredBy"],
        "reportedDate": referral["referralDate"],
        "proActiveReferral": bool(referral.get("isProactiveReferral")),
        "staffAssaulted": bool(referral.get("isStaffAssaulted")),
        "prisonCodeWhenRecorded": record.get("prisonCodeWhenRecorded"),
        "reportDetailRequest": {
            "concern": referral.get("descriptionOfConcern"),
            "saferCustodyTeamInformed": referral["isSaferCustodyTeamInformed"] == "YES",
            "referralComplete": bool(referral.get("isReferralComplete")),
            "factors": [
                with_id(
                    {"typeCode": f["factorType"]["code"], "comment": f.get("comment")},
                    f["factorUuid"],
                )
                for f in referral["contributoryFactors"]
            ],
        },
    }
    if plan:
        request["caseManager"] = plan.get("caseManager")
        request["planReason"] = plan.get("reasonForPlan")
        request["firstCaseReviewDate"] = plan.get("firstCaseReviewDate")
        request["plans"] = []
        request["reviews"] = [
            with_id(
                {
                    "remainOnCSIP": "REMAIN_ON_CSIP" in r["actions"],
                    "csipUpdated": False,
                    "caseNote": False,
                    "closeCSIP": "CLOSE_CSIP" in r["actions"],
                    "peopleInformed": False,
                    "recordedDate": r["reviewDate"],
                    "recordedBy": r["recordedBy"],
                    "reviewSequence": r["reviewSequence"],
                    "attendees": [
                        with_id(
                            {"name": a.get("name"), "role": a.get("role"), "attended": True},
                            a["attendeeUuid"],
                        )
                        for a in r["attendees"]
                    ],
                },
                r["reviewUuid"],
            )
            for r in plan["reviews"]
        ]
    return {key: value for key, value in request.items() if value is not None}


def _existing(report: dict[str, Any] | None) -> dict[str, dict[int, dict[str, Any]]]:
    """The stored children by kind and NOMIS id."""
    if report is None:
        return {kind: {} for kind in KIND_OF_LIST.values()}
    reviews = report["reviews"]
    return {
        "FACTOR": {f["id"]: f for f in report["reportDetails"]["factors"]},
        "INTERVIEW": {i["id"]: i for i in report["investigation"].get("interviews", [])},
        "PLAN": {p["id"]: p for p in report["plans"]},
        "REVIEW": {r["id"]: r for r in reviews},
        "ATTENDEE": {a["id"]: a for r in reviews for a in r["attendees"]},
    }


def upserted(
    request: dict[str, Any],
    report_id: int,
    booking_id: int,
    stored: dict[str, Any] | None,
    next_id: Callable[[], int],
    at: datetime,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The stored `CSIPResponse` after the upsert, and the `components` NOMIS created."""
    existing: dict[str, dict[int, dict[str, Any]]] = _existing(stored)
    created: list[dict[str, Any]] = []
    stamp = {"createDateTime": at.isoformat(), "createdBy": USER}

    def child(kind: str, body: dict[str, Any]) -> dict[str, Any]:
        """The child's id and creation stamp: kept when NOMIS holds it, else new."""
        kept = existing[kind].get(body.get("id", -1))
        if kept is not None:
            return {"id": kept["id"], **{k: kept[k] for k in stamp}}
        nomis_id = next_id()
        created.append({"component": kind, "nomisId": nomis_id, "dpsId": body["dpsId"]})
        return {"id": nomis_id, **stamp}

    details = request["reportDetailRequest"]
    investigation = request.get("investigation") or {}
    decision = request.get("decision") or {}
    screening = request.get("saferCustodyScreening") or {}
    actions = decision.get("actions") or {}
    report = {
        "id": report_id,
        "offender": {
            "offenderNo": request["offenderNo"],
            "firstName": "SANDBOX",
            "lastName": "PRISONER",
        },
        "bookingId": booking_id,
        "originalAgencyId": request.get("prisonCodeWhenRecorded"),
        "logNumber": request.get("logNumber"),
        "incidentDate": request["incidentDate"],
        "incidentTime": request.get("incidentTime"),
        "type": code(request["typeCode"]),
        "location": code(request["locationCode"]),
        "areaOfWork": code(request["areaOfWorkCode"]),
        "reportedBy": request["reportedBy"],
        "reportedDate": request["reportedDate"],
        "proActiveReferral": request["proActiveReferral"],
        "staffAssaulted": request["staffAssaulted"],
        "staffAssaultedName": request.get("staffAssaultedName"),
        "reportDetails": {
            "involvement": code(details["involvementCode"])
            if details.get("involvementCode")
            else None,
            "concern": details.get("concern"),
            "knownReasons": details.get("knownReasons"),
            "otherInformation": details.get("otherInformation"),
            "saferCustodyTeamInformed": details["saferCustodyTeamInformed"],
            "referralComplete": details["referralComplete"],
            "referralCompletedBy": details.get("referralCompletedBy"),
            "referralCompletedDate": details.get("referralCompletedDate"),
            "factors": [
                {
                    **child("FACTOR", f),
                    "type": code(f["typeCode"]),
                    "comment": f.get("comment"),
                }
                for f in details["factors"]
            ],
        },
        "saferCustodyScreening": {
            "outcome": code(screening["scsOutcomeCode"]) if screening else None,
            "recordedBy": screening.get("recordedBy"),
            "recordedDate": screening.get("recordedDate"),
            "reasonForDecision": screening.get("reasonForDecision"),
        },
        "investigation": {
            **{
                k: investigation.get(k)
                for k in (
                    "staffInvolved",
                    "evidenceSecured",
                    "reasonOccurred",
                    "usualBehaviour",
                    "trigger",
                    "protectiveFactors",
                )
            },
            "interviews": [
                {
                    **child("INTERVIEW", i),
                    "interviewee": i["interviewee"],
                    "date": i["date"],
                    "role": code(i["roleCode"]),
                    "comments": i.get("comments"),
                }
                for i in investigation.get("interviews", [])
            ],
        },
        "decision": {
            "conclusion": decision.get("conclusion"),
            "decisionOutcome": code(decision["decisionOutcomeCode"])
            if decision.get("decisionOutcomeCode")
            else None,
            "signedOffRole": code(decision["signedOffRoleCode"])
            if decision.get("signedOffRoleCode")
            else None,
            "recordedBy": decision.get("recordedBy"),
            "recordedDate": decision.get("recordedDate"),
            "nextSteps": decision.get("nextSteps"),
            "otherDetails": decision.get("otherDetails"),
            "actions": {
                name: bool(actions.get(name))
                for name in (
                    "openCSIPAlert",
                    "nonAssociationsUpdated",
                    "observationBook",
                    "unitOrCellMove",
                    "csraOrRsraReview",
                    "serviceReferral",
                    "simReferral",
                )
            },
        },
        "caseManager": request.get("caseManager"),
        "planReason": request.get("planReason"),
        "firstCaseReviewDate": request.get("firstCaseReviewDate"),
        "plans": [
            {
                **child("PLAN", p),
                "identifiedNeed": p["identifiedNeed"],
                "intervention": p["intervention"],
                "progression": p.get("progression"),
                "referredBy": p.get("referredBy"),
                "createdDate": at.date().isoformat(),
                "targetDate": p["targetDate"],
                "closedDate": p.get("closedDate"),
            }
            for p in request.get("plans") or []
        ],
        "reviews": [
            {
                **child("REVIEW", r),
                "reviewSequence": r["reviewSequence"],
                "attendees": [
                    {
                        **child("ATTENDEE", a),
                        "name": a.get("name"),
                        "role": a.get("role"),
                        "attended": a["attended"],
                        "contribution": a.get("contribution"),
                    }
                    for a in r.get("attendees") or []
                ],
                **{
                    k: r[k]
                    for k in (
                        "remainOnCSIP",
                        "csipUpdated",
                        "caseNote",
                        "closeCSIP",
                        "peopleInformed",
                        "recordedDate",
                        "recordedBy",
                    )
                },
                "summary": r.get("summary"),
                "nextReviewDate": r.get("nextReviewDate"),
                "closeDate": r.get("closeDate"),
            }
            for r in request.get("reviews") or []
        ],
        "documents": [],
        **(stamp if stored is None else {k: stored[k] for k in stamp}),
        "lastModifiedDateTime": at.isoformat(),
        "lastModifiedBy": USER,
    }
    return _without_nulls(report), created


def _without_nulls(value: Any) -> Any:
    """Leave null fields out, as the NOMIS API renders them."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value
