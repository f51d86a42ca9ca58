"""The table of contact entities: one row per DPS entity, read by the one generic sync.

Each row says, for one entity, what the old service did (upstream §3): which DPS record is read,
which mapping route and body it uses, which NOMIS path and request body each of create, update
and delete sends, and which telemetry keys hold the ids. `sync.py` runs the three algorithms
(create / update / delete) over a row; nothing in it names an entity except the few rules the
old service applied to one entity only (flags on the row).

The NOMIS person id is always the DPS contact id: child creates and updates take it from the DPS
body's `contactId`, deletes from the event's `DPS_CONTACT_ID`; only identities and employments
use the mapping's `nomisPersonId`, and the person itself its mapping's `nomisId`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dagster_project.domains.personal_relationships import dps as d
from dagster_project.domains.personal_relationships import nomis as n
from dagster_project.domains.personal_relationships.events import (
    MAPPING_TYPE,
    ContactAddressDeleted,
    ContactAddressEvent,
    ContactAddressPhoneDeleted,
    ContactAddressPhoneEvent,
    ContactEmailDeleted,
    ContactEmailEvent,
    ContactEvent,
    ContactIdentityEvent,
    ContactPhoneDeleted,
    ContactPhoneEvent,
    ContactRestrictionEvent,
    EmploymentEvent,
    EntityEvent,
    PrisonerContactDeleted,
    PrisonerContactEvent,
    PrisonerContactRestrictionEvent,
    PrisonerRestrictionEvent,
)
from dagster_project.domains.personal_relationships.mapping import (
    AnyMapping,
    ContactMapping,
    PhoneMapping,
    PhoneType,
    PrisonerRestrictionMapping,
    SequenceMapping,
)
from resources.wire import WireModel

Body = Any  # the DPS record of the row's entity (`dps.Sync...`)
Ids = dict[str, str]


def today() -> dt.date:
    return dt.date.today()


@dataclass(frozen=True)
class Parent:
    """A parent's mapping a child's NOMIS path needs (address of an address phone, ...).

    `dps_id` picks the parent's DPS id from the event and the DPS body; the look-up is plain: a
    missing parent mapping fails the event, which is retried until the parent has synced.
    """

    route: str  # mapping GET path with {} for the DPS id
    dps_id: Callable[[EntityEvent, Body], int]
    key: str  # telemetry key of the parent's NOMIS id


@dataclass(frozen=True)
class Entity:
    """One contact entity: events `<event>.created|updated|deleted`, telemetry `<name>-...`."""

    name: str
    method: str  # handler names: `<method>_created`, `<method>_updated`, `<method>_deleted`
    event: str
    payload: type[EntityEvent]
    delete_payload: type[EntityEvent] | None  # None: deletes are not synced
    dps_key: str
    read: Callable[[d.PersonalRelationshipsClient, int], Body]
    body_ids: Callable[[Body], Ids]  # dimensions the DPS body adds
    mapping_entity: str  # POST /mapping/contact-person/<mapping_entity>
    mapping_by_dps: str  # GET path, {} = DPS id
    mapping_model: type[AnyMapping]
    nomis_key: str  # telemetry key of the NOMIS id (create and update)
    create_path: Callable[[Body, EntityEvent, int | None], str]
    create_body: Callable[[Body], WireModel]
    created_id: str  # key of the id in NOMIS's create answer
    new_mapping: Callable[[str, int, Body, EntityEvent], WireModel]
    update_path: Callable[[Body, EntityEvent, AnyMapping, int | None], str]
    update_body: Callable[[Body], WireModel]
    mapping_ids: Callable[[AnyMapping], Ids]  # dimensions an existing mapping adds
    delete_path: Callable[[EntityEvent, AnyMapping, int | None], str] | None = None
    delete_mapping: Callable[[AnyMapping], str] | None = None  # None: the mapping is kept
    parent: Parent | None = None
    delete_parent: Parent | None = None  # looked up OrNull on delete (skipped if absent)
    delete_ids_from_event: bool = True  # dpsContactId/nomisPersonId = DPS_CONTACT_ID
    delete_needs_mapping: bool = False  # a missing mapping fails the delete (no skip)
    delete_nomis_key: str | None = None  # the delete's telemetry key, if not nomis_key
    guard_update: bool = False  # restrictions: `-update-failed` {error} before re-raising
    guard_delete: bool = False
    retry_success: str | None = None  # the old retry's success name, if not `<name>-create-success`
    event_ids: Callable[[EntityEvent], Ids] | None = None  # base dimensions besides the DPS id

    def base(self, event: EntityEvent) -> Ids:
        ids = {self.dps_key: str(event.entity_id)}
        return ids if self.event_ids is None else {**ids, **self.event_ids(event)}

    def mapping_path(self, dps_id: int) -> str:
        return self.mapping_by_dps.format(dps_id)


def _person(body: d.SyncContact) -> n.CreatePersonRequest:
    return n.CreatePersonRequest(
        person_id=body.id,
        first_name=body.first_name,
        last_name=body.last_name,
        middle_name=body.middle_name,
        date_of_birth=body.date_of_birth,
        interpreter_required=bool(body.interpreter_required),
        gender_code=body.gender,
        language_code=body.language_code,
        domestic_status_code=body.domestic_status,
        title_code=body.title,
        is_staff=body.is_staff,
    )


def _person_update(body: d.SyncContact) -> n.UpdatePersonRequest:
    fields = _person(body).model_dump(exclude={"person_id"})
    return n.UpdatePersonRequest(**fields, deceased_date=body.deceased_date)


def _relationship(body: d.SyncPrisonerContact) -> n.UpdatePersonContactRequest:
    return n.UpdatePersonContactRequest(
        contact_type_code=body.contact_type,
        relationship_type_code=body.relationship_type,
        active=body.active,
        approved_visitor=body.approved_visitor,
        emergency_contact=body.emergency_contact,
        next_of_kin=body.next_of_kin,
        comment=body.comments,
        expiry_date=body.expiry_date,
    )


def _relationship_create(body: d.SyncPrisonerContact) -> n.CreatePersonContactRequest:
    return n.CreatePersonContactRequest(
        **_relationship(body).model_dump(), offender_no=body.prisoner_number
    )


def _address(body: d.SyncContactAddress) -> n.CreatePersonAddressRequest:
    return n.CreatePersonAddressRequest(
        type_code=body.address_type,
        flat=body.flat,
        premise=body.property,
        street=body.street,
        locality=body.area,
        postcode=body.postcode,
        city_code=body.city_code,
        county_code=body.county_code,
        country_code=body.country_code,
        no_fixed_address=body.no_fixed_address,
        primary_address=body.primary_address,
        mail_address=body.mail_flag,
        start_date=body.start_date,
        end_date=body.end_date,
        comment=body.comments,
    )


def _address_update(body: d.SyncContactAddress) -> n.UpdatePersonAddressRequest:
    return n.UpdatePersonAddressRequest(**_address(body).model_dump(), validated_paf=body.verified)


def _phone(body: d.SyncContactPhone | d.SyncContactAddressPhone) -> n.PersonPhoneRequest:
    return n.PersonPhoneRequest(
        number=body.phone_number, extension=body.ext_number, type_code=body.phone_type
    )


def _identity(body: d.SyncContactIdentity) -> n.PersonIdentifierRequest:
    return n.PersonIdentifierRequest(
        identifier=body.identity_value,
        issued_authority=body.issuing_authority,
        type_code=body.identity_type,
    )


def _employment(body: d.SyncEmployment) -> n.PersonEmploymentRequest:
    return n.PersonEmploymentRequest(corporate_id=body.organisation_id, active=body.active)


def _required(value: str | None, what: str) -> str:
    """The old service's `!!`: a null it dereferenced failed the event."""
    if value is None:
        raise ValueError(f"{what} is null")
    return value


