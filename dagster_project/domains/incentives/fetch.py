"""Incentive levels of every active prisoner, NOMIS vs DPS, fetched as columns.

Pages of active prisoners are read one page ahead from NOMIS while the per-prisoner look-ups
run in a sliding window: a prisoner's NOMIS and DPS calls go out side by side, each API has at
most `concurrency` requests in flight, and no page waits for its slowest prisoner.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import partial

import httpx
import pandas as pd

from dagster_project.domains.incentives.dps import IncentivesClient
from dagster_project.domains.incentives.nomis import NomisIncentivesClient
from dagster_project.domains.shared_clients import NomisPrisonersClient, PrisonerId
from dagster_project.reconciliation.window import InFlightCap, read_ahead, sliding_window
from dagster_project.telemetry import Telemetry
from resources.errors import ApiError

PREFIX = "incentives-reports-reconciliation"


class Side(Enum):
    NOMIS = "nomis"
    DPS = "dps"


@dataclass
class IncentiveLevels:
    """One column per field; `errors` are prisoners or pages that could not be checked."""

    levels: pd.DataFrame
    active_prisoners: int
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    # the most requests that were ever in flight to NOMIS / DPS at once (never above the cap)
    peak_in_flight: dict[str, int] = field(default_factory=dict)


@dataclass
class _Columns:
    """The frame being built, column by column: no object per prisoner is kept."""

    booking_ids: array[int] = field(default_factory=lambda: array("q"))
    offender_nos: list[str] = field(default_factory=list)
    nomis_levels: list[str | None] = field(default_factory=list)
    dps_levels: list[str | None] = field(default_factory=list)
    # level codes are few: every row points at one shared string
    _codes: dict[str, str] = field(default_factory=dict)

    def add(self, prisoner: PrisonerId, nomis: str | None, dps: str | None) -> None:
        self.booking_ids.append(prisoner.booking_id)
        self.offender_nos.append(prisoner.offender_no)
        self.nomis_levels.append(None if nomis is None else self._codes.setdefault(nomis, nomis))
        self.dps_levels.append(None if dps is None else self._codes.setdefault(dps, dps))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "booking_id": pd.Series(self.booking_ids, dtype="int64"),
                "offender_no": pd.Series(self.offender_nos, dtype="string"),
                "nomis_level": pd.Series(self.nomis_levels, dtype="string"),
                "dps_level": pd.Series(self.dps_levels, dtype="string"),
            }
        )


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


def fetch_incentive_levels(
    prisoners: NomisPrisonersClient,
    nomis: NomisIncentivesClient,
    dps: IncentivesClient,
    telemetry: Telemetry,
    page_size: int = 200,
    concurrency: int = 10,
) -> IncentiveLevels:
    """Current NOMIS IEP code and current DPS level code per active booking.

    `concurrency` is the cap on requests in flight per API.
    """
    caps = {Side.NOMIS: InFlightCap(concurrency), Side.DPS: InFlightCap(concurrency)}
    total = caps[Side.NOMIS].call(partial(prisoners.get_active_prisoner_ids, 0, 1)).total_elements
    telemetry.track(f"{PREFIX}-requested", {"active-prisoners": total})
    errors: list[str] = []
    requests = 1

    def calls() -> Iterator[tuple[int, PrisonerId, Side]]:
        """Both calls of each listed prisoner; `row` pairs them even for a booking listed twice."""
        nonlocal requests
        row = 0
        pages = _page_fetches(prisoners, caps[Side.NOMIS], total, page_size)
        for page, content in read_ahead(pages):
            requests += 1
            if isinstance(content, Exception):
                errors.append(f"page {page}: {content}")
                telemetry.track(f"{PREFIX}-mismatch-page-error", {"page": page})
                continue
            for prisoner in content:
                requests, row = requests + 2, row + 1
                yield row, prisoner, Side.NOMIS
                yield row, prisoner, Side.DPS

    def level(call: tuple[int, PrisonerId, Side]) -> str | None:
        _, prisoner, side = call
        if side is Side.NOMIS:
            current = caps[side].call(partial(nomis.get_current_incentive, prisoner.booking_id))
            return None if current is None else current.iep_level.code
        summary = caps[side].call(partial(dps.get_current_review, prisoner.offender_no))
        return None if summary is None else summary.iep_code

    columns = _Columns()
    # the first half of each prisoner's pair waits here for the other; bounded by the window
    halves: dict[int, tuple[Side, str | None | Exception]] = {}
    for (row, prisoner, side), outcome in sliding_window(calls(), level, 2 * concurrency):
        first = halves.pop(row, None)
        if first is None:
            halves[row] = (side, outcome)
            continue
        by_side = {side: outcome, first[0]: first[1]}
        failure = next((o for o in by_side.values() if isinstance(o, Exception)), None)
        if failure is not None:
            _report_error(telemetry, errors, prisoner, failure)
            continue
        nomis_level, dps_level = by_side[Side.NOMIS], by_side[Side.DPS]
        assert not isinstance(nomis_level, Exception) and not isinstance(dps_level, Exception)
        columns.add(prisoner, nomis_level, dps_level)
    return IncentiveLevels(
        columns.frame(),
        total,
        errors,
        requests=requests,
        peak_in_flight={side.value: cap.peak for side, cap in caps.items()},
    )


def _report_error(
    telemetry: Telemetry, errors: list[str], prisoner: PrisonerId, failure: Exception
) -> None:
    network = isinstance(failure, ApiError | httpx.HTTPError)
    name = f"{PREFIX}-network-error" if network else f"{PREFIX}-mismatch-error"
    telemetry.track(name, {"offenderNo": prisoner.offender_no, "bookingId": prisoner.booking_id})
    errors.append(f"{prisoner.offender_no}/{prisoner.booking_id}: {failure}")
