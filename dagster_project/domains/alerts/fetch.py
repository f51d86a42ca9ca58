"""Every active prisoner's active alert codes, NOMIS (latest booking) vs DPS, compared as sets.

Pages of active prisoners are read one page ahead from NOMIS while the per-prisoner reads run
in a sliding window: a prisoner's NOMIS and DPS reads go out side by side, each API has at most
`concurrency` requests in flight, and no page waits for its slowest prisoner. Only the
prisoners that disagree are kept, so memory stays flat at national scale.

As the old service: each read is tried up to three times on any error; a page that fails is
reported (`-mismatch-page-error`) and skipped; a prisoner whose reads fail is reported
(`-mismatch-error`) and not compared; only the sets of codes are compared (dates, comments and
two alerts of one code are not).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import TypeVar

from dagster_project.domains.alerts.dps import AlertsClient
from dagster_project.domains.alerts.nomis import NomisAlertsClient
from dagster_project.domains.shared_clients import NomisPrisonersClient, PrisonerId
from dagster_project.reconciliation.window import InFlightCap, read_ahead, sliding_window
from dagster_project.telemetry import Telemetry

PREFIX = "alerts-reports-reconciliation"
ATTEMPTS = 3

ResultT = TypeVar("ResultT")


class Side(Enum):
    NOMIS = "nomis"
    DPS = "dps"


@dataclass(frozen=True)
class CodeMismatch:
    """One prisoner whose active alert codes differ; codes sorted."""

    offender_no: str
    booking_id: int
    missing_from_dps: tuple[str, ...]
    missing_from_nomis: tuple[str, ...]


@dataclass
class AlertCodes:
    """The mismatched prisoners; `errors` are prisoners or pages that could not be checked."""

    mismatches: list[CodeMismatch]
    active_prisoners: int
    checked: int = 0
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    # the most requests that were ever in flight to NOMIS / DPS at once (never above the cap)
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
    """`call` tried up to ATTEMPTS times on any error, as the old service's per-prisoner reads."""
    for attempt in range(1, ATTEMPTS + 1):
        requests.add()
        try:
            return call()
        except Exception:
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def compare(
    prisoner: PrisonerId, nomis: frozenset[str], dps: frozenset[str]
) -> CodeMismatch | None:
    """The prisoner's mismatch, or None when both sides hold the same codes."""
    if nomis == dps:
        return None
    return CodeMismatch(
        offender_no=prisoner.offender_no,
        booking_id=prisoner.booking_id,
        missing_from_dps=tuple(sorted(nomis - dps)),
        missing_from_nomis=tuple(sorted(dps - nomis)),
    )


def fetch_alert_codes(
    prisoners: NomisPrisonersClient,
    nomis: NomisAlertsClient,
    dps: AlertsClient,
    telemetry: Telemetry,
    page_size: int = 200,
    concurrency: int = 10,
) -> AlertCodes:
    """Compare every active prisoner's active alert codes; `concurrency` is the per-API cap.

    Raises:
        ApiError: the first read of the active prisoners' total failed (nothing to walk).
    """
    caps = {Side.NOMIS: InFlightCap(concurrency), Side.DPS: InFlightCap(concurrency)}
    requests = _Requests()
    requests.add()
    total = caps[Side.NOMIS].call(partial(prisoners.get_active_prisoner_ids, 0, 1)).total_elements
    telemetry.track(f"{PREFIX}-requested", {"active-prisoners": total})
    errors: list[str] = []

    def fetch_page(page: int) -> tuple[int, list[PrisonerId] | Exception]:
        requests.add()
        try:
            read = partial(prisoners.get_active_prisoner_ids, page, page_size)
            return page, caps[Side.NOMIS].call(read).content
        except Exception as error:  # reported as a page error; paging goes on
            return page, error

    def calls() -> Iterator[tuple[int, PrisonerId, Side]]:
        """Both reads of each listed prisoner; `row` pairs them even for one listed twice."""
        row = 0
        pages = (partial(fetch_page, page) for page in range(total // page_size + 1))
        for page, content in read_ahead(pages):
            if isinstance(content, Exception):
                errors.append(f"page {page}: {content}")
                telemetry.track(f"{PREFIX}-mismatch-page-error", {"page": page})
                continue
            for prisoner in content:
                row += 1
                yield row, prisoner, Side.NOMIS
                yield row, prisoner, Side.DPS

    def codes(call: tuple[int, PrisonerId, Side]) -> frozenset[str]:
        _, prisoner, side = call
        cap = caps[side]
        if side is Side.NOMIS:
            held = partial(cap.call, partial(nomis.active_alerts, prisoner.offender_no))
            return frozenset(a.alert_code.code for a in attempts(held, requests))
        read = partial(dps.prisoner_alerts, prisoner.offender_no, True)
        return frozenset(a.alert_code.code for a in attempts(partial(cap.call, read), requests))

    mismatches: list[CodeMismatch] = []
    checked = 0
    # the first half of each prisoner's pair waits here for the other; bounded by the window
    halves: dict[int, tuple[Side, frozenset[str] | Exception]] = {}
    for (row, prisoner, side), outcome in sliding_window(calls(), codes, 2 * concurrency):
        first = halves.pop(row, None)
        if first is None:
            halves[row] = (side, outcome)
            continue
        by_side = {side: outcome, first[0]: first[1]}
        nomis_codes, dps_codes = by_side[Side.NOMIS], by_side[Side.DPS]
        if isinstance(nomis_codes, Exception) or isinstance(dps_codes, Exception):
            failure = nomis_codes if isinstance(nomis_codes, Exception) else dps_codes
            ids = {"offenderNo": prisoner.offender_no, "bookingId": prisoner.booking_id}
            telemetry.track(f"{PREFIX}-mismatch-error", ids)
            errors.append(f"{prisoner.offender_no}/{prisoner.booking_id}: {failure}")
            continue
        checked += 1
        found = compare(prisoner, nomis_codes, dps_codes)
        if found is not None:
            mismatches.append(found)
    return AlertCodes(
        mismatches,
        active_prisoners=total,
        checked=checked,
        errors=errors,
        requests=requests.count,
        peak_in_flight={s.value: cap.peak for s, cap in caps.items()},
    )
