"""Daily CSIP reconciliation: the declaration (the run is in `reconcile.py`).

Every active prisoner's NOMIS CSIP reports against DPS, summarised per report; `reconcile.py`
is imported when the reconciliation first runs, so a sync run never imports pandas.
"""

from __future__ import annotations

from dagster_project.domains.apis import NOMIS_API
from dagster_project.domains.csip.dps import CSIP_API
from dagster_project.domains.csip.operations import RECONCILIATION, REPAIR_CSIP
from dagster_project.sync.domain import Reconciliation, Repair, RunIn, Schedule

CSIP_RECONCILIATION = Reconciliation(
    name=RECONCILIATION,
    check="csip_reports_match",
    cadence="daily_state",
    schedule=Schedule(hour=0, minute=5),
    freshness_deadline="0 6 * * *",
    apis=(NOMIS_API, CSIP_API),
    run=RunIn("dagster_project.domains.csip.reconcile"),
    repair=Repair(REPAIR_CSIP),
    description=(
        "Daily (00:05, the state at run time): every active prisoner's NOMIS CSIP reports "
        "against DPS, one summary per report. The value is the frame of mismatched prisoners."
    ),
    check_description="Every active prisoner has the same CSIP reports in NOMIS and DPS",
)
