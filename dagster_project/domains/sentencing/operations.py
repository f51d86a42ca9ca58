"""Runbook operations for sentencing adjustments: repair from DPS, delete a NOMIS duplicate.

A duplicate adjustment moves a release date, so both default to a dry run and name exactly what
they write in their summary.

`repair_adjustment_job` is the old repair endpoint (create an unmapped adjustment, update a
mapped one) for explicit ids of one prisoner, and also the repair of
`sentencing_adjustments_reconciliation`: given a `partition_key`, its targets are every DPS
adjustment of each booking still mismatched in that partition (see `repair_targets.py`), each
repaired exactly as the endpoint would, with DPS's `active` flag sent (`force_status`): the
reconciliation counts active adjustments, so NOMIS keeping a stale inactive flag would leave the
mismatch open. Deliberately, it never deletes: NOMIS adjustments no DPS adjustment maps to are
named in the run's log for a person to decide (a delete moves a release date, and the old repair
never deleted either).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, model_validator

from dagster_project.domains.sentencing.events import AdjustmentInserted, AdjustmentUpdated
from dagster_project.domains.sentencing.repair_targets import RECONCILIATION, mismatch_targets
from dagster_project.domains.sentencing.sync import AdjustmentsSync
from dagster_project.operations.config import OperationConfig, RepairConfig
from dagster_project.operations.rules import PositiveId, PrisonerNumber
from dagster_project.sync.domain import Operation, OperationRun


def adjustment_id(value: str) -> str:
    try:
        uuid.UUID(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a DPS adjustment id (a UUID)") from None
    return value


AdjustmentId = Annotated[str, AfterValidator(adjustment_id)]


class RepairAdjustmentConfig(RepairConfig):
    """Explicit adjustments of one prisoner, or a reconciliation partition's mismatches."""

    cadence = "daily_state"
    targets_field = "adjustment_ids"

    offender_no: PrisonerNumber | None = Field(
        default=None, description="Prisoner number (required with adjustment_ids)"
    )
    adjustment_ids: list[AdjustmentId] = Field(
        default=[], description="DPS adjustment ids (UUIDs) of that prisoner"
    )
    force_status: bool = Field(
        default=False, description="Send DPS `active` to NOMIS (always, with a partition_key)"
    )
    set_active: bool = Field(default=False, description="Send active=true to NOMIS")
    max_writes: int = Field(default=50, ge=1, description="Refuse to write more than this many")

    @model_validator(mode="after")
    def _ids_name_their_prisoner(self) -> Self:
        if self.adjustment_ids and self.offender_no is None:
            raise ValueError("adjustment_ids are one prisoner's: give offender_no too")
        return self


class DeleteDuplicateAdjustmentConfig(OperationConfig):
    category: Literal["SENTENCE", "KEY-DATE"] = Field(description="Which NOMIS table")
    nomis_adjustment_ids: list[PositiveId] = Field(
        min_length=1, description="Duplicate NOMIS adjustment ids"
    )


def target(offender_no: str, adjustment_id: str) -> str:
    """How a repair target is named in the plan: `A1234BC/<adjustment id>`."""
    return f"{offender_no}/{adjustment_id}"


def _repair_targets(
    run: OperationRun[AdjustmentsSync], config: RepairAdjustmentConfig
) -> list[str]:
    """The given adjustments, then those of the partition's open mismatches."""
    found = [target(str(config.offender_no), i) for i in config.adjustment_ids]
    if config.partition_key:
        for offender_no, adjustment_id in mismatch_targets(run, config.partition_key):
            named = target(offender_no, adjustment_id)
            if named not in found:
                found.append(named)
    return found


def _repair(
    run: OperationRun[AdjustmentsSync], config: RepairAdjustmentConfig, planned: str
) -> None:
    """Create (no mapping) or update (mapped) one adjustment from DPS, as the old repair."""
    offender_no, adjustment_id = planned.split("/", 1)
    sync = run.sync
    event = {
        "eventType": "release-date-adjustments.adjustment.inserted",
        "additionalInformation": {
            "id": adjustment_id,
            "offenderNo": offender_no,
            "source": "DPS",
        },
    }
    if sync.mapping.get_adjustment_mapping(adjustment_id) is None:
        sync.inserted(AdjustmentInserted.model_validate(event))
    else:
        event["eventType"] = "release-date-adjustments.adjustment.updated"
        sync.updated(
            AdjustmentUpdated.model_validate(event),
            force_status=config.force_status or config.partition_key is not None,
            set_active=config.set_active,
        )
    run.telemetry.track(
        "to-nomis-synch-adjustment-repair",
        {"offenderNo": offender_no, "adjustmentId": adjustment_id},
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
    targets=_repair_targets,
    write=_repair,
    description=(
        "Create or update sentencing adjustments in NOMIS from DPS (old repair), for given ids "
        "or a reconciliation partition's mismatched bookings."
    ),
    tags={"reconciliation": RECONCILIATION},
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
