"""Activities runbook config rules accept every sensible value and name the field of a wrong one."""

import pytest
from pydantic import ValidationError

from dagster_project.domains.activities.operations import (
    DeleteMappingsAboveConfig,
    ResyncAllocationsConfig,
    ResyncAttendancesConfig,
)


def test_delete_mappings_above_ceiling_is_optional():
    assert DeleteMappingsAboveConfig().max_nomis_course_schedule_id is None
    assert DeleteMappingsAboveConfig(max_nomis_course_schedule_id=1).max_nomis_course_schedule_id


def test_resync_configs_take_a_partition_of_their_own_cadence_or_ids():
    assert ResyncAllocationsConfig(partition_key="2026-11-17", suspended=True).suspended
    assert ResyncAttendancesConfig(attendance_ids=[1]).attendance_ids == [1]


def test_each_bad_value_is_reported_with_its_field():
    with pytest.raises(ValidationError) as refused:
        ResyncAllocationsConfig(allocation_ids=[3, 0, -1], max_writes=0)
    fields = {".".join(str(part) for part in error["loc"]) for error in refused.value.errors()}
    assert fields == {"allocation_ids.1", "allocation_ids.2", "max_writes"}
