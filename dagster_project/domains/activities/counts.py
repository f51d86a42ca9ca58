"""Per-prison activity counts (allocations, suspended allocations, paid attendances) compared.

Prisons come from NOMIS's ACTIVITY agency switch; prisons are checked in a sliding window, each
prison's NOMIS and DPS count calls side by side with at most `concurrency` requests in flight per
API; a prison that fails is recorded as an error and the rest are still checked.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial

import pandas as pd

from dagster_project.domains.activities.dps import ActivitiesClient
from dagster_project.domains.activities.kinds import CountKind
from dagster_project.domains.activities.nomis import NomisActivitiesClient
from dagster_project.reconciliation.diffing import counts_frame, diff_counts
from dagster_project.reconciliation.window import InFlightCap, sliding_window
from dagster_project.telemetry import Telemetry

DETAILS_NOT_FOUND = "Details not found in NOMIS"
MISMATCH_COLUMNS = [
    "prison_id",
    "booking_id",
    "offender_no",
    "location",
    "nomis_count",
    "dps_count",
    "kind",
]


@dataclass
class ActivityCounts:
    mismatches: pd.DataFrame
    prisons_checked: int = 0
    bookings_checked: int = 0
    ignored_elsewhere: int = 0
    errors: list[str] = field(default_factory=list)


def _dims(kind: CountKind, date: dt.date | None, **values: object) -> dict[str, object]:
    return {**values, **({"date": date.isoformat()} if date else {})}


class ActivityReconciler:
    """Runs one kind of activity reconciliation across the ACTIVITY-switched prisons."""

    def __init__(
        self,
        nomis: NomisActivitiesClient,
        dps: ActivitiesClient,
        telemetry: Telemetry,
        kind: CountKind,
        date: dt.date | None = None,
        concurrency: int = 4,
    ) -> None:
        self._nomis, self._dps, self._telemetry = nomis, dps, telemetry
        self._kind, self._date, self._concurrency = kind, date, concurrency
        self._prefix = f"activity-{kind.value}-reconciliation-report"
        self._nomis_cap, self._dps_cap = InFlightCap(concurrency), InFlightCap(concurrency)
        # runs each prison's DPS call while its worker makes the NOMIS one
        self._dps_calls: ThreadPoolExecutor | None = None

    def run(self) -> ActivityCounts:
        try:
            prisons = sorted(agency.agency_id for agency in self._nomis.activity_prisons())
        except Exception:
            self._telemetry.track(f"{self._prefix}-error", _dims(self._kind, self._date))
            raise
        self._telemetry.track(
            f"{self._prefix}-requested", _dims(self._kind, self._date, prisons=prisons)
        )
        result = ActivityCounts(pd.DataFrame(columns=MISMATCH_COLUMNS))
        frames: list[pd.DataFrame] = []
        with ThreadPoolExecutor(max_workers=self._concurrency) as self._dps_calls:
            for prison, outcome in sliding_window(prisons, self._check_prison, self._concurrency):
                if isinstance(outcome, Exception):
                    result.errors.append(f"{prison}: {outcome}")
                    self._telemetry.track(
                        f"{self._prefix}-error", _dims(self._kind, self._date, prison=prison)
                    )
                    continue
                mismatches, checked, ignored = outcome
                result.prisons_checked += 1
                result.bookings_checked += checked
                result.ignored_elsewhere += ignored
                self._report(prison, mismatches)
                frames.append(mismatches)
        if frames:
            result.mismatches = (
                pd.concat(frames, ignore_index=True)
                .sort_values(["prison_id", "booking_id"])
                .reset_index(drop=True)
            )
        return result

    def _counts(self, prison: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        assert self._dps_calls is not None
        if self._kind is CountKind.ATTENDANCE:
            assert self._date is not None
            nomis_call = partial(self._nomis.attendance_counts, prison, self._date)
            dps_call = partial(self._dps.attendance_counts, prison, self._date)
        else:
            suspended = self._kind is CountKind.SUSPENDED_ALLOCATION
            nomis_call = partial(self._nomis.allocation_counts, prison, suspended)
            dps_call = partial(self._dps.allocation_counts, prison, suspended)
        dps_future = self._dps_calls.submit(self._dps_cap.call, dps_call)
        nomis = self._nomis_cap.call(nomis_call)
        dps = dps_future.result()
        return (
            counts_frame((b.booking_id, b.count) for b in nomis.bookings),
            counts_frame((b.booking_id, b.count) for b in dps.bookings),
        )

    def _check_prison(self, prison: str) -> tuple[pd.DataFrame, int, int]:
        nomis, dps = self._counts(prison)
        diff = diff_counts(nomis, dps)
        checked = len(set(nomis["booking_id"]) | set(dps["booking_id"]))
        if diff.empty:
            return (
                diff.assign(prison_id=prison, offender_no="", location="")[MISMATCH_COLUMNS],
                checked,
                0,
            )
        details = {
            d.booking_id: d
            for d in self._nomis_cap.call(
                partial(self._nomis.booking_details, [int(b) for b in diff["booking_id"]])
            )
        }
        diff["prison_id"] = prison
        diff["offender_no"] = [
            details[b].offender_no if b in details else DETAILS_NOT_FOUND
            for b in diff["booking_id"]
        ]
        diff["location"] = [
            (details[b].location or "") if b in details else prison for b in diff["booking_id"]
        ]
        elsewhere = diff["location"] != prison
        ignored = int(elsewhere.sum()) if self._kind.ignores_prisoners_elsewhere else 0
        if self._kind.ignores_prisoners_elsewhere:
            diff = diff[~elsewhere]
        return diff[MISMATCH_COLUMNS].reset_index(drop=True), checked, ignored

    def _report(self, prison: str, mismatches: pd.DataFrame) -> None:
        if mismatches.empty:
            self._telemetry.track(
                f"{self._prefix}-success", _dims(self._kind, self._date, prison=prison)
            )
            return
        for row in mismatches.itertuples(index=False):
            self._telemetry.track(
                f"{self._prefix}-failed",
                _dims(
                    self._kind,
                    self._date,
                    prison=prison,
                    type=row.kind,
                    bookingId=row.booking_id,
                    offenderNo=row.offender_no,
                    location=row.location,
                ),
            )
