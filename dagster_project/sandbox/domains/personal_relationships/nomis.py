"""NOMIS prisoner API: persons and their children, prisoner restrictions, profile details.

Mounted under ``/nomis``. A person is created with the id it is given (the DPS contact id; a
second create is a 409); a child of a missing person, an address phone of a missing address and
a restriction of a missing relationship are 404s, as NOMIS answers. Identities and employments
are numbered per person (`sequence`). A profile-details PUT writes the prisoner's latest booking
and says whether the value was created or updated.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Response
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.auth import require_bearer
from dagster_project.sandbox.core.common import now_local
from dagster_project.sandbox.core.errors import ApiError
from dagster_project.sandbox.core.state import StateDep
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.personal_relationships.tables import (
    NomisContactRecord,
    by_kind,
)

router = APIRouter(prefix="/nomis", tags=["nomis"], dependencies=[Depends(require_bearer)])

# child path segment under /persons/{personId}: the key of the created id in the answer
CHILDREN = {
    "contact": "personContactId",
    "address": "personAddressId",
    "email": "emailAddressId",
    "phone": "phoneId",
    "identifier": "sequence",
    "employment": "sequence",
    "restriction": "id",
}
SEQUENCED = ("identifier", "employment")
SEQUENCE_BASE = 1000  # row id of a sequenced child: personId * 1000 + sequence

PersonId = Annotated[int, Path(alias="personId")]
JsonBody = Annotated[dict[str, Any], Body()]


def next_id(session: Session, kind: str, start: int = 1) -> int:
    top = session.scalar(
        select(func.max(NomisContactRecord.id)).where(NomisContactRecord.kind == kind)
    )
    return max(start, (top or 0) + 1)


def person_or_404(session: Session, person_id: int) -> NomisContactRecord:
    person = session.get(NomisContactRecord, ("person", person_id))
    if person is None:
        raise ApiError(404, f"Person with id={person_id} does not exist")
    return person


def child_or_404(session: Session, kind: str, row_id: int, person_id: int) -> NomisContactRecord:
    row = session.get(NomisContactRecord, (kind, row_id))
    if row is None or row.person_id != person_id:
        raise ApiError(404, f"{kind} {row_id} of person {person_id} does not exist")
    return row


def grandchild_or_404(
    session: Session, kind: str, row_id: int, person_id: int, parent_id: int
) -> NomisContactRecord:
    """An address's phone or a contact's restriction: the one lookup both their PUTs make.

    `kind` is `<parent>-<child>` (`address-phone`, `contact-restriction`); the row must belong to
    the person and to the parent the path names, or it is a 404.
    """
    row = child_or_404(session, kind, row_id, person_id)
    if row.parent_id != parent_id:
        parent, child = kind.split("-")
        raise ApiError(404, f"{child} {row_id} is not on {parent} {parent_id}")
    return row


def merge_update(session: Session, row: NomisContactRecord, body: dict[str, Any]) -> Response:
    """Every PUT of a stored row here (a person's child, a prisoner restriction) answers alike.

    The fields sent are merged into the stored ones, and the answer is a bare 200.
    """
    row.body = {**row.body, **body}
    session.commit()
    return Response(status_code=200)


def row_id(child: str, person_id: int, value: int) -> int:
    return person_id * SEQUENCE_BASE + value if child in SEQUENCED else value


def add_child(
    session: Session,
    kind: str,
    person_id: int,
    body: dict[str, Any],
    parent_id: int | None = None,
    offender_no: str | None = None,
) -> int:
    """Store a new child; returns its id (its sequence for identities and employments)."""
    if kind in SEQUENCED:
        count = session.scalar(
            select(func.max(NomisContactRecord.id)).where(
                NomisContactRecord.kind == kind, NomisContactRecord.person_id == person_id
            )
        )
        sequence = (count % SEQUENCE_BASE if count else 0) + 1
        new_id, answer = person_id * SEQUENCE_BASE + sequence, sequence
    else:
        new_id = next_id(session, kind, start=kind_start(kind))
        answer = new_id
    session.add(
        NomisContactRecord(
            kind=kind,
            id=new_id,
            person_id=person_id,
            parent_id=parent_id,
            offender_no=offender_no,
            body={**body, "created": now_local().isoformat(timespec="seconds")},
        )
    )
    session.commit()
    return answer


def kind_start(kind: str) -> int:
    """NOMIS ids of each kind start far from DPS ids, so tests cannot confuse them."""
    return 500_000 + 10_000 * sorted(ALL_KINDS).index(kind) if kind in ALL_KINDS else 1


ALL_KINDS = (*CHILDREN, "address-phone", "contact-restriction", "prisoner-restriction")


@router.post("/persons", status_code=201)
def create_person(body: JsonBody, state: StateDep) -> JSONResponse:
    person_id = int(body["personId"])
    with state.writing() as session:
        if session.get(NomisContactRecord, ("person", person_id)) is not None:
            raise ApiError(409, f"Person with id={person_id} already exists")
        session.add(NomisContactRecord(kind="person", id=person_id, person_id=person_id, body=body))
        session.commit()
    return JSONResponse({"personId": person_id}, 201)


@router.get("/persons/ids/all-from-id")
def person_ids(
    state: StateDep,
    person_id: Annotated[int, Query(alias="personId")] = 0,
    page_size: Annotated[int, Query(alias="pageSize")] = 10,
) -> JSONResponse:
    """The next person ids after ``personId``, ascending."""
    with state.reading() as session:
        ids = list(
            session.scalars(
                select(NomisContactRecord.id)
                .where(NomisContactRecord.kind == "person", NomisContactRecord.id > person_id)
                .order_by(NomisContactRecord.id)
                .limit(page_size)
            )
        )
    return JSONResponse({"personIds": ids, "lastPersonId": ids[-1] if ids else 0})


def _rows_by_kind(session: Session, person_id: int) -> dict[str, list[NomisContactRecord]]:
    """Every row of one person, by kind: one query instead of one per kind."""
    record = NomisContactRecord
    found = select(record).where(record.person_id == person_id)
    return by_kind(session.scalars(found.order_by(record.kind, record.id)))


def _phone(row: NomisContactRecord) -> dict[str, Any]:
    return {
        "phoneId": row.id,
        "number": row.body["number"],
        "type": {"code": row.body["typeCode"], "description": row.body["typeCode"]},
        "audit": PERSON_AUDIT,
    }


def _restriction(row: NomisContactRecord) -> dict[str, Any]:
    found = {
        "id": row.id,
        "type": {"code": row.body["typeCode"], "description": row.body["typeCode"]},
        "effectiveDate": row.body["effectiveDate"],
        "enteredStaff": {"staffId": 1, "username": "SANDBOX"},
        "audit": PERSON_AUDIT,
    }
    if row.body.get("expiryDate"):
        found["expiryDate"] = row.body["expiryDate"]
    return found


PERSON_AUDIT = {"createUsername": "SANDBOX", "createDatetime": "2025-01-01T08:00:00"}


@router.get("/persons/{personId}")
def get_person(person_id: PersonId, state: StateDep) -> JSONResponse:
    """The person with its children (addresses, phones, emails, ...), as NOMIS holds them."""
    with state.reading() as session:
        person = person_or_404(session, person_id)
        body = person.body
        rows = _rows_by_kind(session, person_id)
        address_phones = rows["address-phone"]
        offender_nos = {row.offender_no for row in rows["contact"] if row.offender_no}
        booking_ids = dict(
            session.execute(
                select(Prisoner.offender_no, Prisoner.booking_id).where(
                    Prisoner.offender_no.in_(offender_nos)
                )
            ).all()
        )
        contacts = []
        for row in rows["contact"]:
            contacts.append(
                {
                    "id": row.id,
                    "contactType": {"code": row.body["contactTypeCode"], "description": "x"},
                    "relationshipType": {
                        "code": row.body["relationshipTypeCode"],
                        "description": "x",
                    },
                    "active": row.body["active"],
                    "approvedVisitor": row.body["approvedVisitor"],
                    "nextOfKin": row.body["nextOfKin"],
                    "emergencyContact": row.body["emergencyContact"],
                    "prisoner": {
                        "offenderNo": row.offender_no or "",
                        "bookingId": booking_ids.get(row.offender_no or "", 0),
                        "bookingSequence": 1,
                        "firstName": "PRISONER",
                        "lastName": "PRISONER",
                    },
                    "restrictions": [
                        _restriction(r)
                        for r in rows["contact-restriction"]
                        if r.parent_id == row.id
                    ],
                    "audit": PERSON_AUDIT,
                }
            )
        answer = {
            "personId": person_id,
            "firstName": body.get("firstName", ""),
            "lastName": body.get("lastName", ""),
            "interpreterRequired": bool(body.get("interpreterRequired")),
            "audit": PERSON_AUDIT,
            "addresses": [
                {
                    "addressId": a.id,
                    "primaryAddress": a.body["primaryAddress"],
                    "mailAddress": a.body["mailAddress"],
                    "validatedPAF": bool(a.body.get("validatedPAF")),
                    "phoneNumbers": [_phone(p) for p in address_phones if p.parent_id == a.id],
                    "audit": PERSON_AUDIT,
                }
                for a in rows["address"]
            ],
            "phoneNumbers": [_phone(p) for p in rows["phone"]],
            "emailAddresses": [
                {"emailAddressId": e.id, "email": e.body["email"], "audit": PERSON_AUDIT}
                for e in rows["email"]
            ],
            "employments": [
                {
                    "sequence": e.id % SEQUENCE_BASE,
                    "active": e.body["active"],
                    "corporate": {"id": e.body["corporateId"], "name": "CORPORATE"},
                    "audit": PERSON_AUDIT,
                }
                for e in rows["employment"]
            ],
            "identifiers": [
                {
                    "sequence": i.id % SEQUENCE_BASE,
                    "identifier": i.body["identifier"],
                    "type": {"code": i.body["typeCode"], "description": i.body["typeCode"]},
                    "audit": PERSON_AUDIT,
                }
                for i in rows["identifier"]
            ],
            "contacts": contacts,
            "restrictions": [_restriction(r) for r in rows["restriction"]],
        }
        if body.get("dateOfBirth"):
            answer["dateOfBirth"] = body["dateOfBirth"]
        return JSONResponse(answer)


@router.put("/persons/{personId}")
def update_person(person_id: PersonId, body: JsonBody, state: StateDep) -> Response:
    with state.writing() as session:
        person = person_or_404(session, person_id)
        person.body = {**body, "personId": person_id}
        session.commit()
    return Response(status_code=200)


@router.delete("/persons/{personId}", status_code=204)
def delete_person(person_id: PersonId, state: StateDep) -> Response:
    """Delete the person and every child of it (204 even when absent)."""
    with state.writing() as session:
        for row in session.scalars(
            select(NomisContactRecord).where(NomisContactRecord.person_id == person_id)
        ):
            session.delete(row)
        session.commit()
    return Response(status_code=204)


@router.post("/persons/{personId}/address/{addressId}/phone", status_code=201)
def create_address_phone(
    person_id: PersonId,
    address_id: Annotated[int, Path(alias="addressId")],
    body: JsonBody,
    state: StateDep,
) -> JSONResponse:
    with state.writing() as session:
        person_or_404(session, person_id)
        child_or_404(session, "address", address_id, person_id)
        new_id = add_child(session, "address-phone", person_id, body, parent_id=address_id)
    return JSONResponse({"phoneId": new_id}, 201)


@router.put("/persons/{personId}/address/{addressId}/phone/{phoneId}")
def update_address_phone(
    person_id: PersonId,
    address_id: Annotated[int, Path(alias="addressId")],
    phone_id: Annotated[int, Path(alias="phoneId")],
    body: JsonBody,
    state: StateDep,
) -> Response:
    with state.writing() as session:
        row = grandchild_or_404(session, "address-phone", phone_id, person_id, address_id)
        return merge_update(session, row, body)


@router.delete("/persons/{personId}/address/{addressId}/phone/{phoneId}", status_code=204)
def delete_address_phone(
    person_id: PersonId,
    address_id: Annotated[int, Path(alias="addressId")],
    phone_id: Annotated[int, Path(alias="phoneId")],
    state: StateDep,
) -> Response:
    with state.writing() as session:
        row = session.get(NomisContactRecord, ("address-phone", phone_id))
        if row is not None and row.person_id == person_id and row.parent_id == address_id:
            session.delete(row)
            session.commit()
    return Response(status_code=204)


@router.post("/persons/{personId}/contact/{contactId}/restriction", status_code=201)
def create_relationship_restriction(
    person_id: PersonId,
    contact_id: Annotated[int, Path(alias="contactId")],
    body: JsonBody,
    state: StateDep,
) -> JSONResponse:
    with state.writing() as session:
        contact = child_or_404(session, "contact", contact_id, person_id)
        new_id = add_child(
            session,
            "contact-restriction",
            person_id,
            body,
            parent_id=contact_id,
            offender_no=contact.offender_no,
        )
    return JSONResponse({"id": new_id}, 201)


@router.put("/persons/{personId}/contact/{contactId}/restriction/{contactRestrictionId}")
def update_relationship_restriction(
    person_id: PersonId,
    contact_id: Annotated[int, Path(alias="contactId")],
    restriction_id: Annotated[int, Path(alias="contactRestrictionId")],
    body: JsonBody,
    state: StateDep,
) -> Response:
    with state.writing() as session:
        row = grandchild_or_404(
            session, "contact-restriction", restriction_id, person_id, contact_id
        )
        return merge_update(session, row, body)


@router.post("/persons/{personId}/{child}", status_code=201)
def create_child(person_id: PersonId, child: str, body: JsonBody, state: StateDep) -> JSONResponse:
    if child not in CHILDREN:
        raise ApiError(404, f"No resource /persons/{person_id}/{child}")
    with state.writing() as session:
        person_or_404(session, person_id)
        offender = body.get("offenderNo") if child == "contact" else None
        new_id = add_child(session, child, person_id, body, offender_no=offender)
    return JSONResponse({CHILDREN[child]: new_id}, 201)


@router.put("/persons/{personId}/{child}/{childId}")
def update_child(
    person_id: PersonId,
    child: str,
    child_id: Annotated[int, Path(alias="childId")],
    body: JsonBody,
    state: StateDep,
) -> Response:
    if child not in CHILDREN:
        raise ApiError(404, f"No resource /persons/{person_id}/{child}")
    with state.writing() as session:
        row = child_or_404(session, child, row_id(child, person_id, child_id), person_id)
        return merge_update(session, row, body)


@router.delete("/persons/{personId}/{child}/{childId}", status_code=204)
def delete_child(
    person_id: PersonId,
    child: str,
    child_id: Annotated[int, Path(alias="childId")],
    state: StateDep,
) -> Response:
    """Delete a child (204 even when absent); an address takes its phones with it."""
    if child not in CHILDREN:
        raise ApiError(404, f"No resource /persons/{person_id}/{child}")
    with state.writing() as session:
        key = row_id(child, person_id, child_id)
        row = session.get(NomisContactRecord, (child, key))
        if row is not None and row.person_id == person_id:
            session.delete(row)
            if child in ("address", "contact"):
                dependant = "address-phone" if child == "address" else "contact-restriction"
                for sub in session.scalars(
                    select(NomisContactRecord).where(
                        NomisContactRecord.kind == dependant, NomisContactRecord.parent_id == key
                    )
                ):
                    session.delete(sub)
            session.commit()
    return Response(status_code=204)


OffenderNo = Annotated[str, Path(alias="offenderNo")]


@router.get("/prisoners/restrictions/ids/all-from-id")
def restriction_ids(
    state: StateDep,
    restriction_id: Annotated[int, Query(alias="restrictionId")] = 0,
    page_size: Annotated[int, Query(alias="pageSize")] = 10,
) -> JSONResponse:
    """The next prisoner restriction ids after ``restrictionId``, ascending."""
    with state.reading() as session:
        ids = list(
            session.scalars(
                select(NomisContactRecord.id)
                .where(
                    NomisContactRecord.kind == "prisoner-restriction",
                    NomisContactRecord.id > restriction_id,
                )
                .order_by(NomisContactRecord.id)
                .limit(page_size)
            )
        )
    return JSONResponse({"restrictionIds": ids, "lastRestrictionId": ids[-1] if ids else 0})


@router.get("/prisoners/restrictions/{restrictionId}")
def prisoner_restriction(
    restriction_id: Annotated[int, Path(alias="restrictionId")], state: StateDep
) -> JSONResponse:
    """One prisoner restriction on its prisoner's booking (sequence 1: the latest), or 404."""
    with state.reading() as session:
        row = session.get(NomisContactRecord, ("prisoner-restriction", restriction_id))
        if row is None:
            raise ApiError(404, f"Prisoner restriction {restriction_id} not found")
        prisoner = session.get(Prisoner, row.offender_no)
        body = row.body
        staff = {"staffId": 1, "username": body.get("enteredStaffUsername", "SANDBOX")}
        answer = {
            "id": row.id,
            "offenderNo": row.offender_no,
            "bookingId": prisoner.booking_id if prisoner else 0,
            "bookingSequence": 1,
            "type": {"code": body["typeCode"], "description": body["typeCode"]},
            "effectiveDate": body["effectiveDate"],
            "enteredStaff": staff,
            "authorisedStaff": {
                "staffId": 2,
                "username": body.get("authorisedStaffUsername", "SANDBOX"),
            },
            "audit": {"createUsername": "SANDBOX", "createDatetime": "2025-01-01T08:00:00"},
        }
        for field in ("comment", "expiryDate"):
            if body.get(field) is not None:
                answer[field] = body[field]
        return JSONResponse(answer)


@router.post("/prisoners/{offenderNo}/restriction", status_code=201)
def create_prisoner_restriction(
    offender_no: OffenderNo, body: JsonBody, state: StateDep
) -> JSONResponse:
    with state.writing() as session:
        if session.get(Prisoner, offender_no) is None:
            raise ApiError(404, f"Prisoner {offender_no} not found")
        new_id = next_id(session, "prisoner-restriction", kind_start("prisoner-restriction"))
        session.add(
            NomisContactRecord(
                kind="prisoner-restriction", id=new_id, offender_no=offender_no, body=body
            )
        )
        session.commit()
    return JSONResponse({"id": new_id}, 201)


@router.put("/prisoners/{offenderNo}/restriction/{prisonerRestrictionId}")
def update_prisoner_restriction(
    offender_no: OffenderNo,
    restriction_id: Annotated[int, Path(alias="prisonerRestrictionId")],
    body: JsonBody,
    state: StateDep,
) -> Response:
    with state.writing() as session:
        row = session.get(NomisContactRecord, ("prisoner-restriction", restriction_id))
        if row is None or row.offender_no != offender_no:
            raise ApiError(404, f"Restriction {restriction_id} of {offender_no} not found")
        return merge_update(session, row, body)


@router.delete("/prisoners/{offenderNo}/restriction/{prisonerRestrictionId}", status_code=204)
def delete_prisoner_restriction(
    offender_no: OffenderNo,
    restriction_id: Annotated[int, Path(alias="prisonerRestrictionId")],
    state: StateDep,
) -> Response:
    with state.writing() as session:
        row = session.get(NomisContactRecord, ("prisoner-restriction", restriction_id))
        if row is not None and row.offender_no == offender_no:
            session.delete(row)
            session.commit()
    return Response(status_code=204)


@router.put("/prisoners/{offenderNo}/profile-details")
def upsert_profile_details(
    offender_no: OffenderNo, body: JsonBody, state: StateDep
) -> JSONResponse:
    """Write one profile detail on the latest booking; `created` when it had none."""
    with state.writing() as session:
        prisoner = session.get(Prisoner, offender_no)
        if prisoner is None:
            raise ApiError(404, f"Prisoner {offender_no} not found")
        kind = f"profile-{body['profileType']}"
        row = session.get(NomisContactRecord, (kind, prisoner.booking_id))
        created = row is None
        if row is None:
            row = NomisContactRecord(
                kind=kind, id=prisoner.booking_id, offender_no=offender_no, body={}
            )
            session.add(row)
        row.body = {"profileCode": body.get("profileCode")}
        session.commit()
        return JSONResponse({"created": created, "bookingId": prisoner.booking_id})


@router.get("/prisoners/{offenderNo}/profile-details")
def profile_details(offender_no: OffenderNo, state: StateDep) -> JSONResponse:
    """The prisoner's MARITAL and CHILD details on the latest booking (the only one here)."""
    with state.reading() as session:
        prisoner = session.get(Prisoner, offender_no)
        if prisoner is None:
            raise ApiError(404, f"Prisoner {offender_no} not found")
        details = []
        for profile_type in ("MARITAL", "CHILD"):
            row = session.get(NomisContactRecord, (f"profile-{profile_type}", prisoner.booking_id))
            if row is not None:
                detail = {
                    "type": profile_type,
                    "createDateTime": "2025-01-01T08:00:00",
                    "createdBy": "SANDBOX",
                }
                if row.body.get("profileCode") is not None:  # a cleared value has no code
                    detail["code"] = row.body["profileCode"]
                details.append(detail)
        booking = {
            "bookingId": prisoner.booking_id,
            "latestBooking": True,
            "sequence": 1,
            "startDateTime": "2025-01-01T08:00:00",
            "profileDetails": details,
        }
        return JSONResponse({"offenderNo": offender_no, "bookings": [booking]})


AUDIT = {"createUsername": "SANDBOX", "createDatetime": "2025-01-01T08:00:00"}


def _code(code: str) -> dict[str, str]:
    return {"code": code, "description": code}


@router.get("/prisoners/{offenderNo}/contacts")
def prisoner_contacts(offender_no: OffenderNo, state: StateDep) -> JSONResponse:
    """The prisoner's contacts on the latest booking (the only one here), with restrictions."""
    with state.reading() as session:
        prisoner = session.get(Prisoner, offender_no)
        if prisoner is None:
            raise ApiError(404, f"Prisoner {offender_no} not found")
        contacts = []
        for row in session.scalars(
            select(NomisContactRecord)
            .where(
                NomisContactRecord.kind == "contact", NomisContactRecord.offender_no == offender_no
            )
            .order_by(NomisContactRecord.id)
        ):
            body = row.body
            person = session.get(NomisContactRecord, ("person", row.person_id))
            names = person.body if person else {}
            restrictions = [
                r
                for r in session.scalars(
                    select(NomisContactRecord).where(
                        NomisContactRecord.kind == "contact-restriction",
                        NomisContactRecord.person_id == row.person_id,
                    )
                )
                if r.parent_id == row.id
            ]
            contacts.append(
                {
                    "id": row.id,
                    "bookingId": prisoner.booking_id,
                    "bookingSequence": 1,
                    "contactType": _code(body["contactTypeCode"]),
                    "relationshipType": _code(body["relationshipTypeCode"]),
                    "active": body["active"],
                    "approvedVisitor": body["approvedVisitor"],
                    "nextOfKin": body["nextOfKin"],
                    "emergencyContact": body["emergencyContact"],
                    "person": {
                        "personId": row.person_id,
                        "firstName": names.get("firstName", ""),
                        "lastName": names.get("lastName", ""),
                    },
                    "restrictions": [
                        {
                            "id": r.id,
                            "type": _code(r.body["typeCode"]),
                            "effectiveDate": r.body["effectiveDate"],
                            **(
                                {"expiryDate": r.body["expiryDate"]}
                                if r.body.get("expiryDate")
                                else {}
                            ),
                            "enteredStaff": {"staffId": 1, "username": "SANDBOX"},
                            "audit": AUDIT,
                        }
                        for r in restrictions
                    ],
                    "audit": AUDIT,
                }
            )
        return JSONResponse({"contacts": contacts})
