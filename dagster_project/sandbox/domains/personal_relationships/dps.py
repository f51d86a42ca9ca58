"""DPS personal relationships API: the `/sync/...` reads of one record, profile details.

Mounted under ``/personal-relationships``. A deleted record is gone (404). The profile-details
reads answer the prisoner's latest active record, or 404.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.errors import error_body
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.personal_relationships.tables import (
    DpsContactRecord,
    by_kind,
)

router = APIRouter(
    prefix="/personal-relationships",
    tags=["personal-relationships"],
    dependencies=[Depends(require_bearer)],
)

# DPS kinds served at /sync/<kind>/{id}, and the field holding each record's id
ID_FIELDS = {
    "contact": "id",
    "prisoner-contact": "id",
    "contact-address": "contactAddressId",
    "contact-email": "contactEmailId",
    "contact-phone": "contactPhoneId",
    "contact-address-phone": "contactAddressPhoneId",
    "contact-identity": "contactIdentityId",
    "employment": "employmentId",
    "contact-restriction": "contactRestrictionId",
    "prisoner-contact-restriction": "prisonerContactRestrictionId",
    "prisoner-restriction": "prisonerRestrictionId",
    "domestic-status": "id",
    "number-of-children": "id",
}
PROFILE_KINDS = ("domestic-status", "number-of-children")


def latest_profile(session: Session, kind: str, prisoner: str) -> DpsContactRecord | None:
    return session.scalars(
        select(DpsContactRecord)
        .where(DpsContactRecord.kind == kind, DpsContactRecord.prisoner_number == prisoner)
        .order_by(DpsContactRecord.id.desc())
    ).first()


def _profile(kind: str, prisoner: str, state: Any) -> JSONResponse:
    with state.reading() as session:
        row = latest_profile(session, kind, prisoner)
        if row is None or not row.body.get("active", True):
            return JSONResponse(error_body(404, f"No {kind} found for {prisoner}"), 404)
        return JSONResponse({k: v for k, v in row.body.items() if k != "prisonerNumber"})


@router.get("/sync/{prisonerNumber}/domestic-status")
def domestic_status(
    prisoner: Annotated[str, Path(alias="prisonerNumber")], state: StateDep
) -> JSONResponse:
    return _profile("domestic-status", prisoner, state)


@router.get("/sync/{prisonerNumber}/number-of-children")
def number_of_children(
    prisoner: Annotated[str, Path(alias="prisonerNumber")], state: StateDep
) -> JSONResponse:
    return _profile("number-of-children", prisoner, state)


def _children_by_kind(session: Session, contact_id: int) -> dict[str, list[DpsContactRecord]]:
    """Every record of one contact, by kind: one query instead of one per kind."""
    record = DpsContactRecord
    found = select(record).where(record.contact_id == contact_id)
    return by_kind(session.scalars(found.order_by(record.kind, record.id)))


@router.get("/sync/contact/{contactId}/reconcile")
def contact_reconcile(
    contact_id: Annotated[int, Path(alias="contactId")], state: StateDep
) -> JSONResponse:
    """The contact with its children (current-term relationships), or 404."""
    with state.reading() as session:
        contact = session.get(DpsContactRecord, ("contact", contact_id))
        if contact is None:
            return JSONResponse(error_body(404, f"Contact {contact_id} not found"), 404)
        children = _children_by_kind(session, contact_id)
        phones_of_addresses = children["contact-address-phone"]
        body = contact.body
        return JSONResponse(
            {
                "contactId": contact_id,
                "firstName": body["firstName"],
                "lastName": body["lastName"],
                **({"dateOfBirth": body["dateOfBirth"]} if body.get("dateOfBirth") else {}),
                "staffFlag": bool(body.get("isStaff")),
                "emails": [
                    {"contactEmailId": r.id, "emailAddress": r.body["emailAddress"]}
                    for r in children["contact-email"]
                ],
                "addresses": [
                    {
                        "contactAddressId": r.id,
                        "primaryAddress": r.body["primaryAddress"],
                        "addressPhones": [
                            {
                                "contactAddressPhoneId": p.id,
                                "phoneType": p.body["phoneType"],
                                "phoneNumber": p.body["phoneNumber"],
                            }
                            for p in phones_of_addresses
                            if p.body["contactAddressId"] == r.id
                        ],
                    }
                    for r in children["contact-address"]
                ],
                "phones": [
                    {
                        "contactPhoneId": r.id,
                        "phoneType": r.body["phoneType"],
                        "phoneNumber": r.body["phoneNumber"],
                    }
                    for r in children["contact-phone"]
                ],
                "identities": [
                    {
                        "contactIdentityId": r.id,
                        "identityType": r.body["identityType"],
                        "identityValue": r.body["identityValue"],
                    }
                    for r in children["contact-identity"]
                ],
                "restrictions": [
                    {
                        "contactRestrictionId": r.id,
                        "restrictionType": r.body["restrictionType"],
                        "startDate": r.body.get("startDate"),
                        "expiryDate": r.body.get("expiryDate"),
                    }
                    for r in children["contact-restriction"]
                ],
                "employments": [
                    {
                        "employmentId": r.id,
                        "organisationId": r.body["organisationId"],
                        "active": r.body["active"],
                    }
                    for r in children["employment"]
                ],
                "relationships": [
                    {
                        "prisonerContactId": r.id,
                        "prisonerNumber": r.body["prisonerNumber"],
                        "contactType": r.body["contactType"],
                        "relationshipType": r.body["relationshipType"],
                        "nextOfKin": r.body["nextOfKin"],
                        "emergencyContact": r.body["emergencyContact"],
                        "active": r.body["active"],
                        "approvedVisitor": r.body["approvedVisitor"],
                        "relationshipRestrictions": [],
                    }
                    for r in children["prisoner-contact"]
                    if r.body.get("currentTerm", True)
                ],
            }
        )


@router.get("/sync/prisoner/{prisonerNumber}/reconcile")
def prisoner_reconcile(
    prisoner: Annotated[str, Path(alias="prisonerNumber")], state: StateDep
) -> JSONResponse:
    """The prisoner's current-term relationships with names and restrictions."""
    with state.reading() as session:
        rows = session.scalars(
            select(DpsContactRecord)
            .where(
                DpsContactRecord.kind == "prisoner-contact",
                DpsContactRecord.prisoner_number == prisoner,
            )
            .order_by(DpsContactRecord.id)
        ).all()
        relationships = []
        for row in rows:
            body = row.body
            if not body.get("currentTerm", True):
                continue
            contact = session.get(DpsContactRecord, ("contact", body["contactId"]))
            restrictions = session.scalars(
                select(DpsContactRecord).where(
                    DpsContactRecord.kind == "prisoner-contact-restriction",
                    DpsContactRecord.contact_id == body["contactId"],
                )
            ).all()
            relationships.append(
                {
                    "contactId": body["contactId"],
                    "prisonerContactId": row.id,
                    "firstName": contact.body.get("firstName") if contact else None,
                    "lastName": contact.body.get("lastName") if contact else None,
                    "prisonerNumber": prisoner,
                    "relationshipTypeCode": body["contactType"],
                    "relationshipToPrisoner": body["relationshipType"],
                    "nextOfKin": body["nextOfKin"],
                    "emergencyContact": body["emergencyContact"],
                    "active": body["active"],
                    "approvedVisitor": body["approvedVisitor"],
                    "restrictions": [
                        {
                            "prisonerContactRestrictionId": r.id,
                            "restrictionType": r.body.get("restrictionType"),
                            "startDate": r.body.get("startDate"),
                            "expiryDate": r.body.get("expiryDate"),
                        }
                        for r in restrictions
                        if r.body.get("prisonerContactId") == row.id
                    ],
                }
            )
        return JSONResponse({"relationships": relationships})


@router.get("/sync/{kind}/{recordId}")
def get_record(
    kind: str, record_id: Annotated[int, Path(alias="recordId")], state: StateDep
) -> JSONResponse:
    """One record of a kind, or 404."""
    if kind not in ID_FIELDS or kind in PROFILE_KINDS:
        return JSONResponse(error_body(404, f"No resource /sync/{kind}"), 404)
    with state.reading() as session:
        row = session.get(DpsContactRecord, (kind, record_id))
        if row is None:
            return JSONResponse(error_body(404, f"{kind} {record_id} not found"), 404)
        return JSONResponse(row.body)
