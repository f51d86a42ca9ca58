"""Weekly adjudications reconciliation, the run: each active prisoner's ADA awards, NOMIS vs DPS.

The old `ADJUDICATION_RECON` (production Mondays 02:30): per active prisoner, the count and days
of the booking's NOMIS ADA awards against the ADA punishments of the booking's DPS charges that
had a hearing, re-checked through merges. Telemetry names and dimensions are the old service's
(`adjudication-reports-reconciliation-*`).

Deliberate differences:
- the partition is the Monday-to-Monday week just ended (`weekly`), the comparison the state at
  run time;
- reads run side by side under the per-API cap (no page barrier), not a page at a time;
- the freshness deadline is Monday 06:30, four hours after the start (the old job had none);
- every mismatch is also kept in the store (key = offenderNo) for the repair
  (`repair_adjudication_ada_job`), which the old service did not have.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.domains.adjudications.dps import ADJUDICATIONS_API, AdjudicationsClient
from dagster_project.domains.adjudications.fetch import PREFIX, AdaMismatch, fetch_ada_awards
from dagster_project.domains.adjudications.mapping import AdjudicationsMappingClient
from dagster_project.domains.adjudications.nomis import NomisAdjudicationsClient
from dagster_project.domains.adjudications.operations import RECONCILIATION
from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.shared_clients import NomisPrisonersClient
from dagster_project.reconciliation.result import CURRENT_STATE_NOTE, ReconciliationResult
from dagster_project.sync.domain import ReconciliationRun
from dagster_project.telemetry import Telemetry
from resources.history import Mismatch

MISSING_FROM_NOMIS = "missing_from_nomis"
MISSING_FROM_DPS = "missing_from_dps"
DIFFERENT_DAYS = "different_days"
COLUMNS = [
    "offender_no",
    "booking_id",
    "kind",
    "nomis_count",
    "dps_count",
    "nomis_days",
    "dps_days",
]


def kind_of(mismatch: AdaMismatch) -> str:
    if mismatch.nomis_count == mismatch.dps_count:
        return DIFFERENT_DAYS
    return MISSING_FROM_NOMIS if mismatch.dps_count > mismatch.nomis_count else MISSING_FROM_DPS


def frame(mismatches: list[AdaMismatch]) -> pd.DataFrame:
    """One row per mismatched prisoner, by offender number."""
    rows = sorted(mismatches, key=lambda m: m.offender_no)
    return pd.DataFrame(
        {
            "offender_no": pd.Series([m.offender_no for m in rows], dtype="string"),
            "booking_id": pd.Series([m.booking_id for m in rows], dtype="int64"),
            "kind": pd.Series([kind_of(m) for m in rows], dtype="string"),
            "nomis_count": pd.Series([m.nomis_count for m in rows], dtype="int64"),
            "dps_count": pd.Series([m.dps_count for m in rows], dtype="int64"),
            "nomis_days": pd.Series([m.nomis_days for m in rows], dtype="int64"),
            "dps_days": pd.Series([m.dps_days for m in rows], dtype="int64"),
        },
        columns=COLUMNS,
    )


def report_telemetry(telemetry: Telemetry, mismatches: list[AdaMismatch]) -> None:
    """One `-mismatch` per prisoner, then the `-report` summary, as the old service."""
    summary: dict[str, object] = {}
    for m in mismatches:
        telemetry.track(
            f"{PREFIX}-mismatch",
            {
                "offenderNo": m.offender_no,
                "bookingId": m.booking_id,
                "nomisAdaCount": m.nomis_count,
                "dpsAdaCount": m.dps_count,
                "nomisAdaDays": m.nomis_days,
                "dpsAdaDays": m.dps_days,
            },
        )
        summary[m.offender_no] = f"{m.nomis_count}:{m.dps_count},{m.nomis_days}:{m.dps_days}"
    telemetry.track(
        f"{PREFIX}-report", {"mismatch-count": len(mismatches), "success": "true", **summary}
    )


def records(partition: str, mismatches: pd.DataFrame) -> list[Mismatch]:
    """The history rows: one per prisoner; each side's value is `count:days`."""
    return [
        Mismatch(
            reconciliation=RECONCILIATION,
            partition_key=partition,
            key=str(row.offender_no),
            kind=str(row.kind),
            booking_id=str(row.booking_id),
            offender_no=str(row.offender_no),
            nomis_value=f"{row.nomis_count}:{row.nomis_days}",
            dps_value=f"{row.dps_count}:{row.dps_days}",
        )
        for row in mismatches.itertuples(index=False)
    ]


def reconcile(run: ReconciliationRun) -> ReconciliationResult:
    """Does every active prisoner's NOMIS booking hold DPS's ADA punishments."""
    nomis_http = run.http(NOMIS_API)
    try:
        fetched = fetch_ada_awards(
            NomisPrisonersClient(nomis_http),
            NomisAdjudicationsClient(nomis_http),
            AdjudicationsClient(run.http(ADJUDICATIONS_API)),
            AdjudicationsMappingClient(run.http(MAPPING_API)),
            run.telemetry,
            page_size=run.page_size,
            concurrency=run.concurrency,
        )
    except Exception:
        run.telemetry.track(f"{PREFIX}-report", {"success": "false"})
        raise
    report_telemetry(run.telemetry, fetched.mismatches)
    mismatches = frame(fetched.mismatches)
    return ReconciliationResult(
        mismatches=mismatches,
        checked=fetched.checked,
        errors=fetched.errors,
        records=records(run.partition_key, mismatches),
        metadata={
            "active_prisoners": fetched.active_prisoners,
            "requests": fetched.requests,
            "merges_checked": fetched.merges_checked,
            "note": CURRENT_STATE_NOTE,
        },
    )
