"""Incentives (IEP) sync: reviews, global levels, level order and prison levels into NOMIS."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from dagster_project.events import RetryMappingMessage
from dagster_project.sync.payloads import EventPayload, Info
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.synchronise import synchronise_create
from dagster_project.telemetry import Telemetry
from resources.dps.incentives import IncentiveReviewDetail, IncentivesClient
from resources.nomis_mapping.client import NomisMappingClient
from resources.nomis_mapping.models import IncentiveMapping
from resources.nomis_prisoner.client import NomisPrisonerClient
from resources.nomis_prisoner.models import (
    CreateGlobalIncentiveRequest,
    CreateIncentiveRequest,
    CreatePrisonIncentiveRequest,
    PrisonIncentiveLevelFields,
    ReorderRequest,
    UpdateGlobalIncentiveRequest,
)

CREATED_IN_NOMIS = "USER_CREATED_NOMIS"


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


PAYLOADS: dict[str, type[EventPayload]] = {
    "incentives.iep-review.inserted": ReviewInserted,
    "incentives.level.changed": LevelChanged,
    "incentives.levels.reordered": LevelsReordered,
    "incentives.prison-level.changed": PrisonLevelChanged,
}


def incentive_request(review: IncentiveReviewDetail) -> CreateIncentiveRequest:
    """NOMIS IEP body: the level *code*, review date combined with the review's time of day."""
    return CreateIncentiveRequest(
        iep_level=review.iep_code,
        iep_date_time=dt.datetime.combine(review.iep_date, review.iep_time.time()),
        prison_id=review.agency_id,
        user_id=review.user_id,
        comments=review.comments,
    )


class IncentivesSync:
    """Applies incentive events to NOMIS; telemetry names and dimensions as the old service."""

    domain: ClassVar[str] = "incentives"

    def __init__(
        self,
        nomis: NomisPrisonerClient,
        mapping: NomisMappingClient,
        incentives: IncentivesClient,
        telemetry: Telemetry,
        retry_queue: MappingRetryQueue,
    ) -> None:
        self._nomis = nomis
        self._mapping = mapping
        self._dps = incentives
        self._telemetry = telemetry
        self._retry_queue = retry_queue

    def handle(self, payload: EventPayload) -> None:
        if isinstance(payload, ReviewInserted):
            self.review_inserted(payload)
        elif isinstance(payload, LevelChanged):
            self.level_changed(payload.additional_information.incentive_level)
        elif isinstance(payload, LevelsReordered):
            self.levels_reordered()
        elif isinstance(payload, PrisonLevelChanged):
            info = payload.additional_information
            self.prison_level_changed(info.prison_id, info.incentive_level)
        else:
            raise TypeError(f"not an incentives event: {payload.event_type}")

    def review_inserted(self, event: ReviewInserted) -> None:
        info = event.additional_information

        def transform(dimensions: dict[str, str]) -> IncentiveMapping | None:
            review = self._dps.get_review(info.id)
            if info.reason == CREATED_IN_NOMIS:
                return None
            dimensions.update(
                prisonId=review.agency_id,
                iep=review.iep_code,
                iepDate=review.iep_date.isoformat(),
                iepTime=review.iep_time.time().isoformat(),
            )
            created = self._nomis.create_incentive(
                review.prisoner_number, incentive_request(review)
            )
            return IncentiveMapping(
                nomis_booking_id=created.booking_id,
                nomis_incentive_sequence=created.sequence,
                incentive_id=info.id,
                mapping_type="INCENTIVE_CREATED",
            )

        synchronise_create(
            name="incentive",
            telemetry=self._telemetry,
            dimensions=event.telemetry(),
            mapping_exists=lambda: self._mapping.get_incentive_mapping(info.id) is not None,
            transform=transform,
            save_mapping=self._mapping.create_incentive_mapping,
            retry_queue=self._retry_queue,
        )

    def level_changed(self, code: str) -> None:
        existing = self._nomis.get_global_incentive_level(code)
        level = self._dps.get_level(code)
        if existing is not None:
            self._nomis.update_global_incentive_level(
                code, UpdateGlobalIncentiveRequest(description=level.name, active=level.active)
            )
            name = "global-incentive-level-updated"
        else:
            self._nomis.create_global_incentive_level(
                CreateGlobalIncentiveRequest(code=code, description=level.name, active=level.active)
            )
            name = "global-incentive-level-inserted"
        self._telemetry.track(
            name, {"code": code, "description": level.name, "active": level.active}
        )

    def levels_reordered(self) -> None:
        codes = [level.code for level in self._dps.list_levels()]
        self._nomis.reorder_global_incentive_levels(ReorderRequest(code_list=codes))
        self._telemetry.track("global-incentive-levels-reordered", {"orderedIepCodes": codes})

    def prison_level_changed(self, prison_id: str, level_code: str) -> None:
        existing = self._nomis.get_prison_incentive_level(prison_id, level_code)
        level = self._dps.get_prison_level(prison_id, level_code)
        fields = PrisonIncentiveLevelFields(
            active=level.active,
            default_on_admission=level.default_on_admission,
            visit_order_allowance=level.visit_orders,
            privileged_visit_order_allowance=level.privileged_visit_orders,
            remand_transfer_limit_in_pence=level.remand_transfer_limit_in_pence,
            remand_spend_limit_in_pence=level.remand_spend_limit_in_pence,
            convicted_transfer_limit_in_pence=level.convicted_transfer_limit_in_pence,
            convicted_spend_limit_in_pence=level.convicted_spend_limit_in_pence,
        )
        if existing is not None:
            self._nomis.update_prison_incentive_level(prison_id, level_code, fields)
            name = "prison-incentive-level-updated"
        else:
            request = CreatePrisonIncentiveRequest(level_code=level_code, **fields.model_dump())
            self._nomis.create_prison_incentive_level(prison_id, request)
            name = "prison-incentive-level-inserted"
        self._telemetry.track(
            name,
            {
                "code": level_code,
                "prison": prison_id,
                "defaultOnAdmission": level.default_on_admission,
                "active": level.active,
                "visitOrders": level.visit_orders,
                "privilegedVisitOrders": level.privileged_visit_orders,
                "remandTransferLimitInPence": level.remand_transfer_limit_in_pence,
                "remandSpendLimitInPence": level.remand_spend_limit_in_pence,
                "convictedSpendLimitInPence": level.convicted_spend_limit_in_pence,
                "convictedTransferLimitInPence": level.convicted_transfer_limit_in_pence,
            },
        )

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        """Re-POST a mapping whose first save failed; NOMIS is not called again."""
        carried = RetryIncentiveMapping.model_validate(retry.mapping)
        mapping = IncentiveMapping(
            nomis_booking_id=carried.nomis_booking_id,
            nomis_incentive_sequence=carried.nomis_incentive_sequence,
            incentive_id=carried.incentive_id,
            mapping_type="INCENTIVE_CREATED",
        )
        self._mapping.create_incentive_mapping(mapping)
        self._telemetry.track(
            "incentive-retry-success",
            {
                "id": (
                    f"IncentiveMapping(nomisBookingId={mapping.nomis_booking_id}, "
                    f"nomisIncentiveSequence={mapping.nomis_incentive_sequence}, "
                    f"incentiveId={mapping.incentive_id})"
                )
            },
        )
