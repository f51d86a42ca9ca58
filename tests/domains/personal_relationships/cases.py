"""One row per contact entity: the DPS record, and what NOMIS and the mapping service are sent.

The bodies are written out field by field from the old service's transforms (upstream §3), so
the sync's entity table is checked against them, not against itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CONTACT = 87654
OFFENDER = "A1234BC"
NOMIS_ID = 900
ADDRESS_NOMIS = 500  # the address of the address phone
RELATIONSHIP_NOMIS = 600  # the relationship of the relationship restriction
AUDIT = {"createdBy": "CREATOR", "createdTime": "2024-01-01T10:00:00"}


@dataclass(frozen=True)
class Case:
    name: str  # telemetry prefix
    event: str
    info: dict[str, Any]  # additionalInformation ids
    dps_path: str
    dps: dict[str, Any]
    mapping_get: str  # under /mapping-api/mapping/contact-person/
    mapping_post: str
    created: dict[str, Any]  # NOMIS create answer
    create: tuple[str, dict[str, Any]]  # NOMIS POST path and body
    mapping_sent: dict[str, Any]
    update: tuple[str, dict[str, Any]]
    base: dict[str, str]
    create_ids: dict[str, str]  # what create adds to the base (DPS body + NOMIS id)
    update_ids: dict[str, str]  # what update adds to the base
    existing: dict[str, Any] = field(default_factory=dict)  # the mapping GET answer
    delete: str | None = None  # NOMIS DELETE path
    mapping_delete: str | None = None
    delete_ids: dict[str, str] = field(default_factory=dict)
    parent: tuple[str, int] | None = None  # parent mapping GET and its NOMIS id
    reference: str = "DPS_CONTACT_ID"
    retry_success: str | None = None

    @property
    def id(self) -> int:
        return int(next(iter(self.info.values())))


def simple(dps_id: int, phone: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"dpsId": str(dps_id), "nomisId": NOMIS_ID, "mappingType": "DPS_CREATED"}
    if phone:
        body["dpsPhoneType"] = phone
    return body


PERSON_BODY = {
    "firstName": "JOHN",
    "lastName": "SMITH",
    "middleName": "MIDDLE",
    "dateOfBirth": "1980-01-01",
    "genderCode": "M",
    "titleCode": "MR",
    "languageCode": "ENG",
    "interpreterRequired": False,  # DPS null
    "domesticStatusCode": "S",
    "isStaff": False,
}
RELATIONSHIP_BODY = {
    "contactTypeCode": "S",
    "relationshipTypeCode": "BRO",
    "active": True,
    "expiryDate": "2026-01-01",
    "approvedVisitor": False,
    "nextOfKin": True,
    "emergencyContact": False,
    "comment": "a note",
}
ADDRESS_BODY = {
    "typeCode": "HOME",
    "flat": "1",
    "premise": "2",
    "street": "High Street",
    "locality": "Town",
    "postcode": "S1 1AA",
    "cityCode": "25343",
    "countyCode": "S.YORKSHIRE",
    "countryCode": "ENG",
    "noFixedAddress": False,
    "primaryAddress": True,
    "mailAddress": False,
    "comment": "a comment",
    "startDate": "2024-01-01",
    "endDate": "2025-01-01",
}
CONTACT_IDS = {"dpsContactId": str(CONTACT), "nomisPersonId": str(CONTACT)}

CASES = [
    Case(
        name="contactperson",
        event="contacts-api.contact",
        info={"contactId": CONTACT},
        dps_path=f"/sync/contact/{CONTACT}",
        dps={
            "id": CONTACT,
            "firstName": "JOHN",
            "lastName": "SMITH",
            "middleName": "MIDDLE",
            "title": "MR",
            "dateOfBirth": "1980-01-01",
            "isStaff": False,
            "remitter": True,
            "deceasedFlag": True,
            "deceasedDate": "2025-02-02",
            "gender": "M",
            "domesticStatus": "S",
            "languageCode": "ENG",
            "interpreterRequired": None,
            **AUDIT,
        },
        mapping_get=f"person/dps-contact-id/{CONTACT}",
        mapping_post="person",
        created={"personId": CONTACT},
        create=("/persons", {"personId": CONTACT, **PERSON_BODY}),
        mapping_sent={"dpsId": str(CONTACT), "nomisId": CONTACT, "mappingType": "DPS_CREATED"},
        update=(f"/persons/{CONTACT}", {**PERSON_BODY, "deceasedDate": "2025-02-02"}),
        base={"dpsContactId": str(CONTACT)},
        create_ids={"nomisPersonId": str(CONTACT)},
        update_ids={"nomisPersonId": str(CONTACT)},
        existing={"dpsId": str(CONTACT), "nomisId": CONTACT, "mappingType": "MIGRATED"},
        delete=f"/persons/{CONTACT}",
        mapping_delete=f"person/dps-contact-id/{CONTACT}",
        delete_ids={"nomisPersonId": str(CONTACT)},
        retry_success="contact-person-create-success",
    ),
    Case(
        name="contact",
        event="contacts-api.prisoner-contact",
        info={"prisonerContactId": 11},
        dps_path="/sync/prisoner-contact/11",
        dps={
            "id": 11,
            "contactId": CONTACT,
            "prisonerNumber": OFFENDER,
            "contactType": "S",
            "relationshipType": "BRO",
            "nextOfKin": True,
            "emergencyContact": False,
            "comments": "a note",
            "active": True,
            "approvedVisitor": False,
            "currentTerm": True,
            "expiryDate": "2026-01-01",
            "createdAtPrison": "MDI",
            **AUDIT,
        },
        mapping_get="contact/dps-prisoner-contact-id/11",
        mapping_post="contact",
        created={"personContactId": NOMIS_ID},
        create=(f"/persons/{CONTACT}/contact", {"offenderNo": OFFENDER, **RELATIONSHIP_BODY}),
        mapping_sent=simple(11),
        update=(f"/persons/{CONTACT}/contact/{NOMIS_ID}", RELATIONSHIP_BODY),
        base={"dpsPrisonerContactId": "11"},
        create_ids={"offenderNo": OFFENDER, **CONTACT_IDS, "nomisContactId": str(NOMIS_ID)},
        update_ids={"nomisContactId": str(NOMIS_ID), "offenderNo": OFFENDER, **CONTACT_IDS},
        delete=f"/persons/{CONTACT}/contact/{NOMIS_ID}",
        mapping_delete=None,  # kept, as the old service did
        delete_ids={**CONTACT_IDS, "nomisContactId": str(NOMIS_ID)},
    ),
    Case(
        name="contact-address",
        event="contacts-api.contact-address",
        info={"contactAddressId": 12},
        dps_path="/sync/contact-address/12",
        dps={
            "contactAddressId": 12,
            "contactId": CONTACT,
            "addressType": "HOME",
            "primaryAddress": True,
            "flat": "1",
            "property": "2",
            "street": "High Street",
            "area": "Town",
            "cityCode": "25343",
            "countyCode": "S.YORKSHIRE",
            "postcode": "S1 1AA",
            "countryCode": "ENG",
            "verified": True,
            "mailFlag": False,
            "startDate": "2024-01-01",
            "endDate": "2025-01-01",
            "noFixedAddress": False,
            "comments": "a comment",
            **AUDIT,
        },
        mapping_get="address/dps-contact-address-id/12",
        mapping_post="address",
        created={"personAddressId": NOMIS_ID},
        create=(f"/persons/{CONTACT}/address", ADDRESS_BODY),
        mapping_sent=simple(12),
        update=(f"/persons/{CONTACT}/address/{NOMIS_ID}", {**ADDRESS_BODY, "validatedPAF": True}),
        base={"dpsContactAddressId": "12"},
        create_ids={**CONTACT_IDS, "nomisAddressId": str(NOMIS_ID)},
        update_ids={"nomisAddressId": str(NOMIS_ID), **CONTACT_IDS},
        delete=f"/persons/{CONTACT}/address/{NOMIS_ID}",
        mapping_delete=f"address/nomis-address-id/{NOMIS_ID}",
        delete_ids={**CONTACT_IDS, "nomisAddressId": str(NOMIS_ID)},
    ),
    Case(
        name="contact-email",
        event="contacts-api.contact-email",
        info={"contactEmailId": 13},
        dps_path="/sync/contact-email/13",
        dps={"contactEmailId": 13, "contactId": CONTACT, "emailAddress": "a@b.com", **AUDIT},
        mapping_get="email/dps-contact-email-id/13",
        mapping_post="email",
        created={"emailAddressId": NOMIS_ID},
        create=(f"/persons/{CONTACT}/email", {"email": "a@b.com"}),
        mapping_sent=simple(13),
        update=(f"/persons/{CONTACT}/email/{NOMIS_ID}", {"email": "a@b.com"}),
        base={"dpsContactEmailId": "13"},
        create_ids={**CONTACT_IDS, "nomisInternetAddressId": str(NOMIS_ID)},
        update_ids={"nomisInternetAddressId": str(NOMIS_ID), **CONTACT_IDS},
        delete=f"/persons/{CONTACT}/email/{NOMIS_ID}",
        mapping_delete=f"email/nomis-internet-address-id/{NOMIS_ID}",
        delete_ids={**CONTACT_IDS, "nomisEmailId": str(NOMIS_ID)},  # the old key on delete
    ),
    Case(
        name="contact-phone",
        event="contacts-api.contact-phone",
        info={"contactPhoneId": 14},
        dps_path="/sync/contact-phone/14",
        dps={
            "contactPhoneId": 14,
            "contactId": CONTACT,
            "phoneType": "MOB",
            "phoneNumber": "07700 900000",
            "extNumber": "12",
            **AUDIT,
        },
        mapping_get="phone/dps-contact-phone-id/14",
        mapping_post="phone",
        created={"phoneId": NOMIS_ID},
        create=(
            f"/persons/{CONTACT}/phone",
            {"number": "07700 900000", "extension": "12", "typeCode": "MOB"},
        ),
        mapping_sent=simple(14, "PERSON"),
        update=(
            f"/persons/{CONTACT}/phone/{NOMIS_ID}",
            {"number": "07700 900000", "extension": "12", "typeCode": "MOB"},
        ),
        base={"dpsContactPhoneId": "14"},
        create_ids={**CONTACT_IDS, "nomisPhoneId": str(NOMIS_ID)},
        update_ids={"nomisPhoneId": str(NOMIS_ID), **CONTACT_IDS},
        existing={**simple(14, "PERSON")},
        delete=f"/persons/{CONTACT}/phone/{NOMIS_ID}",
        mapping_delete=f"phone/nomis-phone-id/{NOMIS_ID}",
        delete_ids={**CONTACT_IDS, "nomisPhoneId": str(NOMIS_ID)},
    ),
    Case(
        name="contact-address-phone",
        event="contacts-api.contact-address-phone",
        info={"contactAddressPhoneId": 15, "contactAddressId": 12},
        dps_path="/sync/contact-address-phone/15",
        dps={
            "contactAddressPhoneId": 15,
            "contactAddressId": 12,
            "contactPhoneId": 99,
            "contactId": CONTACT,
            "phoneType": "HOME",
            "phoneNumber": "0114 496 0000",
            "extNumber": None,
            **AUDIT,
        },
        mapping_get="phone/dps-contact-address-phone-id/15",
        mapping_post="phone",
        created={"phoneId": NOMIS_ID},
        create=(
            f"/persons/{CONTACT}/address/{ADDRESS_NOMIS}/phone",
            {"number": "0114 496 0000", "typeCode": "HOME"},
        ),
        mapping_sent=simple(15, "ADDRESS"),
        update=(
            f"/persons/{CONTACT}/address/{ADDRESS_NOMIS}/phone/{NOMIS_ID}",
            {"number": "0114 496 0000", "typeCode": "HOME"},
        ),
        base={"dpsContactAddressPhoneId": "15", "dpsContactAddressId": "12"},
        create_ids={
            **CONTACT_IDS,
            "nomisAddressId": str(ADDRESS_NOMIS),
            "nomisPhoneId": str(NOMIS_ID),
        },
        update_ids={
            "nomisPhoneId": str(NOMIS_ID),
            **CONTACT_IDS,
            "nomisAddressId": str(ADDRESS_NOMIS),
        },
        existing={**simple(15, "ADDRESS")},
        delete=f"/persons/{CONTACT}/address/{ADDRESS_NOMIS}/phone/{NOMIS_ID}",
        mapping_delete=f"phone/nomis-phone-id/{NOMIS_ID}",
        delete_ids={
            **CONTACT_IDS,
            "nomisPhoneId": str(NOMIS_ID),
            "nomisAddressId": str(ADDRESS_NOMIS),
        },
        parent=("address/dps-contact-address-id/12", ADDRESS_NOMIS),
    ),
    Case(
        name="contact-identity",
        event="contacts-api.contact-identity",
        info={"contactIdentityId": 16},
        dps_path="/sync/contact-identity/16",
        dps={
            "contactIdentityId": 16,
            "contactId": CONTACT,
            "identityType": "DL",
            "identityValue": "SMITH123",
            "issuingAuthority": "DVLA",
            **AUDIT,
        },
        mapping_get="identifier/dps-contact-identifier-id/16",
        mapping_post="identifier",
        created={"sequence": 3},
        create=(
            f"/persons/{CONTACT}/identifier",
            {"typeCode": "DL", "identifier": "SMITH123", "issuedAuthority": "DVLA"},
        ),
        mapping_sent={
            "dpsId": "16",
            "nomisPersonId": CONTACT,
            "nomisSequenceNumber": 3,
            "mappingType": "DPS_CREATED",
        },
        update=(
            f"/persons/{CONTACT}/identifier/3",
            {"typeCode": "DL", "identifier": "SMITH123", "issuedAuthority": "DVLA"},
        ),
        base={"dpsContactIdentityId": "16"},
        create_ids={"dpsContactId": str(CONTACT), "nomisSequenceNumber": "3"},
        update_ids={
            "nomisPersonId": str(CONTACT),
            "nomisSequenceNumber": "3",
            "dpsContactId": str(CONTACT),
        },
        existing={
            "dpsId": "16",
            "nomisPersonId": CONTACT,
            "nomisSequenceNumber": 3,
            "mappingType": "MIGRATED",
        },
        delete=f"/persons/{CONTACT}/identifier/3",
        mapping_delete=f"identifier/nomis-person-id/{CONTACT}/nomis-sequence-number/3",
        delete_ids={"nomisPersonId": str(CONTACT), "nomisSequenceNumber": "3"},
    ),
    Case(
        name="contact-employment",
        event="contacts-api.employment",
        info={"employmentId": 17},
        dps_path="/sync/employment/17",
        dps={
            "employmentId": 17,
            "organisationId": 55,
            "contactId": CONTACT,
            "active": True,
            **AUDIT,
        },
        mapping_get="employment/dps-contact-employment-id/17",
        mapping_post="employment",
        created={"sequence": 2},
        create=(f"/persons/{CONTACT}/employment", {"corporateId": 55, "active": True}),
        mapping_sent={
            "dpsId": "17",
            "nomisPersonId": CONTACT,
            "nomisSequenceNumber": 2,
            "mappingType": "DPS_CREATED",
        },
        update=(f"/persons/{CONTACT}/employment/2", {"corporateId": 55, "active": True}),
        base={"dpsContactEmploymentId": "17"},
        create_ids={"dpsContactId": str(CONTACT), "nomisSequenceNumber": "2"},
        update_ids={
            "nomisPersonId": str(CONTACT),
            "nomisSequenceNumber": "2",
            "dpsContactId": str(CONTACT),
        },
        existing={
            "dpsId": "17",
            "nomisPersonId": CONTACT,
            "nomisSequenceNumber": 2,
            "mappingType": "MIGRATED",
        },
        delete=f"/persons/{CONTACT}/employment/2",
        mapping_delete=f"employment/nomis-person-id/{CONTACT}/nomis-sequence-number/2",
        delete_ids={"nomisPersonId": str(CONTACT), "nomisSequenceNumber": "2"},
    ),
    Case(
        name="contact-restriction",
        event="contacts-api.contact-restriction",
        info={"contactRestrictionId": 18},
        dps_path="/sync/contact-restriction/18",
        dps={
            "contactRestrictionId": 18,
            "contactId": CONTACT,
            "restrictionType": "BAN",
            "startDate": "2024-01-01",
            "expiryDate": "2025-01-01",
            "comments": "banned",
            "updatedBy": "UPDATER",
            **AUDIT,
        },
        mapping_get="person-restriction/dps-contact-restriction-id/18",
        mapping_post="person-restriction",
        created={"id": NOMIS_ID},
        create=(
            f"/persons/{CONTACT}/restriction",
            {
                "typeCode": "BAN",
                "comment": "banned",
                "effectiveDate": "2024-01-01",
                "expiryDate": "2025-01-01",
                "enteredStaffUsername": "CREATOR",
            },
        ),
        mapping_sent=simple(18),
        update=(
            f"/persons/{CONTACT}/restriction/{NOMIS_ID}",
            {
                "typeCode": "BAN",
                "comment": "banned",
                "effectiveDate": "2024-01-01",
                "expiryDate": "2025-01-01",
                "enteredStaffUsername": "UPDATER",
            },
        ),
        base={"dpsContactRestrictionId": "18"},
        create_ids={**CONTACT_IDS, "nomisPersonRestrictionId": str(NOMIS_ID)},
        update_ids={"nomisPersonRestrictionId": str(NOMIS_ID), **CONTACT_IDS},
    ),
    Case(
        name="prisoner-contact-restriction",
        event="contacts-api.prisoner-contact-restriction",
        info={"prisonerContactRestrictionId": 19},
        dps_path="/sync/prisoner-contact-restriction/19",
        dps={
            "prisonerContactRestrictionId": 19,
            "prisonerContactId": 11,
            "contactId": CONTACT,
            "prisonerNumber": OFFENDER,
            "restrictionType": "CCTV",
            "startDate": "2024-02-02",
            "expiryDate": None,
            "comments": None,
            "createdBy": "CREATOR",
            "updatedBy": "UPDATER",
        },
        mapping_get="contact-restriction/dps-prisoner-contact-restriction-id/19",
        mapping_post="contact-restriction",
        created={"id": NOMIS_ID},
        create=(
            f"/persons/{CONTACT}/contact/{RELATIONSHIP_NOMIS}/restriction",
            {"typeCode": "CCTV", "effectiveDate": "2024-02-02", "enteredStaffUsername": "CREATOR"},
        ),
        mapping_sent=simple(19),
        update=(
            f"/persons/{CONTACT}/contact/{RELATIONSHIP_NOMIS}/restriction/{NOMIS_ID}",
            {"typeCode": "CCTV", "effectiveDate": "2024-02-02", "enteredStaffUsername": "UPDATER"},
        ),
        base={"dpsPrisonerContactRestrictionId": "19"},
        create_ids={
            "offenderNo": OFFENDER,
            **CONTACT_IDS,
            "dpsPrisonerContactId": "11",
            "nomisContactId": str(RELATIONSHIP_NOMIS),
            "nomisContactRestrictionId": str(NOMIS_ID),
        },
        update_ids={
            "nomisContactRestrictionId": str(NOMIS_ID),
            "offenderNo": OFFENDER,
            **CONTACT_IDS,
            "dpsPrisonerContactId": "11",
            "nomisContactId": str(RELATIONSHIP_NOMIS),
        },
        parent=("contact/dps-prisoner-contact-id/11", RELATIONSHIP_NOMIS),
    ),
    Case(
        name="prisoner-restriction",
        event="personal-relationships-api.prisoner-restriction",
        info={"prisonerRestrictionId": 20},
        dps_path="/sync/prisoner-restriction/20",
        dps={
            "prisonerRestrictionId": 20,
            "prisonerNumber": "Z9999ZZ",  # NOMIS is written for the event's prisoner
            "restrictionType": "BAN",
            "effectiveDate": "2024-01-01",
            "expiryDate": None,
            "commentText": "no visits",
            "authorisedUsername": "AUTHORISER",
            "currentTerm": True,
            "updatedBy": None,
            **AUDIT,
        },
        mapping_get="prisoner-restriction/dps-prisoner-restriction-id/20",
        mapping_post="prisoner-restriction",
        created={"id": NOMIS_ID},
        create=(
            f"/prisoners/{OFFENDER}/restriction",
            {
                "typeCode": "BAN",
                "comment": "no visits",
                "effectiveDate": "2024-01-01",
                "enteredStaffUsername": "CREATOR",
                "authorisedStaffUsername": "AUTHORISER",
            },
        ),
        mapping_sent={**simple(20), "offenderNo": OFFENDER},
        update=(
            f"/prisoners/{OFFENDER}/restriction/{NOMIS_ID}",
            {
                "typeCode": "BAN",
                "comment": "no visits",
                "effectiveDate": "2024-01-01",
                "enteredStaffUsername": "CREATOR",  # no updatedBy: the creator
                "authorisedStaffUsername": "AUTHORISER",
            },
        ),
        base={"dpsRestrictionId": "20", "offenderNo": OFFENDER},
        create_ids={"nomisRestrictionId": str(NOMIS_ID)},
        update_ids={"nomisRestrictionId": str(NOMIS_ID)},
        existing={**simple(20), "offenderNo": OFFENDER, "mappingType": "MIGRATED"},
        delete=f"/prisoners/{OFFENDER}/restriction/{NOMIS_ID}",
        mapping_delete="prisoner-restriction/dps-prisoner-restriction-id/20",
        delete_ids={"nomisRestrictionId": str(NOMIS_ID)},
        reference="NOMS",
    ),
]
BY_NAME = {case.name: case for case in CASES}
DELETABLE = [case for case in CASES if case.delete is not None]
