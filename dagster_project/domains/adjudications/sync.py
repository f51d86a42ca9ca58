"""Adjudications sync: DPS charges, hearings, results and punishments into NOMIS.

Telemetry names and dimensions are the old service's (`adjudication-*`, `hearing-*`,
`punishment-*`), so ops queries carry over. Every DPS charge read sends `Active-Caseload`
(the event's prison).

Kept as the old service does it, on purpose:
- every event is processed (events carry no `source`); outcome events are routed by whether
  they carry a `hearingId` (a NOMIS hearing result) or not (a referral result), never by name;
- a charge, hearing or location mapping the flow needs and does not find fails the event
  (retried, then dead-lettered); so does a DPS 404;
- create adjudication / hearing: mapping check (`-create-duplicate`), DPS, NOMIS, mapping; a
  mapping 409 is `to-nomis-synch-<entity>-duplicate`, any other mapping failure re-queues it
  (RETRY_CREATE_MAPPING, entities `adjudication`, `hearing`, `punishment`, `punishment-update`,
  `punishment-delete`, `punishment-unquash`); the retry telemetry is
  `adjudication-create-mapping-retry` for every entity (named after the queue);
- the outcome upsert reads DPS before its failure telemetry starts (a DPS error there gives no
  `hearing-result-upserted-failed`); a result delete with no hearing mapping is skipped; it
  re-upserts from the charge's last outcome when that has an outcome code ("roll back");
- punishments are paired with NOMIS awards by position in NOMIS's answer; `punishments.updated`
  always PUTs the punishment mapping batch (even empty), delete and unquash only when non-empty;
- a quash whose last outcome is not QUASHED fails (`Outcome is …`) so ops notice (DLQ); a
  punishments delete while DPS still has punishments fails likewise.

Deliberate deviations:
- `punishments.created` leaves out punishments already mapped, and when every DPS punishment
  is mapped it is `punishment-create-duplicate` with no NOMIS call (the old service had no check
  and doubled the awards on a replay). So a punishments update applied before its create (it
  carries DPS's whole list, creating what is unmapped) leaves the create nothing to do: each
  DPS punishment ends with exactly one NOMIS award, as if the update had waited;
- the award write of `punishments.created` runs inside a write intent (as every create): a run
  killed between the NOMIS write and the mapping save dead-letters the event for a NOMIS check
  instead of writing the awards twice;
- the full repair applies an outcome with no hearing as a referral result (the old service sent
  it down the hearing path with the hearing id "null", which always failed);
- every event of one charge is one entity (applied in `occurredAt` order, one at a time); a
  child whose charge or hearing is not mapped yet fails naming what it waits for
  (`ChargeNotMapped` / `HearingNotMapped`) and is retried with backoff until the create lands;
- creates (adjudication, hearing, awards) have no `find_written`: NOMIS cannot be searched by
  DPS charge number, hearing or punishment id, so a create interrupted inside its write is
  dead-lettered for a NOMIS check (see `dagster_project/sync/intents.py`);
- the success telemetry's `punishments` dimension is rendered as a Python list of dicts.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from dagster_project.domains.adjudications import transform
from dagster_project.domains.adjudications.dps import (
    ADJUDICATIONS_API,
    AdjudicationsClient,
    OutcomeHistory,
    Punishment,
    ReportedAdjudication,
)
from dagster_project.domains.adjudications.events import (
    AdjudicationCreated,
    ChargeEvent,
    DamagesUpdated,
    EvidenceUpdated,
    HearingCreated,
    HearingDeleted,
    HearingUpdated,
    OutcomeDeleted,
    OutcomeQuashed,
    OutcomeUnquashed,
    OutcomeUpserted,
    PunishmentsCreated,
    PunishmentsDeleted,
    PunishmentsUpdated,
)
from dagster_project.domains.adjudications.mapping import (
    AdjudicationsMappingClient,
    AwardId,
    ChargeMapping,
    DeleteMappings,
    HearingMapping,
    PunishmentBatch,
    PunishmentBatchUpdate,
    PunishmentMapping,
)
from dagster_project.domains.adjudications.nomis import (
    AwardRequest,
    ChargeId,
    CreateAwardsRequest,
    ExistingAward,
    HearingResultRequest,
    NomisAdjudicationsClient,
    UnquashRequest,
    UpdateAwardsRequest,
    UpdatedAwards,
    UpdateEvidenceRequest,
    UpdateRepairsRequest,
)
from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.domain import SyncWiring
from dagster_project.sync.errors import NonRetryableError
from dagster_project.sync.intents import nomis_write
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.synchronise import duplicate_dimensions, synchronise_create
from dagster_project.telemetry import Telemetry
from resources.errors import Conflict
from resources.http import dump_body
from resources.wire import WireModel

log = logging.getLogger(__name__)
QUASHED = "QUASHED"
# RETRY_CREATE_MAPPING entities saved with a PUT of the punishment batch
BATCH_UPDATES = ("punishment-update", "punishment-delete", "punishment-unquash")


class ChargeNotMapped(LookupError):
    """The charge's adjudication is not in NOMIS yet: retried until its create is applied."""


