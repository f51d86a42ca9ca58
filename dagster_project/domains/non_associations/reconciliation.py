"""Weekly non-associations reconciliation: the declaration (the run is in `reconcile.py`).

`reconcile.py` checks every NOMIS pair against DPS and DPS against NOMIS; it is imported when the
reconciliation first runs, so a sync run never imports pandas.
"""

from __future__ import annotations

from dagster_project.domains.apis import NOMIS_API
from dagster_project.domains.non_associations.dps import NON_ASSOCIATIONS_API
from dagster_project.domains.non_associations.operations import (
    RECONCILIATION,
    REPAIR_NON_ASSOCIATIONS,
)
from dagster_project.sync.domain import Reconciliation, Repair, RunIn, Schedule

NON_ASSOCIATIONS_RECONCILIATION = Reconciliation(
    name=RECONCILIATION,
    check="non_associations_match",
    cadence="weekly",
    schedule=Schedule(hour=2, minute=30, day_of_week=2),
    freshness_deadline="0 8 * * 2",
    apis=(NOMIS_API, NON_ASSOCIATIONS_API),
    run=RunIn("dagster_project.domains.non_associations.reconcile"),
    repair=Repair(REPAIR_NON_ASSOCIATIONS),
    description=(
        "Weekly (Tuesday 02:30, the week to Monday): every NOMIS non-association pair's detail "
        "records against DPS, and every DPS non-association looked for in NOMIS. The value is "
        "the frame of mismatches, one row per record that disagrees."
    ),
    check_description="NOMIS and DPS hold the same non-associations for every pair",
)