def _restriction(
    body: d.SyncContactRestriction | d.SyncPrisonerContactRestriction, user: str | None
) -> n.ContactPersonRestrictionRequest:
    return n.ContactPersonRestrictionRequest(
        type_code=_required(body.restriction_type, "restrictionType"),
        effective_date=body.start_date or today(),
        expiry_date=body.expiry_date,
        comment=body.comments,
        entered_staff_username=_required(user, "enteredStaffUsername"),
    )


def _prisoner_restriction(
    body: d.SyncPrisonerRestriction, user: str
) -> n.PrisonerRestrictionRequest:
    return n.PrisonerRestrictionRequest(
        type_code=body.restriction_type,
        effective_date=body.effective_date,
        expiry_date=body.expiry_date,
        comment=body.comment_text,
        authorised_staff_username=body.authorised_username,
        entered_staff_username=user,
    )


def _contact_ids(body: Body) -> Ids:
    return {"dpsContactId": str(body.contact_id), "nomisPersonId": str(body.contact_id)}


def _no_ids(_body: Body) -> Ids:
    return {}


def _simple(dps_id: str, nomis_id: int, _body: Body, _event: EntityEvent) -> ContactMapping:
    return ContactMapping(dps_id=dps_id, nomis_id=nomis_id, mapping_type=MAPPING_TYPE)


