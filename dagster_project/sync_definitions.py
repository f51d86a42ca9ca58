"""The event-sync code location: each domain's queue sensor and sync job, nothing else.

Every run is a new process that loads its code location before it applies an event, so a sync
run's launch cost is this module's import and build. Kept apart from the main location
(`definitions.py`: reconciliations, checks, repairs, runbook and DLQ jobs), a sync run never
imports pandas, the reconciliations, Slack or the asset machinery (docs/performance.md,
"Launch cost"); `tests/test_core/test_sync_location.py` keeps it that way.
"""

from __future__ import annotations

import dagster as dg

import dagster_project.dagster_warnings  # noqa: F401 - the warnings decided on, silenced by name
from dagster_project.domains import DOMAINS
from dagster_project.settings import Settings, load_settings
from dagster_project.wiring import sync_resources_for
from sensors.event_sync import build_event_sync
from sensors.options import SyncOptions


def build_sync_definitions(settings: Settings) -> dg.Definitions:
    """Sensors and sync jobs of every domain for the given settings (tests pass their own)."""
    jobs, sensors = build_event_sync(SyncOptions.from_settings(settings), DOMAINS)
    return dg.Definitions(
        jobs=jobs,
        sensors=sensors,
        resources=sync_resources_for(settings),
        executor=dg.in_process_executor,
    )


@dg.definitions
def defs() -> dg.Definitions:
    """The code location; a wrong setting stops the load with one line per variable."""
    return build_sync_definitions(load_settings())
