"""The locations repair: write DPS locations to NOMIS (the old `PUT /locations/{id}/repair`).

Each target is a DPS location id. A mapped location is amended (the three PUTs), an unmapped
one created under its mapped parent; with `include_children` its whole subtree follows, parents
before children, from the one tree DPS returns. Each location repaired is `location-repaired`
(`operation` create or amend), as before.

Deliberate difference: DPS is asked for the subtree only when it will be walked
(`includeChildren=false` otherwise); the old endpoint always fetched it.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import AfterValidator, Field

from dagster_project.domains.locations.sync import LocationsSync
from dagster_project.operations.config import RepairConfig
from dagster_project.sync.domain import Operation, OperationRun

RECONCILIATION = "locations_reconciliation"
# mismatches a DPS write cannot fix: NOMIS has a location DPS does not know, or the mapping
# points at a DPS location that is gone
NOT_REPAIRABLE = frozenset({"NOMIS_only", "DPS_missing"})


def dps_location_id(value: str) -> str:
    try:
        uuid.UUID(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a DPS location id (a UUID)") from None
    return value


DpsLocationId = Annotated[str, AfterValidator(dps_location_id)]


class RepairLocationConfig(RepairConfig):
    cadence = "weekly"
    targets_field = "dps_location_ids"

    dps_location_ids: list[DpsLocationId] = Field(
        default=[], description="DPS location ids (UUIDs) to repair"
    )
    include_children: bool = Field(
        default=False, description="Also repair every location inside each one, parents first"
    )


def mismatch_dps_id(key: str) -> str | None:
    """The DPS id of a recorded mismatch, keyed `<nomisId>,<dpsId>` (`null` when absent)."""
    dps_id = key.partition(",")[2]
    return None if dps_id in ("", "null") else dps_id


def targets(run: OperationRun[LocationsSync], config: RepairLocationConfig) -> list[str]:
    """The given locations, then the DPS side of the partition's open, repairable mismatches."""
    found = list(config.dps_location_ids)
    if config.partition_key:
        for mismatch in run.history.open_for(RECONCILIATION, config.partition_key):
            dps_id = mismatch_dps_id(mismatch.key)
            if mismatch.kind in NOT_REPAIRABLE or dps_id is None:
                run.log.info(f"not repairable from DPS: {mismatch.key} ({mismatch.kind})")
            elif dps_id not in found:
                found.append(dps_id)
    return found


def write(run: OperationRun[LocationsSync], config: RepairLocationConfig, dps_id: str) -> None:
    """Amend or create the location (and its subtree), as the old repair endpoint."""
    sync = run.sync
    tree = sync.dps.get_location_tree(dps_id, config.include_children)
    nodes = tree.depth_first() if config.include_children else [tree]
    for node in nodes:
        if sync.mapping.get_by_dps_id(node.id) is None:
            sync.create_location(node.id, node.key)
            operation = "create"
        else:
            sync.amend_location(node.id, node.key)
            operation = "amend"
        run.telemetry.track(
            "location-repaired",
            {"dpsLocationId": node.id, "key": node.key, "operation": operation},
        )


REPAIR_LOCATION: Operation[LocationsSync, RepairLocationConfig] = Operation(
    job="repair_location_job",
    op="repair_locations",
    config=RepairLocationConfig,
    targets=targets,
    write=write,
    description=(
        "Amend or create DPS locations in NOMIS (optionally with their children) for given ids "
        "or a locations reconciliation partition."
    ),
    tags={"reconciliation": RECONCILIATION},
)
