"""Daily CSIP reconciliation, the run: each active prisoner's CSIP reports, NOMIS vs DPS.

The old service paged the active prisoners 20 at a time and read each prisoner's NOMIS then DPS
reports one after the other; here pages are read one ahead and every prisoner's two reads go out
side by side in a sliding window, at most `concurrency` in flight per API (a deliberate
difference: the same reads, faster, under the per-API cap). Each HTTP read gets the transport's
one idempotent retry, not the old three attempts. Telemetry names and dimensions are the old
service's (`csip-reports-reconciliation-*`; `bookingId` is the active booking).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import cast

import httpx
import pandas as pd

from dagster_project.domains.apis import NOMIS_API
from dagster_project.domains.csip.dps import CSIP_API, CsipClient, CsipRecord
from dagster_project.domains.csip.nomis import NomisCsip, NomisCsipClient
from dagster_project.domains.csip.operations import RECONCILIATION
from dagster_project.domains.csip.summary import PrisonerMismatch, compare_prisoner, rendered
from dagster_project.domains.shared_clients import NomisPrisonersClient, PrisonerId
from dagster_project.reconciliation.result import CURRENT_STATE_NOTE, ReconciliationResult
from dagster_project.reconciliation.window import InFlightCap, read_ahead, sliding_window
from dagster_project.sync.domain import ReconciliationRun
from dagster_project.telemetry import Telemetry
from resources.errors import ApiError
from resources.history import Mismatch

PREFIX = "csip-reports-reconciliation"
COLUMNS = (
    "offender_no",
    "booking_id",
    "kind",
    "nomis_count",
    "dps_count",
    "missing_from_dps",
    "missing_from_nomis",
)
HISTORY_WIDTH = 100


class Side(Enum):
    NOMIS = "nomis"
    DPS = "dps"


@dataclass
class Fetched:
    """The mismatched prisoners, how many were compared, and what could not be read."""

    mismatches: list[tuple[PrisonerId, PrisonerMismatch]]
    active_prisoners: int
    checked: int = 0
    errors: list[str] = field(default_factory=list)
    requests: dict[str, int] = field(default_factory=dict)
    peak_in_flight: dict[str, int] = field(default_factory=dict)


def _page_fetches(
    prisoners: NomisPrisonersClient, cap: InFlightCap, total: int, page_size: int
) -> Iterator[Callable[[], tuple[int, list[PrisonerId] | Exception]]]:
    def fetch(page: int) -> tuple[int, list[PrisonerId] | Exception]:
        try:
            read = partial(prisoners.get_active_prisoner_ids, page, page_size)
            return page, cap.call(read).content
        except (ApiError, httpx.HTTPError) as error:
            return page, error

    for page in range(total // page_size + 1):
        yield partial(fetch, page)


def fetch_mismatches(
    prisoners: NomisPrisonersClient,
    nomis: NomisCsipClient,
    dps: CsipClient,
    telemetry: Telemetry,
    page_size: int = 20,
    concurrency: int = 10,
) -> Fetched:
    """Compare every active prisoner's reports; `concurrency` caps requests in flight per API.

    Raises:
        ApiError: the first count of active prisoners failed (the run fails, as upstream).
    """
    caps = {Side.NOMIS: InFlightCap(concurrency), Side.DPS: InFlightCap(concurrency)}
    total = caps[Side.NOMIS].call(partial(prisoners.get_active_prisoner_ids, 0, 1)).total_elements
    telemetry.track(f"{PREFIX}-requested", {"active-prisoners": total})
    fetched = Fetched([], total, requests={"nomis": 1, "dps": 0})

    def calls() -> Iterator[tuple[int, PrisonerId, Side]]:
        row = 0
        for page, content in read_ahead(
            _page_fetches(prisoners, caps[Side.NOMIS], total, page_size)
        ):
            fetched.requests["nomis"] += 1
            if isinstance(content, Exception):
                fetched.errors.append(f"page {page}: {content}")
                telemetry.track(f"{PREFIX}-mismatch-page-error", {"page": page})
                continue
            for prisoner in content:
                row += 1
                fetched.requests["nomis"] += 1
                fetched.requests["dps"] += 1
                yield row, prisoner, Side.NOMIS
                yield row, prisoner, Side.DPS

    def read(call: tuple[int, PrisonerId, Side]) -> list[NomisCsip] | list[CsipRecord]:
        _, prisoner, side = call
        if side is Side.NOMIS:
            return caps[side].call(partial(nomis.reports_of, prisoner.offender_no))
        return caps[side].call(partial(dps.records_of, prisoner.offender_no))

    halves: dict[int, tuple[Side, object]] = {}
    for (row, prisoner, side), outcome in sliding_window(calls(), read, 2 * concurrency):
        first = halves.pop(row, None)
        if first is None:
            halves[row] = (side, outcome)
            continue
        by_side = {side: outcome, first[0]: first[1]}
        failure = next((o for o in by_side.values() if isinstance(o, Exception)), None)
        if failure is not None:
            telemetry.track(
                f"{PREFIX}-mismatch-error",
                {"offenderNo": prisoner.offender_no, "bookingId": prisoner.booking_id},
            )
            fetched.errors.append(f"{prisoner.offender_no}/{prisoner.booking_id}: {failure}")
            continue
        fetched.checked += 1
        nomis_reports = cast(list[NomisCsip], by_side[Side.NOMIS])  # what `read` gave that side
        dps_records = cast(list[CsipRecord], by_side[Side.DPS])
        found = compare_prisoner(nomis_reports, dps_records)
        if found is not None:
            fetched.mismatches.append((prisoner, found))
    fetched.peak_in_flight = {side.value: cap.peak for side, cap in caps.items()}
    return fetched


def report_telemetry(
    telemetry: Telemetry, mismatches: list[tuple[PrisonerId, PrisonerMismatch]]
) -> None:
    """The old service's per-prisoner mismatch events and the report."""
    summary: dict[str, object] = {}
    for prisoner, found in mismatches:
        telemetry.track(
            f"{PREFIX}-mismatch",
            {
                "offenderNo": prisoner.offender_no,
                "bookingId": prisoner.booking_id,
                "dpsCount": found.dps_count,
                "nomisCount": found.nomis_count,
                "missingFromDps": rendered(found.missing_from_dps),
                "missingFromNomis": rendered(found.missing_from_nomis),
            },
        )
        summary[prisoner.offender_no] = (
            f"total-dps={found.dps_count}:total-nomis={found.nomis_count}; "
            f"missing-dps={len(found.missing_from_dps)}:"
            f"missing-nomis={len(found.missing_from_nomis)}"
        )
    telemetry.track(
        f"{PREFIX}-report", {"mismatch-count": len(mismatches), "success": "true", **summary}
    )


