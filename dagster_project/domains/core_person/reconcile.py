"""Weekly core person reconciliation, the run: each prisoner's religions, NOMIS vs CPR.

The old `CORE_PERSON_FULL_RECON` (production `30 6 * * MON`): every latest booking, released
prisoners too, compared on `religion` and `religions` (`compare.py`). Telemetry names and
dimensions are the old service's (`coreperson-reports-reconciliation-*`).

Deliberate differences:
- only the full reconciliation: the old active-prisoner one (`30 6 * * TUE-FRI`) never ran in
  production (its CronJob names a batch type, `COREPERSON_ACTIVE_RECON`, that does not exist);
- the old exclusion file of eight booking ids is not carried over: its ids are not in the facts,
  and a mismatch that cannot be resolved is better seen than hidden (the runbook says what to do);
- the partition is the Monday-to-Monday week just ended (`weekly`); the run compares current
  state; the freshness deadline is 12:30 Monday, six hours after the start;
- reads run side by side under the per-API cap (no page barrier), each tried three times;
- every mismatch is also kept in the store (key = prisonNumber) for the repair, the old manual
  merge endpoint as a job (`merge_core_person_religions_job`).

The declaration is in `reconciliation.py`, which names this module's `reconcile`.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.domains.apis import NOMIS_API
from dagster_project.domains.core_person.cpr import CORE_PERSON_API, CorePersonClient
from dagster_project.domains.core_person.fetch import PREFIX, ReligionMismatch, fetch_religions
from dagster_project.domains.core_person.nomis import NomisCorePersonClient
from dagster_project.domains.core_person.operations import RECONCILIATION
from dagster_project.reconciliation.result import CURRENT_STATE_NOTE, ReconciliationResult
from dagster_project.sync.domain import ReconciliationRun
from dagster_project.telemetry import Telemetry
from resources.history import Mismatch

ACTIVE_ONLY = False  # production's CORE_PERSON_FULL_RECON: every latest booking
COLUMNS = ["offender_no", "booking_id", "kind", "religion", "religions"]
REPORTED = 5


def differences5(mismatch: ReligionMismatch) -> str:
    """The first five differing field names, as the old telemetry."""
    return ", ".join(list(mismatch.differences)[:REPORTED])


def frame(mismatches: list[ReligionMismatch]) -> pd.DataFrame:
    """One row per mismatched prisoner, by prison number; kind = the differing fields."""
    rows = sorted(mismatches, key=lambda m: m.offender_no)
    return pd.DataFrame(
        {
            "offender_no": pd.Series([m.offender_no for m in rows], dtype="string"),
            "booking_id": pd.Series([m.booking_id for m in rows], dtype="int64"),
            "kind": pd.Series([",".join(m.differences) for m in rows], dtype="string"),
            "religion": pd.Series([m.differences.get("religion") for m in rows], dtype="string"),
            "religions": pd.Series([m.differences.get("religions") for m in rows], dtype="string"),
        },
        columns=COLUMNS,
    )


def report_telemetry(
    telemetry: Telemetry, mismatches: list[ReligionMismatch], prisoners: int, pages: int
) -> None:
    """One `-mismatch` per prisoner, then the `-report` summary, as the old service."""
    for m in mismatches:
        dimensions: dict[str, object] = {
            "prisonNumber": m.offender_no,
            "differences5": differences5(m),
        }
        if m.booking_id:
            dimensions["bookingId"] = m.booking_id
        telemetry.track(f"{PREFIX}-mismatch", dimensions)
    summary = {m.offender_no: f"differences5={differences5(m)}" for m in mismatches[:REPORTED]}
    telemetry.track(
        f"{PREFIX}-report",
        {
            "activeOnly": ACTIVE_ONLY,
            "prisoners-count": prisoners,
            "pages-count": pages,
            "mismatch-count": len(mismatches),
            "success": True,
            **summary,
        },
    )


def _value(text: object) -> str | None:
    return str(text)[:100] if isinstance(text, str) and text else None


def records(partition: str, mismatches: pd.DataFrame) -> list[Mismatch]:
    """The history rows: one per prisoner.

    Each difference names both sides, so the `religion` one ("nomis=X, cpr=Y") is kept as
    `nomis_value` and the `religions` one ("nomis=N, cpr=M" or the attributes) as `dps_value`.
    """
    return [
        Mismatch(
            reconciliation=RECONCILIATION,
            partition_key=partition,
            key=str(row.offender_no),
            kind=str(row.kind),
            booking_id=str(row.booking_id),
            offender_no=str(row.offender_no),
            nomis_value=_value(row.religion),
            dps_value=_value(row.religions),
        )
        for row in mismatches.itertuples(index=False)
    ]


def reconcile(run: ReconciliationRun) -> ReconciliationResult:
    """Does every prisoner hold the same religions in NOMIS and in the Core Person Record."""
    run.telemetry.track(f"{PREFIX}-requested", {"activeOnly": ACTIVE_ONLY})
    try:
        fetched = fetch_religions(
            NomisCorePersonClient(run.http(NOMIS_API)),
            CorePersonClient(run.http(CORE_PERSON_API)),
            run.telemetry,
            page_size=run.page_size,
            concurrency=run.concurrency,
            active_only=ACTIVE_ONLY,
        )
    except Exception as error:
        run.telemetry.track(f"{PREFIX}-report", {"success": False, "error": str(error)})
        raise
    report_telemetry(run.telemetry, fetched.mismatches, fetched.prisoners, fetched.pages)
    mismatches = frame(fetched.mismatches)
    return ReconciliationResult(
        mismatches=mismatches,
        checked=fetched.checked,
        errors=fetched.errors,
        records=records(run.partition_key, mismatches),
        metadata={
            "prisoners_listed": fetched.prisoners,
            "pages": fetched.pages,
            "page_errors": fetched.page_errors,
            "requests": fetched.requests,
            "note": CURRENT_STATE_NOTE,
        },
    )
