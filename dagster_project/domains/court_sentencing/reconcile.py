"""Court case reconciliations, the run: each prisoner's cases, NOMIS against DPS.

As upstream: the prisoners' latest bookings are paged by keyset (`/bookings/ids/latest-from-id`,
`activeOnly` for the active run; 30 page errors abort); per prisoner, NOMIS's case ids and
DPS's case uuids are counted; equal counts go on to the mappings of NOMIS's cases and, per
mapped case, NOMIS's case against DPS's reconciliation view (`compare.py`).

Deliberate differences:
- a case-count mismatch is a mismatch (kind `case_count`), counted in `mismatch-count` and in
  the check: the old service reported it (`…-mismatch` with `caseCountMismatch`) but left it
  out of its count. Its telemetry uses the run's own prefix, not always the full one's;
- a NOMIS case with no mapping is a mismatch (kind `unmapped`) instead of being skipped;
- prisoners go through a sliding window, each prisoner's reads under a per-API in-flight cap
  (`concurrency`), instead of ten worker threads; each read gets the transport's retry;
- the excluded case list of the old service (132 NOMIS case ids of its production data) is not
  carried over: its ids mean nothing outside that database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

import httpx
import pandas as pd

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.court_sentencing.compare import compare_case
from dagster_project.domains.court_sentencing.dps import (
    COURT_SENTENCING_API,
    CourtSentencingClient,
)
from dagster_project.domains.court_sentencing.mapping import CourtSentencingMappingClient
from dagster_project.domains.court_sentencing.nomis import (
    BookingIdAndOffender,
    LatestBookings,
    NomisCourtSentencingClient,
)
from dagster_project.domains.court_sentencing.operations import (
    ACTIVE_RECONCILIATION,
    FULL_RECONCILIATION,
)
from dagster_project.reconciliation.result import CURRENT_STATE_NOTE, ReconciliationResult
from dagster_project.reconciliation.window import InFlightCap, keyset_read_ahead, sliding_window
from dagster_project.sync.domain import ReconciliationRun
from dagster_project.telemetry import Telemetry
from resources.errors import ApiError
from resources.history import Mismatch

FULL_PREFIX = "court-case-prisoner-reconciliation"
ACTIVE_PREFIX = "court-case-active-prisoner-reconciliation"
MAX_PAGE_ERRORS = 30
# prisoners in flight per allowed request: a prisoner's reads are a chain of two to five calls
# (ids from both sides, the mappings, each case from both sides) over three APIs, so each API
# is kept busy only with several prisoners per request slot
WINDOW = 5
COLUMNS = ("offender_no", "booking_id", "kind", "dps_case_id", "nomis_case_id", "differences")
HISTORY_WIDTH = 100
T = TypeVar("T")


@dataclass(frozen=True)
class CaseMismatch:
    offender_no: str
    booking_id: int
    kind: str  # case_count, unmapped, different
    dps_case_id: str = ""
    nomis_case_id: str = ""
    differences: str = ""


@dataclass
class Clients:
    nomis: NomisCourtSentencingClient
    mapping: CourtSentencingMappingClient
    dps: CourtSentencingClient
    caps: dict[str, InFlightCap]
    requests: dict[str, int] = field(default_factory=lambda: {"nomis": 0, "mapping": 0, "dps": 0})
    _counting: threading.Lock = field(default_factory=threading.Lock)

    def call(self, api: str, fn: Callable[[], T]) -> T:
        """One read under the API's in-flight cap, counted (prisoners are read in threads)."""
        with self._counting:
            self.requests[api] += 1
        return self.caps[api].call(fn)


