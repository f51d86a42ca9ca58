"""Weekly incentive levels reconciliation: NOMIS current IEP vs DPS current level per booking."""

from collections.abc import Iterator

import dagster as dg
import pandas as pd

from assets.exclusions import load_exclusions
from assets.options import ReconciliationOptions
from assets.partitions import run_partition, weekly_partitions
from assets.reporting import CURRENT_STATE_NOTE, check_result, mismatch_metadata
from dagster_project.reconciliation.diffing import diff_levels, split_excluded
from dagster_project.reconciliation.incentives import PREFIX, fetch_incentive_levels
from dagster_project.telemetry import Telemetry
from resources.dps.incentives import IncentivesApi
from resources.history import Mismatch
from resources.nomis_prisoner.resource import NomisPrisonerApi
from resources.store import Store

NAME = "incentive_levels_reconciliation"
CHECK = "incentive_levels_match"


def _level(value: object) -> str:
    return "null" if value is None or value is pd.NA or value != value else str(value)


def report_telemetry(
    telemetry: Telemetry, reported: pd.DataFrame, excluded: pd.DataFrame, resolved: pd.DataFrame
) -> None:
    """The old service's events, names and dimensions unchanged."""
    for row in reported.itertuples(index=False):
        telemetry.track(
            f"{PREFIX}-mismatch",
            {
                "offenderNo": row.offender_no,
                "bookingId": row.booking_id,
                "nomisIncentiveLevel": _level(row.nomis_level),
                "dpsIncentiveLevel": _level(row.dps_level),
            },
        )
    for row in excluded.itertuples(index=False):
        reason = f"Excluding reconciliation mismatches for booking id {row.booking_id}"
        telemetry.track(
            f"{PREFIX}-excluded-booking",
            {"offenderNo": row.offender_no, "bookingId": row.booking_id, "reason": reason},
        )
    for row in resolved.itertuples(index=False):
        reason = (
            f"No reconciliation mismatches found for excluded booking id {row.booking_id}. "
            "Remove from exclusion file."
        )
        telemetry.track(
            f"{PREFIX}-mismatch-excluded-booking-resolved",
            {"offenderNo": row.offender_no, "bookingId": row.booking_id, "reason": reason},
        )
    summary: dict[str, object] = {
        str(row.offender_no): f"{_level(row.nomis_level)}:{_level(row.dps_level)}"
        for row in reported.itertuples(index=False)
    }
    telemetry.track(
        f"{PREFIX}-report", {"mismatch-count": len(reported), "success": True, **summary}
    )


@dg.asset(
    name=NAME,
    partitions_def=weekly_partitions,
    group_name="reconciliation",
    kinds={"pandas"},
    check_specs=[
        dg.AssetCheckSpec(
            CHECK,
            asset=NAME,
            partitions_def=weekly_partitions,
            description="Every active prisoner's NOMIS IEP level equals the DPS level",
        )
    ],
)
def incentive_levels_reconciliation(
    context: dg.AssetExecutionContext,
    nomis_prisoner_api: NomisPrisonerApi,
    incentives_api: IncentivesApi,
    store: Store,
    reconciliation_options: ReconciliationOptions,
) -> Iterator[dg.Output[pd.DataFrame] | dg.AssetCheckResult]:
    """Weekly: does every active prisoner have the same current incentive level in NOMIS and DPS.

    The value is the frame of reported mismatches (excluded bookings left out).
    """
    partition = run_partition(context)
    telemetry = Telemetry(store.get_client(), context.log, run_id=context.run_id)
    nomis, dps = nomis_prisoner_api.get_client(), incentives_api.get_client()
    try:
        fetched = fetch_incentive_levels(
            nomis,
            dps,
            telemetry,
            page_size=reconciliation_options.page_size,
            concurrency=reconciliation_options.concurrency,
        )
    except Exception:
        telemetry.track(f"{PREFIX}-report", {"success": False})
        raise
    finally:
        nomis.close()
        dps.close()
    mismatches = diff_levels(fetched.levels)
    reported, excluded, resolved = split_excluded(mismatches, fetched.levels, load_exclusions())
    report_telemetry(telemetry, reported, excluded, resolved)
    store.get_history().record(
        NAME,
        partition,
        [
            Mismatch(
                reconciliation=NAME,
                partition_key=partition,
                key=str(row.booking_id),
                kind=row.kind,
                booking_id=str(row.booking_id),
                offender_no=row.offender_no,
                nomis_value=_level(row.nomis_level),
                dps_value=_level(row.dps_level),
            )
            for row in reported.itertuples(index=False)
        ],
    )
    yield dg.Output(
        reported,
        metadata=mismatch_metadata(
            reported,
            len(fetched.levels),
            fetched.errors,
            {
                "active_prisoners": dg.MetadataValue.int(fetched.active_prisoners),
                "excluded_mismatches": dg.MetadataValue.int(len(excluded)),
                "excluded_resolved": dg.MetadataValue.json(
                    [int(b) for b in resolved["booking_id"]]
                ),
                "requests": dg.MetadataValue.int(fetched.requests),
                "note": CURRENT_STATE_NOTE,
            },
        ),
    )
    yield check_result(CHECK, reported, fetched.errors)
