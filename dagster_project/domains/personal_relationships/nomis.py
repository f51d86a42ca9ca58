"""NOMIS prisoner API: persons and their children, prisoner restrictions, profile details.

The writes are generic (`create`, `update`, `delete` of a path the entity table builds, see
`entities.py`); each request body is one of the spec's request models below, field by field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from resources.http import ApiClient, dump_body
from resources.wire import WireModel

ProfileType = Literal["MARITAL", "CHILD"]


class CreatePersonRequest(WireModel):
    person_id: int
    first_name: str
    last_name: str
    middle_name: str | None = None
    date_of_birth: dt.date | None = None
    gender_code: str | None = None
    title_code: str | None = None
    language_code: str | None = None
    interpreter_required: bool
    domestic_status_code: str | None = None
    is_staff: bool | None = None


class UpdatePersonRequest(WireModel):
    first_name: str
    last_name: str
    middle_name: str | None = None
    date_of_birth: dt.date | None = None
    gender_code: str | None = None
    title_code: str | None = None
    language_code: str | None = None
    interpreter_required: bool
    domestic_status_code: str | None = None
    is_staff: bool | None = None
    deceased_date: dt.date | None = None


class UpdatePersonContactRequest(WireModel):
    contact_type_code: str
    relationship_type_code: str
    active: bool
    expiry_date: dt.date | None = None
    approved_visitor: bool
    next_of_kin: bool
    emergency_contact: bool
    comment: str | None = None


class CreatePersonContactRequest(UpdatePersonContactRequest):
    offender_no: str


class CreatePersonAddressRequest(WireModel):
    type_code: str | None = None
    flat: str | None = None
    premise: str | None = None
    street: str | None = None
    locality: str | None = None
    postcode: str | None = None
    city_code: str | None = None
    county_code: str | None = None
    country_code: str | None = None
    no_fixed_address: bool | None = None
    primary_address: bool
    mail_address: bool
    comment: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class UpdatePersonAddressRequest(CreatePersonAddressRequest):
    validated_paf: bool | None = Field(default=None, alias="validatedPAF")


class PersonEmailRequest(WireModel):
    """`CreatePersonEmailRequest` and `UpdatePersonEmailRequest` (the same body)."""

    email: str


class PersonPhoneRequest(WireModel):
    """`CreatePersonPhoneRequest` and `UpdatePersonPhoneRequest`."""

    number: str
    extension: str | None = None
    type_code: str


class PersonIdentifierRequest(WireModel):
    """`CreatePersonIdentifierRequest` and `UpdatePersonIdentifierRequest`."""

    type_code: str
    identifier: str
    issued_authority: str | None = None


class PersonEmploymentRequest(WireModel):
    """`CreatePersonEmploymentRequest` and `UpdatePersonEmploymentRequest`."""

    corporate_id: int
    active: bool


class ContactPersonRestrictionRequest(WireModel):
    """`Create/UpdateContactPersonRestrictionRequest` (on a person or on a relationship)."""

    type_code: str
    comment: str | None = None
    effective_date: dt.date
    expiry_date: dt.date | None = None
    entered_staff_username: str


class PrisonerRestrictionRequest(WireModel):
    """`Create/UpdatePrisonerRestrictionRequest`."""

    type_code: str
    comment: str | None = None
    effective_date: dt.date
    expiry_date: dt.date | None = None
    entered_staff_username: str
    authorised_staff_username: str


class UpsertProfileDetailsRequest(WireModel):
    """One profile detail; no `profileCode` clears it.

    The old service sent `profileCode: null`; the spec types it a non-null string that is not
    required, so a clear leaves it out (NOMIS reads it as null).
    """

    profile_type: ProfileType
    profile_code: str | None = None


class UpsertProfileDetailsResponse(WireModel):
    created: bool
    booking_id: int


class ContactPerson(WireModel):
    """`ContactPerson`, reduced to its id (read back when a person create was interrupted)."""

    person_id: int


class NomisContactsClient(ApiClient):
    """Writes to NOMIS; the path and body of each entity come from the entity table.

    Raises:
        ApiError: (or NotFound / Conflict / ServerError ...) for any non-2xx answer.
    """

    api_name = "nomis-prisoner-api"

    def create(self, path: str, body: WireModel) -> dict[str, Any]:
        """POST a new record; returns the created ids (e.g. `{"personAddressId": 1}`)."""
        created: dict[str, Any] = self._send("POST", path, json=dump_body(body)).json()
        return created

    def update(self, path: str, body: WireModel) -> None:
        self._send("PUT", path, json=dump_body(body))

    def delete(self, path: str) -> None:
        self._send("DELETE", path)

    def person(self, person_id: int) -> ContactPerson | None:
        """The NOMIS person, or None (404)."""
        response = self._get_or_none(f"/persons/{person_id}")
        return None if response is None else ContactPerson.model_validate(response.json())

    def upsert_profile_details(
        self, offender_no: str, request: UpsertProfileDetailsRequest
    ) -> UpsertProfileDetailsResponse:
        """Write one profile detail on the latest booking (null clears it)."""
        response = self._send(
            "PUT", f"/prisoners/{offender_no}/profile-details", json=dump_body(request)
        )
        return UpsertProfileDetailsResponse.model_validate(response.json())


class ProfileDetail(WireModel):
    """`ProfileDetailsResponse`, reduced to its type and code."""

    type: str
    code: str | None = None


class BookingProfileDetails(WireModel):
    """`BookingProfileDetailsResponse`."""

    booking_id: int
    latest_booking: bool
    profile_details: list[ProfileDetail]


class PrisonerProfileDetails(WireModel):
    """`PrisonerProfileDetailsResponse`."""

    offender_no: str
    bookings: list[BookingProfileDetails]

    def code(self, profile_type: str) -> str | None:
        """The code of a type on the latest booking (None: no such booking or row)."""
        for booking in self.bookings:
            if booking.latest_booking:
                for detail in booking.profile_details:
                    if detail.type == profile_type:
                        return detail.code
        return None


class NomisProfileDetailsClient(ApiClient):
    """Reads the prisoner's marital status and children from NOMIS (the reconciliation)."""

    api_name = "nomis-prisoner-api"

    def profile_details(self, offender_no: str) -> PrisonerProfileDetails | None:
        """MARITAL and CHILD of the latest booking; None when NOMIS has no such prisoner."""
        response = self._get_or_none(
            f"/prisoners/{offender_no}/profile-details",
            params=[
                ("profileTypes", "MARITAL"),
                ("profileTypes", "CHILD"),
                ("latestBookingOnly", "true"),
            ],
        )
        return None if response is None else PrisonerProfileDetails.model_validate(response.json())


