"""Every latest booking's adjustment counts, NOMIS vs DPS, fetched as columns.

Bookings come from NOMIS in keyset pages (the cursor is the last booking id of a page), and the
next page is already being read while this one's bookings are checked. Each booking's NOMIS and
DPS reads go out side by side in a sliding window, each API with at most `concurrency` requests
in flight, so no page waits for its slowest booking.

As the old service: a booking read is tried up to three times; a page that fails is reported
(`-mismatch-page-error`) and skipped by moving the cursor on by a page size; paging stops at a
short page or after 30 failed pages. Deliberate difference: after 30 failed pages the run fails
(`PagingAborted`) instead of reporting success for the bookings it happened to reach.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import TypeVar

import pandas as pd

from dagster_project.domains.sentencing.buckets import BUCKETS
from dagster_project.domains.sentencing.counts import (
    DPS_COLUMNS,
    NOMIS_COLUMNS,
    Counts,
    dps_counts,
    nomis_counts,
)
from dagster_project.domains.sentencing.dps import AdjustmentsClient
from dagster_project.domains.sentencing.nomis import NomisAdjustmentsClient, NomisBookingsClient
from dagster_project.domains.shared_clients import PrisonerId
from dagster_project.reconciliation.window import InFlightCap, sliding_window
from dagster_project.telemetry import Telemetry

PREFIX = "sentencing-reports-reconciliation"
ATTEMPTS = 3
MAX_PAGE_ERRORS = 30

PageT = TypeVar("PageT")
ResultT = TypeVar("ResultT")


class Side(Enum):
    NOMIS = "nomis"
    DPS = "dps"


class PagingAborted(RuntimeError):
    """Too many pages of bookings failed: the estate was not walked, so nothing is reported."""


@dataclass
class AdjustmentCounts:
    """One row per checked booking; `errors` are bookings or pages that could not be checked."""

    counts: pd.DataFrame
    bookings_listed: int
    pages: int
    page_errors: int
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    # the most requests that were ever in flight to NOMIS / DPS at once (never above the cap)
    peak_in_flight: dict[str, int] = field(default_factory=dict)


@dataclass
class _Columns:
    """The frame being built, column by column: no object per booking is kept."""

    booking_ids: array[int] = field(default_factory=lambda: array("q"))
    offender_nos: list[str] = field(default_factory=list)
    nomis: list[array[int]] = field(default_factory=lambda: [array("i") for _ in BUCKETS])
    dps: list[array[int]] = field(default_factory=lambda: [array("i") for _ in BUCKETS])

    def add(self, prisoner: PrisonerId, nomis: Counts, dps: Counts) -> None:
        self.booking_ids.append(prisoner.booking_id)
        self.offender_nos.append(prisoner.offender_no)
        for column, value in zip(self.nomis, nomis, strict=True):
            column.append(value)
        for column, value in zip(self.dps, dps, strict=True):
            column.append(value)

    def frame(self) -> pd.DataFrame:
        columns: dict[str, pd.Series] = {
            "booking_id": pd.Series(self.booking_ids, dtype="int64"),
            "offender_no": pd.Series(self.offender_nos, dtype="string"),
        }
        for name, values in zip(NOMIS_COLUMNS + DPS_COLUMNS, self.nomis + self.dps, strict=True):
            columns[name] = pd.Series(values, dtype="int32")
        return pd.DataFrame(columns)


class _Requests:
    """Requests sent, counted from every thread (each attempt is one)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.count = 0

    def add(self) -> None:
        with self._lock:
            self.count += 1


@dataclass(frozen=True)
class _Page:
    after: int  # the cursor this page was read with
    bookings: list[PrisonerId] | Exception


class _Cursor:
    """Where the next page starts, and when paging stops (the old service's rules)."""

    def __init__(self, page_size: int) -> None:
        self.page_size = page_size
        self.errors = 0

    def following(self, page: _Page) -> int | None:
        if isinstance(page.bookings, Exception):
            self.errors += 1
            return None if self.errors >= MAX_PAGE_ERRORS else page.after + self.page_size
        if len(page.bookings) < self.page_size:
            return None
        return page.bookings[-1].booking_id


