"""The incentives repair config: a partition of its own (weekly) cadence, or prisoner numbers."""

import pytest
from pydantic import ValidationError

from dagster_project.domains.incentives.operations import RepairIncentivesConfig


def test_repair_incentives_config_takes_a_weekly_partition_or_prisoners():
    assert RepairIncentivesConfig(partition_key="2026-11-16").partition_key == "2026-11-16"
    assert RepairIncentivesConfig(offender_nos=["A1234BC"]).partition_key is None
    with pytest.raises(ValidationError, match="partition_key"):
        RepairIncentivesConfig(partition_key="2026-11-17")  # a Tuesday: weekly keys are Mondays
