"""The config every operation job starts from: a dry run by default and a write guard.

The Launchpad checks only names and types; the validators here (and the value rules in
`rules.py`) stop a run before any API call when a value can never be right.
"""

from __future__ import annotations

from typing import ClassVar, Self

import dagster as dg
from pydantic import Field, field_validator, model_validator

from dagster_project.cadences import partitions_for
from dagster_project.operations import rules
from dagster_project.sync.domain import Cadence


class OperationConfig(dg.Config):
    """Every operation: nothing is written unless `dry_run` is switched off."""

    dry_run: bool = Field(default=True, description="Only list what would be written")
    max_writes: int = Field(default=50, ge=1, description="Refuse to write more than this many")


class RepairConfig(OperationConfig):
    """A partition of the reconciliation on `cadence` (its open mismatches), or explicit ids.

    Subclasses name the list of ids in `targets_field`; one of the two must be given.
    """

    cadence: ClassVar[Cadence]
    targets_field: ClassVar[str]

    partition_key: str | None = Field(
        default=None, description="Repair the open mismatches recorded for this partition"
    )
    max_writes: int = Field(default=100, ge=1, description="Refuse to write more than this many")

    @field_validator("partition_key")
    @classmethod
    def _known_partition(cls, value: str | None) -> str | None:
        return rules.partition_key(partitions_for(cls.cadence), value)

    @model_validator(mode="after")
    def _something_to_repair(self) -> Self:
        if self.partition_key is None and not getattr(self, self.targets_field):
            raise ValueError(f"nothing to repair: give partition_key or {self.targets_field}")
        return self
