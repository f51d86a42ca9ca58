"""Wire bodies of the alerts APIs, as the specs document them (the old service's test values)."""

from __future__ import annotations

from typing import Any

ALERT_ID = "8cdadcf3-b003-4116-9956-c99bd8df6a00"
OFFENDER = "A1234KT"  # the event's NOMS number
DPS_OFFENDER = "A1234AA"  # the DPS alert's own prisonNumber: never used for NOMIS
BOOKING = 43217
SEQUENCE = 3


def dps_alert(**overrides: Any) -> dict[str, Any]:
    """A DPS `Alert` whose code (A) differs from the event's (HPI), as the old test's."""
    body: dict[str, Any] = {
        "alertUuid": ALERT_ID,
        "prisonNumber": DPS_OFFENDER,
        "alertCode": {
            "alertTypeCode": "A",
            "alertTypeDescription": "Alert type description",
            "code": "A",
            "description": "Alert code description",
            "canBeAdministered": True,
        },
        "description": "Added for good reasons",
        "authorisedBy": "Security Team",
        "activeFrom": "2023-03-03",
        "activeTo": "2023-06-06",
        "isActive": False,
        "createdAt": "2024-02-28T13:56:10",
        "createdBy": "BOBBY.BEANS",
        "createdByDisplayName": "Bobby Beans",
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


def alerts_page(alerts: list[dict[str, Any]], total: int | None = None) -> dict[str, Any]:
    return {
        "totalElements": len(alerts) if total is None else total,
        "totalPages": 1,
        "first": True,
        "last": True,
        "size": 1000,
        "content": alerts,
        "number": 0,
        "numberOfElements": len(alerts),
        "empty": not alerts,
    }


def created(booking: int = BOOKING, sequence: int = SEQUENCE) -> dict[str, Any]:
    """NOMIS `CreateAlertResponse`."""
    return {
        "bookingId": booking,
        "alertSequence": sequence,
        "alertCode": {"code": "A", "description": "Alert code description"},
        "type": {"code": "A", "description": "Alert type description"},
    }


def nomis_alert(code: str = "A", sequence: int = SEQUENCE, **overrides: Any) -> dict[str, Any]:
    """NOMIS `AlertResponse`: by default exactly what `dps_alert` creates, but active."""
    body: dict[str, Any] = {
        "bookingId": BOOKING,
        "bookingSequence": 1,
        "alertSequence": sequence,
        "alertCode": {"code": code, "description": "Alert code description"},
        "type": {"code": "A", "description": "Alert type description"},
        "date": "2023-03-03",
        "expiryDate": "2023-06-06",
        "isActive": True,
        "isVerified": False,
        "authorisedBy": "Security Team",
        "comment": "Added for good reasons",
        "audit": {"createDatetime": "2024-02-28T13:56:10", "createUsername": "BOBBY.BEANS"},
    }
    return {**body, **overrides}


def mapping_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "dpsAlertId": ALERT_ID,
        "nomisBookingId": BOOKING,
        "nomisAlertSequence": SEQUENCE,
        "offenderNo": OFFENDER,
        "mappingType": "DPS_CREATED",
        "whenCreated": "2024-02-28T13:56:11",
    }
    return {**body, **overrides}


def alert_code(active: bool = True) -> dict[str, Any]:
    return {
        "alertTypeCode": "X",
        "code": "XNEW",
        "description": "A new code",
        "listSequence": 7,
        "isActive": active,
        "isRestricted": False,
        "canBeAdministered": True,
        "createdAt": "2024-02-28T13:56:10",
        "createdBy": "BOBBY.BEANS",
    }


def alert_type(active: bool = True) -> dict[str, Any]:
    return {
        "code": "XT",
        "description": "A new type",
        "listSequence": 4,
        "isActive": active,
        "createdAt": "2024-02-28T13:56:10",
        "createdBy": "BOBBY.BEANS",
        "alertCodes": [],
    }
