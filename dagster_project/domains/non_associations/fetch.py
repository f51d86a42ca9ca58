"""Every NOMIS pair compared with DPS, then every DPS non-association looked for in NOMIS.

Pages of NOMIS pairs are read one page ahead while the per-pair reads run in a sliding window:
a pair's NOMIS and DPS reads go out side by side, each API has at most `concurrency` requests in
flight, and no page waits for its slowest pair. The DPS pages of the second pass run in a window
of their own under the same DPS cap. Mismatches are kept column by column.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import Any, cast

import httpx
import pandas as pd

from dagster_project.domains.non_associations.compare import (
    DPS_ONLY_PAIR,
    PairMismatch,
    compare_pair,
)
from dagster_project.domains.non_associations.dps import NonAssociation, NonAssociationsClient
from dagster_project.domains.non_associations.frame import Mismatches
from dagster_project.domains.non_associations.mapping import sorted_pair
from dagster_project.domains.non_associations.nomis import (
    NomisNonAssociationsClient,
    NonAssociationDetail,
    NonAssociationId,
)
from dagster_project.reconciliation.window import InFlightCap, read_ahead, sliding_window
from dagster_project.telemetry import Telemetry
from resources.errors import ApiError

PREFIX = "non-associations-reports-reconciliation"


class Side(Enum):
    NOMIS = "nomis"
    DPS = "dps"


@dataclass
class Fetched:
    """What one run saw: the mismatches, the counts the old telemetry reports, the errors."""

    mismatches: pd.DataFrame
    nomis_pairs: int
    pairs_checked: int
    nomis_details: int
    dps_total: int
    errors: list[str] = field(default_factory=list)
    # requests made to each API ("nomis", "dps")
    requests: dict[str, int] = field(default_factory=dict)
    # the most requests that were ever in flight to NOMIS / DPS at once (never above the cap)
    peak_in_flight: dict[str, int] = field(default_factory=dict)


Outcome = list[NonAssociationDetail] | list[NonAssociation]


@dataclass
class _Reads:
    """The two reads of one pair, as they arrive."""

    nomis: list[NonAssociationDetail] | None = None
    dps: list[NonAssociation] | None = None
    failure: Exception | None = None

    def add(self, side: Side, outcome: Outcome | Exception) -> _Reads:
        if isinstance(outcome, Exception):
            self.failure = self.failure or outcome
        elif side is Side.NOMIS:
            self.nomis = cast(list[NonAssociationDetail], outcome)
        else:
            self.dps = cast(list[NonAssociation], outcome)
        return self


class PairReconciler:
    """One run of both passes; `telemetry` gets the old service's per-error events."""

    def __init__(
        self,
        nomis: NomisNonAssociationsClient,
        dps: NonAssociationsClient,
        telemetry: Telemetry,
        today: dt.date,
        page_size: int = 200,
        concurrency: int = 10,
    ) -> None:
        self._nomis = nomis
        self._dps = dps
        self._telemetry = telemetry
        self._today = today
        self._page_size = page_size
        self._concurrency = concurrency
        self._caps = {Side.NOMIS: InFlightCap(concurrency), Side.DPS: InFlightCap(concurrency)}
        self._mismatches = Mismatches()
        self._seen: set[str] = set()  # every NOMIS pair, sorted, as one string
        self._errors: list[str] = []
        self._requests: Counter[str] = Counter()  # per API, by `Side` value
        self._details = 0
        self._checked = 0

    def run(self) -> Fetched:
        """Raises ApiError / httpx.HTTPError when the first count of either side fails."""
        total = self._call(Side.NOMIS, partial(self._nomis.ids, 0, 1)).total_elements
        self._telemetry.track(f"{PREFIX}-requested", {"non-associations-nomis-total": total})
        self._compare_nomis_pairs(total)
        dps_total = self._call(Side.DPS, partial(self._dps.page, 0, 1)).total_elements
        if dps_total != self._details:
            self._telemetry.track(
                f"{PREFIX}-mismatch-missing-dps-records",
                {"dps-total": dps_total, "nomis-total": self._details},
            )
        self._find_dps_only_pairs(dps_total)
        return Fetched(
            self._mismatches.frame(),
            nomis_pairs=total,
            pairs_checked=self._checked,
            nomis_details=self._details,
            dps_total=dps_total,
            errors=self._errors,
            requests=dict(self._requests),
            peak_in_flight={side.value: cap.peak for side, cap in self._caps.items()},
        )

    def _call(self, side: Side, read: Callable[[], Any]) -> Any:
        self._requests[side.value] += 1
        return self._caps[side].call(read)

    # --- pass 1: every NOMIS pair ----------------------------------------------------------

    def _nomis_pages(self, total: int) -> Iterator[Callable[[], tuple[int, Any]]]:
        def fetch(page: int) -> tuple[int, list[NonAssociationId] | Exception]:
            try:
                read = partial(self._nomis.ids, page, self._page_size)
                return page, self._caps[Side.NOMIS].call(read).content
            except (ApiError, httpx.HTTPError) as error:
                return page, error

        for page in range(total // self._page_size + 1):
            yield partial(fetch, page)

    def _pair_reads(self, total: int) -> Iterator[tuple[int, tuple[str, str], Side]]:
        """Both reads of each pair not seen before; `row` pairs their outcomes up."""
        row = 0
        for page, content in read_ahead(self._nomis_pages(total)):
            self._requests[Side.NOMIS.value] += 1
            if isinstance(content, Exception):
                self._errors.append(f"NOMIS page {page}: {content}")
                self._telemetry.track(f"{PREFIX}-mismatch-page-error", {"page": page})
                continue
            for listed in content:
                pair = sorted_pair(listed.offender_no1, listed.offender_no2)
                if "".join(pair) in self._seen:
                    continue
                self._seen.add("".join(pair))
                row += 1
                yield row, pair, Side.NOMIS
                yield row, pair, Side.DPS

    def _read(self, call: tuple[int, tuple[str, str], Side]) -> Outcome:
        _, (first, second), side = call
        if side is Side.NOMIS:
            return self._caps[side].call(partial(self._nomis.details, first, second))
        return self._caps[side].call(partial(self._dps.between, first, second))

    def _compare_nomis_pairs(self, total: int) -> None:
        # the first read of each pair waits here for the other; bounded by the window
        waiting: dict[int, _Reads] = {}
        reads = self._pair_reads(total)
        for (row, pair, side), outcome in sliding_window(reads, self._read, 2 * self._concurrency):
            self._requests[side.value] += 1
            both = waiting.pop(row, None)
            if both is None:
                waiting[row] = _Reads().add(side, outcome)
                continue
            both.add(side, outcome)
            if both.failure is not None or both.nomis is None or both.dps is None:
                self._pair_error(pair, both.failure)
                continue
            found, kept = compare_pair(both.nomis, both.dps, self._today)
            self._checked += 1
            self._details += kept
            for mismatch in found:
                self._mismatches.add(*pair, mismatch)

    def _pair_error(self, pair: tuple[str, str], failure: Exception | None) -> None:
        first, second = pair
        self._telemetry.track(
            f"{PREFIX}-mismatch-error", {"offenderNo1": first, "offenderNo2": second}
        )
        self._errors.append(f"{first}/{second}: {failure}")

    # --- pass 2: every DPS non-association -------------------------------------------------

    def _dps_page(self, page: int) -> list[NonAssociation]:
        return self._caps[Side.DPS].call(partial(self._dps.page, page, self._page_size)).content

    def _find_dps_only_pairs(self, dps_total: int) -> None:
        pages = range(dps_total // self._page_size + 1)
        for page, content in sliding_window(pages, self._dps_page, self._concurrency):
            self._requests[Side.DPS.value] += 1
            if isinstance(content, Exception):
                self._errors.append(f"DPS page {page}: {content}")
                self._telemetry.track(f"{PREFIX}-mismatch-page-error", {"page": page})
                continue
            for record in content:
                pair = sorted_pair(record.first_prisoner_number, record.second_prisoner_number)
                if "".join(pair) not in self._seen:
                    self._mismatches.add(*pair, PairMismatch(DPS_ONLY_PAIR, None, record))