def prisoners(
    clients: Clients, telemetry: Telemetry, active_only: bool, page_size: int, errors: list[str]
) -> Iterator[BookingIdAndOffender]:
    """Latest bookings by keyset, each page asked for as soon as the one before arrives.

    A failed page is skipped ahead (30 failures abort).
    """
    page_errors = 0

    def read(last: int) -> LatestBookings | Exception:
        try:
            return clients.call(
                "nomis", partial(clients.nomis.latest_bookings, last, active_only, page_size)
            )
        except (ApiError, httpx.HTTPError) as error:
            return error

    def following(last: int, found: LatestBookings | Exception) -> int | None:
        nonlocal page_errors
        if isinstance(found, Exception):
            page_errors += 1
            errors.append(f"bookings after {last}: {found}")
            telemetry.track(f"{FULL_PREFIX}-mismatch-page-error", {"booking": str(last)})
            if page_errors >= MAX_PAGE_ERRORS:
                raise RuntimeError(f"Aborted: too many page errors, at booking {last}") from found
            return last + page_size
        return None if len(found.prisoner_ids) < page_size else found.last_booking_id

    for found in keyset_read_ahead(read, following, 0):
        if not isinstance(found, Exception):
            yield from found.prisoner_ids


def check_prisoner(clients: Clients, prisoner: BookingIdAndOffender) -> list[CaseMismatch]:
    """One prisoner's cases; raises when a read failed (the prisoner is an error)."""
    offender = prisoner.offender_no
    nomis_ids = clients.call("nomis", partial(clients.nomis.case_ids_of, offender))
    dps_ids = clients.call("dps", partial(clients.dps.case_uuids_of, offender))
    if len(nomis_ids) != len(dps_ids):
        return [
            CaseMismatch(
                offender,
                prisoner.booking_id,
                "case_count",
                differences=f"nomisCaseCount={len(nomis_ids)} dpsCaseCount={len(dps_ids)}",
            )
        ]
    if not nomis_ids:
        return []
    found = clients.call("mapping", partial(clients.mapping.cases_by_nomis_ids, nomis_ids))
    mapped = {m.nomis_court_case_id: m.dps_court_case_id for m in found}
    mismatches = []
    for nomis_id in nomis_ids:
        dps_id = mapped.get(nomis_id)
        if dps_id is None:
            mismatches.append(
                CaseMismatch(offender, prisoner.booking_id, "unmapped", nomis_case_id=str(nomis_id))
            )
            continue
        nomis_case = clients.call("nomis", partial(clients.nomis.court_case, nomis_id))
        dps_case = clients.call("dps", partial(clients.dps.reconciliation_case, dps_id))
        differences = compare_case(dps_case, nomis_case)
        if differences:
            mismatches.append(
                CaseMismatch(
                    offender,
                    prisoner.booking_id,
                    "different",
                    dps_case_id=dps_id,
                    nomis_case_id=str(nomis_id),
                    differences="; ".join(map(str, differences)),
                )
            )
    return mismatches


@dataclass
class Checked:
    mismatches: list[CaseMismatch]
    checked: int
    errors: list[str]
    requests: dict[str, int]
    peak_in_flight: dict[str, int]


def check_all(
    clients: Clients,
    telemetry: Telemetry,
    prefix: str,
    active_only: bool,
    page_size: int,
    concurrency: int,
) -> Checked:
    """Every prisoner of the population, `concurrency` requests in flight per API at most."""
    errors: list[str] = []
    mismatches: list[CaseMismatch] = []
    checked = 0
    population = prisoners(clients, telemetry, active_only, page_size, errors)
    work = partial(check_prisoner, clients)
    for prisoner, outcome in sliding_window(population, work, WINDOW * concurrency):
        if isinstance(outcome, Exception):
            telemetry.track(
                f"{prefix}-error", {"offenderNo": prisoner.offender_no, "reason": str(outcome)}
            )
            errors.append(f"{prisoner.offender_no}: {outcome}")
            continue
        checked += 1
        mismatches.extend(outcome)
    peaks = {api: cap.peak for api, cap in clients.caps.items()}
    return Checked(mismatches, checked, errors, dict(clients.requests), peaks)