class RestrictionIds(WireModel):
    """`RestrictionIdsWithLast`: one keyset page of NOMIS prisoner restriction ids."""

    restriction_ids: list[int]
    last_restriction_id: int


class CodeDescription(WireModel):
    code: str
    description: str


class NomisPrisonerRestriction(WireModel):
    """`PrisonerRestriction`, reduced to what the reconciliation compares."""

    id: int
    offender_no: str
    booking_sequence: int
    type: CodeDescription
    comment: str | None = None
    effective_date: dt.date
    expiry_date: dt.date | None = None


class NomisPrisonerRestrictionsClient(ApiClient):
    """Reads NOMIS prisoner restrictions (the reconciliation)."""

    api_name = "nomis-prisoner-api"

    def ids_from(self, restriction_id: int, page_size: int) -> RestrictionIds:
        """The next ids after `restriction_id`, ascending (keyset paging)."""
        response = self._send(
            "GET",
            "/prisoners/restrictions/ids/all-from-id",
            params={"restrictionId": restriction_id, "pageSize": page_size},
        )
        return RestrictionIds.model_validate(response.json())

    def restriction(self, restriction_id: int) -> NomisPrisonerRestriction:
        response = self._send("GET", f"/prisoners/restrictions/{restriction_id}")
        return NomisPrisonerRestriction.model_validate(response.json())


class ContactForPerson(WireModel):
    person_id: int
    first_name: str
    last_name: str


class NomisContactRestriction(WireModel):
    type: CodeDescription
    effective_date: dt.date
    expiry_date: dt.date | None = None


class NomisPrisonerContact(WireModel):
    """`PrisonerContact`, reduced to what the reconciliation compares."""

    id: int
    booking_sequence: int
    contact_type: CodeDescription
    relationship_type: CodeDescription
    active: bool
    approved_visitor: bool
    next_of_kin: bool
    emergency_contact: bool
    person: ContactForPerson
    restrictions: list[NomisContactRestriction]


class PrisonerWithContacts(WireModel):
    contacts: list[NomisPrisonerContact]


class NomisPrisonerContactsClient(ApiClient):
    """Reads a prisoner's NOMIS contacts (the reconciliation)."""

    api_name = "nomis-prisoner-api"

    def contacts(self, offender_no: str) -> PrisonerWithContacts:
        """Every contact of the latest booking, active or not (the old query)."""
        response = self._send(
            "GET",
            f"/prisoners/{offender_no}/contacts",
            params={"active-only": "false", "latest-booking-only": "true"},
        )
        return PrisonerWithContacts.model_validate(response.json())


class PersonIds(WireModel):
    """`PersonIdsWithLast`: one keyset page of NOMIS person ids."""

    person_ids: list[int]
    last_person_id: int


class Number(WireModel):
    number: str


class PersonAddressRead(WireModel):
    phone_numbers: list[Number]


class EmailRead(WireModel):
    email: str


class Corporate(WireModel):
    id: int


class EmploymentRead(WireModel):
    corporate: Corporate


class IdentifierRead(WireModel):
    identifier: str


class ContactForPrisoner(WireModel):
    offender_no: str
    booking_sequence: int


class PersonContactRead(WireModel):
    relationship_type: CodeDescription
    active: bool
    prisoner: ContactForPrisoner


class PersonRestrictionRead(WireModel):
    type: CodeDescription
    effective_date: dt.date
    expiry_date: dt.date | None = None


class ContactPersonDetails(WireModel):
    """`ContactPerson`, reduced to what the person contacts reconciliation compares."""

    person_id: int
    first_name: str
    last_name: str
    date_of_birth: dt.date | None = None
    addresses: list[PersonAddressRead]
    phone_numbers: list[Number]
    email_addresses: list[EmailRead]
    employments: list[EmploymentRead]
    identifiers: list[IdentifierRead]
    contacts: list[PersonContactRead]
    restrictions: list[PersonRestrictionRead]


class NomisPersonsClient(ApiClient):
    """Reads NOMIS persons (the person contacts reconciliation)."""

    api_name = "nomis-prisoner-api"

    def ids_from(self, person_id: int, page_size: int) -> PersonIds:
        response = self._send(
            "GET",
            "/persons/ids/all-from-id",
            params={"personId": person_id, "pageSize": page_size},
        )
        return PersonIds.model_validate(response.json())

    def details(self, person_id: int) -> ContactPersonDetails:
        response = self._send("GET", f"/persons/{person_id}")
        return ContactPersonDetails.model_validate(response.json())