def _sequence(dps_id: str, nomis_id: int, body: Body, _event: EntityEvent) -> SequenceMapping:
    return SequenceMapping(
        dps_id=dps_id,
        nomis_person_id=body.contact_id,
        nomis_sequence_number=nomis_id,
        mapping_type=MAPPING_TYPE,
    )


def _phone_mapping(kind: PhoneType) -> Callable[[str, int, Body, EntityEvent], PhoneMapping]:
    def build(dps_id: str, nomis_id: int, _body: Body, _event: EntityEvent) -> PhoneMapping:
        return PhoneMapping(
            dps_id=dps_id,
            nomis_id=nomis_id,
            dps_phone_type=kind,
            mapping_type=MAPPING_TYPE,
        )

    return build


def _nomis_id(mapping: AnyMapping) -> int:
    assert isinstance(mapping, ContactMapping)
    return mapping.nomis_id


def _keyed(key: str) -> Callable[[AnyMapping], Ids]:
    return lambda mapping: {key: str(_nomis_id(mapping))}


def _sequence_ids(mapping: AnyMapping) -> Ids:
    assert isinstance(mapping, SequenceMapping)
    return {
        "nomisPersonId": str(mapping.nomis_person_id),
        "nomisSequenceNumber": str(mapping.nomis_sequence_number),
    }


def _sequence_path(child: str) -> Callable[[Body, EntityEvent, AnyMapping, int | None], str]:
    def path(_body: Body, _event: EntityEvent, mapping: AnyMapping, _parent: int | None) -> str:
        assert isinstance(mapping, SequenceMapping)
        return f"/persons/{mapping.nomis_person_id}/{child}/{mapping.nomis_sequence_number}"

    return path


def _sequence_delete(child: str) -> Callable[[EntityEvent, AnyMapping, int | None], str]:
    def path(_event: EntityEvent, mapping: AnyMapping, _parent: int | None) -> str:
        assert isinstance(mapping, SequenceMapping)
        return f"/persons/{mapping.nomis_person_id}/{child}/{mapping.nomis_sequence_number}"

    return path


def _sequence_mapping_delete(child: str) -> Callable[[AnyMapping], str]:
    def path(mapping: AnyMapping) -> str:
        assert isinstance(mapping, SequenceMapping)
        return (
            f"{child}/nomis-person-id/{mapping.nomis_person_id}"
            f"/nomis-sequence-number/{mapping.nomis_sequence_number}"
        )

    return path


def _child_paths(
    child: str,
) -> tuple[
    Callable[[Body, EntityEvent, int | None], str],
    Callable[[Body, EntityEvent, AnyMapping, int | None], str],
    Callable[[EntityEvent, AnyMapping, int | None], str],
]:
    """POST /persons/{contactId}/<child>, PUT and DELETE .../<child>/{nomisId}."""
    return (
        lambda body, _event, _parent: f"/persons/{body.contact_id}/{child}",
        lambda body, _e, m, _p: f"/persons/{body.contact_id}/{child}/{_nomis_id(m)}",
        lambda event, m, _p: f"/persons/{event.dps_contact_id}/{child}/{_nomis_id(m)}",
    )


ADDRESS_PATHS = _child_paths("address")
EMAIL_PATHS = _child_paths("email")
PHONE_PATHS = _child_paths("phone")


def _address_phone_id(event: EntityEvent, _body: Body) -> int:
    """The parent address comes from the EVENT's `contactAddressId`, not the DPS body."""
    assert isinstance(event, ContactAddressPhoneEvent)
    return event.additional_information.contact_address_id


ADDRESS_OF_PHONE = Parent(
    route="address/dps-contact-address-id/{}", dps_id=_address_phone_id, key="nomisAddressId"
)
RELATIONSHIP_OF_RESTRICTION = Parent(
    route="contact/dps-prisoner-contact-id/{}",
    dps_id=lambda _event, body: int(body.prisoner_contact_id),
    key="nomisContactId",
)

