"""Weekly core person reconciliation: the declaration (the run is in `reconcile.py`).

`reconcile.py` compares every latest booking's prisoner's religions in NOMIS and in the Core
Person Record; it is imported when the reconciliation first runs, so a sync run never imports
pandas.
"""

from __future__ import annotations

from dagster_project.domains.apis import NOMIS_API
from dagster_project.domains.core_person.cpr import CORE_PERSON_API
from dagster_project.domains.core_person.operations import MERGE_RELIGIONS, RECONCILIATION
from dagster_project.sync.domain import Reconciliation, Repair, RunIn, Schedule

MONDAY = 1

CORE_PERSON_RECONCILIATION = Reconciliation(
    name=RECONCILIATION,
    check="core_person_religions_match",
    cadence="weekly",
    schedule=Schedule(hour=6, minute=30, day_of_week=MONDAY),
    freshness_deadline="30 12 * * 1",
    apis=(NOMIS_API, CORE_PERSON_API),
    run=RunIn("dagster_project.domains.core_person.reconcile"),
    repair=Repair(MERGE_RELIGIONS),
    description=(
        "Weekly (Monday 06:30): does every prisoner's latest booking hold the same current "
        "religion and religion history in NOMIS as in the Core Person Record. The value is the "
        "frame of mismatched prisoners with the fields that differ."
    ),
    check_description="Every prisoner has the same religions in NOMIS and in CPR",
)
