"""The two case notes reconciliations: the declarations (the run is in `reconcile.py`).

The old service ran one check on two CronJobs: active prisoners Sunday to Thursday at 19:30,
every prisoner on Friday at 19:30. They are two reconciliations here, because the two runs
take different partitions (a run date, a week) and check different populations:
- `casenotes_active_reconciliation`: `daily_state` (the run date), Sunday to Thursday at 19:30
  (`Schedule.days_of_week`); on Friday the full one checks every prisoner instead;
- `casenotes_full_reconciliation`: `weekly`, Friday 19:30, the Monday-start week that ended on
  the Monday before.
Both have their own repair job (a repair config takes one cadence's partitions).
"""

from __future__ import annotations

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.casenotes.dps import CASENOTES_API
from dagster_project.domains.casenotes.operations import (
    ACTIVE_RECONCILIATION,
    FULL_RECONCILIATION,
    REPAIR_ACTIVE_CASENOTES,
    REPAIR_ALL_CASENOTES,
)
from dagster_project.sync.domain import Reconciliation, Repair, RunIn, Schedule

MODULE = "dagster_project.domains.casenotes.reconcile"

CASENOTES_ACTIVE_RECONCILIATION = Reconciliation(
    name=ACTIVE_RECONCILIATION,
    check="casenotes_active_match",
    cadence="daily_state",
    schedule=Schedule(hour=19, minute=30, days_of_week=(0, 1, 2, 3, 4)),
    freshness_deadline="30 23 * * 0-4",  # no run is due on Friday or Saturday
    apis=(NOMIS_API, MAPPING_API, CASENOTES_API),
    run=RunIn(MODULE, "reconcile_active"),
    repair=Repair(REPAIR_ACTIVE_CASENOTES),
    description=(
        "Sunday to Thursday (19:30): every active prisoner's case notes, NOMIS against DPS "
        "through the mapping: counts, then each mapped pair's text, amendments, type, dates "
        "and author. "
        "The value is the frame of mismatches, one row per prisoner count or differing note."
    ),
    check_description="Every active prisoner's NOMIS case notes match DPS's",
)

CASENOTES_FULL_RECONCILIATION = Reconciliation(
    name=FULL_RECONCILIATION,
    check="casenotes_full_match",
    cadence="weekly",
    schedule=Schedule(hour=19, minute=30, day_of_week=5),
    freshness_deadline="0 8 * * 6",
    apis=(NOMIS_API, MAPPING_API, CASENOTES_API),
    run=RunIn(MODULE, "reconcile_all"),
    repair=Repair(REPAIR_ALL_CASENOTES),
    description=(
        "Weekly (Friday 19:30, the week to Monday): every prisoner NOMIS holds, active or not, "
        "checked as the active reconciliation checks its prisoners."
    ),
    check_description="Every prisoner's NOMIS case notes match DPS's",
)
