"""Seed personal relationships: profile details both sides agree on, and planted mismatches.

Every third prisoner of every prison has a domestic status (`S`) and every fifth a number of
children (`1`) in DPS and on the NOMIS booking. When the estate plants mismatches, three LEI
prisoners disagree on purpose for the profile details reconciliation
(``PLANTED_PROFILE_MISMATCHES``).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.domain import SeedContext
from dagster_project.sandbox.core.estate import (
    SEED_CREATED,
    booking_id,
    offender_no,
    prison_count,
)
from dagster_project.sandbox.domains.personal_relationships.tables import (
    ContactMappingRow,
    ContactsSeedInfo,
    DpsContactRecord,
    NomisContactRecord,
)
from dagster_project.sandbox.settings import SandboxSettings

PLANTED_PRISON = 1  # LEI


class PlantedProfile(NamedTuple):
    position: int
    nomis_marital: str | None
    dps_marital: str | None
    nomis_children: str | None
    dps_children: str | None
    differences: str

    @property
    def offender_no(self) -> str:
        return offender_no(PLANTED_PRISON, self.position)


PLANTED_PROFILE_MISMATCHES = (
    PlantedProfile(7, "S", "M", None, None, "domestic-status"),
    PlantedProfile(8, None, None, None, "2", "number-of-children-null-nomis"),
    PlantedProfile(11, "W", None, "3", "3", "domestic-status-null-dps"),
)


class PlantedRestriction(NamedTuple):
    position: int
    kind: str

    @property
    def offender_no(self) -> str:
        return offender_no(PLANTED_PRISON, self.position)


PLANTED_RESTRICTION_MISMATCHES = (
    PlantedRestriction(3, "restriction-different-details"),
    PlantedRestriction(5, "dps-record-missing"),
)


class PlantedContacts(NamedTuple):
    position: int
    kind: str

    @property
    def offender_no(self) -> str:
        return offender_no(PLANTED_PRISON, self.position)


PLANTED_CONTACT_MISMATCHES = (
    PlantedContacts(13, "different-contacts-details"),  # NOMIS says not an approved visitor
    PlantedContacts(14, "different-number-of-contacts"),  # the relationship never reached NOMIS
    PlantedContacts(16, "different-contacts-details"),  # NOMIS has another last name
)
# the contact of this LEI prisoner has another last name in NOMIS (person contacts); the
# person contacts reconciliation also finds the contact of PLANTED_CONTACT_MISMATCHES[1]
PLANTED_PERSON_POSITION = 16
CONTACT_EVERY = 10  # positions 2, 12, 22, ... have one synced contact
CONTACT_START = 200_001  # DPS contact ids (= NOMIS person ids) of the seeded contacts
RELATIONSHIP_START = 300_001  # DPS prisoner contact ids
NOMIS_CONTACT_START = 400_001  # NOMIS contact (relationship) ids
RESTRICTION_START = 700_001  # NOMIS ids of the seeded prisoner restrictions
RESTRICTION_EVERY = 4  # every fourth prisoner has a synced restriction


def restriction_body(number: str, n: int, type_code: str = "BAN") -> dict[str, Any]:
    return {
        "prisonerRestrictionId": n,
        "prisonerNumber": number,
        "restrictionType": type_code,
        "effectiveDate": "2025-01-01",
        "commentText": f"seeded {n}",
        "authorisedUsername": "AUTHORISER",
        "currentTerm": True,
        "createdBy": "SANDBOX_SEED",
        "createdTime": "2025-01-01T08:00:00",
    }


class Rows:
    def __init__(self) -> None:
        self.dps: list[DpsContactRecord] = []
        self.nomis: list[NomisContactRecord] = []
        self.mappings: list[ContactMappingRow] = []
        self.restrictions = 0
        self.contacts = 0

    def contact(
        self,
        number: str,
        in_nomis: bool = True,
        approved_in_nomis: bool = True,
        nomis_last_name: str | None = None,
    ) -> None:
        """A contact of the prisoner in DPS, the person in NOMIS, mapped.

        The relationship too, unless `in_nomis` is False.
        """
        i = self.contacts
        self.contacts += 1
        contact, relationship, nomis_contact = (
            CONTACT_START + i,
            RELATIONSHIP_START + i,
            NOMIS_CONTACT_START + i,
        )
        audit = {"createdBy": "SANDBOX_SEED", "createdTime": "2025-01-01T08:00:00"}
        names = {"firstName": "JOHN", "lastName": f"CONTACT{i}"}
        self.dps.append(
            DpsContactRecord(
                kind="contact",
                id=contact,
                contact_id=contact,
                body={"id": contact, **names, "isStaff": False, "remitter": False, **audit},
            )
        )
        flags = {"nextOfKin": False, "emergencyContact": True, "active": True}
        self.dps.append(
            DpsContactRecord(
                kind="prisoner-contact",
                id=relationship,
                contact_id=contact,
                prisoner_number=number,
                body={
                    "id": relationship,
                    "contactId": contact,
                    "prisonerNumber": number,
                    "contactType": "S",
                    "relationshipType": "BRO",
                    "approvedVisitor": True,
                    "currentTerm": True,
                    **flags,
                    **audit,
                },
            )
        )
        self.nomis.append(
            NomisContactRecord(
                kind="person",
                id=contact,
                person_id=contact,
                body={
                    "personId": contact,
                    **names,
                    "lastName": nomis_last_name or names["lastName"],
                    "interpreterRequired": False,
                },
            )
        )
        self.map("person", str(contact), str(contact), {"dpsId": str(contact), "nomisId": contact})
        if not in_nomis:
            return
        self.nomis.append(
            NomisContactRecord(
                kind="contact",
                id=nomis_contact,
                person_id=contact,
                offender_no=number,
                body={
                    "offenderNo": number,
                    "contactTypeCode": "S",
                    "relationshipTypeCode": "BRO",
                    "approvedVisitor": approved_in_nomis,
                    **flags,
                },
            )
        )
        body = {"dpsId": str(relationship), "nomisId": nomis_contact}
        self.map("contact", str(relationship), str(nomis_contact), body)

    def map(self, route: str, dps_key: str, nomis_key: str, body: dict[str, Any]) -> None:
        full = {**body, "mappingType": "MIGRATED", "label": None}
        full["whenCreated"] = "2025-01-01T08:00:00"
        self.mappings.append(
            ContactMappingRow(route=route, dps_key=dps_key, nomis_key=nomis_key, body=full)
        )

    def restriction(self, number: str, dps: str | None, nomis: str | None) -> None:
        """A prisoner restriction: in DPS with type `dps`, in NOMIS with `nomis`, mapped."""
        self.restrictions += 1
        n = self.restrictions
        nomis_id = RESTRICTION_START + n - 1
        if dps is not None:
            body = restriction_body(number, n, dps)
            self.dps.append(
                DpsContactRecord(
                    kind="prisoner-restriction", id=n, prisoner_number=number, body=body
                )
            )
        if nomis is not None:
            self.nomis.append(
                NomisContactRecord(
                    kind="prisoner-restriction",
                    id=nomis_id,
                    offender_no=number,
                    body={
                        "typeCode": nomis,
                        "effectiveDate": "2025-01-01",
                        "comment": f"seeded {n}",
                        "enteredStaffUsername": "SANDBOX_SEED",
                        "authorisedStaffUsername": "AUTHORISER",
                    },
                )
            )
            mapping = {
                "dpsId": str(n),
                "nomisId": nomis_id,
                "offenderNo": number,
                "mappingType": "MIGRATED",
                "label": None,
                "whenCreated": "2025-01-01T08:00:00",
            }
            self.mappings.append(
                ContactMappingRow(
                    route="prisoner-restriction",
                    dps_key=str(n),
                    nomis_key=str(nomis_id),
                    body=mapping,
                )
            )

    def profile(
        self, prison: int, position: int, kind: str, nomis: str | None, dps: str | None
    ) -> None:
        number, booking = offender_no(prison, position), booking_id(prison, position)
        profile_type, field = (
            ("MARITAL", "domesticStatusCode")
            if kind == "domestic-status"
            else ("CHILD", "numberOfChildren")
        )
        if dps is not None:
            record_id = len(self.dps) + 1
            body = {"id": record_id, field: dps, "active": True, "prisonerNumber": number}
            self.dps.append(
                DpsContactRecord(kind=kind, id=record_id, prisoner_number=number, body=body)
            )
        if nomis is not None:
            self.nomis.append(
                NomisContactRecord(
                    kind=f"profile-{profile_type}",
                    id=booking,
                    offender_no=number,
                    body={"profileCode": nomis},
                )
            )


def ensure_profiles(session: Session, settings: SandboxSettings) -> bool:
    """Add the seeded profile details unless already seeded; returns whether anything was added."""
    if session.get(ContactsSeedInfo, 1) is not None:
        return False
    session.add(ContactsSeedInfo(id=1, seeded_at=SEED_CREATED))
    rows = Rows()
    planted = {p.position for p in PLANTED_PROFILE_MISMATCHES}
    for prison in range(prison_count(settings.seed_extra_prisons)):
        for position in range(settings.seed_prisoners_per_prison):
            if prison == PLANTED_PRISON and position in planted:
                continue
            if position % 3 == 0:
                rows.profile(prison, position, "domestic-status", "S", "S")
            if position % 5 == 0:
                rows.profile(prison, position, "number-of-children", "1", "1")
            if position % CONTACT_EVERY == 2:
                rows.contact(offender_no(prison, position))
            if position % RESTRICTION_EVERY == 1:
                number = offender_no(prison, position)
                rows.restriction(number, "BAN", "BAN")
    if settings.plant_mismatches:
        for p in PLANTED_PROFILE_MISMATCHES:
            rows.profile(
                PLANTED_PRISON, p.position, "domestic-status", p.nomis_marital, p.dps_marital
            )
            rows.profile(
                PLANTED_PRISON, p.position, "number-of-children", p.nomis_children, p.dps_children
            )
        for c in PLANTED_CONTACT_MISMATCHES:
            if c.position == PLANTED_PERSON_POSITION:
                continue  # below
            if c.kind == "different-contacts-details":
                rows.contact(c.offender_no, approved_in_nomis=False)
            else:
                rows.contact(c.offender_no, in_nomis=False)
        rows.contact(offender_no(PLANTED_PRISON, PLANTED_PERSON_POSITION), nomis_last_name="OTHER")
        for r in PLANTED_RESTRICTION_MISMATCHES:
            if r.kind == "restriction-different-details":
                rows.restriction(r.offender_no, "CCTV", "BAN")
            else:
                rows.restriction(r.offender_no, None, "BAN")  # DPS deleted it, the event lost
    session.add_all([*rows.dps, *rows.nomis, *rows.mappings])
    return True


def seed_personal_relationships(session: Session, context: SeedContext) -> None:
    """The seeded profile details, unless an earlier seed added them already."""
    ensure_profiles(session, context.settings)


def planted_person_contact_ids(session: Session) -> list[int]:
    """The DPS contact ids the person contacts reconciliation must find (planted seed)."""
    numbers = [
        offender_no(PLANTED_PRISON, PLANTED_PERSON_POSITION),
        PLANTED_CONTACT_MISMATCHES[1].offender_no,
    ]
    rows = session.scalars(
        select(DpsContactRecord).where(
            DpsContactRecord.kind == "prisoner-contact",
            DpsContactRecord.prisoner_number.in_(numbers),
            DpsContactRecord.id >= RELATIONSHIP_START,
        )
    )
    return sorted(int(row.body["contactId"]) for row in rows)


def planted_personal_relationships(session: Session, settings: SandboxSettings) -> dict[str, Any]:
    """`GET /sandbox/planted` key: the planted prisoners (none when not planted)."""
    planted = PLANTED_PROFILE_MISMATCHES if settings.plant_mismatches else ()
    restrictions = PLANTED_RESTRICTION_MISMATCHES if settings.plant_mismatches else ()
    contacts = PLANTED_CONTACT_MISMATCHES if settings.plant_mismatches else ()
    return {
        "profile_details": [
            {"offenderNo": p.offender_no, "differences": p.differences} for p in planted
        ],
        "prisoner_contacts": [{"offenderNo": c.offender_no, "kind": c.kind} for c in contacts],
        "person_contacts": planted_person_contact_ids(session) if settings.plant_mismatches else [],
        "prisoner_restrictions": [
            {"offenderNo": r.offender_no, "kind": r.kind} for r in restrictions
        ],
    }
