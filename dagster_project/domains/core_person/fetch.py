"""Every latest booking's prisoner: religions in NOMIS vs CPR, only the disagreements kept.

Bookings come from NOMIS in keyset pages (the cursor is the last booking id of a page), the next
page already being read while this one's prisoners are checked. Each prisoner's NOMIS and CPR
reads go out side by side in a sliding window, each API with at most `concurrency` requests in
flight, so no page waits for its slowest prisoner; memory stays flat at national scale.

As the old service: a page that fails is reported (`-mismatch-page-error` {booking}) and skipped;
a prisoner whose reads fail is reported (`-mismatch-error`) and not compared; a 404 on either
side is an empty side. Like this service's other per-prisoner reconciliations, a read is tried
up to three times, a failed page moves the cursor on by a page size, and paging stops at a
short page or fails the run after 30 failed pages (`PagingAborted`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import TypeVar

from dagster_project.domains.core_person.compare import Religions, cpr_side, differences, nomis_side
from dagster_project.domains.core_person.cpr import CorePersonClient
from dagster_project.domains.core_person.nomis import NomisCorePersonClient
from dagster_project.domains.shared_clients import PrisonerId
from dagster_project.reconciliation.window import InFlightCap, keyset_read_ahead, sliding_window
from dagster_project.telemetry import Telemetry

PREFIX = "coreperson-reports-reconciliation"
ATTEMPTS = 3
MAX_PAGE_ERRORS = 30

ResultT = TypeVar("ResultT")


class Side(Enum):
    NOMIS = "nomis"
    CPR = "cpr"


class PagingAborted(RuntimeError):
    """Too many pages of bookings failed: the estate was not walked, so nothing is reported."""


@dataclass(frozen=True)
class ReligionMismatch:
    """One prisoner whose religions differ: field name -> how."""

    offender_no: str
    booking_id: int
    differences: dict[str, str]


@dataclass
class PrisonerReligions:
    """The mismatched prisoners; `errors` are prisoners or pages that could not be checked."""

    mismatches: list[ReligionMismatch]
    prisoners: int = 0
    checked: int = 0
    pages: int = 0
    page_errors: int = 0
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    # the most requests that were ever in flight to NOMIS / CPR at once (never above the cap)
    peak_in_flight: dict[str, int] = field(default_factory=dict)


class _Requests:
    """Requests sent, counted from every thread (each attempt is one)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.count = 0

    def add(self) -> None:
        with self._lock:
            self.count += 1


def attempts(call: Callable[[], ResultT], requests: _Requests) -> ResultT:
    """`call` tried up to ATTEMPTS times on any error."""
    for attempt in range(1, ATTEMPTS + 1):
        requests.add()
        try:
            return call()
        except Exception:
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class _Page:
    after: int  # the cursor this page was read with
    bookings: list[PrisonerId] | Exception


def _pages(read: Callable[[int], _Page], page_size: int, errors: list[int]) -> Iterator[_Page]:
    """Pages in order, the next requested as soon as its cursor is known."""

    def following(after: int, page: _Page) -> int | None:
        if isinstance(page.bookings, Exception):
            errors.append(page.after)
            return None if len(errors) >= MAX_PAGE_ERRORS else page.after + page_size
        if len(page.bookings) < page_size:
            return None
        return page.bookings[-1].booking_id

    return keyset_read_ahead(read, following, 0)


def fetch_religions(
    nomis: NomisCorePersonClient,
    cpr: CorePersonClient,
    telemetry: Telemetry,
    page_size: int = 100,
    concurrency: int = 10,
    active_only: bool = False,
) -> PrisonerReligions:
    """Compare every latest booking's prisoner; `concurrency` is the per-API cap.

    Raises:
        PagingAborted: MAX_PAGE_ERRORS pages of bookings failed.
    """
    caps = {Side.NOMIS: InFlightCap(concurrency), Side.CPR: InFlightCap(concurrency)}
    requests = _Requests()
    result = PrisonerReligions(mismatches=[])
    failed_pages: list[int] = []

    def read_page(after: int) -> _Page:
        requests.add()
        read = partial(nomis.latest_booking_ids, after, page_size, active_only)
        try:
            return _Page(after, caps[Side.NOMIS].call(read).prisoner_ids)
        except Exception as error:  # reported as a page error; paging goes on
            return _Page(after, error)

    def calls() -> Iterator[tuple[int, PrisonerId, Side]]:
        """Both reads of each listed prisoner; `row` pairs them even for one listed twice."""
        for page in _pages(read_page, page_size, failed_pages):
            result.pages += 1
            if isinstance(page.bookings, Exception):
                result.errors.append(f"page after booking {page.after}: {page.bookings}")
                telemetry.track(f"{PREFIX}-mismatch-page-error", {"booking": page.after})
                continue
            for prisoner in page.bookings:
                result.prisoners += 1
                yield result.prisoners, prisoner, Side.NOMIS
                yield result.prisoners, prisoner, Side.CPR

    def read(call: tuple[int, PrisonerId, Side]) -> Religions:
        _, prisoner, side = call
        cap = caps[side]
        if side is Side.NOMIS:
            beliefs = partial(cap.call, partial(nomis.religions, prisoner.offender_no))
            return nomis_side(attempts(beliefs, requests))
        record = partial(cap.call, partial(cpr.prison_record, prisoner.offender_no))
        return cpr_side(attempts(record, requests))

    # the first half of each prisoner's pair waits here for the other; bounded by the window
    halves: dict[int, tuple[Side, Religions | Exception]] = {}
    for (row, prisoner, side), outcome in sliding_window(calls(), read, 2 * concurrency):
        first = halves.pop(row, None)
        if first is None:
            halves[row] = (side, outcome)
            continue
        by_side = {side: outcome, first[0]: first[1]}
        nomis_religions, cpr_religions = by_side[Side.NOMIS], by_side[Side.CPR]
        if isinstance(nomis_religions, Exception) or isinstance(cpr_religions, Exception):
            failure = nomis_religions if isinstance(nomis_religions, Exception) else cpr_religions
            telemetry.track(
                f"{PREFIX}-mismatch-error",
                {
                    "prisonNumber": prisoner.offender_no,
                    "error": str(failure),
                    "bookingId": prisoner.booking_id,
                },
            )
            result.errors.append(f"{prisoner.offender_no}/{prisoner.booking_id}: {failure}")
            continue
        result.checked += 1
        found = differences(nomis_religions, cpr_religions)
        if found:
            result.mismatches.append(
                ReligionMismatch(prisoner.offender_no, prisoner.booking_id, found)
            )
    result.page_errors = len(failed_pages)
    if len(failed_pages) >= MAX_PAGE_ERRORS:
        raise PagingAborted(
            f"{len(failed_pages)} pages of bookings failed, the last {result.errors[-1]}"
        )
    result.requests = requests.count
    result.peak_in_flight = {s.value: cap.peak for s, cap in caps.items()}
    return result
