"""Court sentencing sync: appearances (NOMIS court events) and charges (rules in `sync.py`)."""

from __future__ import annotations

import logging

from dagster_project.domains.court_sentencing import transform
from dagster_project.domains.court_sentencing.base import (
    NotInDps,
    SyncBase,
    create_failure,
)
from dagster_project.domains.court_sentencing.events import (
    ChargeEvent,
    CourtAppearanceEvent,
)
from dagster_project.domains.court_sentencing.mapping import (
    BatchCreate,
    BatchUpdateAndCreate,
    ChargeBatchUpdate,
    ChargeToDelete,
    CourtAppearanceMapping,
    CourtChargeMapping,
)
from dagster_project.domains.court_sentencing.nomis import (
    CourtCasesCloned,
)
from dagster_project.sync.synchronise import duplicate_dimensions, synchronise_create
from resources.errors import Conflict
from resources.http import dump_body

log = logging.getLogger(__name__)


class AppearanceHandlers(SyncBase):
    """Court appearances (NOMIS court events) and charges."""

    def court_appearance_inserted(
        self,
        event: CourtAppearanceEvent,
        force_clone: bool = False,
        force_prevent_clone: bool = False,
    ) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Court appearance created in NOMIS"}
            self._telemetry.track("court-appearance-create-ignored", {**dimensions, **reason})
            return
        offender_no = event.offender_no

        def create(found: dict[str, str]) -> BatchUpdateAndCreate:
            case = self._case_mapping(event.case_id, f"Missing DPS Case: {event.case_id}")
            found["nomisCourtCaseId"] = str(case.nomis_court_case_id)
            appearance = self.dps.appearance(event.appearance_id)
            if appearance is None:
                raise NotInDps(f"DPS court appearance {event.appearance_id} not found")
            found["nomisOutcomeCode"] = appearance.nomis_outcome_code or "null"
            following = appearance.next_court_appearance
            found["nextAppearanceDate"] = (
                "" if following is None else following.appearance_date.isoformat()
            )
            charge_ids = [
                self._charge_mapping(
                    charge.lifetime_uuid, f"Missing DPS charge: {charge.lifetime_uuid}"
                ).nomis_court_charge_id
                for charge in appearance.charges
            ]
            request = transform.appearance_request(
                appearance,
                charge_ids,
                future=force_clone or event.additional_information.is_on_future_court_appearance,
                force_clone=force_clone,
                force_prevent_clone=force_prevent_clone,
            )
            found["courtEventCharges"] = str(charge_ids)
            found["courtEventChargesWithOutcomes"] = str(
                [dump_body(c) for c in request.court_event_charges_with_outcomes]
            )
            created = self.nomis.create_appearance(offender_no, case.nomis_court_case_id, request)
            found["nomisCourtAppearanceId"] = str(created.id)
            cloned[0] = created.cloned_court_cases
            return BatchUpdateAndCreate(
                mappings_to_create=BatchCreate(
                    court_appearances=[
                        CourtAppearanceMapping(
                            dps_court_appearance_id=event.appearance_id,
                            nomis_court_appearance_id=created.id,
                        )
                    ]
                ),
                mappings_to_update=transform.clone_pairs(created.cloned_court_cases),
            )

        cloned: list[CourtCasesCloned | None] = [None]  # what NOMIS cloned, for the notices
        synchronise_create(
            name="court-appearance",
            telemetry=self._telemetry,
            dimensions=dimensions,
            mapping_exists=lambda: self.mapping.appearance(event.appearance_id) is not None,
            transform=create,
            save_mapping=lambda batch: self._save_batch(
                batch, offender_no, cloned[0], "court-appearance-create-cases-cloned"
            ),
            retry_queue=self._retry_queue,
            failure_kind=create_failure,
        )

    def court_appearance_updated(self, event: CourtAppearanceEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Court appearance updated in NOMIS"}
            self._telemetry.track("court-appearance-updated-ignored", {**dimensions, **reason})
            return

        def update() -> None:
            appearance = self.dps.appearance(event.appearance_id)
            if appearance is None:
                reason = f"DPS court appearance {event.appearance_id} does not exist in RaS"
                self._telemetry.track(
                    "court-appearance-updated-ignored", {**dimensions, "reason": reason}
                )
                return
            mapped = self._appearance_mapping(
                event.appearance_id, f"Missing Dps appearance id: {event.appearance_id}"
            )
            case = self._case_mapping(event.case_id, f"Missing Dps case id: {event.case_id}")
            dimensions.update(
                nomisCourtCaseId=str(case.nomis_court_case_id),
                nomisCourtAppearanceId=str(mapped.nomis_court_appearance_id),
                nomisOutcomeCode=appearance.nomis_outcome_code or "null",
                dpsAppearanceDate=appearance.appearance_date.isoformat(),
            )
            charge_ids = [
                self._charge_mapping(
                    charge.lifetime_uuid, f"Missing Dps charge id: {charge.lifetime_uuid}"
                ).nomis_court_charge_id
                for charge in appearance.charges
            ]
            request = transform.appearance_request(
                appearance, charge_ids, event.additional_information.is_on_future_court_appearance
            )
            dimensions["courtEventChargesWithOutcomes"] = str(
                [dump_body(c) for c in request.court_event_charges_with_outcomes]
            )
            updated = self.nomis.update_appearance(
                event.offender_no,
                case.nomis_court_case_id,
                mapped.nomis_court_appearance_id,
                request,
            )
            dimensions["courtEventChargesResponse"] = str(dump_body(updated))
            if updated.deleted_offender_charges_ids:
                deleted = [c.offender_charge_id for c in updated.deleted_offender_charges_ids]
                dimensions["deletedCourtChargeMappings"] = str(
                    [f"nomisCourtChargeId: {i}" for i in deleted]
                )
                self._delete_charge_mappings(deleted, dimensions)

        self._track("court-appearance-updated", dimensions, update)

    def _delete_charge_mappings(self, nomis_ids: list[int], dimensions: dict[str, str]) -> None:
        """The charges NOMIS removed entirely: their mappings go (a 409 alerts; else retried)."""
        batch = ChargeBatchUpdate(
            court_charges_to_delete=[ChargeToDelete(nomis_court_charge_id=i) for i in nomis_ids]
        )
        try:
            self.mapping.update_charges(batch)
        except Conflict as conflict:
            failed = {**dimensions, "reason": str(conflict)}
            self._telemetry.track("charge-mapping-create-failed", failed)
            self._telemetry.alert(
                "to-nomis-synch-charge-duplicate",
                {**dimensions, **duplicate_dimensions(conflict.more_info)},
            )
        except Exception as error:
            self._telemetry.track(
                "charge-mapping-create-failed", {**dimensions, "reason": str(error)}
            )
            self._queue_retry(dump_body(batch), dimensions, "charge")

    def court_appearance_deleted(self, event: CourtAppearanceEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Court appearance deleted in NOMIS"}
            self._telemetry.track("court-appearance-deleted-ignored", {**dimensions, **reason})
            return
        case = self.mapping.case(event.case_id)
        mapped = None if case is None else self.mapping.appearance(event.appearance_id)
        if case is None or mapped is None:
            self._telemetry.track("court-appearance-deleted-skipped", dimensions)
            return
        dimensions.update(
            nomisCourtCaseId=str(case.nomis_court_case_id),
            nomisCourtAppearanceId=str(mapped.nomis_court_appearance_id),
        )
        try:
            self.nomis.delete_appearance(
                event.offender_no, case.nomis_court_case_id, mapped.nomis_court_appearance_id
            )
        except Exception:
            self._telemetry.track("court-appearance-deleted-failed", dimensions)
            raise
        try:
            self.mapping.delete_appearance(event.appearance_id)
        except Exception as error:
            log.warning("appearance mapping %s not deleted: %s", event.appearance_id, error)
            self._telemetry.track(
                "court-appearance-mapping-deleted-failed",
                {"dpsCourtAppearanceId": event.appearance_id},
            )
        self._telemetry.track("court-appearance-deleted-success", dimensions)

    def charge_inserted(self, event: ChargeEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Charge created in NOMIS"}
            self._telemetry.track("charge-create-ignored", {**dimensions, **reason})
            return

        def create(found: dict[str, str]) -> CourtChargeMapping:
            case = self._case_mapping(event.case_id, f"Missing DPS Case: {event.case_id}")
            if event.appearance_id is not None:
                charge = self.dps.appearance_charge(event.appearance_id, event.charge_id)
            else:
                charge = self.dps.charge(event.charge_id)
            if charge is None:
                raise NotInDps(f"DPS charge {event.charge_id} not found")
            found["nomisOutcomeCode"] = charge.nomis_outcome_code or "null"
            found["nomisOffenceCode"] = charge.offence_code
            request = transform.charge_request(charge, event.on_future_appearance)
            nomis_id = self.nomis.create_charge(
                event.offender_no, case.nomis_court_case_id, request
            )
            found["nomisChargeId"] = str(nomis_id)
            found["nomisCourtCaseId"] = str(case.nomis_court_case_id)
            return CourtChargeMapping(
                nomis_court_charge_id=nomis_id,
                dps_court_charge_id=charge.lifetime_uuid,
                mapping_type="DPS_CREATED",
            )

        synchronise_create(
            name="charge",
            telemetry=self._telemetry,
            dimensions=dimensions,
            mapping_exists=lambda: self.mapping.charge(event.charge_id) is not None,
            transform=create,
            save_mapping=self.mapping.create_charge,
            retry_queue=self._retry_queue,
            failure_kind=create_failure,
        )

    def charge_updated(self, event: ChargeEvent) -> None:
        dimensions = event.telemetry()
        if event.from_nomis:
            reason = {"reason": "Charge updated in NOMIS"}
            self._telemetry.track("charge-updated-ignored", {**dimensions, **reason})
            return

        def update() -> None:
            appearance_id = event.appearance_id
            if appearance_id is None:
                raise ValueError("charge.updated without courtAppearanceId")
            charge = self.dps.appearance_charge(appearance_id, event.charge_id)
            if charge is None:
                reason = (
                    f"Charge with id {event.charge_id} and court appearance id {appearance_id} "
                    "does not exist in RaS"
                )
                self._telemetry.track("charge-updated-ignored", {**dimensions, "reason": reason})
                return
            case = self._case_mapping(event.case_id, f"Missing Dps case id: {event.case_id}")
            appearance = self._appearance_mapping(
                appearance_id, f"Missing Dps appearance id: {appearance_id}"
            )
            mapped = self._charge_mapping(
                event.charge_id, f"Missing Dps charge id: {event.charge_id}"
            )
            dimensions.update(
                nomisCourtCaseId=str(case.nomis_court_case_id),
                nomisCourtAppearanceId=str(appearance.nomis_court_appearance_id),
                nomisChargeId=str(mapped.nomis_court_charge_id),
                nomisOutcomeCode=charge.nomis_outcome_code or "null",
                nomisOffenceCode=charge.offence_code,
            )
            self.nomis.update_charge(
                event.offender_no,
                case.nomis_court_case_id,
                appearance.nomis_court_appearance_id,
                mapped.nomis_court_charge_id,
                transform.charge_request(charge, event.on_future_appearance),
            )

        self._track("charge-updated", dimensions, update)
