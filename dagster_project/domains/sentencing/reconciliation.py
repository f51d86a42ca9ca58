"""Daily sentencing adjustments reconciliation: the declaration (the run is in `reconcile.py`).

`reconcile.py` compares each latest booking's NOMIS and DPS adjustment counts; it is imported when
the reconciliation first runs, so a sync run never imports pandas.
"""

from __future__ import annotations

from dagster_project.domains.apis import NOMIS_API
from dagster_project.domains.sentencing.dps import ADJUSTMENTS_API
from dagster_project.domains.sentencing.operations import REPAIR_ADJUSTMENT
from dagster_project.domains.sentencing.repair_targets import RECONCILIATION
from dagster_project.sync.domain import Reconciliation, Repair, RunIn, Schedule

SENTENCING_ADJUSTMENTS_RECONCILIATION = Reconciliation(
    name=RECONCILIATION,
    check="sentencing_adjustments_match",
    cadence="daily_state",
    schedule=Schedule(hour=1, minute=50),
    freshness_deadline="0 6 * * *",
    apis=(NOMIS_API, ADJUSTMENTS_API),
    run=RunIn("dagster_project.domains.sentencing.reconcile"),
    repair=Repair(REPAIR_ADJUSTMENT),
    description=(
        "Daily: does every latest booking (released prisoners too) hold as many active "
        "sentencing adjustments of each kind in NOMIS as in DPS. The value is the frame of "
        "mismatched bookings with both sides' counts and the old `differences` text."
    ),
    check_description="Every latest booking has the same adjustment counts in NOMIS and DPS",
)
