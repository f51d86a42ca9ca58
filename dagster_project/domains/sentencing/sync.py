"""Sentencing adjustments sync: DPS adjustment changes into NOMIS sentence/key-date adjustments.

A DPS adjustment with a `sentenceSequence` becomes a NOMIS *sentence* adjustment on that sentence;
one without becomes a booking-level *key-date* adjustment (NOMIS then recalculates key dates).
The mapping service records the NOMIS id and that category. Telemetry names and dimensions are
the old service's (`sentencing-adjustment-*`), so ops queries carry over.

Kept as the old service does it, on purpose:
- an event whose `source` is "NOMIS" is ignored with no API call (it came from NOMIS);
- a create whose DPS adjustment is already gone emits `-create-skipped` *and* `-create-ignored`;
- a delete with no mapping emits `-deleted-ignored` (reason `mapping-already-deleted`) *and*
  `-deleted-success`: ops count successes, and the desired state (nothing in NOMIS) holds;
- a mapping re-POSTed from a RETRY_CREATE_MAPPING reports `sentencing-adjustment-create-success`
  with the carried attributes (incentives and visits report `-retry-success` instead);
- an update arriving before its create (mapping xor DPS record missing) fails and is retried.

Updates pick the NOMIS endpoint by DPS's `sentenceSequence` and use the mapped id, as the old
service: an adjustment updated in DPS without a sentence sequence (a key-date adjustment, mapped
KEY-DATE) is a PUT /key-date-adjustments/{nomisId}; with one, PUT /sentence-adjustments/{nomisId}.
The mapped category is only compared with DPS's ("SENTENCE" / "KEY-DATE", the API values on both
sides), never used to choose the endpoint.

A create whose earlier attempt may have written NOMIS without saving the mapping is resumed by
reading the booking's NOMIS adjustments: the one adjustment identical to the create's body
(`written_from`) that no mapping names is mapped; none, or several, and the create writes.

Deliberate deviations:
- an update whose DPS category differs from the mapped category (mapped SENTENCE but DPS now has
  no sentence sequence, or the reverse) is refused with a NonRetryableError (`-updated-failed`,
  dead-lettered at once with both records named). See `_update_nomis` for why.
- the old update flow read the mapping and the DPS adjustment twice; they are read once.
- an adjustment id that is not a UUID is rejected when the event is validated (poison, straight
  to the DLQ): the DPS API only takes UUIDs, so such an event could never be processed.
- "today" (the default adjustment date) is the date in Europe/London, the zone the old service
  and NOMIS run in, not the host's zone.
- the nomisAdjustmentCategory dimension carries the API value ("KEY-DATE"), never an enum name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import ClassVar
from zoneinfo import ZoneInfo

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.sentencing.dps import (
    ADJUSTMENTS_API,
    AdjustmentsClient,
    LegacyAdjustment,
)
from dagster_project.domains.sentencing.events import (
    MAPPING_TYPE,
    AdjustmentDeleted,
    AdjustmentInserted,
    AdjustmentUpdated,
    RetryAdjustmentMapping,
)
from dagster_project.domains.sentencing.mapping import (
    AdjustmentCategory,
    AdjustmentMapping,
    NomisAdjustmentMappingClient,
)
from dagster_project.domains.sentencing.nomis import (
    KeyDateAdjustment,
    KeyDateAdjustmentRequest,
    NomisAdjustmentsClient,
    SentenceAdjustmentRequest,
    SentencingAdjustments,
    UpdateSentenceAdjustmentRequest,
)
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.domain import SyncWiring
from dagster_project.sync.errors import NonRetryableError
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.synchronise import synchronise_create
from dagster_project.telemetry import Telemetry

NAME = "sentencing-adjustment"
SENTENCE: AdjustmentCategory = "SENTENCE"
KEY_DATE: AdjustmentCategory = "KEY-DATE"
LONDON = ZoneInfo("Europe/London")


def london_today() -> dt.date:
    """Today's date where NOMIS and the old service run."""
    return dt.datetime.now(LONDON).date()