def report_telemetry(telemetry: Telemetry, prefix: str, checked: Checked) -> None:
    """Per-case (or per-count) mismatch events, then the report with every mismatch counted."""
    per_prisoner: dict[str, int] = {}
    for found in checked.mismatches:
        dimensions = {"offenderNo": found.offender_no, "nomisBookingId": str(found.booking_id)}
        if found.kind == "case_count":
            counts = dict(part.split("=") for part in found.differences.split())
            dimensions.update(
                nomisCaseCount=counts["nomisCaseCount"],
                dpsCaseCount=counts["dpsCaseCount"],
                caseCountMismatch="true",
            )
        else:
            dimensions.update(
                dpsCaseId=found.dps_case_id,
                nomisCaseId=found.nomis_case_id,
                mismatchCount=str(found.differences.count(";") + 1 if found.differences else 0),
            )
        telemetry.track(f"{prefix}-mismatch", dimensions)
        per_prisoner[found.offender_no] = per_prisoner.get(found.offender_no, 0) + 1
    first = dict(list(per_prisoner.items())[:5])
    telemetry.track(
        f"{prefix}-report",
        {
            "prisoners-count": str(checked.checked),
            "mismatch-count": str(len(checked.mismatches)),
            "success": "true",
            **{offender: f"cases={count}" for offender, count in first.items()},
        },
    )


def frame(mismatches: list[CaseMismatch]) -> pd.DataFrame:
    rows = [
        (m.offender_no, str(m.booking_id), m.kind, m.dps_case_id, m.nomis_case_id, m.differences)
        for m in mismatches
    ]
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(COLUMNS)
    data = {
        name: pd.Series(list(values), dtype="string")
        for name, values in zip(COLUMNS, columns, strict=True)
    }
    return pd.DataFrame(data).sort_values(["offender_no", "nomis_case_id"]).reset_index(drop=True)


def _short(text: str) -> str:
    return text if len(text) <= HISTORY_WIDTH else text[: HISTORY_WIDTH - 1] + "…"


def records(name: str, partition: str, mismatches: list[CaseMismatch]) -> list[Mismatch]:
    return [
        Mismatch(
            reconciliation=name,
            partition_key=partition,
            key=f"{m.offender_no}:{m.kind}:{m.nomis_case_id or m.dps_case_id}",
            kind=m.kind,
            booking_id=str(m.booking_id),
            offender_no=m.offender_no,
            nomis_value=_short(f"case {m.nomis_case_id}; {m.differences}"),
            dps_value=_short(f"case {m.dps_case_id}"),
        )
        for m in mismatches
    ]


def _reconcile(
    run: ReconciliationRun, name: str, prefix: str, active_only: bool
) -> ReconciliationResult:
    nomis_http = run.http(NOMIS_API)
    clients = Clients(
        NomisCourtSentencingClient(nomis_http),
        CourtSentencingMappingClient(run.http(MAPPING_API)),
        CourtSentencingClient(run.http(COURT_SENTENCING_API)),
        {api: InFlightCap(run.concurrency) for api in ("nomis", "mapping", "dps")},
    )
    run.telemetry.track(f"{prefix}-requested", {})
    try:
        checked = check_all(
            clients, run.telemetry, prefix, active_only, run.page_size, run.concurrency
        )
    except Exception as error:
        run.telemetry.track(f"{prefix}-report", {"success": "false", "error": str(error)})
        raise
    report_telemetry(run.telemetry, prefix, checked)
    return ReconciliationResult(
        mismatches=frame(checked.mismatches),
        checked=checked.checked,
        errors=checked.errors,
        records=records(name, run.partition_key, checked.mismatches),
        metadata={
            "prisoners_checked": checked.checked,
            "requests": sum(checked.requests.values()),
            "note": CURRENT_STATE_NOTE,
        },
    )


def reconcile_all(run: ReconciliationRun) -> ReconciliationResult:
    """Weekly: every prisoner's latest booking."""
    return _reconcile(run, FULL_RECONCILIATION, FULL_PREFIX, active_only=False)


def reconcile_active(run: ReconciliationRun) -> ReconciliationResult:
    """Daily: active prisoners only."""
    return _reconcile(run, ACTIVE_RECONCILIATION, ACTIVE_PREFIX, active_only=True)
