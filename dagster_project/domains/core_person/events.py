"""The two core person record (CPR) events this service subscribes to.

`core-person-record.prison.religion.created` names the CPR religion and the prisoner
(`personReference`, identifier type `prisonNumber`); without either it can never be handled, so
it is poison. `core-person-record.prison.merged` names the surviving record in
`personReferenceTo`; one without a `prisonNumber` identifier is read and acknowledged with
telemetry, as the old service did (it is not a prison record).
"""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, field_validator

from dagster_project.sync.payloads import EventPayload, Info

PRISON_NUMBER = "prisonNumber"


class Identifier(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: str
    value: str


class PersonReference(BaseModel):
    """A person reference: any identifiers (CRN, prisonNumber, ...)."""

    model_config = ConfigDict(extra="ignore")
    identifiers: list[Identifier]

    @property
    def prison_number(self) -> str | None:
        return next((i.value for i in self.identifiers if i.type == PRISON_NUMBER), None)


class PrisonPersonReference(PersonReference):
    """A person reference that must name the prisoner (a `prisonNumber` identifier)."""

    @field_validator("identifiers")
    @classmethod
    def _has_prison_number(cls, value: list[Identifier]) -> list[Identifier]:
        if not any(identifier.type == PRISON_NUMBER for identifier in value):
            raise ValueError("personReference has no prisonNumber identifier")
        return value


class ReligionInfo(Info):
    cpr_religion_id: str

    @field_validator("cpr_religion_id")
    @classmethod
    def _uuid(cls, value: str) -> str:
        """A CPR religion id is a UUID; keep the text as sent."""
        uuid.UUID(value)
        return value


class ReligionCreated(EventPayload):
    """A religion was added to a prisoner's CPR record (recorded, not written to NOMIS)."""

    additional_information: ReligionInfo
    person_reference: PrisonPersonReference

    @property
    def prison_number(self) -> str:
        found = self.person_reference.prison_number
        assert found is not None  # the validator requires it
        return found

    def entity_key(self) -> str:
        return f"core-person:{self.prison_number}"

    def telemetry(self) -> dict[str, str]:
        return {
            "prisonNumber": self.prison_number,
            "cprReligionId": self.additional_information.cpr_religion_id,
        }


class PersonMerged(EventPayload):
    """Two CPR prison records were merged; `personReferenceTo` is the one that survives."""

    person_reference_to: PersonReference

    @property
    def prison_number(self) -> str | None:
        return self.person_reference_to.prison_number

    def identifiers(self) -> dict[str, str]:
        """Every identifier as `{type: value}` (the no-prison-number telemetry)."""
        return {i.type: i.value for i in self.person_reference_to.identifiers}

    def entity_key(self) -> str:
        """The surviving prisoner, so a merge follows the religion events of its record."""
        first = next(iter(self.person_reference_to.identifiers), None)
        found = self.prison_number or (f"{first.type}:{first.value}" if first else "none")
        return f"core-person:{found}"

    def telemetry(self) -> dict[str, str]:
        return {"prisonNumber": self.prison_number} if self.prison_number else self.identifiers()


class NoMappingToRetry(Info):
    """Core person saves no mappings, so a RETRY_CREATE_MAPPING for it is never queued.

    The model exists because every domain declares one; a retry message that names this
    domain anyway fails (see `CorePersonSync.retry_create_mapping`).
    """

    cpr_id: str
