"""Runbook operations for sentencing adjustments: repair one from DPS, delete a NOMIS duplicate.

A duplicate adjustment moves a release date, so both default to a dry run and name exactly what
they write in their summary.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from dagster_project.domains.sentencing.events import AdjustmentInserted, AdjustmentUpdated
from dagster_project.domains.sentencing.sync import AdjustmentsSync
from dagster_project.operations.config import OperationConfig
from dagster_project.operations.rules import PositiveId, PrisonerNumber
from dagster_project.sync.domain import Operation, OperationRun


def adjustment_id(value: str) -> str:
    try:
        uuid.UUID(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a DPS adjustment id (a UUID)") from None
    return value


AdjustmentId = Annotated[str, AfterValidator(adjustment_id)]


class RepairAdjustmentConfig(OperationConfig):
    offender_no: PrisonerNumber = Field(description="Prisoner number")
    adjustment_ids: list[AdjustmentId] = Field(
        min_length=1, description="DPS adjustment ids (UUIDs)"
    )
    force_status: bool = Field(default=False, description="Send DPS `active` to NOMIS")
    set_active: bool = Field(default=False, description="Send active=true to NOMIS")


class DeleteDuplicateAdjustmentConfig(OperationConfig):
    category: Literal["SENTENCE", "KEY-DATE"] = Field(description="Which NOMIS table")
    nomis_adjustment_ids: list[PositiveId] = Field(
        min_length=1, description="Duplicate NOMIS adjustment ids"
    )


def _repair(
    run: OperationRun[AdjustmentsSync], config: RepairAdjustmentConfig, adjustment_id: str
) -> None:
    """Create (no mapping) or update (mapped) one adjustment from DPS, as the old repair."""
    sync = run.sync
    event = {
        "eventType": "release-date-adjustments.adjustment.inserted",
        "additionalInformation": {
            "id": adjustment_id,
            "offenderNo": config.offender_no,
            "source": "DPS",
        },
    }
    if sync.mapping.get_adjustment_mapping(adjustment_id) is None:
        sync.inserted(AdjustmentInserted.model_validate(event))
    else:
        event["eventType"] = "release-date-adjustments.adjustment.updated"
        sync.updated(
            AdjustmentUpdated.model_validate(event),
            force_status=config.force_status,
            set_active=config.set_active,
        )
    run.telemetry.track(
        "to-nomis-synch-adjustment-repair",
        {"offenderNo": config.offender_no, "adjustmentId": adjustment_id},
    )


def _delete_duplicate(
    run: OperationRun[AdjustmentsSync], config: DeleteDuplicateAdjustmentConfig, nomis_id: str
) -> None:
    """Delete one duplicate NOMIS adjustment (no mapping points at a duplicate)."""
    if config.category == "SENTENCE":
        run.sync.nomis.delete_sentence_adjustment(int(nomis_id))
    else:
        run.sync.nomis.delete_key_date_adjustment(int(nomis_id))
    run.telemetry.track(
        "sentencing-adjustment-duplicate-deleted",
        {"nomisAdjustmentId": nomis_id, "nomisAdjustmentCategory": config.category},
    )


REPAIR_ADJUSTMENT: Operation[AdjustmentsSync, RepairAdjustmentConfig] = Operation(
    job="repair_adjustment_job",
    op="repair_adjustments",
    config=RepairAdjustmentConfig,
    targets=lambda _run, config: list(config.adjustment_ids),
    write=_repair,
    description="Create or update sentencing adjustments in NOMIS from DPS (old repair).",
)

DELETE_DUPLICATE_ADJUSTMENT: Operation[AdjustmentsSync, DeleteDuplicateAdjustmentConfig] = (
    Operation(
        job="delete_duplicate_adjustment_job",
        op="delete_duplicate_adjustments",
        config=DeleteDuplicateAdjustmentConfig,
        targets=lambda _run, config: [str(i) for i in config.nomis_adjustment_ids],
        write=_delete_duplicate,
        description="Delete duplicate NOMIS sentence or key-date adjustments (destructive).",
        destructive=True,
    )
)
