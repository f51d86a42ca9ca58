"""The personal relationships events: 31 contact and prisoner-restriction events, 5 profile ones.

Every contact event needs its entity id in `additionalInformation` and a `personReference` (the
old event model failed without it); a delete also needs the `DPS_CONTACT_ID` identifier (the
NOMIS person id of the deleted child), a prisoner restriction and a profile-details event the
`NOMS` one. Without them the event can never be handled, so it is poison (dead-lettered at once,
where the old service failed it on every retry until it reached the DLQ). `source` defaults to
DPS; any other value is acknowledged with `<prefix>-<action>-ignored` and no call.
Ids may arrive as JSON strings or numbers.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

from dagster_project.domains.personal_relationships.mapping import MappingType
from dagster_project.sync.payloads import EventPayload, Info

DPS = "DPS"
NOMS = "NOMS"
DPS_CONTACT_ID = "DPS_CONTACT_ID"
MAPPING_TYPE: MappingType = "DPS_CREATED"


class Identifier(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: str
    value: str


class PersonReference(BaseModel):
    model_config = ConfigDict(extra="ignore")
    identifiers: list[Identifier]

    def first(self, kind: str) -> str | None:
        return next((i.value for i in self.identifiers if i.type == kind), None)


class NomsReference(PersonReference):
    """A `personReference` that must carry the prisoner's NOMS number."""

    @field_validator("identifiers")
    @classmethod
    def _has_noms(cls, value: list[Identifier]) -> list[Identifier]:
        if not any(identifier.type == NOMS for identifier in value):
            raise ValueError("personReference has no NOMS identifier")
        return value


class ContactReference(PersonReference):
    """A delete's `personReference`: the `DPS_CONTACT_ID` is the NOMIS person id."""

    @field_validator("identifiers")
    @classmethod
    def _has_contact(cls, value: list[Identifier]) -> list[Identifier]:
        if not any(identifier.type == DPS_CONTACT_ID for identifier in value):
            raise ValueError("personReference has no DPS_CONTACT_ID identifier")
        return value


class SourceInfo(Info):
    source: str = DPS


class ContactIdInfo(SourceInfo):
    contact_id: int


class PrisonerContactIdInfo(SourceInfo):
    prisoner_contact_id: int


class ContactAddressIdInfo(SourceInfo):
    contact_address_id: int


class ContactEmailIdInfo(SourceInfo):
    contact_email_id: int


class ContactPhoneIdInfo(SourceInfo):
    contact_phone_id: int


class ContactAddressPhoneIdInfo(SourceInfo):
    contact_address_phone_id: int
    contact_address_id: int


class ContactIdentityIdInfo(SourceInfo):
    contact_identity_id: int


class EmploymentIdInfo(SourceInfo):
    employment_id: int


class ContactRestrictionIdInfo(SourceInfo):
    contact_restriction_id: int


class PrisonerContactRestrictionIdInfo(SourceInfo):
    prisoner_contact_restriction_id: int


class PrisonerRestrictionIdInfo(SourceInfo):
    prisoner_restriction_id: int


class EntityEvent(EventPayload):
    """A contact entity event; `entity_id` is the DPS id of the entity the event names."""

    additional_information: SourceInfo
    person_reference: PersonReference

    @property
    def entity_id(self) -> int:
        raise NotImplementedError

    @property
    def source(self) -> str:
        return self.additional_information.source

    @property
    def dps_contact_id(self) -> int:
        """The event's `DPS_CONTACT_ID` (deletes: the NOMIS person id)."""
        value = self.person_reference.first(DPS_CONTACT_ID)
        if value is None:
            raise ValueError("personReference has no DPS_CONTACT_ID identifier")
        return int(value)

    @property
    def offender_no(self) -> str:
        """The event's NOMS number (prisoner restrictions)."""
        return self.person_reference.first(NOMS) or ""

    def entity_key(self) -> str:
        return f"{type(self).__name__}:{self.entity_id}"


class ContactEvent(EntityEvent):
    additional_information: ContactIdInfo

    @property
    def entity_id(self) -> int:
        return self.additional_information.contact_id


class PrisonerContactEvent(EntityEvent):
    additional_information: PrisonerContactIdInfo

    @property
    def entity_id(self) -> int:
        return self.additional_information.prisoner_contact_id


