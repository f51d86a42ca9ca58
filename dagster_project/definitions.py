"""The one code location: every job, sensor and resource, built from the environment once."""

from __future__ import annotations

import dagster as dg

from dagster_project.domains import DOMAINS
from dagster_project.settings import Settings
from dagster_project.wiring import resources_for
from sensors.event_sync import build_event_sync
from sensors.options import SyncOptions


def build_definitions(settings: Settings) -> dg.Definitions:
    """Definitions for the given settings (tests pass their own)."""
    jobs, sensors = build_event_sync(SyncOptions.from_settings(settings), DOMAINS)
    return dg.Definitions(jobs=jobs, sensors=sensors, resources=resources_for(settings))


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions(Settings.from_env())
