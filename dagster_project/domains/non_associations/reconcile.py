"""Weekly non-associations reconciliation, the run: NOMIS pairs against DPS, and DPS against NOMIS.

The comparison and the telemetry (names, dimensions, the detail rendering) are the old
service's; see `compare.py` and `fetch.py`.

Deliberate deviations:
- the old service paged through every DPS non-association only when the DPS total differed from
  the NOMIS detail count; a missing pair and a surplus detail elsewhere cancel out in those
  totals, so here the DPS pass always runs (about total / page size extra reads).
  `…-mismatch-missing-dps-records` is still emitted only when the totals differ;
- reads run side by side under the per-API cap (no page barrier), and a pair listed twice by
  NOMIS paging is checked once;
- the old run had no repair; `repair_non_associations_job` repairs a partition's pairs.

The declaration is in `reconciliation.py`, which names this module's `reconcile`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dagster_project.domains.apis import NOMIS_API
from dagster_project.domains.non_associations.compare import DPS_ONLY, DPS_ONLY_PAIR, NOMIS_ONLY
from dagster_project.domains.non_associations.dps import (
    NON_ASSOCIATIONS_API,
    NonAssociationsClient,
)
from dagster_project.domains.non_associations.fetch import PREFIX, PairReconciler
from dagster_project.domains.non_associations.nomis import NomisNonAssociationsClient
from dagster_project.domains.non_associations.operations import RECONCILIATION
from dagster_project.domains.non_associations.rules import london_today
from dagster_project.reconciliation.result import CURRENT_STATE_NOTE, ReconciliationResult
from dagster_project.sync.domain import ReconciliationRun
from dagster_project.telemetry import Telemetry
from resources.history import Mismatch

SUMMARY_LISTED = 10


def _text(value: object) -> str | None:
    """A text cell, None for "" (none)."""
    return str(value) if isinstance(value, str) and value else None


def report_telemetry(telemetry: Telemetry, mismatches: pd.DataFrame) -> None:
    """The old service's events: one per mismatch, then the summary with the first ten."""
    summary: dict[str, object] = {"mismatch-count": len(mismatches)}
    for row in mismatches.itertuples(index=False):
        pair = {"offenderNo1": row.offender_no_1, "offenderNo2": row.offender_no_2}
        if row.kind == DPS_ONLY_PAIR:
            telemetry.track(f"{PREFIX}-dps-only", {**pair, "dps": row.dps})
        elif row.kind == NOMIS_ONLY:
            telemetry.track(f"{PREFIX}-mismatch", {**pair, "typeSequence": row.type_sequence})
        elif row.kind == DPS_ONLY:
            telemetry.track(f"{PREFIX}-mismatch", pair)
        else:
            telemetry.track(f"{PREFIX}-mismatch", {**pair, "nomis": row.nomis, "dps": row.dps})
        if len(summary) <= SUMMARY_LISTED:
            key = (
                f"NonAssociationIdResponse(offenderNo1={row.offender_no_1}, "
                f"offenderNo2={row.offender_no_2})"
            )
            summary[key] = f"nomis={_text(row.nomis) or 'null'}, dps={_text(row.dps) or 'null'}"
    telemetry.track(f"{PREFIX}-success", summary)


def _short(detail: object) -> str | None:
    """A detail rendering cut to what the history table holds (100 characters)."""
    text = _text(detail)
    if text is None:
        return None
    inside = text.removeprefix("NonAssociationReportDetail(").removesuffix(")")
    return inside.replace("createdDate=", "").replace("expiryDate=", "to=")[:100]


def mismatch_key(row: Any) -> str:
    """Unique within a partition: the pair, then the NOMIS sequence or the DPS id."""
    pair = f"{row.offender_no_1}:{row.offender_no_2}"
    if row.kind == NOMIS_ONLY:
        return f"{pair}:nomis:{row.type_sequence}"
    return f"{pair}:dps:{row.non_association_id}"


def records(partition: str, mismatches: pd.DataFrame) -> list[Mismatch]:
    """The history rows; `offender_no` is the pair's first prisoner, the key names both."""
    return [
        Mismatch(
            reconciliation=RECONCILIATION,
            partition_key=partition,
            key=mismatch_key(row),
            kind=row.kind,
            offender_no=row.offender_no_1,
            nomis_value=_short(row.nomis),
            dps_value=_short(row.dps),
        )
        for row in mismatches.itertuples(index=False)
    ]


def reconcile(run: ReconciliationRun) -> ReconciliationResult:
    """Does every pair NOMIS holds have the same detail records in DPS, and the reverse."""
    try:
        fetched = PairReconciler(
            NomisNonAssociationsClient(run.http(NOMIS_API)),
            NonAssociationsClient(run.http(NON_ASSOCIATIONS_API)),
            run.telemetry,
            london_today(),
            page_size=run.page_size,
            concurrency=run.concurrency,
        ).run()
    except Exception:
        run.telemetry.track(f"{PREFIX}-failed")
        raise
    report_telemetry(run.telemetry, fetched.mismatches)
    return ReconciliationResult(
        mismatches=fetched.mismatches,
        checked=fetched.pairs_checked,
        errors=fetched.errors,
        records=records(run.partition_key, fetched.mismatches),
        metadata={
            "nomis_pairs": fetched.nomis_pairs,
            "nomis_details": fetched.nomis_details,
            "dps_non_associations": fetched.dps_total,
            "requests": sum(fetched.requests.values()),
            "note": CURRENT_STATE_NOTE,
        },
    )
