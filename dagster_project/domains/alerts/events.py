"""The three `person.alert.*` events and the eight alert code / type reference-data events.

An alert event needs `alertUuid`, `alertCode`, a `source` of DPS or NOMIS and the prisoner's
NOMS number in `personReference`, as the old service's event model did; without them (or with
another source) the event can never be handled, so it is poison (dead-lettered at once, where
the old service failed it until its retries ran out).
"""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from dagster_project.domains.alerts.mapping import MappingType
from dagster_project.sync.payloads import EventPayload, Info

CREATED_IN_NOMIS = "NOMIS"
MAPPING_TYPE: MappingType = "DPS_CREATED"
NOMS = "NOMS"


class AlertInfo(Info):
    alert_uuid: str
    alert_code: str
    source: Literal["DPS", "NOMIS"]

    @field_validator("alert_uuid")
    @classmethod
    def _uuid(cls, value: str) -> str:
        """Reject a non-UUID now (the DPS API only serves UUIDs); keep the text as sent."""
        uuid.UUID(value)
        return value


class Identifier(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: str
    value: str


class PersonReference(BaseModel):
    """`personReference`: the NOMS identifier is required."""

    model_config = ConfigDict(extra="ignore")
    identifiers: list[Identifier]

    @field_validator("identifiers")
    @classmethod
    def _has_noms(cls, value: list[Identifier]) -> list[Identifier]:
        if not any(identifier.type == NOMS for identifier in value):
            raise ValueError("personReference has no NOMS identifier")
        return value

    @property
    def noms(self) -> str:
        return next(identifier.value for identifier in self.identifiers if identifier.type == NOMS)


class AlertEvent(EventPayload):
    """Created, updated and deleted: one DPS alert, in `occurredAt` order."""

    additional_information: AlertInfo
    person_reference: PersonReference

    @property
    def offender_no(self) -> str:
        """The event's NOMS number: NOMIS, the mapping and telemetry use it, not DPS's."""
        return self.person_reference.noms

    def entity_key(self) -> str:
        return f"alert:{self.additional_information.alert_uuid}"

    def telemetry(self) -> dict[str, str]:
        """The old base dimensions: alertCode and offenderNo come from the event."""
        info = self.additional_information
        return {
            "dpsAlertId": info.alert_uuid,
            "offenderNo": self.offender_no,
            "alertCode": info.alert_code,
        }

    @property
    def created_in_nomis(self) -> bool:
        return self.additional_information.source == CREATED_IN_NOMIS


class AlertCreated(AlertEvent):
    pass


class AlertUpdated(AlertEvent):
    pass


class AlertDeleted(AlertEvent):
    pass


class ReferenceInfo(Info):
    """`alertCode` holds the alert code, or for the `alert-type-*` events the type code."""

    alert_code: str


class AlertCodeEvent(EventPayload):
    """An alert code was created, updated, deactivated or reactivated in DPS."""

    additional_information: ReferenceInfo

    def entity_key(self) -> str:
        return f"alert-code:{self.additional_information.alert_code}"

    def telemetry(self) -> dict[str, str]:
        return {"alert-code": self.additional_information.alert_code}


class AlertTypeEvent(EventPayload):
    """An alert type was created, updated, deactivated or reactivated in DPS."""

    additional_information: ReferenceInfo

    def entity_key(self) -> str:
        return f"alert-type:{self.additional_information.alert_code}"

    def telemetry(self) -> dict[str, str]:
        return {"alert-type": self.additional_information.alert_code}


class RetryAlertMapping(Info):
    """The mapping a RETRY_CREATE_MAPPING carries; it is re-POSTed exactly as carried."""

    dps_alert_id: str
    nomis_booking_id: int
    nomis_alert_sequence: int
    offender_no: str
    mapping_type: MappingType = MAPPING_TYPE
    label: str | None = None
