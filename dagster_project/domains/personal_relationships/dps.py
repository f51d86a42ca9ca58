"""DPS Personal Relationships API: the `/sync/...` reads of one contact entity, profile details.

The old service read each entity once per event with no HTTP retry (SQS redelivery retried the
event); here every GET gets the shared single idempotent retry (`resources/http.py`). A 404 on an
entity read is an error (the event is retried), as the old service's plain GETs were; the
profile-details reads answer None on a 404 (the NOMIS value is then cleared).
"""

from __future__ import annotations

import datetime as dt

import httpx

from dagster_project.sync.domain import Api
from resources.http import ApiClient
from resources.wire import WireModel

PROBE_RESTRICTION = 0


class SyncContact(WireModel):
    """`SyncContact`: the DPS contact, a NOMIS person with the same id."""

    id: int
    first_name: str
    last_name: str
    middle_name: str | None = None
    title: str | None = None
    date_of_birth: dt.date | None = None
    is_staff: bool
    remitter: bool
    deceased_date: dt.date | None = None
    gender: str | None = None
    domestic_status: str | None = None
    language_code: str | None = None
    interpreter_required: bool | None = None


class SyncPrisonerContact(WireModel):
    """`SyncPrisonerContact`: a prisoner's relationship with a contact (NOMIS contact)."""

    id: int
    contact_id: int
    prisoner_number: str
    contact_type: str
    relationship_type: str
    next_of_kin: bool
    emergency_contact: bool
    comments: str | None = None
    active: bool
    approved_visitor: bool
    current_term: bool
    expiry_date: dt.date | None = None


class SyncContactAddress(WireModel):
    contact_address_id: int
    contact_id: int
    address_type: str | None = None
    primary_address: bool
    flat: str | None = None
    property: str | None = None
    street: str | None = None
    area: str | None = None
    city_code: str | None = None
    county_code: str | None = None
    postcode: str | None = None
    country_code: str | None = None
    verified: bool
    mail_flag: bool
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    no_fixed_address: bool
    comments: str | None = None


class SyncContactEmail(WireModel):
    contact_email_id: int
    contact_id: int
    email_address: str


class SyncContactPhone(WireModel):
    contact_phone_id: int
    contact_id: int
    phone_type: str
    phone_number: str
    ext_number: str | None = None


class SyncContactAddressPhone(WireModel):
    contact_address_phone_id: int
    contact_address_id: int
    contact_phone_id: int
    contact_id: int
    phone_type: str
    phone_number: str
    ext_number: str | None = None


class SyncContactIdentity(WireModel):
    contact_identity_id: int
    contact_id: int
    identity_type: str
    identity_value: str
    issuing_authority: str | None = None


class SyncEmployment(WireModel):
    """`EmploymentEntity` in the spec (the old service's `SyncEmployment`)."""

    employment_id: int
    organisation_id: int
    contact_id: int
    active: bool


class SyncContactRestriction(WireModel):
    contact_restriction_id: int
    contact_id: int
    restriction_type: str
    start_date: dt.date | None = None
    expiry_date: dt.date | None = None
    comments: str | None = None
    created_by: str
    updated_by: str | None = None


class SyncPrisonerContactRestriction(WireModel):
    """Type and users are nullable in the spec; the old service dereferenced them (see sync)."""

    prisoner_contact_restriction_id: int
    prisoner_contact_id: int
    contact_id: int
    prisoner_number: str
    restriction_type: str | None = None
    start_date: dt.date | None = None
    expiry_date: dt.date | None = None
    comments: str | None = None
    created_by: str | None = None
    updated_by: str | None = None


class SyncPrisonerRestriction(WireModel):
    prisoner_restriction_id: int
    prisoner_number: str
    restriction_type: str
    effective_date: dt.date
    expiry_date: dt.date | None = None
    comment_text: str | None = None
    authorised_username: str
    current_term: bool
    created_by: str
    updated_by: str | None = None


class DomesticStatus(WireModel):
    """`SyncPrisonerDomesticStatusResponse`."""

    id: int
    domestic_status_code: str | None = None
    active: bool


class NumberOfChildren(WireModel):
    """`SyncPrisonerNumberOfChildrenResponse`."""

    id: int
    number_of_children: str | None = None
    active: bool


class ReconcileRestriction(WireModel):
    """`ReconcileRelationshipRestriction`."""

    prisoner_contact_restriction_id: int
    restriction_type: str
    start_date: dt.date | None = None
    expiry_date: dt.date | None = None


class ReconcileRelationship(WireModel):
    """`ReconcilePrisonerRelationship`: one current-term relationship of a prisoner."""

    contact_id: int
    prisoner_contact_id: int
    first_name: str | None = None
    last_name: str | None = None
    prisoner_number: str
    relationship_type_code: str
    relationship_to_prisoner: str
    next_of_kin: bool
    emergency_contact: bool
    active: bool
    approved_visitor: bool
    restrictions: list[ReconcileRestriction]


class PrisonerReconcile(WireModel):
    """`SyncPrisonerReconcile`."""

    relationships: list[ReconcileRelationship]


class ReconcileEmail(WireModel):
    contact_email_id: int
    email_address: str


class ReconcilePhone(WireModel):
    contact_phone_id: int
    phone_number: str


class ReconcileAddressPhone(WireModel):
    contact_address_phone_id: int
    phone_number: str


class ReconcileIdentity(WireModel):
    identity_value: str


class ReconcileEmployment(WireModel):
    organisation_id: int


class ReconcileContactRestriction(WireModel):
    restriction_type: str
    start_date: dt.date | None = None
    expiry_date: dt.date | None = None