def frame(mismatches: list[tuple[PrisonerId, PrisonerMismatch]]) -> pd.DataFrame:
    """One row per mismatched prisoner, sorted by prisoner number."""
    rows = [
        (
            prisoner.offender_no,
            str(prisoner.booking_id),
            found.kind,
            str(found.nomis_count),
            str(found.dps_count),
            rendered(found.missing_from_dps),
            rendered(found.missing_from_nomis),
        )
        for prisoner, found in mismatches
    ]
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(COLUMNS)
    data = {
        name: pd.Series(list(values), dtype="string")
        for name, values in zip(COLUMNS, columns, strict=True)
    }
    return pd.DataFrame(data).sort_values("offender_no").reset_index(drop=True)


def _short(text: str) -> str:
    return text if len(text) <= HISTORY_WIDTH else text[: HISTORY_WIDTH - 1] + "…"


def records(
    partition: str, mismatches: list[tuple[PrisonerId, PrisonerMismatch]]
) -> list[Mismatch]:
    return [
        Mismatch(
            reconciliation=RECONCILIATION,
            partition_key=partition,
            key=prisoner.offender_no,
            kind=found.kind,
            booking_id=str(prisoner.booking_id),
            offender_no=prisoner.offender_no,
            nomis_value=_short(f"{found.nomis_count} reports; {rendered(found.missing_from_dps)}"),
            dps_value=_short(f"{found.dps_count} reports; {rendered(found.missing_from_nomis)}"),
        )
        for prisoner, found in mismatches
    ]


def reconcile(run: ReconciliationRun) -> ReconciliationResult:
    """Does every active prisoner have the same CSIP reports in NOMIS and DPS."""
    nomis_http = run.http(NOMIS_API)
    try:
        fetched = fetch_mismatches(
            NomisPrisonersClient(nomis_http),
            NomisCsipClient(nomis_http),
            CsipClient(run.http(CSIP_API)),
            run.telemetry,
            page_size=run.page_size,
            concurrency=run.concurrency,
        )
    except Exception:
        run.telemetry.track(f"{PREFIX}-report", {"success": "false"})
        raise
    report_telemetry(run.telemetry, fetched.mismatches)
    return ReconciliationResult(
        mismatches=frame(fetched.mismatches),
        checked=fetched.checked,
        errors=fetched.errors,
        records=records(run.partition_key, fetched.mismatches),
        metadata={
            "active_prisoners": fetched.active_prisoners,
            "requests": sum(fetched.requests.values()),
            "note": CURRENT_STATE_NOTE,
        },
    )
