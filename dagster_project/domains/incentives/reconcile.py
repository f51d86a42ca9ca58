"""Weekly incentive levels reconciliation, the run: NOMIS current IEP vs DPS level per booking.

Bookings in `incentive_exclusions.txt` are reported apart (and flagged once they agree again).
The telemetry events, names and dimensions are the old service's. The declaration is in
`reconciliation.py`, which names this module's `reconcile` without importing it.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.domains.apis import NOMIS_API
from dagster_project.domains.incentives.dps import INCENTIVES_API, IncentivesClient
from dagster_project.domains.incentives.exclusions import load_exclusions
from dagster_project.domains.incentives.fetch import PREFIX, fetch_incentive_levels
from dagster_project.domains.incentives.nomis import NomisIncentivesClient
from dagster_project.domains.incentives.reconciliation import NAME
from dagster_project.domains.shared_clients import NomisPrisonersClient
from dagster_project.reconciliation.diffing import diff_levels, split_excluded
from dagster_project.reconciliation.result import CURRENT_STATE_NOTE, ReconciliationResult
from dagster_project.sync.domain import ReconciliationRun
from dagster_project.telemetry import Telemetry
from resources.history import Mismatch


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


def records(partition: str, reported: pd.DataFrame) -> list[Mismatch]:
    return [
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
    ]


def reconcile(run: ReconciliationRun) -> ReconciliationResult:
    """Does every active prisoner have the same current incentive level in NOMIS and DPS.

    The mismatches are the reported ones (excluded bookings left out).
    """
    nomis_http = run.http(NOMIS_API)
    try:
        fetched = fetch_incentive_levels(
            NomisPrisonersClient(nomis_http),
            NomisIncentivesClient(nomis_http),
            IncentivesClient(run.http(INCENTIVES_API)),
            run.telemetry,
            page_size=run.page_size,
            concurrency=run.concurrency,
        )
    except Exception:
        run.telemetry.track(f"{PREFIX}-report", {"success": False})
        raise
    mismatches = diff_levels(fetched.levels)
    reported, excluded, resolved = split_excluded(mismatches, fetched.levels, load_exclusions())
    report_telemetry(run.telemetry, reported, excluded, resolved)
    return ReconciliationResult(
        mismatches=reported,
        checked=len(fetched.levels),
        errors=fetched.errors,
        records=records(run.partition_key, reported),
        metadata={
            "active_prisoners": fetched.active_prisoners,
            "excluded_mismatches": len(excluded),
            "excluded_resolved": [int(b) for b in resolved["booking_id"]],
            "requests": fetched.requests,
            "note": CURRENT_STATE_NOTE,
        },
    )
