"""Incentives repair: write each prisoner's current DPS incentive level to NOMIS."""

from __future__ import annotations

from pydantic import Field

from dagster_project.domains.incentives.sync import IncentivesSync, incentive_request
from dagster_project.operations.config import RepairConfig
from dagster_project.operations.rules import PrisonerNumber
from dagster_project.sync.domain import Operation, OperationRun

RECONCILIATION = "incentive_levels_reconciliation"


class RepairIncentivesConfig(RepairConfig):
    cadence = "weekly"
    targets_field = "offender_nos"

    offender_nos: list[PrisonerNumber] = Field(default=[], description="Prisoner numbers to repair")


def targets(run: OperationRun[IncentivesSync], config: RepairIncentivesConfig) -> list[str]:
    """The given prisoners, then those of the partition's open mismatches."""
    found = list(config.offender_nos)
    if config.partition_key:
        for mismatch in run.history.open_for(RECONCILIATION, config.partition_key):
            if mismatch.offender_no and mismatch.offender_no not in found:
                found.append(mismatch.offender_no)
    return found


def write(
    run: OperationRun[IncentivesSync], _config: RepairIncentivesConfig, offender: str
) -> None:
    """A new NOMIS IEP row with the prisoner's current DPS level (`incentives-repair`)."""
    summary = run.sync.dps.get_current_review(offender)
    if summary is None:
        raise LookupError(f"No current incentive for prisonNumber {offender}")
    detail = run.sync.dps.get_review(summary.id)
    created = run.sync.nomis.create_incentive(detail.prisoner_number, incentive_request(detail))
    run.telemetry.track(
        "incentives-repair",
        {
            "nomisBookingId": detail.booking_id,
            "nomisIncentiveSequence": created.sequence,
            "id": summary.id,
            "offenderNo": summary.prisoner_number,
            "iep": detail.iep_code,
        },
    )


REPAIR_INCENTIVES: Operation[IncentivesSync, RepairIncentivesConfig] = Operation(
    job="repair_incentives_job",
    op="repair_incentives",
    config=RepairIncentivesConfig,
    targets=targets,
    write=write,
    description=(
        "Write DPS current incentive levels to NOMIS for a partition's mismatches or prisoners."
    ),
    tags={"reconciliation": RECONCILIATION},
)