class ReconcileAddress(WireModel):
    contact_address_id: int
    address_phones: list[ReconcileAddressPhone]


class ReconcileContactRelationship(WireModel):
    prisoner_contact_id: int
    prisoner_number: str
    relationship_type: str
    active: bool


class ContactReconcile(WireModel):
    """`SyncContactReconcile`: the contact and its children."""

    contact_id: int
    first_name: str
    last_name: str
    date_of_birth: dt.date | None = None
    identities: list[ReconcileIdentity]
    employments: list[ReconcileEmployment]
    restrictions: list[ReconcileContactRestriction]
    emails: list[ReconcileEmail]
    addresses: list[ReconcileAddress]
    phones: list[ReconcilePhone]
    relationships: list[ReconcileContactRelationship]


class PersonalRelationshipsClient(ApiClient):
    """Reads from the DPS personal relationships API; the sync never writes to DPS.

    Raises:
        ApiError: (or NotFound / ServerError ...) for any non-2xx answer.
    """

    api_name = "personal-relationships-api"

    def _one(self, path: str) -> dict[str, object]:
        body: dict[str, object] = self._send("GET", path).json()
        return body

    def contact(self, contact_id: int) -> SyncContact:
        return SyncContact.model_validate(self._one(f"/sync/contact/{contact_id}"))

    def prisoner_contact(self, prisoner_contact_id: int) -> SyncPrisonerContact:
        body = self._one(f"/sync/prisoner-contact/{prisoner_contact_id}")
        return SyncPrisonerContact.model_validate(body)

    def contact_address(self, contact_address_id: int) -> SyncContactAddress:
        body = self._one(f"/sync/contact-address/{contact_address_id}")
        return SyncContactAddress.model_validate(body)

    def contact_email(self, contact_email_id: int) -> SyncContactEmail:
        return SyncContactEmail.model_validate(self._one(f"/sync/contact-email/{contact_email_id}"))

    def contact_phone(self, contact_phone_id: int) -> SyncContactPhone:
        return SyncContactPhone.model_validate(self._one(f"/sync/contact-phone/{contact_phone_id}"))

    def contact_address_phone(self, contact_address_phone_id: int) -> SyncContactAddressPhone:
        body = self._one(f"/sync/contact-address-phone/{contact_address_phone_id}")
        return SyncContactAddressPhone.model_validate(body)

    def contact_identity(self, contact_identity_id: int) -> SyncContactIdentity:
        body = self._one(f"/sync/contact-identity/{contact_identity_id}")
        return SyncContactIdentity.model_validate(body)

    def employment(self, employment_id: int) -> SyncEmployment:
        return SyncEmployment.model_validate(self._one(f"/sync/employment/{employment_id}"))

    def contact_restriction(self, contact_restriction_id: int) -> SyncContactRestriction:
        body = self._one(f"/sync/contact-restriction/{contact_restriction_id}")
        return SyncContactRestriction.model_validate(body)

    def prisoner_contact_restriction(self, restriction_id: int) -> SyncPrisonerContactRestriction:
        body = self._one(f"/sync/prisoner-contact-restriction/{restriction_id}")
        return SyncPrisonerContactRestriction.model_validate(body)

    def prisoner_restriction(self, prisoner_restriction_id: int) -> SyncPrisonerRestriction:
        body = self._one(f"/sync/prisoner-restriction/{prisoner_restriction_id}")
        return SyncPrisonerRestriction.model_validate(body)

    def prisoner_restriction_or_none(self, restriction_id: int) -> SyncPrisonerRestriction | None:
        """The DPS prisoner restriction, or None (404; the reconciliation's read)."""
        response = self._get_or_none(f"/sync/prisoner-restriction/{restriction_id}")
        return None if response is None else SyncPrisonerRestriction.model_validate(response.json())

    def contact_reconcile(self, contact_id: int) -> ContactReconcile | None:
        """The contact with the ids of its children (current term), or None (404)."""
        response = self._get_or_none(f"/sync/contact/{contact_id}/reconcile")
        return None if response is None else ContactReconcile.model_validate(response.json())

    def prisoner_relationships(self, prisoner_number: str) -> PrisonerReconcile:
        """The prisoner's current relationships with their restrictions (reconciliation)."""
        response = self._send("GET", f"/sync/prisoner/{prisoner_number}/reconcile")
        return PrisonerReconcile.model_validate(response.json())

    def domestic_status(self, prisoner_number: str) -> DomesticStatus | None:
        """The prisoner's current domestic status, or None (DPS 404)."""
        response = self._get_or_none(f"/sync/{prisoner_number}/domestic-status")
        return None if response is None else DomesticStatus.model_validate(response.json())

    def number_of_children(self, prisoner_number: str) -> NumberOfChildren | None:
        """The prisoner's current number of children, or None (DPS 404)."""
        response = self._get_or_none(f"/sync/{prisoner_number}/number-of-children")
        return None if response is None else NumberOfChildren.model_validate(response.json())


def probe(http: httpx.Client) -> str:
    """Health: the read of prisoner restriction 0 (a 404 counts as up: the token was checked)."""
    found = PersonalRelationshipsClient(http).prisoner_restriction_or_none(PROBE_RESTRICTION)
    path = f"GET /sync/prisoner-restriction/{PROBE_RESTRICTION}"
    return f"{path}: 404 as expected" if found is None else f"{path}: 200"


PERSONAL_RELATIONSHIPS_API = Api(
    key="personal_relationships_api",
    env="PERSONAL_RELATIONSHIPS",
    title="DPS personal relationships API",
    default_client_id="personal-relationships-api",
    sandbox_path="/personal-relationships",
    probe=probe,
    spec_file="personal-relationships-api-docs.json",
)
