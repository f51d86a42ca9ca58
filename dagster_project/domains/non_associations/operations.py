"""The repair of the non-associations reconciliation: one pair of prisoners at a time.

The old service had no repair for non-associations; this one writes only through the sync's own
create, amend, close and delete (see `repair.py`), so its NOMIS bodies are the events'.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from dagster_project.domains.non_associations.mapping import sorted_pair
from dagster_project.domains.non_associations.repair import PairRepair
from dagster_project.domains.non_associations.rules import london_today
from dagster_project.domains.non_associations.sync import NonAssociationsSync
from dagster_project.operations.config import RepairConfig
from dagster_project.operations.rules import prisoner_number
from dagster_project.sync.domain import Operation, OperationRun

RECONCILIATION = "non_associations_reconciliation"


def prisoner_pair(value: str) -> str:
    """`"A1234BC,D5678EF"`: two different prisoner numbers, returned sorted."""
    numbers = [prisoner_number(part.strip()) for part in value.split(",")]
    if len(numbers) != 2 or numbers[0] == numbers[1]:
        raise ValueError(f"{value!r} is not two different prisoner numbers such as A1234BC,D5678EF")
    return ",".join(sorted_pair(*numbers))


PrisonerPair = Annotated[str, AfterValidator(prisoner_pair)]


class RepairNonAssociationsConfig(RepairConfig):
    cadence = "weekly"
    targets_field = "pairs"

    pairs: list[PrisonerPair] = Field(
        default=[], description='Prisoner pairs to repair, each "A1234BC,D5678EF"'
    )


def targets(
    run: OperationRun[NonAssociationsSync], config: RepairNonAssociationsConfig
) -> list[str]:
    """The given pairs, then the pairs of the partition's open mismatches (key `A:B:…`)."""
    found = list(dict.fromkeys(config.pairs))
    if config.partition_key:
        for mismatch in run.history.open_for(RECONCILIATION, config.partition_key):
            pair = ",".join(mismatch.key.split(":")[:2])
            if pair not in found:
                found.append(pair)
    return found


def write(
    run: OperationRun[NonAssociationsSync], _config: RepairNonAssociationsConfig, pair: str
) -> None:
    """Make NOMIS hold what DPS holds for the pair (`to-nomis-synch-non-association-repair`)."""
    first, second = pair.split(",")
    PairRepair(run.sync, run.telemetry, london_today()).apply(first, second)


REPAIR_NON_ASSOCIATIONS: Operation[NonAssociationsSync, RepairNonAssociationsConfig] = Operation(
    job="repair_non_associations_job",
    op="repair_non_associations",
    config=RepairNonAssociationsConfig,
    targets=targets,
    write=write,
    description=(
        "Make NOMIS hold the DPS non-associations of a partition's mismatched pairs, or of "
        "given pairs: create, amend, close, delete through the sync."
    ),
    tags={"reconciliation": RECONCILIATION},
)
