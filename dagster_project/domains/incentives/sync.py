"""Incentives (IEP) sync: reviews, global levels, level order and prison levels into NOMIS."""

from __future__ import annotations

import datetime as dt

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.incentives.dps import (
    INCENTIVES_API,
    IncentiveReviewDetail,
    IncentivesClient,
)
from dagster_project.domains.incentives.events import (
    LevelChanged,
    LevelsReordered,
    PrisonLevelChanged,
    RetryIncentiveMapping,
    ReviewInserted,
)
from dagster_project.domains.incentives.mapping import IncentiveMapping, IncentiveMappingClient
from dagster_project.domains.incentives.nomis import (
    CreateGlobalIncentiveRequest,
    CreateIncentiveRequest,
    CreatePrisonIncentiveRequest,
    IncentiveResponse,
    NomisIncentivesClient,
    PrisonIncentiveLevelFields,
    ReorderRequest,
    UpdateGlobalIncentiveRequest,
)
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.domain import SyncWiring
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.synchronise import synchronise_create
from dagster_project.telemetry import Telemetry

CREATED_IN_NOMIS = "USER_CREATED_NOMIS"


def incentive_request(review: IncentiveReviewDetail) -> CreateIncentiveRequest:
    """NOMIS IEP body: the level *code*, review date combined with the review's time of day."""
    return CreateIncentiveRequest(
        iep_level=review.iep_code,
        iep_date_time=dt.datetime.combine(review.iep_date, review.iep_time.time()),
        prison_id=review.agency_id,
        user_id=review.user_id,
        comments=review.comments,
    )


def is_written_from(written: IncentiveResponse, review: IncentiveReviewDetail) -> bool:
    """Whether NOMIS's current IEP is the one `incentive_request(review)` creates.

    The lookup an unfinished create relies on: a new review becomes the booking's current
    IEP, with the review's level, prison and time to the second.
    """
    request = incentive_request(review)
    return (
        written.iep_level.code == request.iep_level
        and written.iep_date_time == request.iep_date_time
        and written.prison_id in (None, request.prison_id)
    )


class IncentivesSync:
    """Applies incentive events to NOMIS; telemetry names and dimensions as the old service."""

    def __init__(
        self,
        nomis: NomisIncentivesClient,
        mapping: IncentiveMappingClient,
        incentives: IncentivesClient,
        telemetry: Telemetry,
        retry_queue: MappingRetryQueue,
    ) -> None:
        self.nomis = nomis
        self.mapping = mapping
        self.dps = incentives
        self._telemetry = telemetry
        self._retry_queue = retry_queue

    def review_inserted(self, event: ReviewInserted) -> None:
        info = event.additional_information

        def transform(dimensions: dict[str, str]) -> IncentiveMapping | None:
            review = self.dps.get_review(info.id)
            if info.reason == CREATED_IN_NOMIS:
                return None
            dimensions.update(
                prisonId=review.agency_id,
                iep=review.iep_code,
                iepDate=review.iep_date.isoformat(),
                iepTime=review.iep_time.time().isoformat(),
            )
            created = self.nomis.create_incentive(review.prisoner_number, incentive_request(review))
            return IncentiveMapping(
                nomis_booking_id=created.booking_id,
                nomis_incentive_sequence=created.sequence,
                incentive_id=info.id,
                mapping_type="INCENTIVE_CREATED",
            )

        def find_written(_dimensions: dict[str, str]) -> IncentiveMapping | None:
            review = self.dps.get_review(info.id)
            written = self.nomis.get_current_incentive(review.booking_id)
            if written is None or not is_written_from(written, review):
                return None
            return IncentiveMapping(
                nomis_booking_id=written.booking_id,
                nomis_incentive_sequence=written.incentive_sequence,
                incentive_id=info.id,
                mapping_type="INCENTIVE_CREATED",
            )

        synchronise_create(
            name="incentive",
            telemetry=self._telemetry,
            dimensions=event.telemetry(),
            mapping_exists=lambda: self.mapping.get_incentive_mapping(info.id) is not None,
            transform=transform,
            save_mapping=self.mapping.create_incentive_mapping,
            retry_queue=self._retry_queue,
            find_written=find_written,
        )

    def level_changed(self, event: LevelChanged) -> None:
        code = event.additional_information.incentive_level
        existing = self.nomis.get_global_incentive_level(code)
        level = self.dps.get_level(code)
        if existing is not None:
            self.nomis.update_global_incentive_level(
                code, UpdateGlobalIncentiveRequest(description=level.name, active=level.active)
            )
            name = "global-incentive-level-updated"
        else:
            self.nomis.create_global_incentive_level(
                CreateGlobalIncentiveRequest(code=code, description=level.name, active=level.active)
            )
            name = "global-incentive-level-inserted"
        self._telemetry.track(
            name, {"code": code, "description": level.name, "active": level.active}
        )

    def levels_reordered(self, _event: LevelsReordered) -> None:
        codes = [level.code for level in self.dps.list_levels()]
        self.nomis.reorder_global_incentive_levels(ReorderRequest(code_list=codes))
        self._telemetry.track("global-incentive-levels-reordered", {"orderedIepCodes": codes})

    def prison_level_changed(self, event: PrisonLevelChanged) -> None:
        prison_id = event.additional_information.prison_id
        level_code = event.additional_information.incentive_level
        existing = self.nomis.get_prison_incentive_level(prison_id, level_code)
        level = self.dps.get_prison_level(prison_id, level_code)
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
            self.nomis.update_prison_incentive_level(prison_id, level_code, fields)
            name = "prison-incentive-level-updated"
        else:
            request = CreatePrisonIncentiveRequest(level_code=level_code, **fields.model_dump())
            self.nomis.create_prison_incentive_level(prison_id, request)
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
        self.mapping.create_incentive_mapping(mapping)
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


def build_sync(wiring: SyncWiring) -> IncentivesSync:
    """The domain's one wiring: typed clients on the run's shared HTTP clients."""
    return IncentivesSync(
        NomisIncentivesClient(wiring.http(NOMIS_API)),
        IncentiveMappingClient(wiring.http(MAPPING_API)),
        IncentivesClient(wiring.http(INCENTIVES_API)),
        wiring.telemetry,
        wiring.retry_queue,
    )
