"""Every active prisoner's ADA awards, NOMIS (the booking's summary) vs DPS (the booking's charges).

Pages of active prisoners are read one page ahead from NOMIS while the per-prisoner reads run in
a sliding window: a prisoner's NOMIS and DPS reads go out side by side, each API has at most
`concurrency` requests in flight, and only the prisoners that disagree are kept, so memory stays
flat at national scale.

As the old service: the NOMIS side is (count of ADA summaries, sum of days); the DPS side is
(count, sum of `schedule.duration`) of the ADDITIONAL_DAYS and PROSPECTIVE_DAYS punishments of
charges with at least one hearing; status, dates and suspension are ignored. Each read is tried
up to three times. A disagreement is re-checked through the prisoner's merges since the
migration: when NOMIS holds ADAs on adjudications DPS does not have for this booking, the DPS
charges of every merged booking are added, and agreeing then is no mismatch.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import TypeVar

from dagster_project.domains.adjudications.dps import AdjudicationsClient, ReportedAdjudication
from dagster_project.domains.adjudications.mapping import AdjudicationsMappingClient
from dagster_project.domains.adjudications.nomis import AdaAwardSummary, NomisAdjudicationsClient
from dagster_project.domains.adjudications.transform import ada_summary
from dagster_project.domains.shared_clients import NomisPrisonersClient, PrisonerId
from dagster_project.reconciliation.window import InFlightCap, read_ahead, sliding_window
from dagster_project.telemetry import Telemetry

PREFIX = "adjudication-reports-reconciliation"
ATTEMPTS = 3
MIGRATION_DATE = dt.date(2024, 1, 28)

ResultT = TypeVar("ResultT")


class Side(Enum):
    NOMIS = "nomis"
    DPS = "dps"


@dataclass(frozen=True)
class AdaMismatch:
    """One prisoner whose ADA count or days differ."""

    offender_no: str
    booking_id: int
    nomis_count: int
    dps_count: int
    nomis_days: int
    dps_days: int


@dataclass
class AdaAwards:
    mismatches: list[AdaMismatch]
    active_prisoners: int
    checked: int = 0
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    requests_per_api: dict[str, int] = field(default_factory=dict)
    merges_checked: int = 0
    peak_in_flight: dict[str, int] = field(default_factory=dict)


class _Requests:
    """Requests sent, per API, counted from every thread (each attempt is one)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.count = 0
        self.by_api: dict[str, int] = {"nomis": 0, "dps": 0, "mapping": 0}

    def add(self, api: str = "nomis") -> None:
        with self._lock:
            self.count += 1
            self.by_api[api] += 1


def attempts(call: Callable[[], ResultT], requests: _Requests, api: str = "nomis") -> ResultT:
    """`call` tried up to ATTEMPTS times on any error, as the old service's reads."""
    for attempt in range(1, ATTEMPTS + 1):
        requests.add(api)
        try:
            return call()
        except Exception:
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def nomis_summary(summary: AdaAwardSummary) -> tuple[int, int]:
    return len(summary.ada_summaries), sum(s.days for s in summary.ada_summaries)


class MergeCheck:
    """The old merge-aware re-check of one disagreeing prisoner."""

    def __init__(
        self,
        nomis: NomisAdjudicationsClient,
        dps: AdjudicationsClient,
        mapping: AdjudicationsMappingClient,
        telemetry: Telemetry,
        requests: _Requests,
        caps: dict[Side, InFlightCap],
        mapping_cap: InFlightCap,
    ) -> None:
        self._nomis, self._dps, self._mapping = nomis, dps, mapping
        self._telemetry = telemetry
        self._requests = requests
        self._caps = caps
        self._mapping_cap = mapping_cap

    def agrees(
        self,
        prisoner: PrisonerId,
        summary: AdaAwardSummary,
        charges: list[ReportedAdjudication],
    ) -> bool:
        """Whether the merged bookings' DPS charges explain the difference."""
        read = partial(self._nomis.merges, prisoner.offender_no, MIGRATION_DATE)
        merges = attempts(partial(self._caps[Side.NOMIS].call, read), self._requests)
        if not merges:
            return False
        dps_numbers: set[int] = set()
        for charge in charges:
            lookup = partial(self._mapping.charge, charge.charge_number)
            mapped = attempts(partial(self._mapping_cap.call, lookup), self._requests, "mapping")
            if mapped is not None:
                dps_numbers.add(mapped.adjudication_number)
        missing = sorted({s.adjudication_number for s in summary.ada_summaries} - dps_numbers)
        if not missing:
            return False
        merged = list(charges)
        for merge in merges:
            more = partial(self._dps.all_by_booking, merge.previous_booking_id)
            merged += attempts(partial(self._caps[Side.DPS].call, more), self._requests, "dps")
        nomis = nomis_summary(summary)
        dps = ada_summary(merged)
        if nomis == dps:
            return True
        original = ada_summary(charges)
        self._telemetry.track(
            f"{PREFIX}-merge-mismatch",
            {
                "offenderNo": prisoner.offender_no,
                "bookingId": prisoner.booking_id,
                "nomisAdaCount": nomis[0],
                "nomisAdaDays": nomis[1],
                "originalDpsAdaCount": original[0],
                "originalDpsAdaDays": original[1],
                "dpsAdaCount": dps[0],
                "dpsAdaDays": dps[1],
                "mergeDate": merges[-1].request_date_time.isoformat(),
                "mergeFrom": merges[-1].deleted_offender_no,
                "missingAdjudications": ", ".join(str(n) for n in missing),
            },
        )
        return False


