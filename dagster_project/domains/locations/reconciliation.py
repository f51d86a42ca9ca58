"""Weekly locations reconciliation: the declaration (the run is in `reconcile.py`).

Wednesdays 02:30, as the old `LOCATIONS_RECON` CronJob. `reconcile.py` fetches, compares and
reports; it is imported when the reconciliation first runs, so a sync run never imports pandas.
"""

from __future__ import annotations

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.locations.dps import LOCATIONS_API
from dagster_project.domains.locations.operations import REPAIR_LOCATION
from dagster_project.sync.domain import Reconciliation, Repair, RunIn, Schedule

NAME = "locations_reconciliation"

LOCATIONS_RECONCILIATION = Reconciliation(
    name=NAME,
    check="locations_match",
    cadence="weekly",
    schedule=Schedule(hour=2, minute=30, day_of_week=3),
    freshness_deadline="0 8 * * 3",
    apis=(NOMIS_API, MAPPING_API, LOCATIONS_API),
    run=RunIn("dagster_project.domains.locations.reconcile"),
    repair=Repair(REPAIR_LOCATION),
    description=(
        "Weekly (Wednesday): every NOMIS internal location against its mapped DPS location, "
        "DPS locations missing from NOMIS, and NOMIS locations without a mapping. The value "
        "is the frame of mismatches, one row per location."
    ),
    check_description="Every NOMIS internal location agrees with DPS, and DPS has no extra",
)
