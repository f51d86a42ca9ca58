"""Weekly adjudications reconciliation: the declaration (the run is in `reconcile.py`).

`reconcile.py` compares each active prisoner's ADA awards in NOMIS (count and days) with the
ADA punishments DPS holds for the booking; it is imported when the reconciliation first runs,
so a sync run never imports pandas.
"""

from __future__ import annotations

from dagster_project.domains.adjudications.dps import ADJUDICATIONS_API
from dagster_project.domains.adjudications.operations import RECONCILIATION, REPAIR_ADA
from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.sync.domain import Reconciliation, Repair, RunIn, Schedule

ADJUDICATIONS_RECONCILIATION = Reconciliation(
    name=RECONCILIATION,
    check="adjudication_ada_awards_match",
    cadence="weekly",
    schedule=Schedule(hour=2, minute=30, day_of_week=1),
    freshness_deadline="30 6 * * 1",
    apis=(NOMIS_API, ADJUDICATIONS_API, MAPPING_API),
    run=RunIn("dagster_project.domains.adjudications.reconcile"),
    repair=Repair(REPAIR_ADA),
    description=(
        "Weekly (Monday 02:30): does every active prisoner's NOMIS booking hold as many ADA "
        "awards, of as many days, as the ADA punishments of the booking's DPS adjudications "
        "that had a hearing (merges since the migration taken into account). The value is the "
        "frame of mismatched prisoners with both sides' counts and days."
    ),
    check_description="Every active prisoner's NOMIS ADA awards match the DPS ADA punishments",
)
