"""Daily sentencing adjustments reconciliation, the run: NOMIS vs DPS adjustment counts per booking.

The old `SENTENCING_RECON` (production 01:50, every latest booking, released prisoners too):
per booking, the active NOMIS adjustments with non-zero days against the person's DPS adjustments
on that booking, in eight buckets (`counts.py`). Telemetry names and dimensions are the old
service's (`sentencing-reports-reconciliation-*`).

Deliberate differences:
- the partition is the run date (`daily_state`): the run compares the state at run time;
- the freshness deadline is 06:00, four hours after the 01:50 start: a national run takes about a
  quarter of an hour at the default cap, so a failed run can be rerun before the working day,
  and ops see a missing partition first thing;
- every mismatch is also kept in the store (key = booking id) for the repair and `p2n mismatches`;
- paging that gives up after 30 failed pages fails the run (`fetch.py`).

The declaration is in `reconciliation.py`, which names this module's `reconcile`.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.domains.apis import NOMIS_API
from dagster_project.domains.sentencing.counts import diff_buckets
from dagster_project.domains.sentencing.dps import ADJUSTMENTS_API, AdjustmentsClient
from dagster_project.domains.sentencing.fetch import PREFIX, fetch_adjustment_counts
from dagster_project.domains.sentencing.nomis import NomisAdjustmentsClient, NomisBookingsClient
from dagster_project.domains.sentencing.repair_targets import RECONCILIATION
from dagster_project.reconciliation.result import CURRENT_STATE_NOTE, ReconciliationResult
from dagster_project.sync.domain import ReconciliationRun
from dagster_project.telemetry import Telemetry
from resources.history import Mismatch

ALL_PRISONERS = True  # production's setting: every latest booking, not only active ones


def report_telemetry(telemetry: Telemetry, mismatches: pd.DataFrame) -> None:
    """One `-mismatch` per booking, then the `-report` summary, as the old service."""
    for row in mismatches.itertuples(index=False):
        telemetry.track(
            f"{PREFIX}-mismatch",
            {
                "offenderNo": row.offender_no,
                "bookingId": row.booking_id,
                "nomisAdjustmentsCount": row.nomis_count,
                "dpsAdjustmentsCount": row.dps_count,
                "differences": row.differences,
            },
        )
    summary: dict[str, object] = {
        str(row.offender_no): f"{row.nomis_count}:{row.dps_count}"
        for row in mismatches.itertuples(index=False)
    }
    telemetry.track(
        f"{PREFIX}-report", {"mismatch-count": len(mismatches), "success": True, **summary}
    )


def records(partition: str, mismatches: pd.DataFrame) -> list[Mismatch]:
    """The history rows: one per booking, each side's total and buckets as its value."""
    return [
        Mismatch(
            reconciliation=RECONCILIATION,
            partition_key=partition,
            key=str(row.booking_id),
            kind=str(row.kind),
            booking_id=str(row.booking_id),
            offender_no=str(row.offender_no),
            nomis_value=str(row.nomis_adjustments),
            dps_value=str(row.dps_adjustments),
        )
        for row in mismatches.itertuples(index=False)
    ]


def reconcile(run: ReconciliationRun) -> ReconciliationResult:
    """Does every latest booking hold as many adjustments of each kind in NOMIS as in DPS."""
    run.telemetry.track(f"{PREFIX}-requested")
    nomis_http = run.http(NOMIS_API)
    try:
        fetched = fetch_adjustment_counts(
            NomisBookingsClient(nomis_http),
            NomisAdjustmentsClient(nomis_http),
            AdjustmentsClient(run.http(ADJUSTMENTS_API)),
            run.telemetry,
            page_size=run.page_size,
            concurrency=run.concurrency,
            active_only=not ALL_PRISONERS,
        )
    except Exception:
        run.telemetry.track(f"{PREFIX}-report", {"success": False})
        raise
    mismatches = diff_buckets(fetched.counts)
    report_telemetry(run.telemetry, mismatches)
    return ReconciliationResult(
        mismatches=mismatches,
        checked=len(fetched.counts),
        errors=fetched.errors,
        records=records(run.partition_key, mismatches),
        metadata={
            "bookings_listed": fetched.bookings_listed,
            "pages": fetched.pages,
            "page_errors": fetched.page_errors,
            "requests": fetched.requests,
            "note": CURRENT_STATE_NOTE,
        },
    )
