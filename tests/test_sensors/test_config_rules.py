"""Runbook config rules accept every sensible value and name the field of a wrong one."""

import pytest
from pydantic import ValidationError

from sensors.adjustment_jobs import RepairAdjustmentConfig
from sensors.config_rules import prisoner_number
from sensors.ops_jobs import DeleteMappingsAboveConfig, RepairVisitConfig
from sensors.repair import RepairIncentivesConfig, ResyncAllocationsConfig, ResyncAttendancesConfig

UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"


@pytest.mark.parametrize("value", ["A1234BC", "Z0000ZZ"])
def test_prisoner_numbers_are_accepted(value):
    assert prisoner_number(value) == value


@pytest.mark.parametrize("value", ["a1234bc", "A1234B", "A1234BCD", "11234BC", " A1234BC", ""])
def test_anything_else_is_not_a_prisoner_number(value):
    with pytest.raises(ValueError, match="is not a prisoner number"):
        prisoner_number(value)


def test_valid_runbook_configs_pass_unchanged():
    visit = RepairVisitConfig(offender_no="A1234BC", visit_references=["ab-cd-ef-gh"])
    assert (visit.dry_run, visit.max_writes) == (True, 50)
    adjustment = RepairAdjustmentConfig(offender_no="A1234BC", adjustment_ids=[UUID])
    assert adjustment.adjustment_ids == [UUID]
    assert DeleteMappingsAboveConfig().max_nomis_course_schedule_id is None
    assert DeleteMappingsAboveConfig(max_nomis_course_schedule_id=1).max_nomis_course_schedule_id


def test_repair_configs_take_a_partition_of_their_own_cadence_or_ids():
    assert RepairIncentivesConfig(partition_key="2026-11-16").partition_key == "2026-11-16"
    assert RepairIncentivesConfig(offender_nos=["A1234BC"]).partition_key is None
    assert ResyncAllocationsConfig(partition_key="2026-11-17", suspended=True).suspended
    assert ResyncAttendancesConfig(attendance_ids=[1]).attendance_ids == [1]
    with pytest.raises(ValidationError, match="partition_key"):
        RepairIncentivesConfig(partition_key="2026-11-17")  # a Tuesday: weekly keys are Mondays


def test_each_bad_value_is_reported_with_its_field():
    with pytest.raises(ValidationError) as refused:
        ResyncAllocationsConfig(allocation_ids=[3, 0, -1], max_writes=0)
    fields = {".".join(str(part) for part in error["loc"]) for error in refused.value.errors()}
    assert fields == {"allocation_ids.1", "allocation_ids.2", "max_writes"}
