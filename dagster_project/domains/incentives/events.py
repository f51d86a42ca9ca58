"""The four incentive events: what each carries and which entity it orders by."""

from __future__ import annotations

from dagster_project.sync.payloads import EventPayload, Info


class ReviewInfo(Info):
    id: int
    noms_number: str | None = None
    reason: str | None = None


class ReviewInserted(EventPayload):
    additional_information: ReviewInfo

    def entity_key(self) -> str:
        return f"review:{self.additional_information.id}"

    def telemetry(self) -> dict[str, str]:
        info = self.additional_information
        return {"id": str(info.id), "offenderNo": info.noms_number or "unknown"}


class LevelInfo(Info):
    incentive_level: str


class LevelChanged(EventPayload):
    additional_information: LevelInfo

    def entity_key(self) -> str:
        return "global-levels"


class LevelsReordered(EventPayload):
    def entity_key(self) -> str:
        return "global-levels"


class PrisonLevelInfo(Info):
    incentive_level: str
    prison_id: str


class PrisonLevelChanged(EventPayload):
    additional_information: PrisonLevelInfo

    def entity_key(self) -> str:
        info = self.additional_information
        return f"prison-level:{info.prison_id}:{info.incentive_level}"


class RetryIncentiveMapping(Info):
    """The ids a RETRY_CREATE_MAPPING carries; the type is always INCENTIVE_CREATED."""

    nomis_booking_id: int
    nomis_incentive_sequence: int
    incentive_id: int