PERSON = Entity(
    name="contactperson",
    method="contact",
    event="contacts-api.contact",
    payload=ContactEvent,
    delete_payload=ContactEvent,
    dps_key="dpsContactId",
    read=lambda api, id_: api.contact(id_),
    body_ids=_no_ids,
    mapping_entity="person",
    mapping_by_dps="person/dps-contact-id/{}",
    mapping_model=ContactMapping,
    nomis_key="nomisPersonId",
    create_path=lambda _body, _event, _parent: "/persons",
    create_body=_person,
    created_id="personId",
    new_mapping=_simple,
    update_path=lambda _body, _event, mapping, _parent: f"/persons/{_nomis_id(mapping)}",
    update_body=_person_update,
    mapping_ids=_keyed("nomisPersonId"),
    delete_path=lambda _event, mapping, _parent: f"/persons/{_nomis_id(mapping)}",
    delete_mapping=lambda mapping: f"person/dps-contact-id/{mapping.dps_id}",
    delete_ids_from_event=False,
    retry_success="contact-person-create-success",
)

RELATIONSHIP = Entity(
    name="contact",
    method="prisoner_contact",
    event="contacts-api.prisoner-contact",
    payload=PrisonerContactEvent,
    delete_payload=PrisonerContactDeleted,
    dps_key="dpsPrisonerContactId",
    read=lambda api, id_: api.prisoner_contact(id_),
    body_ids=lambda body: {"offenderNo": body.prisoner_number, **_contact_ids(body)},
    mapping_entity="contact",
    mapping_by_dps="contact/dps-prisoner-contact-id/{}",
    mapping_model=ContactMapping,
    nomis_key="nomisContactId",
    create_path=lambda body, _event, _parent: f"/persons/{body.contact_id}/contact",
    create_body=_relationship_create,
    created_id="personContactId",
    new_mapping=_simple,
    update_path=lambda body, _e, m, _p: f"/persons/{body.contact_id}/contact/{_nomis_id(m)}",
    update_body=_relationship,
    mapping_ids=_keyed("nomisContactId"),
    delete_path=lambda event, m, _p: f"/persons/{event.dps_contact_id}/contact/{_nomis_id(m)}",
    delete_mapping=None,  # the old service kept the mapping
    delete_needs_mapping=True,
)

ADDRESS = Entity(
    name="contact-address",
    method="contact_address",
    event="contacts-api.contact-address",
    payload=ContactAddressEvent,
    delete_payload=ContactAddressDeleted,
    dps_key="dpsContactAddressId",
    read=lambda api, id_: api.contact_address(id_),
    body_ids=_contact_ids,
    mapping_entity="address",
    mapping_by_dps="address/dps-contact-address-id/{}",
    mapping_model=ContactMapping,
    nomis_key="nomisAddressId",
    create_path=ADDRESS_PATHS[0],
    create_body=_address,
    created_id="personAddressId",
    new_mapping=_simple,
    update_path=ADDRESS_PATHS[1],
    update_body=_address_update,
    mapping_ids=_keyed("nomisAddressId"),
    delete_path=ADDRESS_PATHS[2],
    delete_mapping=lambda m: f"address/nomis-address-id/{_nomis_id(m)}",
)

EMAIL = Entity(
    name="contact-email",
    method="contact_email",
    event="contacts-api.contact-email",
    payload=ContactEmailEvent,
    delete_payload=ContactEmailDeleted,
    dps_key="dpsContactEmailId",
    read=lambda api, id_: api.contact_email(id_),
    body_ids=_contact_ids,
    mapping_entity="email",
    mapping_by_dps="email/dps-contact-email-id/{}",
    mapping_model=ContactMapping,
    nomis_key="nomisInternetAddressId",
    create_path=EMAIL_PATHS[0],
    create_body=lambda body: n.PersonEmailRequest(email=body.email_address),
    created_id="emailAddressId",
    new_mapping=_simple,
    update_path=EMAIL_PATHS[1],
    update_body=lambda body: n.PersonEmailRequest(email=body.email_address),
    mapping_ids=_keyed("nomisInternetAddressId"),
    delete_path=EMAIL_PATHS[2],
    delete_mapping=lambda m: f"email/nomis-internet-address-id/{_nomis_id(m)}",
    delete_nomis_key="nomisEmailId",
)

