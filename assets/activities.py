"""Daily activity reconciliations: allocations, suspended allocations, paid attendances."""

import datetime as dt
from collections.abc import Iterator

import dagster as dg
import pandas as pd

from assets.options import ReconciliationOptions
from assets.partitions import daily_partitions, daily_state_partitions, run_partition
from assets.reporting import CURRENT_STATE_NOTE, check_result, mismatch_metadata
from dagster_project.reconciliation.activities import ActivityReconciler, CountKind
from dagster_project.telemetry import Telemetry
from resources.dps.activities import ActivitiesApi
from resources.history import Mismatch
from resources.nomis_prisoner.resource import NomisPrisonerApi
from resources.store import Store

DESCRIPTIONS = {
    CountKind.ALLOCATION: "Active allocations per booking, NOMIS vs DPS, per ACTIVITY prison.",
    CountKind.SUSPENDED_ALLOCATION: "Suspended allocations per booking, NOMIS vs DPS.",
    CountKind.ATTENDANCE: "Paid attendances per booking on the partition's session date.",
}


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


def build_activity_reconciliation(kind: CountKind) -> dg.AssetsDefinition:
    """One daily asset (with its check) per kind of activity count."""
    name = asset_name(kind)
    partitions = daily_partitions if kind is CountKind.ATTENDANCE else daily_state_partitions

    @dg.asset(
        name=name,
        partitions_def=partitions,
        group_name="reconciliation",
        kinds={"pandas"},
        description=DESCRIPTIONS[kind],
        check_specs=[
            dg.AssetCheckSpec(
                check_name(kind),
                asset=name,
                partitions_def=partitions,
                description=f"NOMIS and DPS agree on {kind.value} counts for every booking",
            )
        ],
    )
    def reconciliation(
        context: dg.AssetExecutionContext,
        nomis_prisoner_api: NomisPrisonerApi,
        activities_api: ActivitiesApi,
        store: Store,
        reconciliation_options: ReconciliationOptions,
    ) -> Iterator[dg.Output[pd.DataFrame] | dg.AssetCheckResult]:
        partition = run_partition(context)
        date = dt.date.fromisoformat(partition) if kind is CountKind.ATTENDANCE else None
        telemetry = Telemetry(store.get_client(), context.log, run_id=context.run_id)
        nomis, dps = nomis_prisoner_api.get_activities_client(), activities_api.get_client()
        try:
            result = ActivityReconciler(
                nomis, dps, telemetry, kind, date, reconciliation_options.concurrency
            ).run()
        finally:
            nomis.close()
            dps.close()
        store.get_history().record(
            name, partition, mismatch_records(name, partition, result.mismatches)
        )
        extra: dict[str, object] = {
            "prisons_checked": dg.MetadataValue.int(result.prisons_checked),
            "ignored_located_elsewhere": dg.MetadataValue.int(result.ignored_elsewhere),
        }
        if date is None:
            extra["note"] = CURRENT_STATE_NOTE
        yield dg.Output(
            result.mismatches,
            metadata=mismatch_metadata(
                result.mismatches, result.bookings_checked, result.errors, extra
            ),
        )
        yield check_result(check_name(kind), result.mismatches, result.errors)

    return reconciliation


allocation_reconciliation = build_activity_reconciliation(CountKind.ALLOCATION)
suspended_allocation_reconciliation = build_activity_reconciliation(CountKind.SUSPENDED_ALLOCATION)
attendance_reconciliation = build_activity_reconciliation(CountKind.ATTENDANCE)
