"""The three CSIP record events: one DPS CSIP report, whole, per event.

There are no per-child events: any change to a factor, interview, plan, review, attendee,
screening or decision arrives as `person.csip-record.updated`, and the whole report is re-sent.
The record's UUID and the prisoner's NOMS number (`personReference`) are required, as upstream.
"""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field, field_validator

from dagster_project.domains.csip.mapping import ChildMapping, MappingType
from dagster_project.sync.payloads import EventPayload, Info

MAPPING_TYPE: MappingType = "DPS_CREATED"
REPORT_ENTITY = "csip"
CHILDREN_ENTITY = "csip-children"


class CsipInfo(Info):
    record_uuid: str

    @field_validator("record_uuid")
    @classmethod
    def _uuid(cls, value: str) -> str:
        """A DPS CSIP record id is a UUID; anything else can never be read (poison)."""
        uuid.UUID(value)
        return value


class Identifier(BaseModel):
    model_config = ConfigDict(extra="ignore")

    type: str
    value: str


class PersonReference(BaseModel):
    """`personReference`: it must name the prisoner (a `NOMS` identifier), as upstream."""

    model_config = ConfigDict(extra="ignore")

    identifiers: list[Identifier]

    @field_validator("identifiers")
    @classmethod
    def _has_noms(cls, value: list[Identifier]) -> list[Identifier]:
        if not any(identifier.type == "NOMS" for identifier in value):
            raise ValueError("no NOMS identifier")
        return value

    @property
    def noms_number(self) -> str:
        return next(i.value for i in self.identifiers if i.type == "NOMS")


class CsipEvent(EventPayload):
    """Created, updated and deleted: one DPS CSIP record, in `occurredAt` order."""

    additional_information: CsipInfo
    person_reference: PersonReference

    @property
    def record_uuid(self) -> str:
        return self.additional_information.record_uuid

    @property
    def offender_no(self) -> str:
        """The event's NOMS number (telemetry only: NOMIS gets the DPS record's own)."""
        return self.person_reference.noms_number

    def entity_key(self) -> str:
        return f"csip:{self.record_uuid}"

    def telemetry(self) -> dict[str, str]:
        return {"dpsCSIPReportId": self.record_uuid, "offenderNo": self.offender_no}


class CsipCreated(CsipEvent):
    pass


class CsipUpdated(CsipEvent):
    pass


class CsipDeleted(CsipEvent):
    pass


class RetryCsipMapping(Info):
    """The full mapping a RETRY_CREATE_MAPPING carries (entity `csip` or `csip-children`)."""

    dps_csip_report_id: str = Field(alias="dpsCSIPReportId")
    nomis_csip_report_id: int = Field(alias="nomisCSIPReportId")
    mapping_type: MappingType = MAPPING_TYPE
    label: str | None = None
    attendee_mappings: list[ChildMapping] = []
    factor_mappings: list[ChildMapping] = []
    interview_mappings: list[ChildMapping] = []
    plan_mappings: list[ChildMapping] = []
    review_mappings: list[ChildMapping] = []
