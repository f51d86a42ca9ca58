"""Daily activity reconciliations, the runs: allocations, suspended allocations, attendances.

The declarations are in `reconciliation.py`, which names these run functions without importing
them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from dagster_project.domains.activities.counts import ActivityReconciler
from dagster_project.domains.activities.dps import ACTIVITIES_API, ActivitiesClient
from dagster_project.domains.activities.kinds import CountKind
from dagster_project.domains.activities.nomis import NomisActivitiesClient
from dagster_project.domains.activities.reconciliation import asset_name
from dagster_project.domains.apis import NOMIS_API
from dagster_project.reconciliation.result import CURRENT_STATE_NOTE, ReconciliationResult
from dagster_project.sync.domain import ReconciliationRun
from resources.history import Mismatch


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


reconcile_allocations = reconciler(CountKind.ALLOCATION)
reconcile_suspended_allocations = reconciler(CountKind.SUSPENDED_ALLOCATION)
reconcile_attendances = reconciler(CountKind.ATTENDANCE)
