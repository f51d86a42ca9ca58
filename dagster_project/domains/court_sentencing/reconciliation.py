"""The two court case reconciliations: the declarations (the run is in `reconcile.py`).

The old service ran two batch jobs on two CronJobs; they stay two reconciliations here
(not one asset with two cadences) because they take different partitions (a week, a run
date), check different populations (every prisoner's latest booking, active prisoners) and
alert separately, exactly as the factory models one cadence per asset:
- `court_cases_reconciliation`: `weekly`, Saturday 19:00 (the old `0 19 * * SAT`);
- `court_cases_active_reconciliation`: `daily_state`, every day at 03:45 (the old `45 3 * * *`).
Each has its own repair job (a repair config takes one cadence's partitions).
"""

from __future__ import annotations

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.court_sentencing.dps import COURT_SENTENCING_API
from dagster_project.domains.court_sentencing.operations import (
    ACTIVE_RECONCILIATION,
    FULL_RECONCILIATION,
    REPAIR_ACTIVE_COURT_CASES,
    REPAIR_COURT_CASES,
)
from dagster_project.sync.domain import Reconciliation, Repair, RunIn, Schedule

MODULE = "dagster_project.domains.court_sentencing.reconcile"
APIS = (NOMIS_API, MAPPING_API, COURT_SENTENCING_API)

COURT_CASES_RECONCILIATION = Reconciliation(
    name=FULL_RECONCILIATION,
    check="court_cases_match",
    cadence="weekly",
    schedule=Schedule(hour=19, minute=0, day_of_week=6),
    freshness_deadline="0 8 * * 0",
    apis=APIS,
    run=RunIn(MODULE, "reconcile_all"),
    repair=Repair(REPAIR_COURT_CASES),
    description=(
        "Weekly (Saturday 19:00): every prisoner's latest booking, NOMIS court cases against "
        "DPS: case counts (a mismatch, counted), then each mapped case's status, appearances, "
        "charges, sentences and terms. The value is the frame of mismatched cases."
    ),
    check_description="Every prisoner's NOMIS court cases match DPS's",
)

COURT_CASES_ACTIVE_RECONCILIATION = Reconciliation(
    name=ACTIVE_RECONCILIATION,
    check="court_cases_active_match",
    cadence="daily_state",
    schedule=Schedule(hour=3, minute=45),
    freshness_deadline="0 9 * * *",
    apis=APIS,
    run=RunIn(MODULE, "reconcile_active"),
    repair=Repair(REPAIR_ACTIVE_COURT_CASES),
    description=(
        "Daily (03:45, the state at run time): every active prisoner's NOMIS court cases "
        "against DPS, checked as the weekly reconciliation checks all prisoners."
    ),
    check_description="Every active prisoner's NOMIS court cases match DPS's",
)

RECONCILIATIONS = (COURT_CASES_RECONCILIATION, COURT_CASES_ACTIVE_RECONCILIATION)
