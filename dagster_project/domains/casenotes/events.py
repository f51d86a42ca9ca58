"""The three case note events: `additionalInformation`, the prisoner, and entity order.

The old service's event model required every field below (`legacyId`, `type`, `subType`,
`systemGenerated`, `detailUrl` and `description` although it used none of them), so an event
without one could never be read; here it is poison at once (the old service retried it into the
DLQ with no telemetry). A prisoner reference without a NOMS identifier is poison too.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from dagster_project.domains.casenotes.mapping import MappingType
from dagster_project.events import Identifier
from dagster_project.sync.payloads import EventPayload, Info

MAPPING_TYPE: MappingType = "DPS_CREATED"
NOMS = "NOMS"


class CaseNoteInfo(Info):
    """`additionalInformation`: only `id`, `source` and `syncToNomis` are used."""

    id: str
    legacy_id: int
    type: str
    sub_type: str
    source: Literal["DPS", "NOMIS"]
    sync_to_nomis: bool
    system_generated: bool

    @field_validator("id")
    @classmethod
    def _uuid(cls, value: str) -> str:
        """The canonical lower-case UUID (the old service's `dpsCaseNoteId`)."""
        return str(uuid.UUID(value))


class CaseNotePerson(BaseModel):
    """`personReference`, which must name the prisoner by NOMS number."""

    model_config = ConfigDict(extra="ignore")

    identifiers: list[Identifier]

    @field_validator("identifiers")
    @classmethod
    def _noms(cls, value: list[Identifier]) -> list[Identifier]:
        if not any(identifier.type == NOMS for identifier in value):
            raise ValueError("no NOMS identifier in personReference")
        return value


class CaseNoteEvent(EventPayload):
    """Created, updated and deleted: one DPS case note, in `occurredAt` order."""

    occurred_at: dt.datetime
    description: str
    detail_url: str
    person_reference: CaseNotePerson
    additional_information: CaseNoteInfo

    @property
    def dps_case_note_id(self) -> str:
        return self.additional_information.id

    @property
    def offender_no(self) -> str:
        """The event's NOMS number (never the DPS body's `offenderIdentifier`)."""
        return next(i.value for i in self.person_reference.identifiers if i.type == NOMS)

    def entity_key(self) -> str:
        return f"casenote:{self.dps_case_note_id}"

    def telemetry(self) -> dict[str, str]:
        return {"dpsCaseNoteId": self.dps_case_note_id, "offenderNo": self.offender_no}

    @property
    def should_sync(self) -> bool:
        """Only a DPS change meant for NOMIS.

        `source` NOMIS is the from-NOMIS sync's echo; `syncToNomis` false marks a DPS-only
        sub-type.
        """
        info = self.additional_information
        return info.source == "DPS" and info.sync_to_nomis


class CaseNoteCreated(CaseNoteEvent):
    pass


class CaseNoteUpdated(CaseNoteEvent):
    pass


class CaseNoteDeleted(CaseNoteEvent):
    pass


class RetryCaseNoteMapping(Info):
    """The mapping a RETRY_CREATE_MAPPING carries; it is re-POSTed exactly as carried."""

    dps_case_note_id: str
    nomis_case_note_id: int
    offender_no: str
    nomis_booking_id: int
    mapping_type: MappingType = MAPPING_TYPE
    label: str | None = None
