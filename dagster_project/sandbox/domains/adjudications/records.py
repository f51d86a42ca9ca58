"""DPS charges in their internal form, and what the sync leaves in NOMIS for them (the seed)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

SEED_USER = "SANDBOX_SEED"


def location_uuid(prison_id: str) -> str:
    """A DPS location the locations seed maps in every prison (its first landing).

    The id is the locations seed's own rule for a key (`locations/estate.py`), restated here
    because a sandbox domain imports no other one.
    """
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox/locations/{prison_id}-A-1"))


def new_charge(
    charge_number: str,
    prisoner_number: str,
    booking_id: int,
    prison_id: str,
    discovered: datetime,
    damages: int = 1,
    evidence: int = 1,
    with_others: bool = False,
) -> dict[str, Any]:
    """A reported DPS charge with no hearing yet."""
    at = discovered.replace(microsecond=0)
    return {
        "chargeNumber": charge_number,
        "prisonerNumber": prisoner_number,
        "bookingId": booking_id,
        "prisonId": prison_id,
        "locationUuid": location_uuid(prison_id),
        "discovered": at.isoformat(),
        "created": (at + timedelta(minutes=30)).isoformat(),
        "createdBy": "SANDBOX_REPORTER",
        "statement": f"Charge {charge_number}: assaulted another prisoner",
        "offence": "51:1B",
        "withOthers": with_others,
        "damages": [{"code": "CLEANING", "details": "Cell floor"} for _ in range(damages)],
        "evidence": [{"code": "PHOTO", "details": "Photo of the cell"} for _ in range(evidence)],
        "hearings": [],
        "outcomes": [],
        "punishments": [],
    }


def hearing(
    hearing_id: int, prison_id: str, at: datetime, kind: str = "GOV_ADULT"
) -> dict[str, Any]:
    return {
        "id": hearing_id,
        "locationUuid": location_uuid(prison_id),
        "dateTimeOfHearing": at.replace(microsecond=0).isoformat(),
        "oicHearingType": kind,
        "agencyId": prison_id,
        "outcome": None,
    }


def ada(punishment_id: int, days: int, kind: str = "ADDITIONAL_DAYS") -> dict[str, Any]:
    return {"id": punishment_id, "type": kind, "duration": days, "measurement": "DAYS"}


def award_of(punishment: dict[str, Any], effective: str) -> dict[str, Any]:
    """The NOMIS award the sync sends for a seeded punishment (no start date: today's rule)."""
    kind = (
        "ADA"
        if punishment["type"] in ("ADDITIONAL_DAYS", "PROSPECTIVE_DAYS")
        else punishment["type"]
    )
    return {
        "sanctionType": kind,
        "sanctionStatus": "PROSPECTIVE"
        if punishment["type"] == "PROSPECTIVE_DAYS"
        else "IMMEDIATE",
        "commentText": "Added by DPS",
        "effectiveDate": effective,
        "sanctionDays": punishment.get("duration") or 0,
    }


def nomis_document(
    number: int,
    charge: dict[str, Any],
    nomis_hearing_ids: dict[int, int],
) -> dict[str, Any]:
    """NOMIS's adjudication as the sync would have created it (one charge, its hearings)."""
    discovered = datetime.fromisoformat(charge["discovered"])
    created = datetime.fromisoformat(charge["created"])
    return {
        "adjudicationNumber": number,
        "offenderNo": charge["prisonerNumber"],
        "bookingId": charge["bookingId"],
        "incident": {
            "reportingStaffUsername": charge["createdBy"],
            "incidentDate": discovered.date().isoformat(),
            "incidentTime": discovered.strftime("%H:%M"),
            "reportedDate": created.date().isoformat(),
            "reportedTime": created.strftime("%H:%M"),
            "internalLocationId": 1,
            "details": charge["statement"],
            "prisonId": charge["prisonId"],
        },
        "repairs": [{"typeCode": "CLEA", "comment": d["details"]} for d in charge["damages"]],
        "evidence": [{"typeCode": "PHOTO", "detail": e["details"]} for e in charge["evidence"]],
        "charges": [{"chargeSequence": 1, "offenceCode": charge["offence"]}],
        "hearings": [
            {
                "hearingId": nomis_hearing_ids[h["id"]],
                "hearingType": h["oicHearingType"],
                "hearingDate": h["dateTimeOfHearing"][:10],
                "hearingTime": h["dateTimeOfHearing"][11:16],
                "agencyId": h["agencyId"],
                "internalLocationId": 1,
                "results": {
                    "1": {
                        "findingCode": "PROVED",
                        "pleaFindingCode": "GUILTY",
                        "adjudicatorUsername": h["outcome"]["adjudicator"],
                    }
                },
            }
            for h in charge["hearings"]
        ],
    }