PHONE = Entity(
    name="contact-phone",
    method="contact_phone",
    event="contacts-api.contact-phone",
    payload=ContactPhoneEvent,
    delete_payload=ContactPhoneDeleted,
    dps_key="dpsContactPhoneId",
    read=lambda api, id_: api.contact_phone(id_),
    body_ids=_contact_ids,
    mapping_entity="phone",
    mapping_by_dps="phone/dps-contact-phone-id/{}",
    mapping_model=PhoneMapping,
    nomis_key="nomisPhoneId",
    create_path=PHONE_PATHS[0],
    create_body=_phone,
    created_id="phoneId",
    new_mapping=_phone_mapping("PERSON"),
    update_path=PHONE_PATHS[1],
    update_body=_phone,
    mapping_ids=_keyed("nomisPhoneId"),
    delete_path=PHONE_PATHS[2],
    delete_mapping=lambda m: f"phone/nomis-phone-id/{_nomis_id(m)}",
)

ADDRESS_PHONE = Entity(
    name="contact-address-phone",
    method="contact_address_phone",
    event="contacts-api.contact-address-phone",
    payload=ContactAddressPhoneEvent,
    delete_payload=ContactAddressPhoneDeleted,
    dps_key="dpsContactAddressPhoneId",
    read=lambda api, id_: api.contact_address_phone(id_),
    body_ids=_contact_ids,
    mapping_entity="phone",
    mapping_by_dps="phone/dps-contact-address-phone-id/{}",
    mapping_model=PhoneMapping,
    nomis_key="nomisPhoneId",
    create_path=lambda body, _e, address: f"/persons/{body.contact_id}/address/{address}/phone",
    create_body=_phone,
    created_id="phoneId",
    new_mapping=_phone_mapping("ADDRESS"),
    update_path=lambda body, _e, m, address: (
        f"/persons/{body.contact_id}/address/{address}/phone/{_nomis_id(m)}"
    ),
    update_body=_phone,
    mapping_ids=_keyed("nomisPhoneId"),
    delete_path=lambda event, m, address: (
        f"/persons/{event.dps_contact_id}/address/{address}/phone/{_nomis_id(m)}"
    ),
    delete_mapping=lambda m: f"phone/nomis-phone-id/{_nomis_id(m)}",
    parent=ADDRESS_OF_PHONE,
    delete_parent=ADDRESS_OF_PHONE,
    event_ids=lambda event: {"dpsContactAddressId": str(_address_phone_id(event, None))},
)

IDENTITY = Entity(
    name="contact-identity",
    method="contact_identity",
    event="contacts-api.contact-identity",
    payload=ContactIdentityEvent,
    delete_payload=ContactIdentityEvent,
    dps_key="dpsContactIdentityId",
    read=lambda api, id_: api.contact_identity(id_),
    body_ids=lambda body: {"dpsContactId": str(body.contact_id)},
    mapping_entity="identifier",
    mapping_by_dps="identifier/dps-contact-identifier-id/{}",
    mapping_model=SequenceMapping,
    nomis_key="nomisSequenceNumber",
    create_path=lambda body, _event, _parent: f"/persons/{body.contact_id}/identifier",
    create_body=_identity,
    created_id="sequence",
    new_mapping=_sequence,
    update_path=_sequence_path("identifier"),
    update_body=_identity,
    mapping_ids=_sequence_ids,
    delete_path=_sequence_delete("identifier"),
    delete_mapping=_sequence_mapping_delete("identifier"),
    delete_ids_from_event=False,
)

EMPLOYMENT = Entity(
    name="contact-employment",
    method="employment",
    event="contacts-api.employment",
    payload=EmploymentEvent,
    delete_payload=EmploymentEvent,
    dps_key="dpsContactEmploymentId",
    read=lambda api, id_: api.employment(id_),
    body_ids=lambda body: {"dpsContactId": str(body.contact_id)},
    mapping_entity="employment",
    mapping_by_dps="employment/dps-contact-employment-id/{}",
    mapping_model=SequenceMapping,
    nomis_key="nomisSequenceNumber",
    create_path=lambda body, _event, _parent: f"/persons/{body.contact_id}/employment",
    create_body=_employment,
    created_id="sequence",
    new_mapping=_sequence,
    update_path=_sequence_path("employment"),
    update_body=_employment,
    mapping_ids=_sequence_ids,
    delete_path=_sequence_delete("employment"),
    delete_mapping=_sequence_mapping_delete("employment"),
    delete_ids_from_event=False,
)

