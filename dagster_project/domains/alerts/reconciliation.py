"""Daily alerts reconciliation: the declaration (the run is in `reconcile.py`).

`reconcile.py` compares each active prisoner's set of active alert codes in NOMIS (latest
booking) and DPS; it is imported when the reconciliation first runs, so a sync run never
imports pandas.
"""

from __future__ import annotations

from dagster_project.domains.alerts.dps import ALERTS_API
from dagster_project.domains.alerts.operations import RECONCILIATION, RESYNCHRONISE_ALERTS
from dagster_project.domains.apis import NOMIS_API
from dagster_project.sync.domain import Reconciliation, Repair, RunIn, Schedule

ALERTS_RECONCILIATION = Reconciliation(
    name=RECONCILIATION,
    check="alerts_match",
    cadence="daily_state",
    schedule=Schedule(hour=4, minute=45),
    freshness_deadline="0 9 * * *",
    apis=(NOMIS_API, ALERTS_API),
    run=RunIn("dagster_project.domains.alerts.reconcile"),
    repair=Repair(RESYNCHRONISE_ALERTS),
    description=(
        "Daily (04:45): does every active prisoner hold the same set of active alert codes on "
        "the latest NOMIS booking as in DPS. The value is the frame of mismatched prisoners "
        "with the codes missing from each side."
    ),
    check_description="Every active prisoner has the same active alert codes in NOMIS and DPS",
)