class HearingNotMapped(LookupError):
    """The hearing is not in NOMIS yet: retried until its create is applied."""


class AdjudicationsSync:
    """Applies adjudication events to NOMIS; telemetry as the old service."""

    def __init__(
        self,
        nomis: NomisAdjudicationsClient,
        mapping: AdjudicationsMappingClient,
        dps: AdjudicationsClient,
        telemetry: Telemetry,
        retry_queue: MappingRetryQueue,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.nomis = nomis
        self.mapping = mapping
        self.dps = dps
        self._telemetry = telemetry
        self._retry_queue = retry_queue
        self._today = today

    # --- lookups --------------------------------------------------------------------------

    def _charge_mapping(self, charge_number: str) -> ChargeMapping:
        found = self.mapping.charge(charge_number)
        if found is None:
            raise ChargeNotMapped(
                f"Adjudication {charge_number} is not mapped: waiting for its create"
            )
        return found

    def _mapped_for(self, charge_number: str, dimensions: dict[str, str]) -> ChargeMapping:
        """The charge's mapping, its NOMIS ids added to the flow's telemetry dimensions."""
        mapped = self._charge_mapping(charge_number)
        dimensions["adjudicationNumber"] = str(mapped.adjudication_number)
        dimensions["chargeSequence"] = str(mapped.charge_sequence)
        return mapped

    def _hearing_mapping(self, dps_hearing_id: str) -> HearingMapping:
        found = self.mapping.hearing(dps_hearing_id)
        if found is None:
            raise HearingNotMapped(
                f"Hearing {dps_hearing_id} is not mapped: waiting for its create"
            )
        return found

    def _mapped_hearing(
        self, charge_number: str, dps_hearing_id: str, dimensions: dict[str, str]
    ) -> tuple[ChargeMapping, HearingMapping]:
        """The charge's and the hearing's mappings, their NOMIS ids added to the dimensions.

        A hearing update and a hearing delete both need both before they call NOMIS.
        """
        mapped = self._charge_mapping(charge_number)
        dimensions["adjudicationNumber"] = str(mapped.adjudication_number)
        hearing_mapping = self._hearing_mapping(dps_hearing_id)
        dimensions["nomisHearingId"] = str(hearing_mapping.nomis_hearing_id)
        return mapped, hearing_mapping

    def _consecutive(self, charge_number: str) -> ChargeId:
        mapped = self._charge_mapping(charge_number)
        return ChargeId(
            adjudication_number=mapped.adjudication_number,
            charge_sequence=mapped.charge_sequence,
        )

    def _award(self, punishment: Punishment, latest_hearing: dt.date | None = None) -> AwardRequest:
        return transform.award(punishment, self._consecutive, self._today(), latest_hearing)

    # --- adjudication ---------------------------------------------------------------------

    def created(self, event: AdjudicationCreated) -> None:
        """Create the NOMIS adjudication (one charge) and map it."""
        self._create_adjudication(event, None)

    def _create_adjudication(self, event: ChargeEvent, offender_no: str | None) -> None:
        def transform_(dimensions: dict[str, str]) -> ChargeMapping:
            charge = self.dps.get_charge(event.charge_number, event.prison_id)
            dimensions["offenderNo"] = offender_no or charge.prisoner_number
            location = self.mapping.location(charge.incident_details.location_uuid)
            created = self.nomis.create_adjudication(
                dimensions["offenderNo"], transform.create_adjudication(charge, location)
            )
            return ChargeMapping(
                adjudication_number=created.adjudication_number,
                charge_sequence=created.charges[0].charge_sequence,
                charge_number=event.charge_number,
            )

        synchronise_create(
            name="adjudication",
            telemetry=self._telemetry,
            dimensions={"chargeNumber": event.charge_number, "prisonId": event.prison_id},
            mapping_exists=lambda: self.mapping.charge(event.charge_number) is not None,
            transform=transform_,
            save_mapping=self.mapping.create_charge,
            retry_queue=self._retry_queue,
        )

    def damages_updated(self, event: DamagesUpdated) -> None:
        """Replace the NOMIS repairs by the DPS damages."""
        dimensions = event.telemetry()
        try:
            mapped = self._mapped_for(event.charge_number, dimensions)
            charge = self.dps.get_charge(event.charge_number, event.prison_id)
            request = UpdateRepairsRequest(repairs=transform.repairs(charge))
            answer = self.nomis.update_repairs(mapped.adjudication_number, request)
            dimensions["repairCount"] = str(len(answer.repairs))
        except Exception:
            self._telemetry.track("adjudication-damages-updated-failed", dimensions)
            raise
        self._telemetry.track("adjudication-damages-updated-success", dimensions)

    def evidence_updated(self, event: EvidenceUpdated) -> None:
        """Replace the NOMIS evidence by DPS's."""
        dimensions = event.telemetry()
        try:
            mapped = self._mapped_for(event.charge_number, dimensions)
            charge = self.dps.get_charge(event.charge_number, event.prison_id)
            request = UpdateEvidenceRequest(evidence=transform.evidence(charge))
            answer = self.nomis.update_evidence(mapped.adjudication_number, request)
            dimensions["evidenceCount"] = str(len(answer.evidence))
        except Exception:
            self._telemetry.track("adjudication-evidence-updated-failed", dimensions)
            raise
        self._telemetry.track("adjudication-evidence-updated-success", dimensions)

    # --- hearings -------------------------------------------------------------------------

    def hearing_created(self, event: HearingCreated) -> None:
        """Create the NOMIS hearing and map it."""
        self._create_hearing(
            event.charge_number, event.prison_id, event.hearing_id, event.telemetry()
        )

    def _create_hearing(
        self, charge_number: str, prison_id: str, hearing_id: str, dimensions: dict[str, str]
    ) -> None:
        def transform_(dims: dict[str, str]) -> HearingMapping:
            mapped = self._charge_mapping(charge_number)
            dims["adjudicationNumber"] = str(mapped.adjudication_number)
            charge = self.dps.get_charge(charge_number, prison_id)
            hearing = transform.hearing_of(charge, hearing_id)
            location = self.mapping.location(hearing.location_uuid)
            created = self.nomis.create_hearing(
                mapped.adjudication_number, transform.create_hearing(hearing, location)
            )
            dims["nomisHearingId"] = str(created.hearing_id)
            return HearingMapping(dps_hearing_id=hearing_id, nomis_hearing_id=created.hearing_id)

        synchronise_create(
            name="hearing",
            telemetry=self._telemetry,
            dimensions=dimensions,
            mapping_exists=lambda: self.mapping.hearing(hearing_id) is not None,
            transform=transform_,
            save_mapping=self.mapping.create_hearing,
            retry_queue=self._retry_queue,
        )

    def hearing_updated(self, event: HearingUpdated) -> None:
        """Re-send the hearing's type, date, time and location (no agency)."""
        dimensions = event.telemetry()
        try:
            mapped, hearing_mapping = self._mapped_hearing(
                event.charge_number, event.hearing_id, dimensions
            )
            charge = self.dps.get_charge(event.charge_number, event.prison_id)
            hearing = transform.hearing_of(charge, event.hearing_id)
            location = self.mapping.location(hearing.location_uuid)
            self.nomis.update_hearing(
                mapped.adjudication_number,
                hearing_mapping.nomis_hearing_id,
                transform.update_hearing(hearing, location),
            )
        except Exception:
            self._telemetry.track("hearing-updated-failed", dimensions)
            raise
        self._telemetry.track("hearing-updated-success", dimensions)

    def hearing_deleted(self, event: HearingDeleted) -> None:
        """Delete the NOMIS hearing, then its mapping (a failure there fails the event)."""
        dimensions = event.telemetry()
        try:
            mapped, hearing_mapping = self._mapped_hearing(
                event.charge_number, event.hearing_id, dimensions
            )
            self.nomis.delete_hearing(mapped.adjudication_number, hearing_mapping.nomis_hearing_id)
            self.mapping.delete_hearing(event.hearing_id)
        except Exception:
            self._telemetry.track("hearing-deleted-failed", dimensions)
            raise
        self._telemetry.track("hearing-deleted-success", dimensions)

    # --- outcomes -------------------------------------------------------------------------

    def outcome_upserted(self, event: OutcomeUpserted) -> None:
        """A hearing result when the event names a hearing, else a referral result."""
        if event.hearing_id is not None:
            self._upsert_hearing_result(
                event.charge_number, event.prison_id, event.hearing_id, event.telemetry()
            )
        else:
            self._upsert_referral(event)

    def _upsert_hearing_result(
        self, charge_number: str, prison_id: str, hearing_id: str, dimensions: dict[str, str]
    ) -> None:
        charge = self.dps.get_charge(charge_number, prison_id)  # outside: no -failed, as upstream
        try:
            outcome = transform.outcome_for_hearing(charge, hearing_id)
            mapped = self._mapped_for(charge_number, dimensions)
            nomis_hearing = self._hearing_mapping(hearing_id).nomis_hearing_id
            request = transform.hearing_result(outcome)
            self.nomis.upsert_hearing_result(
                mapped.adjudication_number, nomis_hearing, mapped.charge_sequence, request
            )
            dimensions["findingCode"] = request.finding_code
            dimensions["plea"] = request.plea_finding_code
        except Exception:
            self._telemetry.track("hearing-result-upserted-failed", dimensions)
            raise
        self._telemetry.track("hearing-result-upserted-success", dimensions)

    def _upsert_referral(self, event: OutcomeUpserted) -> None:
        dimensions = event.telemetry()
        try:
            charge = self.dps.get_charge(event.charge_number, event.prison_id)
            if not charge.outcomes:
                raise LookupError(f"Referral not found for charge {event.charge_number}")
            request = transform.referral_result(charge.outcomes[-1])
            mapped = self._mapped_for(event.charge_number, dimensions)
            self.nomis.upsert_referral_result(
                mapped.adjudication_number, mapped.charge_sequence, request
            )
            dimensions["findingCode"] = request.finding_code
            dimensions["plea"] = request.plea_finding_code
        except Exception:
            self._telemetry.track("adjudication-referral-upserted-failed", dimensions)
            raise
        self._telemetry.track("adjudication-referral-upserted-success", dimensions)

    def outcome_deleted(self, event: OutcomeDeleted) -> None:
        """Delete (or roll back) the hearing result or, with no hearing id, the referral's."""
        if event.hearing_id is not None:
            self._delete_hearing_result(
                event.charge_number, event.prison_id, event.hearing_id, event.telemetry()
            )
        else:
            self._delete_referral_result(event)

    def _delete_hearing_result(
        self, charge_number: str, prison_id: str, hearing_id: str, dimensions: dict[str, str]
    ) -> None:
        try:
            mapped = self._charge_mapping(charge_number)
            dimensions["adjudicationNumber"] = str(mapped.adjudication_number)
            hearing_mapping = self.mapping.hearing(hearing_id)
            if hearing_mapping is None:
                self._telemetry.track("hearing-result-deleted-skipped", dimensions)
                return
            nomis_hearing = hearing_mapping.nomis_hearing_id
            charge = self.dps.get_charge(charge_number, prison_id)
            last = charge.outcomes[-1] if charge.outcomes else None
            if last is not None and last.outcome is not None:
                self.nomis.upsert_hearing_result(
                    mapped.adjudication_number,
                    nomis_hearing,
                    mapped.charge_sequence,
                    rolled_back(last),
                )
                deleted: list[AwardId] = []
            else:
                answer = self.nomis.delete_hearing_result(
                    mapped.adjudication_number, nomis_hearing, mapped.charge_sequence
                )
                deleted = _award_ids(answer.awards_deleted)
            self._unmap_deleted(deleted, dimensions)
        except Exception:
            self._telemetry.track("hearing-result-deleted-failed", dimensions)
            raise
        self._telemetry.track("hearing-result-deleted-success", dimensions)

    def _delete_referral_result(self, event: OutcomeDeleted) -> None:
        dimensions = event.telemetry()
        try:
            mapped = self._charge_mapping(event.charge_number)
            dimensions["adjudicationNumber"] = str(mapped.adjudication_number)
            charge = self.dps.get_charge(event.charge_number, event.prison_id)
            last = charge.outcomes[-1] if charge.outcomes else None
            if last is not None and last.outcome is not None:
                request = HearingResultRequest(
                    finding_code=transform.finding(last.outcome.outcome.code),
                    plea_finding_code=transform.NOT_ASKED,
                )
                self.nomis.upsert_referral_result(
                    mapped.adjudication_number, mapped.charge_sequence, request
                )
            else:
                self.nomis.delete_referral_result(
                    mapped.adjudication_number, mapped.charge_sequence
                )
        except Exception:
            self._telemetry.track("hearing-result-deleted-failed", dimensions)
            raise
        self._telemetry.track("hearing-result-deleted-success", dimensions)

    # --- punishments ----------------------------------------------------------------------

    def punishments_created(self, event: PunishmentsCreated) -> None:
        """Create NOMIS awards for the DPS punishments not mapped yet, and map them."""
        self._create_punishments(event.charge_number, event.prison_id, event.telemetry(), None)

    def _create_punishments(
        self,
        charge_number: str,
        prison_id: str,
        dimensions: dict[str, str],
        latest_hearing: Callable[[ReportedAdjudication], dt.date | None] | None,
    ) -> None:
        try:
            mapped = self._mapped_for(charge_number, dimensions)
            charge = self.dps.get_charge(charge_number, prison_id)
            unmapped = [p for p in charge.punishments if self.mapping.punishment(str(p.id)) is None]
            if charge.punishments and not unmapped:
                self._telemetry.track("punishment-create-duplicate", dimensions)
                return
            fallback = latest_hearing(charge) if latest_hearing else None
            request = CreateAwardsRequest(awards=[self._award(p, fallback) for p in unmapped])
        except Exception as error:
            self._telemetry.track("punishment-create-failed", {**dimensions, "reason": str(error)})
            raise
        with nomis_write():
            try:
                created = self.nomis.create_awards(
                    mapped.adjudication_number, mapped.charge_sequence, request
                )
            except Exception as error:
                failed = {**dimensions, "reason": str(error)}
                self._telemetry.track("punishment-create-failed", failed)
                raise
            mappings = _paired(unmapped, created.awards_created)
            dimensions["punishmentsCount"] = str(len(created.awards_created))
            dimensions["punishments"] = str([dump_body(m) for m in mappings])
            self._save(
                "punishment",
                lambda: self.mapping.create_punishments(PunishmentBatch(punishments=mappings)),
                PunishmentBatch(punishments=mappings),
                dimensions,
            )
        self._telemetry.track("punishment-create-success", dimensions)

    def punishments_updated(self, event: PunishmentsUpdated) -> None:
        """Update mapped awards, create the rest; NOMIS deletes awards not mentioned."""
        self._update_punishments(event.charge_number, event.prison_id, event.telemetry())

    def _update_punishments(
        self, charge_number: str, prison_id: str, dimensions: dict[str, str]
    ) -> None:
        try:
            mapped = self._mapped_for(charge_number, dimensions)
            charge = self.dps.get_charge(charge_number, prison_id)
            to_create, to_update = self._split(charge)
            answer = self.nomis.update_awards(
                mapped.adjudication_number,
                mapped.charge_sequence,
                UpdateAwardsRequest(
                    awards_to_create=[self._award(p) for p in to_create],
                    awards_to_update=to_update,
                ),
            )
            batch = _counted_batch(to_create, to_update, answer, dimensions)
            self._save_batch("punishment-update", batch, dimensions)  # always, even empty
        except Exception:
            self._telemetry.track("punishment-update-failed", dimensions)
            raise
        self._telemetry.track("punishment-update-success", dimensions)

    def _split(self, charge: ReportedAdjudication) -> tuple[list[Punishment], list[ExistingAward]]:
        """DPS punishments with no mapping (to create) and mapped ones with their sequence."""
        to_create: list[Punishment] = []
        to_update: list[ExistingAward] = []
        for punishment in charge.punishments:
            found = self.mapping.punishment(str(punishment.id))
            if found is None:
                to_create.append(punishment)
            else:
                to_update.append(
                    ExistingAward(
                        award=self._award(punishment),
                        sanction_sequence=found.nomis_sanction_sequence,
                    )
                )
        return to_create, to_update

    def punishments_deleted(self, event: PunishmentsDeleted) -> None:
        """Delete the charge's NOMIS awards once DPS holds none; unmap them."""
        dimensions = event.telemetry()
        try:
            mapped = self._mapped_for(event.charge_number, dimensions)
            charge = self.dps.get_charge(event.charge_number, event.prison_id)
            if charge.punishments:
                raise ValueError(
                    f"Punishments exist in DPS for charge {event.charge_number}. "
                    "Ignoring delete punishments event."
                )
            answer = self.nomis.delete_awards(mapped.adjudication_number, mapped.charge_sequence)
            self._unmap_deleted(_award_ids(answer.awards_deleted), dimensions)
        except Exception:
            self._telemetry.track("punishment-delete-failed", dimensions)
            raise
        self._telemetry.track("punishment-delete-success", dimensions)

    def outcome_quashed(self, event: OutcomeQuashed) -> None:
        """Quash the NOMIS result when DPS's last outcome is QUASHED; otherwise fail (DLQ)."""
        dimensions = event.telemetry()
        try:
            mapped = self._mapped_for(event.charge_number, dimensions)
            charge = self.dps.get_charge(event.charge_number, event.prison_id)
            last = charge.outcomes[-1] if charge.outcomes else None
            code = last.outcome.outcome.code if last is not None and last.outcome else None
        except Exception:
            self._telemetry.track("punishment-quash-failed", dimensions)
            raise
        if code != QUASHED:
            self._telemetry.track(
                "punishment-quash-failed", {**dimensions, "reason": f"Outcome is {code}"}
            )
            raise ValueError(f"Outcome is {code}")
        try:
            self.nomis.quash(mapped.adjudication_number, mapped.charge_sequence)
        except Exception:
            self._telemetry.track("punishment-quash-failed", dimensions)
            raise
        self._telemetry.track("punishment-quash-success", dimensions)

    def outcome_unquashed(self, event: OutcomeUnquashed) -> None:
        """Restore the finding and the awards (update mapped, create the rest)."""
        dimensions = event.telemetry()
        try:
            mapped = self._mapped_for(event.charge_number, dimensions)
            charge = self.dps.get_charge(event.charge_number, event.prison_id)
            if not charge.outcomes:
                raise LookupError(f"No outcome in DPS for charge {event.charge_number}")
            final = charge.outcomes[-1]
            to_create, to_update = self._split(charge)
            answer = self.nomis.unquash(
                mapped.adjudication_number,
                mapped.charge_sequence,
                UnquashRequest(
                    finding_code=transform.finding(_final_code(final)),
                    awards=UpdateAwardsRequest(
                        awards_to_create=[self._award(p) for p in to_create],
                        awards_to_update=to_update,
                    ),
                ),
            )
            batch = _counted_batch(to_create, to_update, answer, dimensions)
            if batch.punishments_to_create or batch.punishments_to_delete:
                self._save_batch("punishment-unquash", batch, dimensions)
        except Exception:
            self._telemetry.track("punishment-unquash-failed", dimensions)
            raise
        self._telemetry.track("punishment-unquash-success", dimensions)

    # --- mappings -------------------------------------------------------------------------

    def _unmap_deleted(self, deleted: list[AwardId], dimensions: dict[str, str]) -> None:
        """Count the awards NOMIS deleted and, when there are any, delete their mappings.

        A hearing-result delete and a punishments delete both end this way.
        """
        dimensions["punishmentsDeletedCount"] = str(len(deleted))
        if deleted:
            batch = PunishmentBatchUpdate(punishments_to_create=[], punishments_to_delete=deleted)
            self._save_batch("punishment-delete", batch, dimensions)

    def _save_batch(
        self, name: str, batch: PunishmentBatchUpdate, dimensions: dict[str, str]
    ) -> None:
        self._save(name, lambda: self.mapping.update_punishments(batch), batch, dimensions)

    def _save(
        self, name: str, call: Callable[[], None], body: WireModel, dimensions: dict[str, str]
    ) -> None:
        """Save a punishment mapping batch: a 409 alerts, another failure re-queues it.

        Neither fails the event (NOMIS is written); a retry that cannot be queued does.
        """
        try:
            call()
        except Conflict as conflict:
            self._telemetry.track(
                f"{name}-mapping-create-failed", {**dimensions, "reason": str(conflict)}
            )
            self._telemetry.alert(
                f"to-nomis-synch-{name}-duplicate",
                {**dimensions, **duplicate_dimensions(conflict.more_info)},
            )
        except Exception as error:
            self._telemetry.track(
                f"{name}-mapping-create-failed", {**dimensions, "reason": str(error)}
            )
            try:
                self._retry_queue.send(dump_body(body), dict(dimensions), name)
            except Exception as queue_error:
                raise NonRetryableError(
                    f"NOMIS was written but the {name} mappings {dimensions} could not be "
                    f"saved ({error}) nor queued for retry ({queue_error})"
                ) from queue_error

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        """Save a mapping again by its entity; NOMIS is not called again.

        Raises:
            ValueError: an entity this domain never queues.
        """
        entity = retry.entity_name or ""
        body: dict[str, Any] = retry.mapping
        if entity == "adjudication":
            self.mapping.create_charge(ChargeMapping.model_validate(body))
        elif entity == "hearing":
            self.mapping.create_hearing(HearingMapping.model_validate(body))
        elif entity == "punishment":
            self.mapping.create_punishments(PunishmentBatch.model_validate(body))
        elif entity in BATCH_UPDATES:
            self.mapping.update_punishments(PunishmentBatchUpdate.model_validate(body))
        else:
            raise ValueError(f"Unknown adjudication mapping entity {entity!r}")
        success = (
            f"{entity}-create-mapping-retry-success"
            if entity in ("adjudication", "hearing", "punishment")
            else f"{entity}-mapping-retry-success"
        )
        self._telemetry.track(success, retry.telemetry_attributes)

    # --- repairs (the old service's five endpoints) ---------------------------------------

    def repair_adjudication(self, prison_id: str, offender_no: str, charge_number: str) -> None:
        """Re-create a charge whose NOMIS adjudication was deleted, from DPS.

        Its mappings are cleared, then the adjudication, every hearing, every result and the
        punishments (effective date falling back to the latest hearing) are created.
        """
        charge = self.dps.get_charge(charge_number, prison_id)
        hearing_ids = [str(h.id) for h in charge.hearings]
        self.mapping.delete_mappings(
            DeleteMappings(
                dps_charge_number=charge_number,
                dps_hearing_ids=hearing_ids,
                dps_punishment_ids=[str(p.id) for p in charge.punishments],
            )
        )
        event = repair_event(AdjudicationCreated, prison_id, offender_no, charge_number)
        self._create_adjudication(event, offender_no)
        base = _repair_dimensions(prison_id, offender_no, charge_number)
        for hearing_id in hearing_ids:
            self._create_hearing(
                charge_number, prison_id, hearing_id, {**base, "dpsHearingId": hearing_id}
            )
        for outcome in charge.outcomes:
            if outcome.hearing is None:  # a referral with no hearing: its own result
                self._upsert_referral(
                    repair_event(OutcomeUpserted, prison_id, offender_no, charge_number)
                )
                continue
            hearing_id = str(outcome.hearing.id)
            self._upsert_hearing_result(
                charge_number, prison_id, hearing_id, {**base, "dpsHearingId": hearing_id}
            )
        self._create_punishments(
            charge_number, prison_id, dict(base), transform.latest_hearing_date
        )
        mapped = self.mapping.charge(charge_number)
        self._telemetry.track(
            "adjudication-adjudication-repair",
            {
                **base,
                "adjudicationNumber": str(mapped.adjudication_number) if mapped else "",
            },
        )

    def repair_punishments(self, prison_id: str, offender_no: str, charge_number: str) -> None:
        """The punishments update flow (§1.12) for a charge."""
        base = _repair_dimensions(prison_id, offender_no, charge_number)
        self._update_punishments(charge_number, prison_id, dict(base))
        self._telemetry.track("adjudication-punishment-repair", base)

    def repair_delete_hearing_result(
        self, prison_id: str, offender_no: str, charge_number: str, hearing_id: str
    ) -> None:
        """The hearing-result delete flow (§1.9) for a hearing."""
        self._repair_hearing(
            self._delete_hearing_result,
            "adjudication-hearing-delete-result-repair",
            (prison_id, offender_no, charge_number, hearing_id),
        )

    def repair_outcome(
        self, prison_id: str, offender_no: str, charge_number: str, hearing_id: str
    ) -> None:
        """The hearing-result upsert flow (§1.7) for a hearing."""
        self._repair_hearing(
            self._upsert_hearing_result,
            "adjudication-outcome-repair",
            (prison_id, offender_no, charge_number, hearing_id),
        )

    def repair_hearing(
        self, prison_id: str, offender_no: str, charge_number: str, hearing_id: str
    ) -> None:
        """The hearing create flow (§1.4), e.g. for a NOMIS hearing deleted with a linked charge."""
        self._repair_hearing(
            self._create_hearing,
            "adjudication-hearing-repair",
            (prison_id, offender_no, charge_number, hearing_id),
        )

    def _repair_hearing(
        self,
        flow: Callable[[str, str, str, dict[str, str]], None],
        name: str,
        target: tuple[str, str, str, str],
    ) -> None:
        """Run one hearing flow as a repair, then track `name`.

        The three hearing repairs differ only in the flow and the telemetry name; the flow
        gets its own copy of the dimensions, so what it adds is not in the repair's telemetry.
        """
        prison_id, offender_no, charge_number, hearing_id = target
        dims = {
            **_repair_dimensions(prison_id, offender_no, charge_number),
            "dpsHearingId": hearing_id,
        }
        flow(charge_number, prison_id, hearing_id, dict(dims))
        self._telemetry.track(name, dims)


def rolled_back(outcome: OutcomeHistory) -> HearingResultRequest:
    """The result a deleted outcome rolls back to: §1.7 without the referral branch."""
    combined = outcome.outcome
    stripped = outcome.model_copy(
        update={
            "outcome": combined.model_copy(update={"referral_outcome": None}) if combined else None
        }
    )
    return transform.hearing_result(stripped)


def _final_code(final: OutcomeHistory) -> str:
    if final.outcome is not None:
        return final.outcome.outcome.code
    if final.hearing is None or final.hearing.outcome is None:
        raise LookupError("The final outcome has no outcome and no hearing outcome")
    return final.hearing.outcome.code


def _award_id(booking_id: int, sanction_sequence: int) -> AwardId:
    return AwardId(nomis_booking_id=booking_id, nomis_sanction_sequence=sanction_sequence)


def _award_ids(awards: list[Any]) -> list[AwardId]:
    """NOMIS's award ids (its answer's model) as the mapping service's award ids."""
    return [_award_id(a.booking_id, a.sanction_sequence) for a in awards]


def _paired(punishments: list[Punishment], awards: list[Any]) -> list[PunishmentMapping]:
    """DPS punishments zipped with NOMIS's created awards, by position (as upstream)."""
    return [
        PunishmentMapping(
            dps_punishment_id=str(p.id),
            nomis_booking_id=a.booking_id,
            nomis_sanction_sequence=a.sanction_sequence,
        )
        for p, a in zip(punishments, awards, strict=False)
    ]


def _batch(
    to_create: list[Punishment], created: list[Any], deleted: list[Any]
) -> PunishmentBatchUpdate:
    return PunishmentBatchUpdate(
        punishments_to_create=_paired(to_create, created),
        punishments_to_delete=_award_ids(deleted),
    )


def _counted_batch(
    to_create: list[Punishment],
    to_update: list[ExistingAward],
    answer: UpdatedAwards,
    dimensions: dict[str, str],
) -> PunishmentBatchUpdate:
    """The mapping batch for NOMIS's answer to an awards update, its counts added to the dimensions.

    A punishments update and an unquash send NOMIS the same awards update and record the same
    three counts.
    """
    batch = _batch(to_create, answer.awards_created, answer.awards_deleted)
    dimensions["punishmentsCreatedCount"] = str(len(answer.awards_created))
    dimensions["punishmentsUpdatedCount"] = str(len(to_update))
    dimensions["punishmentsDeletedCount"] = str(len(answer.awards_deleted))
    return batch


def _repair_dimensions(prison_id: str, offender_no: str, charge_number: str) -> dict[str, str]:
    """A repair's telemetry dimensions: the old endpoint's path ids, the same for all five."""
    return {"chargeNumber": charge_number, "prisonId": prison_id, "offenderNo": offender_no}


def repair_event(kind: type[Any], prison_id: str, offender_no: str, charge_number: str) -> Any:
    """The event a repair acts as."""
    return kind.model_validate(
        {
            "eventType": "adjudication-repair",
            "additionalInformation": {
                "chargeNumber": charge_number,
                "prisonId": prison_id,
                "prisonerNumber": offender_no,
            },
        }
    )


def build_sync(wiring: SyncWiring) -> AdjudicationsSync:
    """The domain's one wiring: typed clients on the run's shared HTTP clients."""
    return AdjudicationsSync(
        NomisAdjudicationsClient(wiring.http(NOMIS_API)),
        AdjudicationsMappingClient(wiring.http(MAPPING_API)),
        AdjudicationsClient(wiring.http(ADJUDICATIONS_API)),
        wiring.telemetry,
        wiring.retry_queue,
    )
