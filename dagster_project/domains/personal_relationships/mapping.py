"""Mapping service: which NOMIS record each DPS contact entity became (`/mapping/contact-person`).

One generic client over the routes of the entity table: a look-up by DPS id (None when absent),
a create (Conflict on a duplicate) and a delete by whichever id the service keys it on.
"""

from __future__ import annotations

from typing import Literal

from resources.http import ApiClient, dump_body
from resources.wire import WireModel

MappingType = Literal["MIGRATED", "DPS_CREATED", "NOMIS_CREATED"]
PhoneType = Literal["PERSON", "ADDRESS"]
BASE = "/mapping/contact-person"


class ContactMapping(WireModel):
    """`PersonMappingDto`, `PersonContactMappingDto`, `PersonAddressMappingDto`, ...."""

    dps_id: str
    nomis_id: int
    mapping_type: MappingType
    label: str | None = None


class PhoneMapping(ContactMapping):
    """`PersonPhoneMappingDto`: a phone on the person or on one of its addresses."""

    dps_phone_type: PhoneType


class SequenceMapping(WireModel):
    """`PersonIdentifierMappingDto` / `PersonEmploymentMappingDto`: person id and sequence."""

    dps_id: str
    nomis_person_id: int
    nomis_sequence_number: int
    mapping_type: MappingType
    label: str | None = None


class PrisonerRestrictionMapping(ContactMapping):
    """`PrisonerRestrictionMappingDto`."""

    offender_no: str


AnyMapping = ContactMapping | SequenceMapping


class ContactMappingClient(ApiClient):
    """Look-ups return None when no mapping exists; a create raises Conflict on a duplicate."""

    api_name = "nomis-mapping-api"

    def get(self, path: str, model: type[AnyMapping]) -> AnyMapping | None:
        """The mapping at `path` (under /mapping/contact-person), or None (404)."""
        response = self._get_or_none(f"{BASE}/{path}")
        return None if response is None else model.model_validate(response.json())

    def create(self, entity: str, mapping: WireModel) -> None:
        """POST `/mapping/contact-person/<entity>`; raises Conflict when either id is mapped."""
        self._send("POST", f"{BASE}/{entity}", json=dump_body(mapping))

    def delete(self, path: str) -> None:
        self._send("DELETE", f"{BASE}/{path}")
