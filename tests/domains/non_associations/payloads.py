"""Realistic wire bodies, shaped after the HMPPS OpenAPI specs (responses are spec-validated)."""

from __future__ import annotations

from typing import Any

NA_ID = 12345
OFFENDER = "B1234BB"  # DPS's first prisoner: the larger number, so the mapping swaps them
NS_OFFENDER = "A1234AA"


# `LegacyNonAssociation`: the upstream fixture's amend values
LEGACY: dict[str, Any] = {
    "id": NA_ID,
    "offenderNo": OFFENDER,
    "reasonCode": "VIC",
    "reasonDescription": "Victim",
    "typeCode": "WING",
    "typeDescription": "Do Not Locate on Same Wing",
    "effectiveDate": "2021-07-05T10:55:04",
    "authorisedBy": "Officer Alice B.",
    "comments": "Mr. Bloggs assaulted Mr. Hall",
    "offenderNonAssociation": {
        "offenderNo": NS_OFFENDER,
        "reasonCode": "PER",
        "reasonDescription": "Perpetrator",
    },
}


def mapping_body(
    sequence: int = 2, non_association_id: int = NA_ID, **extra: Any
) -> dict[str, Any]:
    """`NonAssociationMappingDto` as the mapping service answers it (pair sorted)."""
    return {
        "nonAssociationId": non_association_id,
        "firstOffenderNo": NS_OFFENDER,
        "secondOffenderNo": OFFENDER,
        "nomisTypeSequence": sequence,
        "mappingType": "NON_ASSOCIATION_CREATED",
        "whenCreated": "2026-11-20T10:15:00",
        **extra,
    }


def nomis_detail(
    sequence: int,
    effective: str,
    expiry: str | None = None,
    offender: str = OFFENDER,
    ns_offender: str = NS_OFFENDER,
    kind: str = "WING",
) -> dict[str, Any]:
    """`NonAssociationResponse`."""
    body: dict[str, Any] = {
        "offenderNo": offender,
        "nsOffenderNo": ns_offender,
        "typeSequence": sequence,
        "reason": "VIC",
        "recipReason": "PER",
        "type": kind,
        "updatedBy": "JSMITH_GEN",
        "effectiveDate": effective,
    }
    if expiry:
        body["expiryDate"] = expiry
    return body


def dps_non_association(
    na_id: int,
    created: str,
    closed: bool = False,
    restriction: str = "WING",
    first: str = NS_OFFENDER,
    second: str = OFFENDER,
) -> dict[str, Any]:
    """`NonAssociation`."""
    body: dict[str, Any] = {
        "id": na_id,
        "firstPrisonerNumber": first,
        "firstPrisonerRole": "VICTIM",
        "firstPrisonerRoleDescription": "Victim",
        "secondPrisonerNumber": second,
        "secondPrisonerRole": "PERPETRATOR",
        "secondPrisonerRoleDescription": "Perpetrator",
        "reason": "BULLYING",
        "reasonDescription": "Bullying",
        "restrictionType": restriction,
        "restrictionTypeDescription": "Cell, landing and wing",
        "comment": "Keep apart",
        "whenCreated": created,
        "whenUpdated": created,
        "updatedBy": "OFF3_GEN",
        "isClosed": closed,
        "isOpen": not closed,
    }
    if closed:
        body |= {"closedBy": "OFF3_GEN", "closedReason": "Moved", "closedAt": created}
    return body


def page(
    content: list[dict[str, Any]], total: int, number: int = 0, size: int = 1
) -> dict[str, Any]:
    """A Spring `Page` body."""
    return {
        "content": content,
        "totalElements": total,
        "totalPages": -(-total // size),
        "size": size,
        "number": number,
        "first": number == 0,
        "last": (number + 1) * size >= total,
        "numberOfElements": len(content),
        "empty": not content,
    }
