"""Runbook config rules accept every sensible value and name the field of a wrong one."""

import pytest
from pydantic import Field, ValidationError

from dagster_project.cadences import weekly_partitions
from dagster_project.operations.config import OperationConfig, RepairConfig
from dagster_project.operations.rules import PositiveId, partition_key, prisoner_number


class RepairSomething(RepairConfig):
    cadence = "weekly"
    targets_field = "ids"

    ids: list[PositiveId] = Field(default=[])


@pytest.mark.parametrize("value", ["A1234BC", "Z0000ZZ"])
def test_prisoner_numbers_are_accepted(value):
    assert prisoner_number(value) == value


@pytest.mark.parametrize("value", ["a1234bc", "A1234B", "A1234BCD", "11234BC", " A1234BC", ""])
def test_anything_else_is_not_a_prisoner_number(value):
    with pytest.raises(ValueError, match="is not a prisoner number"):
        prisoner_number(value)


def test_an_operation_is_a_dry_run_with_a_write_guard_unless_told_otherwise():
    config = OperationConfig()
    assert (config.dry_run, config.max_writes) == (True, 50)
    with pytest.raises(ValidationError, match="max_writes"):
        OperationConfig(max_writes=0)


def test_a_repair_takes_a_partition_of_its_cadence_or_ids_but_not_nothing():
    assert RepairSomething(partition_key="2026-11-16").partition_key == "2026-11-16"
    assert RepairSomething(ids=[3]).max_writes == 100
    with pytest.raises(ValidationError, match="partition_key"):
        RepairSomething(partition_key="2026-11-17")  # a Tuesday: weekly keys are Mondays
    with pytest.raises(ValidationError, match="nothing to repair: give partition_key or ids"):
        RepairSomething()


def test_each_bad_value_is_reported_with_its_field():
    with pytest.raises(ValidationError) as refused:
        RepairSomething(ids=[3, 0, -1], max_writes=0)
    fields = {".".join(str(part) for part in error["loc"]) for error in refused.value.errors()}
    assert fields == {"ids.1", "ids.2", "max_writes"}


def test_an_unknown_partition_names_the_latest_one():
    with pytest.raises(ValueError, match="is not a partition of this reconciliation"):
        partition_key(weekly_partitions, "not-a-date")
    assert partition_key(weekly_partitions, None) is None
