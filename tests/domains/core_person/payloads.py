"""Core person wire bodies as the specs describe them."""

from __future__ import annotations

import json
from typing import Any

from tests.messages import sns_body

PRISONER = "A1234AA"
OLDER = "1b0f5e2a-6a4e-4d8e-9a1f-2c3d4e5f6a7b"
CURRENT = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"
RELIGION_CREATED = "core-person-record.prison.religion.created"
MERGED = "core-person-record.prison.merged"


def religion_created(
    religion_id: str = CURRENT, identifiers: list[dict[str, str]] | None = None
) -> str:
    """A `core-person-record.prison.religion.created` event as CPR publishes it."""
    return sns_body(
        json.dumps(
            {
                "eventType": RELIGION_CREATED,
                "version": 1,
                "occurredAt": "2026-11-20T10:15:00Z",
                "additionalInformation": {"cprReligionId": religion_id},
                "personReference": {
                    "identifiers": identifiers or [{"type": "prisonNumber", "value": PRISONER}]
                },
            }
        )
    )


def merged(identifiers: list[dict[str, str]] | None = None) -> str:
    """A `core-person-record.prison.merged` event naming the surviving record."""
    return sns_body(
        json.dumps(
            {
                "eventType": MERGED,
                "version": 1,
                "occurredAt": "2026-11-20T10:15:00Z",
                "personReferenceFrom": {"identifiers": [{"type": "prisonNumber", "value": "B1"}]},
                "personReferenceTo": {
                    "identifiers": identifiers or [{"type": "prisonNumber", "value": PRISONER}]
                },
            }
        )
    )


def religion(cpr_id: str | None, code: str, current: bool, **changes: Any) -> dict[str, Any]:
    """A CPR `PrisonReligion`."""
    return {
        "cprReligionId": cpr_id,
        "religionCode": code,
        "religionDescription": None,
        "changeReasonKnown": False,
        "comments": None,
        "startDate": "2019-06-01",
        "endDate": None,
        "current": current,
        "createUserId": "SEED",
        "createDateTime": "2025-01-01T08:00:00",
        "modifyUserId": None,
        "modifyDateTime": None,
        **changes,
    }


def record(history: list[dict[str, Any]], current: str | None = "RC") -> dict[str, Any]:
    """A CPR `DpsPrisonRecord` with every property the spec requires."""
    return {
        "title": {},
        "sex": {},
        "sexualOrientation": {},
        "ethnicity": {},
        "religion": {"code": current, "description": None},
        "aliases": [],
        "nationalities": [{"code": "GB", "description": "British"}],
        "addresses": [],
        "identifiers": {
            name: []
            for name in (
                "crns",
                "prisonNumbers",
                "defendantIds",
                "cids",
                "pncs",
                "cros",
                "nationalInsuranceNumbers",
                "driverLicenseNumbers",
                "arrestSummonsNumbers",
                "otherIdentifiers",
            )
        },
        "religionHistory": history,
    }


def mapping(cpr_id: str, nomis_id: int) -> dict[str, Any]:
    """A `ReligionMappingDto`."""
    return {
        "cprId": cpr_id,
        "nomisId": nomis_id,
        "nomisPrisonNumber": PRISONER,
        "mappingType": "MIGRATED",
        "label": None,
        "whenCreated": "2025-01-01T08:00:00",
    }


def belief(belief_id: int, code: str, **changes: Any) -> dict[str, Any]:
    """A NOMIS `OffenderBelief`."""
    return {
        "beliefId": belief_id,
        "belief": {"code": code, "description": code},
        "startDate": "2019-06-01",
        "endDate": None,
        "changeReason": False,
        "comments": None,
        "audit": {"createUsername": "SEED", "createDatetime": "2025-01-01T08:00:00"},
        **changes,
    }