def category_of(adjustment: LegacyAdjustment) -> AdjustmentCategory:
    """A sentence sequence ties the adjustment to one sentence; none means the booking."""
    return KEY_DATE if adjustment.sentence_sequence is None else SENTENCE


def key_date_request(
    adjustment: LegacyAdjustment, today: dt.date, active: bool | None = None
) -> KeyDateAdjustmentRequest:
    """NOMIS needs a from-date on a key-date adjustment: fall back to the adjustment date, today.

    Raises:
        ValidationError: the DPS type is not a key-date type (e.g. RX without a sentence).
    """
    adjustment_date = adjustment.adjustment_date or today
    return KeyDateAdjustmentRequest.model_validate(
        {
            "adjustment_type_code": adjustment.adjustment_type,
            "adjustment_days": adjustment.adjustment_days,
            "adjustment_date": adjustment_date,
            "adjustment_from_date": adjustment.adjustment_from_date or adjustment_date,
            "comment": adjustment.comment,
            "active": active,
        }
    )


def sentence_request(
    adjustment: LegacyAdjustment, today: dt.date, active: bool | None = None
) -> SentenceAdjustmentRequest:
    """Sentence adjustment body; its from-date is optional in NOMIS and passed as DPS has it.

    Raises:
        ValidationError: the DPS type is not a sentence type (e.g. UAL with a sentence).
    """
    return SentenceAdjustmentRequest.model_validate(
        {
            "adjustment_type_code": adjustment.adjustment_type,
            "adjustment_days": adjustment.adjustment_days,
            "adjustment_date": adjustment.adjustment_date or today,
            "adjustment_from_date": adjustment.adjustment_from_date,
            "comment": adjustment.comment,
            "active": active,
        }
    )


def written_from(
    booking: SentencingAdjustments, adjustment: LegacyAdjustment, today: dt.date
) -> list[KeyDateAdjustment]:
    """The booking's NOMIS adjustments identical to what creating `adjustment` today writes.

    The lookup a resumed create relies on: same table (key-date, or the same sentence and not
    the hidden sentence adjustment NOMIS adds for a key-date one), booking, type, days, dates
    and comment. Whether one is already mapped (someone else's) is the caller's check.

    Raises:
        ValidationError: the DPS type does not fit its table (the create would fail too).
    """
    items: list[KeyDateAdjustment]
    if adjustment.sentence_sequence is None:
        request: KeyDateAdjustmentRequest | SentenceAdjustmentRequest = key_date_request(
            adjustment, today
        )
        items = list(booking.key_date_adjustments)
    else:
        request = sentence_request(adjustment, today)
        items = [
            item
            for item in booking.sentence_adjustments
            if item.sentence_sequence == adjustment.sentence_sequence and not item.hidden_from_users
        ]
    return [
        item
        for item in items
        if item.booking_id == adjustment.booking_id
        and item.adjustment_type.code == request.adjustment_type_code
        and item.adjustment_days == request.adjustment_days
        and item.adjustment_date == request.adjustment_date
        and item.adjustment_from_date == request.adjustment_from_date
        and (item.comment or None) == (request.comment or None)
    ]


def repair_active(
    adjustment: LegacyAdjustment, force_status: bool, set_active: bool
) -> bool | None:
    """The `active` flag to send: only a repair sends one, otherwise NOMIS keeps its own."""
    if set_active:
        return True
    if force_status:
        return adjustment.active
    return None