def fetch_ada_awards(
    prisoners: NomisPrisonersClient,
    nomis: NomisAdjudicationsClient,
    dps: AdjudicationsClient,
    mapping: AdjudicationsMappingClient,
    telemetry: Telemetry,
    page_size: int = 200,
    concurrency: int = 10,
) -> AdaAwards:
    """Compare every active prisoner's ADA awards; `concurrency` is the per-API cap.

    Raises:
        ApiError: the first read of the active prisoners' total failed (nothing to walk).
    """
    caps = {Side.NOMIS: InFlightCap(concurrency), Side.DPS: InFlightCap(concurrency)}
    mapping_cap = InFlightCap(concurrency)
    requests = _Requests()
    requests.add()
    total = caps[Side.NOMIS].call(partial(prisoners.get_active_prisoner_ids, 0, 1)).total_elements
    telemetry.track(f"{PREFIX}-requested", {"active-prisoners": total})
    errors: list[str] = []
    merge_check = MergeCheck(nomis, dps, mapping, telemetry, requests, caps, mapping_cap)

    def fetch_page(page: int) -> tuple[int, list[PrisonerId] | Exception]:
        requests.add()
        try:
            read = partial(prisoners.get_active_prisoner_ids, page, page_size)
            return page, caps[Side.NOMIS].call(read).content
        except Exception as error:  # reported as a page error; paging goes on
            return page, error

    def calls() -> Iterator[tuple[int, PrisonerId, Side]]:
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

    def read(call: tuple[int, PrisonerId, Side]) -> AdaAwardSummary | list[ReportedAdjudication]:
        _, prisoner, side = call
        cap = caps[side]
        if side is Side.NOMIS:
            held = partial(cap.call, partial(nomis.ada_summary, prisoner.booking_id))
            return attempts(held, requests)
        charges = partial(cap.call, partial(dps.all_by_booking, prisoner.booking_id))
        return attempts(charges, requests, "dps")

    mismatches: list[AdaMismatch] = []
    checked = merges_checked = 0
    halves: dict[int, tuple[Side, object]] = {}
    for (row, prisoner, side), outcome in sliding_window(calls(), read, 2 * concurrency):
        first = halves.pop(row, None)
        if first is None:
            halves[row] = (side, outcome)
            continue
        by_side = {side: outcome, first[0]: first[1]}
        summary, charges = by_side[Side.NOMIS], by_side[Side.DPS]
        ids = {"offenderNo": prisoner.offender_no, "bookingId": prisoner.booking_id}
        if isinstance(summary, Exception) or isinstance(charges, Exception):
            failure = summary if isinstance(summary, Exception) else charges
            telemetry.track(f"{PREFIX}-mismatch-error", ids)
            errors.append(f"{prisoner.offender_no}/{prisoner.booking_id}: {failure}")
            continue
        assert isinstance(summary, AdaAwardSummary) and isinstance(charges, list)
        nomis_side, dps_side = nomis_summary(summary), ada_summary(charges)
        if nomis_side != dps_side:
            merges_checked += 1
            try:
                if merge_check.agrees(prisoner, summary, charges):
                    checked += 1
                    continue
            except Exception as error:
                telemetry.track(f"{PREFIX}-mismatch-error", ids)
                errors.append(f"{prisoner.offender_no}/{prisoner.booking_id}: {error}")
                continue
            mismatches.append(
                AdaMismatch(
                    offender_no=prisoner.offender_no,
                    booking_id=prisoner.booking_id,
                    nomis_count=nomis_side[0],
                    dps_count=dps_side[0],
                    nomis_days=nomis_side[1],
                    dps_days=dps_side[1],
                )
            )
        checked += 1
    return AdaAwards(
        mismatches,
        active_prisoners=total,
        checked=checked,
        errors=errors,
        requests=requests.count,
        requests_per_api=dict(requests.by_api),
        merges_checked=merges_checked,
        peak_in_flight={s.value: cap.peak for s, cap in caps.items()},
    )