CONTACT_RESTRICTION = Entity(
    name="contact-restriction",
    method="contact_restriction",
    event="contacts-api.contact-restriction",
    payload=ContactRestrictionEvent,
    delete_payload=None,
    dps_key="dpsContactRestrictionId",
    read=lambda api, id_: api.contact_restriction(id_),
    body_ids=_contact_ids,
    mapping_entity="person-restriction",
    mapping_by_dps="person-restriction/dps-contact-restriction-id/{}",
    mapping_model=ContactMapping,
    nomis_key="nomisPersonRestrictionId",
    create_path=lambda body, _event, _parent: f"/persons/{body.contact_id}/restriction",
    create_body=lambda body: _restriction(body, body.created_by),
    created_id="id",
    new_mapping=_simple,
    update_path=lambda body, _e, m, _p: f"/persons/{body.contact_id}/restriction/{_nomis_id(m)}",
    update_body=lambda body: _restriction(body, body.updated_by),
    mapping_ids=_keyed("nomisPersonRestrictionId"),
    guard_update=True,
)

RELATIONSHIP_RESTRICTION = Entity(
    name="prisoner-contact-restriction",
    method="prisoner_contact_restriction",
    event="contacts-api.prisoner-contact-restriction",
    payload=PrisonerContactRestrictionEvent,
    delete_payload=None,
    dps_key="dpsPrisonerContactRestrictionId",
    read=lambda api, id_: api.prisoner_contact_restriction(id_),
    body_ids=lambda body: {
        "offenderNo": body.prisoner_number,
        **_contact_ids(body),
        "dpsPrisonerContactId": str(body.prisoner_contact_id),
    },
    mapping_entity="contact-restriction",
    mapping_by_dps="contact-restriction/dps-prisoner-contact-restriction-id/{}",
    mapping_model=ContactMapping,
    nomis_key="nomisContactRestrictionId",
    create_path=lambda body, _e, contact: (
        f"/persons/{body.contact_id}/contact/{contact}/restriction"
    ),
    create_body=lambda body: _restriction(body, body.created_by),
    created_id="id",
    new_mapping=_simple,
    update_path=lambda body, _e, m, contact: (
        f"/persons/{body.contact_id}/contact/{contact}/restriction/{_nomis_id(m)}"
    ),
    update_body=lambda body: _restriction(body, body.updated_by),
    mapping_ids=_keyed("nomisContactRestrictionId"),
    parent=RELATIONSHIP_OF_RESTRICTION,
    guard_update=True,
)


def _restriction_mapping(
    dps_id: str, nomis_id: int, _body: Body, event: EntityEvent
) -> PrisonerRestrictionMapping:
    return PrisonerRestrictionMapping(
        dps_id=dps_id, nomis_id=nomis_id, offender_no=event.offender_no, mapping_type=MAPPING_TYPE
    )


PRISONER_RESTRICTION = Entity(
    name="prisoner-restriction",
    method="prisoner_restriction",
    event="personal-relationships-api.prisoner-restriction",
    payload=PrisonerRestrictionEvent,
    delete_payload=PrisonerRestrictionEvent,
    dps_key="dpsRestrictionId",
    read=lambda api, id_: api.prisoner_restriction(id_),
    body_ids=_no_ids,
    mapping_entity="prisoner-restriction",
    mapping_by_dps="prisoner-restriction/dps-prisoner-restriction-id/{}",
    mapping_model=PrisonerRestrictionMapping,
    nomis_key="nomisRestrictionId",
    create_path=lambda _body, event, _parent: f"/prisoners/{event.offender_no}/restriction",
    create_body=lambda body: _prisoner_restriction(body, body.created_by),
    created_id="id",
    new_mapping=_restriction_mapping,
    update_path=lambda _b, event, m, _p: (
        f"/prisoners/{event.offender_no}/restriction/{_nomis_id(m)}"
    ),
    update_body=lambda body: _prisoner_restriction(body, body.updated_by or body.created_by),
    mapping_ids=_keyed("nomisRestrictionId"),
    delete_path=lambda event, m, _p: f"/prisoners/{event.offender_no}/restriction/{_nomis_id(m)}",
    delete_mapping=lambda m: f"prisoner-restriction/dps-prisoner-restriction-id/{m.dps_id}",
    delete_ids_from_event=False,
    guard_update=True,
    guard_delete=True,
    event_ids=lambda event: {"offenderNo": event.offender_no},
)

ENTITIES: tuple[Entity, ...] = (
    PERSON,
    RELATIONSHIP,
    ADDRESS,
    EMAIL,
    PHONE,
    ADDRESS_PHONE,
    IDENTITY,
    EMPLOYMENT,
    CONTACT_RESTRICTION,
    RELATIONSHIP_RESTRICTION,
    PRISONER_RESTRICTION,
)
BY_NAME = {entity.name: entity for entity in ENTITIES}
