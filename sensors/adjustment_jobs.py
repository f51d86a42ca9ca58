"""Runbook jobs for sentencing adjustments: repair one from DPS, delete a NOMIS duplicate.

A duplicate adjustment moves a release date, so both default to a dry run and name exactly what
they write in their summary.
"""

from typing import Literal

import dagster as dg
from pydantic import Field

from dagster_project.sync.adjustments import (
    AdjustmentInserted,
    AdjustmentsSync,
    AdjustmentUpdated,
)
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.telemetry import Telemetry
from resources.dps.adjustments import AdjustmentsApi, AdjustmentsClient
from resources.nomis_mapping.adjustments import NomisAdjustmentMappingClient
from resources.nomis_mapping.resource import NomisMappingApi
from resources.nomis_prisoner.adjustments import NomisAdjustmentsClient
from resources.nomis_prisoner.resource import NomisPrisonerApi
from resources.queues import EventQueue
from resources.store import Store
from sensors.config_rules import AdjustmentId, PositiveId, PrisonerNumber
from sensors.ops_jobs import OpsConfig
from sensors.repair import apply


class RepairAdjustmentConfig(OpsConfig):
    offender_no: PrisonerNumber = Field(description="Prisoner number")
    adjustment_ids: list[AdjustmentId] = Field(
        min_length=1, description="DPS adjustment ids (UUIDs)"
    )
    force_status: bool = Field(default=False, description="Send DPS `active` to NOMIS")
    set_active: bool = Field(default=False, description="Send active=true to NOMIS")


class DeleteDuplicateAdjustmentConfig(OpsConfig):
    category: Literal["SENTENCE", "KEY-DATE"] = Field(description="Which NOMIS table")
    nomis_adjustment_ids: list[PositiveId] = Field(
        min_length=1, description="Duplicate NOMIS adjustment ids"
    )


@dg.op(out=dg.Out(dg.Nothing))
def repair_adjustments(
    context: dg.OpExecutionContext,
    config: RepairAdjustmentConfig,
    nomis_prisoner_api: NomisPrisonerApi,
    nomis_mapping_api: NomisMappingApi,
    adjustments_api: AdjustmentsApi,
    event_queue: EventQueue,
    store: Store,
) -> dg.Output[None]:
    """Create (no mapping) or update (mapped) each adjustment from DPS, as the old repair."""
    telemetry = Telemetry(store.get_client(), context.log, run_id=context.run_id)
    mapping = NomisAdjustmentMappingClient(nomis_mapping_api.build_http())
    sync = AdjustmentsSync(
        NomisAdjustmentsClient(nomis_prisoner_api.build_http()),
        mapping,
        AdjustmentsClient(adjustments_api.build_http()),
        telemetry,
        MappingRetryQueue(event_queue.get_client(), "sentencing", "sentencing", telemetry),
    )

    def write(adjustment_id: str) -> None:
        event = {
            "eventType": "release-date-adjustments.adjustment.inserted",
            "additionalInformation": {
                "id": adjustment_id,
                "offenderNo": config.offender_no,
                "source": "DPS",
            },
        }
        if mapping.get_adjustment_mapping(adjustment_id) is None:
            sync.inserted(AdjustmentInserted.model_validate(event))
        else:
            event["eventType"] = "release-date-adjustments.adjustment.updated"
            sync.updated(
                AdjustmentUpdated.model_validate(event),
                force_status=config.force_status,
                set_active=config.set_active,
            )
        telemetry.track(
            "to-nomis-synch-adjustment-repair",
            {"offenderNo": config.offender_no, "adjustmentId": adjustment_id},
        )

    return apply(context, config, list(config.adjustment_ids), write)


@dg.op(out=dg.Out(dg.Nothing))
def delete_duplicate_adjustments(
    context: dg.OpExecutionContext,
    config: DeleteDuplicateAdjustmentConfig,
    nomis_prisoner_api: NomisPrisonerApi,
    store: Store,
) -> dg.Output[None]:
    """Delete duplicate NOMIS adjustments (no mapping points at a duplicate)."""
    telemetry = Telemetry(store.get_client(), context.log, run_id=context.run_id)
    nomis = NomisAdjustmentsClient(nomis_prisoner_api.build_http())

    def write(nomis_id: str) -> None:
        if config.category == "SENTENCE":
            nomis.delete_sentence_adjustment(int(nomis_id))
        else:
            nomis.delete_key_date_adjustment(int(nomis_id))
        telemetry.track(
            "sentencing-adjustment-duplicate-deleted",
            {"nomisAdjustmentId": nomis_id, "nomisAdjustmentCategory": config.category},
        )

    return apply(context, config, [str(i) for i in config.nomis_adjustment_ids], write)


@dg.job(description="Create or update sentencing adjustments in NOMIS from DPS (old repair).")
def repair_adjustment_job() -> None:
    repair_adjustments()


@dg.job(description="Delete duplicate NOMIS sentence or key-date adjustments (destructive).")
def delete_duplicate_adjustment_job() -> None:
    delete_duplicate_adjustments()


ADJUSTMENT_JOBS = [repair_adjustment_job, delete_duplicate_adjustment_job]
