"""Weekly incentive levels reconciliation: the declaration (the run is in `reconcile.py`).

Bookings in `incentive_exclusions.txt` are reported apart (and flagged once they agree again).
`reconcile.py` fetches, diffs and reports; it is imported when the reconciliation first runs, so
a sync run never imports pandas.
"""

from __future__ import annotations

from dagster_project.domains.apis import NOMIS_API
from dagster_project.domains.incentives.dps import INCENTIVES_API
from dagster_project.domains.incentives.operations import REPAIR_INCENTIVES
from dagster_project.sync.domain import Reconciliation, Repair, RunIn, Schedule

NAME = "incentive_levels_reconciliation"

INCENTIVE_LEVELS_RECONCILIATION = Reconciliation(
    name=NAME,
    check="incentive_levels_match",
    cadence="weekly",
    schedule=Schedule(hour=4, minute=10, day_of_week=1),
    freshness_deadline="0 8 * * 1",
    apis=(NOMIS_API, INCENTIVES_API),
    run=RunIn("dagster_project.domains.incentives.reconcile"),
    repair=Repair(REPAIR_INCENTIVES),
    description=(
        "Weekly: does every active prisoner have the same current incentive level in NOMIS and "
        "DPS. The value is the frame of reported mismatches (excluded bookings left out)."
    ),
    check_description="Every active prisoner's NOMIS IEP level equals the DPS level",
)
