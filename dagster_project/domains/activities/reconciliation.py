"""Daily activity reconciliations: allocations, suspended allocations, paid attendances."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from dagster_project.domains.activities.counts import ActivityReconciler, CountKind
from dagster_project.domains.activities.dps import ACTIVITIES_API, ActivitiesClient
from dagster_project.domains.activities.nomis import NomisActivitiesClient
from dagster_project.domains.activities.operations import RESYNC_ALLOCATIONS, RESYNC_ATTENDANCES
from dagster_project.domains.apis import NOMIS_API
from dagster_project.reconciliation.result import CURRENT_STATE_NOTE, ReconciliationResult
from dagster_project.sync.domain import (
    Cadence,
    Reconciliation,
    ReconciliationRun,
    Repair,
    Schedule,
)
from resources.history import Mismatch


def asset_name(kind: CountKind) -> str:
    return f"{kind.value.replace('-', '_')}_reconciliation"


def check_name(kind: CountKind) -> str:
    return f"{kind.value.replace('-', '_')}_counts_match"


def mismatch_records(name: str, partition: str, frame: pd.DataFrame) -> list[Mismatch]:
    return [
        Mismatch(
            reconciliation=name,
            partition_key=partition,
            key=f"{row.prison_id}:{row.booking_id}",
            kind=row.kind,
            booking_id=str(row.booking_id),
            offender_no=row.offender_no,
            prison_id=row.prison_id,
            nomis_value=str(row.nomis_count),
            dps_value=str(row.dps_count),
        )
        for row in frame.itertuples(index=False)
    ]


def reconciler(kind: CountKind) -> Callable[[ReconciliationRun], ReconciliationResult]:
    """The run of one kind of count: per ACTIVITY prison, NOMIS vs DPS per booking."""

    def reconcile(run: ReconciliationRun) -> ReconciliationResult:
        name = asset_name(kind)
        date = dt.date.fromisoformat(run.partition_key) if kind is CountKind.ATTENDANCE else None
        result = ActivityReconciler(
            NomisActivitiesClient(run.http(NOMIS_API)),
            ActivitiesClient(run.http(ACTIVITIES_API)),
            run.telemetry,
            kind,
            date,
            run.concurrency,
        ).run()
        metadata: dict[str, object] = {
            "prisons_checked": result.prisons_checked,
            "ignored_located_elsewhere": result.ignored_elsewhere,
        }
        if date is None:
            metadata["note"] = CURRENT_STATE_NOTE
        return ReconciliationResult(
            mismatches=result.mismatches,
            checked=result.bookings_checked,
            errors=result.errors,
            records=mismatch_records(name, run.partition_key, result.mismatches),
            metadata=metadata,
        )

    return reconcile


def _reconciliation(
    kind: CountKind,
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
        run=reconciler(kind),
        repair=repair,
        description=description,
        check_description=f"NOMIS and DPS agree on {kind.value} counts for every booking",
    )


ALLOCATION_RECONCILIATION = _reconciliation(
    CountKind.ALLOCATION,
    "daily_state",
    Schedule(hour=7, minute=5),
    "0 10 * * *",
    Repair(RESYNC_ALLOCATIONS),
    "Active allocations per booking, NOMIS vs DPS, per ACTIVITY prison.",
)

SUSPENDED_ALLOCATION_RECONCILIATION = _reconciliation(
    CountKind.SUSPENDED_ALLOCATION,
    "daily_state",
    Schedule(hour=7, minute=35),
    "0 10 * * *",
    Repair(RESYNC_ALLOCATIONS, {"suspended": True}),
    "Suspended allocations per booking, NOMIS vs DPS.",
)

ATTENDANCE_RECONCILIATION = _reconciliation(
    CountKind.ATTENDANCE,
    "daily",
    Schedule(hour=1, minute=5),
    "0 4 * * *",
    Repair(RESYNC_ATTENDANCES),
    "Paid attendances per booking on the partition's session date.",
)