class AdjustmentsSync:
    """Applies sentencing adjustment events to NOMIS; telemetry as the old service."""

    domain: ClassVar[str] = "sentencing"

    def __init__(
        self,
        nomis: NomisAdjustmentsClient,
        mapping: NomisAdjustmentMappingClient,
        adjustments: AdjustmentsClient,
        telemetry: Telemetry,
        retry_queue: MappingRetryQueue,
        *,
        today: Callable[[], dt.date] = london_today,
    ) -> None:
        self.nomis = nomis
        self.mapping = mapping
        self.dps = adjustments
        self._telemetry = telemetry
        self._retry_queue = retry_queue
        self._today = today

    def inserted(self, event: AdjustmentInserted) -> None:
        """Create the NOMIS adjustment and its mapping (see `synchronise_create`)."""
        if event.created_in_nomis:
            self._telemetry.track(f"{NAME}-create-ignored", event.telemetry())
            return
        adjustment_id = event.additional_information.id

        def transform(dimensions: dict[str, str]) -> AdjustmentMapping | None:
            adjustment = self.dps.get_legacy_adjustment(adjustment_id)
            if adjustment is None:
                # deleted in DPS since the event; synchronise_create adds -create-ignored
                self._telemetry.track(f"{NAME}-create-skipped", dimensions)
                return None
            category = category_of(adjustment)
            if adjustment.sentence_sequence is None:
                nomis_id = self.nomis.create_key_date_adjustment(
                    adjustment.booking_id, key_date_request(adjustment, self._today())
                )
            else:
                nomis_id = self.nomis.create_sentence_adjustment(
                    adjustment.booking_id,
                    adjustment.sentence_sequence,
                    sentence_request(adjustment, self._today()),
                )
            return AdjustmentMapping(
                nomis_adjustment_id=nomis_id,
                nomis_adjustment_category=category,
                adjustment_id=adjustment_id,
                mapping_type=MAPPING_TYPE,
            )

        def find_written(_dimensions: dict[str, str]) -> AdjustmentMapping | None:
            """The one unmapped NOMIS adjustment identical to ours; None if none, or several."""
            adjustment = self.dps.get_legacy_adjustment(adjustment_id)
            if adjustment is None:
                return None  # transform reports the skip
            category = category_of(adjustment)
            booking = self.nomis.sentencing_adjustments(adjustment.booking_id, active_only=False)
            unmapped = [
                item
                for item in written_from(booking, adjustment, self._today())
                if self.mapping.get_adjustment_mapping_by_nomis_id(category, item.id) is None
            ]
            if len(unmapped) != 1:
                return None  # several identical ones: which is ours is unknowable, write again
            return AdjustmentMapping(
                nomis_adjustment_id=unmapped[0].id,
                nomis_adjustment_category=category,
                adjustment_id=adjustment_id,
                mapping_type=MAPPING_TYPE,
            )

        synchronise_create(
            name=NAME,
            telemetry=self._telemetry,
            dimensions=event.telemetry(),
            mapping_exists=lambda: self.mapping.get_adjustment_mapping(adjustment_id) is not None,
            transform=transform,
            save_mapping=self.mapping.create_adjustment_mapping,
            retry_queue=self._retry_queue,
            find_written=find_written,
        )

    def updated(
        self, event: AdjustmentUpdated, *, force_status: bool = False, set_active: bool = False
    ) -> None:
        """Overwrite the mapped NOMIS adjustment with DPS's current values.

        `force_status` / `set_active` are for a repair: send DPS's `active` flag, or `true`.
        Events send neither, so NOMIS keeps its own active flag.

        Raises:
            Exception: after `-updated-failed`, for any failure, including an update that
                arrived before its create was applied (the event is retried).
        """
        dimensions = event.telemetry()
        if event.created_in_nomis:
            self._telemetry.track(f"{NAME}-updated-ignored", dimensions)
            return
        adjustment_id = event.additional_information.id
        try:
            mapping = self.mapping.get_adjustment_mapping(adjustment_id)
            adjustment = self.dps.get_legacy_adjustment(adjustment_id)
            if mapping is None and adjustment is None:
                self._telemetry.track(f"{NAME}-updated-skipped", dimensions)
                return
            if mapping is None or adjustment is None:
                missing = "mapping" if mapping is None else "DPS adjustment"
                raise LookupError(
                    f"the {missing} of adjustment {adjustment_id} is missing; "
                    "its create or delete has not been applied yet"
                )
            dimensions["nomisAdjustmentId"] = str(mapping.nomis_adjustment_id)
            self._update_nomis(
                mapping, adjustment, repair_active(adjustment, force_status, set_active)
            )
        except Exception as error:
            self._telemetry.track(f"{NAME}-updated-failed", {**dimensions, "reason": str(error)})
            raise
        self._telemetry.track(f"{NAME}-updated-success", dimensions)

    def _update_nomis(
        self, mapping: AdjustmentMapping, adjustment: LegacyAdjustment, active: bool | None
    ) -> None:
        """PUT DPS's values to the mapped NOMIS adjustment, on the endpoint of DPS's category.

        In every ordinary update DPS's category is the mapped one, and this is the old service's
        call exactly. When they differ, the old service would PUT the other table's endpoint
        with the mapped id, but sentence and key-date adjustments are separate NOMIS tables with
        separate id sequences: that PUT answers 404 (retried into the DLQ) or overwrites an
        unrelated adjustment, maybe another prisoner's, whose release dates NOMIS then
        recalculates. And the DPS type seldom fits the other table (RX has no key-date form).
        Retrying cannot help, so the event is dead-lettered at once for a person to decide
        which NOMIS table the adjustment belongs in.

        Raises:
            NonRetryableError: DPS's category is not the mapped one.
        """
        category = category_of(adjustment)
        if category != mapping.nomis_adjustment_category:
            raise NonRetryableError(
                f"DPS adjustment {mapping.adjustment_id} is now a {category} adjustment but is "
                f"mapped to NOMIS {mapping.nomis_adjustment_category} adjustment "
                f"{mapping.nomis_adjustment_id}; not updating the wrong NOMIS record"
            )
        today = self._today()
        if adjustment.sentence_sequence is None:
            self.nomis.update_key_date_adjustment(
                mapping.nomis_adjustment_id, key_date_request(adjustment, today, active)
            )
        else:
            body = sentence_request(adjustment, today, active).model_dump()
            request = UpdateSentenceAdjustmentRequest.model_validate(
                {**body, "sentence_sequence": adjustment.sentence_sequence}
            )
            self.nomis.update_sentence_adjustment(mapping.nomis_adjustment_id, request)

    def deleted(self, event: AdjustmentDeleted) -> None:
        """Delete the mapped NOMIS adjustment, then the mapping (kept if NOMIS fails).

        Raises:
            Exception: after `-deleted-failed`; the event is retried.
        """
        dimensions = event.telemetry()
        if event.created_in_nomis:
            self._telemetry.track(f"{NAME}-deleted-ignored", dimensions)
            return
        adjustment_id = event.additional_information.id
        try:
            mapping = self.mapping.get_adjustment_mapping(adjustment_id)
            if mapping is None:
                self._telemetry.track(
                    f"{NAME}-deleted-ignored", {**dimensions, "reason": "mapping-already-deleted"}
                )
            else:
                dimensions["nomisAdjustmentId"] = str(mapping.nomis_adjustment_id)
                dimensions["nomisAdjustmentCategory"] = mapping.nomis_adjustment_category
                if mapping.nomis_adjustment_category == SENTENCE:
                    self.nomis.delete_sentence_adjustment(mapping.nomis_adjustment_id)
                else:
                    self.nomis.delete_key_date_adjustment(mapping.nomis_adjustment_id)
                self.mapping.delete_adjustment_mapping(adjustment_id)
        except Exception as error:
            self._telemetry.track(f"{NAME}-deleted-failed", {**dimensions, "reason": str(error)})
            raise
        self._telemetry.track(f"{NAME}-deleted-success", dimensions)

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        """Re-POST a mapping whose first save failed; NOMIS is not called again.

        Success is reported as `sentencing-adjustment-create-success` with the attributes the
        first attempt carried, as the old service did for this domain.
        """
        carried = RetryAdjustmentMapping.model_validate(retry.mapping)
        self.mapping.create_adjustment_mapping(
            AdjustmentMapping.model_validate(carried.model_dump())
        )
        self._telemetry.track(f"{NAME}-create-success", retry.telemetry_attributes)


def build_sync(wiring: SyncWiring) -> AdjustmentsSync:
    """The domain's one wiring: typed clients on the run's shared HTTP clients."""
    return AdjustmentsSync(
        NomisAdjustmentsClient(wiring.http(NOMIS_API)),
        NomisAdjustmentMappingClient(wiring.http(MAPPING_API)),
        AdjustmentsClient(wiring.http(ADJUSTMENTS_API)),
        wiring.telemetry,
        wiring.retry_queue,
    )
