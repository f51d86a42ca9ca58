"""The 26 adjudication events: every one names a DPS charge, its prison and its prisoner.

Only `additionalInformation` is read (`chargeNumber`, `prisonId`, `prisonerNumber` required;
`hearingId` required on hearing events, optional on outcome events). Every event of one charge
is one entity: applied in `occurredAt` order, one at a time, so a hearing, result or punishment
change published with its charge waits behind it.
"""

from __future__ import annotations

from pydantic import Field

from dagster_project.domains.adjudications.mapping import (
    PunishmentMapping,
)
from dagster_project.sync.payloads import EventPayload, Info


class ChargeInfo(Info):
    charge_number: str
    prison_id: str
    prisoner_number: str


class HearingInfo(ChargeInfo):
    hearing_id: str


class OutcomeInfo(ChargeInfo):
    hearing_id: str | None = None


class ChargeEvent(EventPayload):
    """Any adjudication event: the charge is the entity."""

    additional_information: ChargeInfo

    @property
    def charge_number(self) -> str:
        return self.additional_information.charge_number

    @property
    def prison_id(self) -> str:
        return self.additional_information.prison_id

    @property
    def offender_no(self) -> str:
        return self.additional_information.prisoner_number

    def entity_key(self) -> str:
        return f"adjudication:{self.charge_number}"

    def telemetry(self) -> dict[str, str]:
        return {
            "chargeNumber": self.charge_number,
            "prisonId": self.prison_id,
            "offenderNo": self.offender_no,
        }


class AdjudicationCreated(ChargeEvent):
    def telemetry(self) -> dict[str, str]:
        """`offenderNo` is added after the DPS read (DPS's value), as upstream."""
        return {"chargeNumber": self.charge_number, "prisonId": self.prison_id}


class DamagesUpdated(ChargeEvent):
    pass


class EvidenceUpdated(ChargeEvent):
    pass


class HearingEvent(ChargeEvent):
    additional_information: HearingInfo

    @property
    def hearing_id(self) -> str:
        return self.additional_information.hearing_id

    def telemetry(self) -> dict[str, str]:
        return {**super().telemetry(), "dpsHearingId": self.hearing_id}


class HearingCreated(HearingEvent):
    pass


class HearingUpdated(HearingEvent):
    pass


class HearingDeleted(HearingEvent):
    pass


class OutcomeEvent(ChargeEvent):
    """Routed by whether a hearing id is present (a hearing result) or not (a referral)."""

    additional_information: OutcomeInfo

    @property
    def hearing_id(self) -> str | None:
        return self.additional_information.hearing_id

    def telemetry(self) -> dict[str, str]:
        found = super().telemetry()
        if self.hearing_id is not None:
            found["dpsHearingId"] = self.hearing_id
        return found


class OutcomeUpserted(OutcomeEvent):
    pass


class OutcomeDeleted(OutcomeEvent):
    pass


class PunishmentsCreated(ChargeEvent):
    pass


class PunishmentsUpdated(ChargeEvent):
    pass


class PunishmentsDeleted(ChargeEvent):
    pass


class OutcomeQuashed(ChargeEvent):
    pass


class OutcomeUnquashed(ChargeEvent):
    pass


class RetryAdjudicationMapping(Info):
    """What a RETRY_CREATE_MAPPING may carry: one of the five mapping bodies, by its entity."""

    adjudication_number: int | None = None
    charge_sequence: int | None = None
    charge_number: str | None = None
    dps_hearing_id: str | None = None
    nomis_hearing_id: int | None = None
    punishments: list[PunishmentMapping] | None = None
    punishments_to_create: list[PunishmentMapping] | None = None
    punishments_to_delete: list[dict[str, int]] | None = Field(default=None)