def chained_read_ahead(
    fetch: Callable[[int], PageT], following: Callable[[PageT], int | None], start: int
) -> Iterator[PageT]:
    """Pages in order; the next is requested as soon as its cursor is known, not when needed.

    `following` gives the next page's cursor from this page (None: this is the last), so the
    next page is read while the caller still works through this one.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        upcoming: Future[PageT] | None = pool.submit(fetch, start)
        while upcoming is not None:
            page = upcoming.result()
            after = following(page)
            upcoming = None if after is None else pool.submit(fetch, after)
            yield page


def attempts(call: Callable[[], ResultT], requests: _Requests) -> ResultT:
    """`call` tried up to ATTEMPTS times on any error, as the old service's per-booking reads."""
    for attempt in range(1, ATTEMPTS + 1):
        requests.add()
        try:
            return call()
        except Exception:
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def fetch_adjustment_counts(
    bookings: NomisBookingsClient,
    nomis: NomisAdjustmentsClient,
    dps: AdjustmentsClient,
    telemetry: Telemetry,
    page_size: int = 200,
    concurrency: int = 10,
    active_only: bool = False,
) -> AdjustmentCounts:
    """NOMIS and DPS adjustment counts per bucket for every latest booking.

    `concurrency` is the cap on requests in flight per API; `active_only` False walks every
    latest booking, released prisoners too (the old service's production setting).

    Raises:
        PagingAborted: MAX_PAGE_ERRORS pages of bookings failed.
    """
    caps = {Side.NOMIS: InFlightCap(concurrency), Side.DPS: InFlightCap(concurrency)}
    requests, cursor = _Requests(), _Cursor(page_size)
    errors: list[str] = []
    listed = pages = 0
    last_page_error = ""

    def read_page(after: int) -> _Page:
        requests.add()
        read = partial(bookings.latest_booking_ids, after, page_size, active_only)
        try:
            return _Page(after, caps[Side.NOMIS].call(read).prisoner_ids)
        except Exception as error:  # reported as a page error; paging goes on
            return _Page(after, error)

    def calls() -> Iterator[tuple[int, PrisonerId, Side]]:
        """Both reads of each listed booking; `row` pairs them even for a booking listed twice."""
        nonlocal listed, pages, last_page_error
        for page in chained_read_ahead(read_page, cursor.following, 0):
            pages += 1
            if isinstance(page.bookings, Exception):
                last_page_error = f"page after booking {page.after}: {page.bookings}"
                errors.append(last_page_error)
                telemetry.track(f"{PREFIX}-mismatch-page-error", {"booking": page.after})
                continue
            for prisoner in page.bookings:
                listed += 1
                yield listed, prisoner, Side.NOMIS
                yield listed, prisoner, Side.DPS

    def read(call: tuple[int, PrisonerId, Side]) -> Counts:
        _, prisoner, side = call
        cap = caps[side]
        if side is Side.NOMIS:
            held = partial(nomis.sentencing_adjustments, prisoner.booking_id)
            return nomis_counts(attempts(partial(cap.call, held), requests))
        person = partial(dps.adjustments_for, prisoner.offender_no)
        return dps_counts(attempts(partial(cap.call, person), requests), prisoner.booking_id)

    columns = _Columns()
    # the first half of each booking's pair waits here for the other; bounded by the window
    halves: dict[int, tuple[Side, Counts | Exception]] = {}
    for (row, prisoner, side), outcome in sliding_window(calls(), read, 2 * concurrency):
        first = halves.pop(row, None)
        if first is None:
            halves[row] = (side, outcome)
            continue
        by_side = {side: outcome, first[0]: first[1]}
        nomis_side, dps_side = by_side[Side.NOMIS], by_side[Side.DPS]
        if isinstance(nomis_side, Exception) or isinstance(dps_side, Exception):
            failure = nomis_side if isinstance(nomis_side, Exception) else dps_side
            ids = {"offenderNo": prisoner.offender_no, "bookingId": prisoner.booking_id}
            telemetry.track(f"{PREFIX}-mismatch-error", ids)
            errors.append(f"{prisoner.offender_no}/{prisoner.booking_id}: {failure}")
            continue
        columns.add(prisoner, nomis_side, dps_side)
    if cursor.errors >= MAX_PAGE_ERRORS:
        raise PagingAborted(f"{cursor.errors} pages of bookings failed, the last {last_page_error}")
    return AdjustmentCounts(
        columns.frame(),
        bookings_listed=listed,
        pages=pages,
        page_errors=cursor.errors,
        errors=errors,
        requests=requests.count,
        peak_in_flight={side.value: cap.peak for side, cap in caps.items()},
    )