class PrisonerContactDeleted(PrisonerContactEvent):
    person_reference: ContactReference


class ContactAddressEvent(EntityEvent):
    additional_information: ContactAddressIdInfo

    @property
    def entity_id(self) -> int:
        return self.additional_information.contact_address_id


class ContactAddressDeleted(ContactAddressEvent):
    person_reference: ContactReference


class ContactEmailEvent(EntityEvent):
    additional_information: ContactEmailIdInfo

    @property
    def entity_id(self) -> int:
        return self.additional_information.contact_email_id


class ContactEmailDeleted(ContactEmailEvent):
    person_reference: ContactReference


class ContactPhoneEvent(EntityEvent):
    additional_information: ContactPhoneIdInfo

    @property
    def entity_id(self) -> int:
        return self.additional_information.contact_phone_id


class ContactPhoneDeleted(ContactPhoneEvent):
    person_reference: ContactReference


class ContactAddressPhoneEvent(EntityEvent):
    additional_information: ContactAddressPhoneIdInfo

    @property
    def entity_id(self) -> int:
        return self.additional_information.contact_address_phone_id


class ContactAddressPhoneDeleted(ContactAddressPhoneEvent):
    person_reference: ContactReference


class ContactIdentityEvent(EntityEvent):
    additional_information: ContactIdentityIdInfo

    @property
    def entity_id(self) -> int:
        return self.additional_information.contact_identity_id


class EmploymentEvent(EntityEvent):
    additional_information: EmploymentIdInfo

    @property
    def entity_id(self) -> int:
        return self.additional_information.employment_id


class ContactRestrictionEvent(EntityEvent):
    additional_information: ContactRestrictionIdInfo

    @property
    def entity_id(self) -> int:
        return self.additional_information.contact_restriction_id


class PrisonerContactRestrictionEvent(EntityEvent):
    additional_information: PrisonerContactRestrictionIdInfo

    @property
    def entity_id(self) -> int:
        return self.additional_information.prisoner_contact_restriction_id


class PrisonerRestrictionEvent(EntityEvent):
    additional_information: PrisonerRestrictionIdInfo
    person_reference: NomsReference

    @property
    def entity_id(self) -> int:
        return self.additional_information.prisoner_restriction_id


class DomesticStatusInfo(SourceInfo):
    domestic_status_id: int


class NumberOfChildrenInfo(SourceInfo):
    prisoner_number_of_children_id: int


class ProfileDetailEvent(EventPayload):
    """A domestic status or number of children changed: DPS is re-read by prisoner number."""

    additional_information: SourceInfo
    person_reference: NomsReference

    @property
    def offender_no(self) -> str:
        return self.person_reference.first(NOMS) or ""

    @property
    def requested_dps_id(self) -> int:
        raise NotImplementedError

    @property
    def source(self) -> str:
        return self.additional_information.source

    def entity_key(self) -> str:
        return f"profile-details:{self.offender_no}"

    def telemetry(self) -> dict[str, str]:
        return {"offenderNo": self.offender_no, "requestedDpsId": str(self.requested_dps_id)}


class DomesticStatusEvent(ProfileDetailEvent):
    additional_information: DomesticStatusInfo

    @property
    def requested_dps_id(self) -> int:
        return self.additional_information.domestic_status_id


class NumberOfChildrenEvent(ProfileDetailEvent):
    additional_information: NumberOfChildrenInfo

    @property
    def requested_dps_id(self) -> int:
        return self.additional_information.prisoner_number_of_children_id


class ReceivedInfo(Info):
    reason: str
    noms_number: str
    prison_id: str


class PrisonerReceived(EventPayload):
    """`prisoner-offender-search.prisoner.received`: only a readmission onto an old booking."""

    additional_information: ReceivedInfo

    def entity_key(self) -> str:
        return f"profile-details:{self.additional_information.noms_number}"

    def telemetry(self) -> dict[str, str]:
        return {"offenderNo": self.additional_information.noms_number}


class RetryContactMapping(Info):
    """The mapping a RETRY_CREATE_MAPPING carries (any of the entity mappings)."""

    dps_id: str
    mapping_type: MappingType = MAPPING_TYPE
    nomis_id: int | None = None
    nomis_person_id: int | None = None
    nomis_sequence_number: int | None = None
    dps_phone_type: str | None = None
    offender_no: str | None = None
