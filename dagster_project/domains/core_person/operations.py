"""The core person runbook operation: merge a prisoner's religions into NOMIS, also the repair.

The old service's manual endpoint `POST /core-person/prisoner/{prisonNumberTo}/merge` ("until
CPR raises events") as a job: per prisoner, exactly what the merge event does (CPR's religion
history through the mappings, then NOMIS `POST /core-person/{prisonNumber}/merge`). Given
prisoners, or the open mismatches of a partition of `core_person_reconciliation`.

As a repair it puts CPR's religion end dates on the NOMIS beliefs they are mapped to, which is
what a missed merge leaves wrong. It cannot add, remove or recode a belief (no NOMIS endpoint
the old service used does): such a mismatch stays open after the repair, for the runbook.
"""

from __future__ import annotations

from pydantic import Field

from dagster_project.domains.core_person.sync import CorePersonSync
from dagster_project.operations.config import RepairConfig
from dagster_project.operations.rules import PrisonerNumber
from dagster_project.sync.domain import Operation, OperationRun

RECONCILIATION = "core_person_reconciliation"


class MergeReligionsConfig(RepairConfig):
    cadence = "weekly"
    targets_field = "prisoners"

    prisoners: list[PrisonerNumber] = Field(
        default=[], description="Prison numbers whose religions to merge, e.g. A1234BC"
    )


def targets(run: OperationRun[CorePersonSync], config: MergeReligionsConfig) -> list[str]:
    """The given prisoners, then those of the partition's open mismatches (key = prisonNumber)."""
    found = list(dict.fromkeys(config.prisoners))
    if config.partition_key:
        for mismatch in run.history.open_for(RECONCILIATION, config.partition_key):
            if mismatch.key not in found:
                found.append(mismatch.key)
    return found


def write(run: OperationRun[CorePersonSync], _config: MergeReligionsConfig, prisoner: str) -> None:
    """Merge one prisoner's religions, with the merge event's two success events."""
    run.sync.merge_religions(prisoner)
    run.telemetry.track("cpr-person-merged-success", {"prisonNumber": prisoner})


MERGE_RELIGIONS: Operation[CorePersonSync, MergeReligionsConfig] = Operation(
    job="merge_core_person_religions_job",
    op="merge_core_person_religions",
    config=MergeReligionsConfig,
    targets=targets,
    write=write,
    description=(
        "Write CPR's religion end dates to the mapped NOMIS beliefs of given prisoners, or of a "
        "partition's mismatched prisoners (old manual merge endpoint; updates NOMIS beliefs)."
    ),
    tags={"reconciliation": RECONCILIATION},
)
