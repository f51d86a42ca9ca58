"""Admin API: change DPS personal relationships records as a DPS user would; read NOMIS, mappings.

``POST /sandbox/dps/personal-relationships/{kind}`` creates a DPS record (its id, the fields a
DPS record always has, and the parent ids it inherits: an address phone its contact, a
relationship restriction its prisoner and contact); ``PUT .../{kind}/{id}`` changes fields;
``DELETE`` removes it and answers what it was. Publishing the event is up to the caller.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.domains.personal_relationships.dps import ID_FIELDS
from dagster_project.sandbox.domains.personal_relationships.tables import (
    ContactMappingRow,
    DpsContactRecord,
    NomisContactRecord,
)

router = APIRouter(tags=["sandbox"])
USER = "SANDBOX_USER"
FIRST_ID = 100_001  # DPS ids of records made through the admin API start here

DEFAULTS: dict[str, dict[str, Any]] = {
    "contact": {
        "firstName": "JOHN",
        "lastName": "SMITH",
        "isStaff": False,
        "remitter": False,
        "interpreterRequired": False,
    },
    "prisoner-contact": {
        "contactType": "S",
        "relationshipType": "BRO",
        "nextOfKin": False,
        "emergencyContact": False,
        "active": True,
        "approvedVisitor": True,
        "currentTerm": True,
    },
    "contact-address": {
        "addressType": "HOME",
        "primaryAddress": True,
        "property": "1",
        "street": "High Street",
        "postcode": "S1 1AA",
        "verified": False,
        "mailFlag": False,
        "noFixedAddress": False,
    },
    "contact-email": {"emailAddress": "someone@example.com"},
    "contact-phone": {"phoneType": "MOB", "phoneNumber": "07700 900000"},
    "contact-address-phone": {"phoneType": "HOME", "phoneNumber": "0114 496 0000"},
    "contact-identity": {"identityType": "DL", "identityValue": "SMITH123456"},
    "employment": {"organisationId": 1, "active": True},
    "contact-restriction": {"restrictionType": "BAN", "startDate": "2025-01-01"},
    "prisoner-contact-restriction": {"restrictionType": "CCTV", "startDate": "2025-01-01"},
    "prisoner-restriction": {
        "restrictionType": "BAN",
        "effectiveDate": "2025-01-01",
        "authorisedUsername": "AUTH_USER",
        "currentTerm": True,
    },
    "domestic-status": {"domesticStatusCode": "M", "active": True},
    "number-of-children": {"numberOfChildren": "1", "active": True},
}
# what a record inherits from its parent: (parent kind, field naming it, fields copied)
INHERITS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "contact-address-phone": ("contact-address", "contactAddressId", ("contactId",)),
    "prisoner-contact-restriction": (
        "prisoner-contact",
        "prisonerContactId",
        ("contactId", "prisonerNumber"),
    ),
}
AUDITED = frozenset(set(ID_FIELDS) - {"domestic-status", "number-of-children"})


def _kind(kind: str) -> str:
    if kind not in ID_FIELDS:
        raise ApiError(404, f"unknown DPS kind {kind!r}; known: {', '.join(ID_FIELDS)}")
    return kind


def new_record(session: Session, kind: str, fields: dict[str, Any]) -> DpsContactRecord:
    """Add a DPS record of `kind` (the caller commits); `...Id` text fields become numbers."""
    fields = {
        name: int(value) if name.endswith("Id") and str(value).isdigit() else value
        for name, value in fields.items()
    }
    top = session.scalar(select(func.max(DpsContactRecord.id)).where(DpsContactRecord.kind == kind))
    record_id = int(fields.pop(ID_FIELDS[kind], 0) or max(FIRST_ID, (top or 0) + 1))
    body: dict[str, Any] = {**DEFAULTS[kind], **fields, ID_FIELDS[kind]: record_id}
    if kind in INHERITS:
        parent_kind, field, copied = INHERITS[kind]
        parent = session.get(DpsContactRecord, (parent_kind, int(body[field])))
        if parent is None:
            raise ApiError(404, f"{parent_kind} {body[field]} not found")
        body.update({name: parent.body[name] for name in copied})
    if kind == "contact-address-phone" and "contactPhoneId" not in body:
        body["contactPhoneId"] = record_id
    if kind in AUDITED:
        body.setdefault("createdBy", USER)
        body.setdefault("createdTime", now_local().isoformat(timespec="seconds"))
    row = DpsContactRecord(
        kind=kind,
        id=record_id,
        contact_id=body.get("contactId", record_id if kind == "contact" else None),
        prisoner_number=body.get("prisonerNumber"),
        body=body,
    )
    session.add(row)
    return row


@router.post("/dps/personal-relationships/{kind}")
def create_record(
    kind: str, fields: Annotated[dict[str, Any], Body()], state: StateDep
) -> JSONResponse:
    with state.writing() as session:
        row = new_record(session, _kind(kind), dict(fields))
        session.commit()
        return JSONResponse(row.body, 201)


@router.put("/dps/personal-relationships/{kind}/{recordId}")
def change_record(
    kind: str,
    record_id: Annotated[int, Path(alias="recordId")],
    changes: Annotated[dict[str, Any], Body()],
    state: StateDep,
) -> JSONResponse:
    with state.writing() as session:
        row = session.get(DpsContactRecord, (_kind(kind), record_id))
        if row is None:
            raise ApiError(404, f"{kind} {record_id} not found")
        body = {**row.body, **changes}
        if kind in AUDITED:
            body.setdefault("updatedBy", USER)
            body["updatedTime"] = now_local().isoformat(timespec="seconds")
        row.body = body
        session.commit()
        return JSONResponse(body)


@router.delete("/dps/personal-relationships/{kind}/{recordId}")
def delete_record(
    kind: str, record_id: Annotated[int, Path(alias="recordId")], state: StateDep
) -> JSONResponse:
    with state.writing() as session:
        row = session.get(DpsContactRecord, (_kind(kind), record_id))
        if row is None:
            raise ApiError(404, f"{kind} {record_id} not found")
        body = dict(row.body)
        session.delete(row)
        session.commit()
        return JSONResponse(body)


@router.get("/personal-relationships/nomis/{kind}")
def nomis_records(kind: str, state: StateDep, person_id: int | None = None) -> JSONResponse:
    """NOMIS records of a kind (`person`, `address`, ..., `profile-MARITAL`), by id."""
    with state.reading() as session:
        query = select(NomisContactRecord).where(NomisContactRecord.kind == kind)
        if person_id is not None:
            query = query.where(NomisContactRecord.person_id == person_id)
        rows = session.scalars(query.order_by(NomisContactRecord.id)).all()
        return JSONResponse(
            [
                {
                    "id": r.id,
                    "personId": r.person_id,
                    "parentId": r.parent_id,
                    "offenderNo": r.offender_no,
                    "body": r.body,
                }
                for r in rows
            ]
        )


@router.get("/personal-relationships/mappings/{route}")
def mappings(route: str, state: StateDep) -> JSONResponse:
    """Contact-person mappings of a route (`person`, `phone`, ...)."""
    with state.reading() as session:
        rows = session.scalars(
            select(ContactMappingRow)
            .where(ContactMappingRow.route == route)
            .order_by(ContactMappingRow.dps_key)
        ).all()
        return JSONResponse([r.body for r in rows])
