"""Daily activity reconciliations: the declarations (the runs are in `reconcile.py`).

Allocations, suspended allocations and paid attendances, one reconciliation each. `reconcile.py`
counts and compares; it is imported when a reconciliation first runs, so a sync run never imports
pandas.
"""

from __future__ import annotations

from dagster_project.domains.activities.dps import ACTIVITIES_API
from dagster_project.domains.activities.kinds import CountKind
from dagster_project.domains.activities.operations import RESYNC_ALLOCATIONS, RESYNC_ATTENDANCES
from dagster_project.domains.apis import NOMIS_API
from dagster_project.sync.domain import Cadence, Reconciliation, Repair, RunIn, Schedule

RECONCILE = "dagster_project.domains.activities.reconcile"


def asset_name(kind: CountKind) -> str:
    return f"{kind.value.replace('-', '_')}_reconciliation"


def check_name(kind: CountKind) -> str:
    return f"{kind.value.replace('-', '_')}_counts_match"


def _reconciliation(
    kind: CountKind,
    run: str,
    cadence: Cadence,
    schedule: Schedule,
    deadline: str,
    repair: Repair,
    description: str,
) -> Reconciliation:
    return Reconciliation(
        name=asset_name(kind),
        check=check_name(kind),
        cadence=cadence,
        schedule=schedule,
        freshness_deadline=deadline,
        apis=(NOMIS_API, ACTIVITIES_API),
        run=RunIn(RECONCILE, run),
        repair=repair,
        description=description,
        check_description=f"NOMIS and DPS agree on {kind.value} counts for every booking",
    )


ALLOCATION_RECONCILIATION = _reconciliation(
    CountKind.ALLOCATION,
    "reconcile_allocations",
    "daily_state",
    Schedule(hour=7, minute=5),
    "0 10 * * *",
    Repair(RESYNC_ALLOCATIONS),
    "Active allocations per booking, NOMIS vs DPS, per ACTIVITY prison.",
)

SUSPENDED_ALLOCATION_RECONCILIATION = _reconciliation(
    CountKind.SUSPENDED_ALLOCATION,
    "reconcile_suspended_allocations",
    "daily_state",
    Schedule(hour=7, minute=35),
    "0 10 * * *",
    Repair(RESYNC_ALLOCATIONS, {"suspended": True}),
    "Suspended allocations per booking, NOMIS vs DPS.",
)

ATTENDANCE_RECONCILIATION = _reconciliation(
    CountKind.ATTENDANCE,
    "reconcile_attendances",
    "daily",
    Schedule(hour=1, minute=5),
    "0 4 * * *",
    Repair(RESYNC_ATTENDANCES),
    "Paid attendances per booking on the partition's session date.",
)
