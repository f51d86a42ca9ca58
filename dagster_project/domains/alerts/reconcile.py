"""Daily alerts reconciliation, the run: each active prisoner's active alert codes, NOMIS vs DPS.

The old `ALERT_RECON` (production 04:45): per active prisoner, the codes of the active alerts on
the latest NOMIS booking against the codes of the prisoner's active DPS alerts, as sets. The
telemetry names and dimensions are the old service's (`alerts-reports-reconciliation-*`).

Deliberate differences:
- the partition is the run date (`daily_state`): the run compares the state at run time;
- reads run side by side under the per-API cap (no page barrier), not a page at a time;
- the freshness deadline is 09:00, four hours after the 04:45 start (the old job had none);
- every mismatch is also kept in the store (key = offenderNo) for the repair, which is the
  old resynchronise endpoint as a job (`resynchronise_alerts_job`).

The declaration is in `reconciliation.py`, which names this module's `reconcile`.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.domains.alerts.dps import ALERTS_API, AlertsClient
from dagster_project.domains.alerts.fetch import PREFIX, CodeMismatch, fetch_alert_codes
from dagster_project.domains.alerts.nomis import NomisAlertsClient
from dagster_project.domains.alerts.operations import RECONCILIATION
from dagster_project.domains.apis import NOMIS_API
from dagster_project.domains.shared_clients import NomisPrisonersClient
from dagster_project.reconciliation.result import CURRENT_STATE_NOTE, ReconciliationResult
from dagster_project.sync.domain import ReconciliationRun
from dagster_project.telemetry import Telemetry
from resources.history import Mismatch

MISSING_FROM_NOMIS = "missing_from_nomis"
MISSING_FROM_DPS = "missing_from_dps"
DIFFERENT_CODES = "different_codes"
COLUMNS = ["offender_no", "booking_id", "kind", "missing_from_dps", "missing_from_nomis"]


def kind_of(mismatch: CodeMismatch) -> str:
    if mismatch.missing_from_dps and mismatch.missing_from_nomis:
        return DIFFERENT_CODES
    return MISSING_FROM_NOMIS if mismatch.missing_from_nomis else MISSING_FROM_DPS


def _joined(codes: tuple[str, ...]) -> str:
    return ", ".join(codes)


def frame(mismatches: list[CodeMismatch]) -> pd.DataFrame:
    """One row per mismatched prisoner, by offender number; codes joined with ", "."""
    rows = sorted(mismatches, key=lambda m: m.offender_no)
    return pd.DataFrame(
        {
            "offender_no": pd.Series([m.offender_no for m in rows], dtype="string"),
            "booking_id": pd.Series([m.booking_id for m in rows], dtype="int64"),
            "kind": pd.Series([kind_of(m) for m in rows], dtype="string"),
            "missing_from_dps": pd.Series(
                [_joined(m.missing_from_dps) for m in rows], dtype="string"
            ),
            "missing_from_nomis": pd.Series(
                [_joined(m.missing_from_nomis) for m in rows], dtype="string"
            ),
        },
        columns=COLUMNS,
    )


def report_telemetry(telemetry: Telemetry, mismatches: list[CodeMismatch]) -> None:
    """One `-mismatch` per prisoner, then the `-report` summary, as the old service."""
    summary: dict[str, object] = {}
    for m in mismatches:
        telemetry.track(
            f"{PREFIX}-mismatch",
            {
                "offenderNo": m.offender_no,
                "bookingId": m.booking_id,
                "missingFromDps": _joined(m.missing_from_dps),
                "missingFromNomis": _joined(m.missing_from_nomis),
            },
        )
        summary[m.offender_no] = (
            f"missing-dps={len(m.missing_from_dps)}:missing-nomis={len(m.missing_from_nomis)}"
        )
    telemetry.track(
        f"{PREFIX}-report", {"mismatch-count": len(mismatches), "success": True, **summary}
    )


def _value(codes: object) -> str | None:
    """The codes one side lacks as the history holds them (100 characters), None for none."""
    text = str(codes) if isinstance(codes, str) else ""
    return text[:100] or None


def records(partition: str, mismatches: pd.DataFrame) -> list[Mismatch]:
    """The history rows: one per prisoner; each side's value is the codes the other lacks."""
    return [
        Mismatch(
            reconciliation=RECONCILIATION,
            partition_key=partition,
            key=str(row.offender_no),
            kind=str(row.kind),
            booking_id=str(row.booking_id),
            offender_no=str(row.offender_no),
            nomis_value=_value(row.missing_from_dps),
            dps_value=_value(row.missing_from_nomis),
        )
        for row in mismatches.itertuples(index=False)
    ]


def reconcile(run: ReconciliationRun) -> ReconciliationResult:
    """Does every active prisoner hold the same active alert codes in NOMIS and DPS."""
    nomis_http = run.http(NOMIS_API)
    try:
        fetched = fetch_alert_codes(
            NomisPrisonersClient(nomis_http),
            NomisAlertsClient(nomis_http),
            AlertsClient(run.http(ALERTS_API)),
            run.telemetry,
            page_size=run.page_size,
            concurrency=run.concurrency,
        )
    except Exception:
        run.telemetry.track(f"{PREFIX}-report", {"success": False})
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
            "note": CURRENT_STATE_NOTE,
        },
    )
