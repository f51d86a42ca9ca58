"""Realistic wire bodies, shaped after the HMPPS OpenAPI specs (responses are spec-validated).

The cell is the old service's integration-test cell (MDI-A-1-001 under landing 12345678).
"""

from __future__ import annotations

from typing import Any

DPS_ID = "57718979-573c-433a-9e51-2d83f887c11c"
PARENT_DPS_ID = "a1b2c3d4-0000-4000-8000-000000000001"
KEY = "MDI-A-1-001"
NOMIS_ID = 2345678
PARENT_NOMIS_ID = 12345678

# `LegacyLocation` (DPS, NOMIS shape): a certified cell with attributes and usages
CELL: dict[str, Any] = {
    "id": DPS_ID,
    "prisonId": "MDI",
    "code": "001",
    "pathHierarchy": "A-1-001",
    "locationType": "CELL",
    "localName": "Wing A",
    "comments": "Not to be used",
    "ignoreWorkingCapacity": False,
    "capacity": {"maxCapacity": 2, "workingCapacity": 2, "certifiedNormalAccommodation": 1},
    "certifiedCell": True,
    "attributes": ["FEMALE_SEMI", "NON_SMOKER_CELL"],
    "usage": [
        {"usageType": "APPOINTMENT", "capacity": 3, "sequence": 1},
        {"usageType": "VISIT", "capacity": 3, "sequence": 2},
        {"usageType": "MOVEMENT", "sequence": 3},
        {"usageType": "OCCURRENCE", "sequence": 4},
    ],
    "internalMovementAllowed": False,
    "orderWithinParentLocation": 1,
    "active": True,
    "permanentlyDeactivated": False,
    "parentId": PARENT_DPS_ID,
    "lastModifiedBy": "USER1",
    "lastModifiedDate": "2024-04-02T10:58:01",
    "key": KEY,
}

# the same cell deactivated as mothballed, back on 14 February
DEACTIVATED: dict[str, Any] = {
    **CELL,
    "active": False,
    "deactivatedDate": "2024-02-01",
    "deactivatedReason": "MOTHBALLED",
    "proposedReactivationDate": "2024-02-14",
}

# a residential landing at the top level of nothing: no parent, no capacity, no usages
LANDING: dict[str, Any] = {
    "id": PARENT_DPS_ID,
    "prisonId": "MDI",
    "code": "1",
    "pathHierarchy": "A-1",
    "locationType": "LANDING",
    "residentialHousingType": "NORMAL_ACCOMMODATION",
    "ignoreWorkingCapacity": True,
    "active": True,
    "permanentlyDeactivated": False,
    "lastModifiedBy": "USER1",
    "lastModifiedDate": "2024-04-02T10:58:01",
    "key": "MDI-A-1",
}


def location_mapping(dps_id: str = DPS_ID, nomis_id: int = NOMIS_ID) -> dict[str, Any]:
    """`LocationMappingDto` as the mapping service answers it."""
    return {
        "dpsLocationId": dps_id,
        "nomisLocationId": nomis_id,
        "mappingType": "LOCATION_CREATED",
        "whenCreated": "2024-04-02T10:58:01",
    }


# `LocationResponse` (NOMIS): the cell as NOMIS holds it
NOMIS_CELL: dict[str, Any] = {
    "locationId": NOMIS_ID,
    "certified": True,
    "locationType": "CELL",
    "prisonId": "MDI",
    "parentLocationId": PARENT_NOMIS_ID,
    "parentKey": "MDI-A-1",
    "operationalCapacity": 2,
    "cnaCapacity": 1,
    "userDescription": "Wing A",
    "description": KEY,
    "locationCode": "001",
    "capacity": 2,
    "listSequence": 1,
    "comment": "Not to be used",
    "active": True,
    "tracking": False,
    "profiles": [
        {"profileType": "SUP_LVL_TYPE", "profileCode": "S"},
        {"profileType": "HOU_UNIT_ATT", "profileCode": "NSMC"},
    ],
    "usages": [{"internalLocationUsageType": "APP", "capacity": 3, "sequence": 1}],
    "amendments": [
        {
            "amendDateTime": "2024-04-01T09:00:00",
            "columnName": "Sequence",
            "oldValue": "2",
            "newValue": "1",
            "amendedBy": "NQP44X",
        }
    ],
    "createDatetime": "2024-01-01T09:00:00",
    "createUsername": "MIGRATION",
}


def page(content: list[dict[str, Any]], total: int, number: int = 0) -> dict[str, Any]:
    """A Spring `Page` around `content`."""
    return {
        "content": content,
        "totalElements": total,
        "totalPages": max(1, -(-total // max(1, len(content) or 1))),
        "size": len(content),
        "number": number,
        "first": number == 0,
        "last": True,
        "numberOfElements": len(content),
        "empty": not content,
    }
