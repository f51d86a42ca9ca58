"""Benchmark: the sentencing adjustments reconciliation over N latest bookings.

The sandbox runs in its own process on 127.0.0.1 (`bench.common.Sandbox`), seeded with the
prisons holding N prisoners (released ones included: the reconciliation walks every latest
booking); the planted adjustment mismatches are in BXI. Every NOMIS request waits L_nomis on
average and every DPS adjustments request L_dps (lognormal spread `--sigma`, 0 = constant; both
default to `--latency-ms`); at most C requests are in flight per API. Pages of `--page-size`
bookings are read one ahead by keyset; each booking's NOMIS and DPS reads go out side by side.

The bound is what the APIs allow: each API serves at most C requests per its L and the two work
side by side, so nothing can finish before max(NOMIS requests x L_nomis, DPS requests x L_dps)
/ C; efficiency = bound / wall. Peak RSS is this process's (the reconciliation's) peak.

    .venv/bin/python -m bench.sentencing_adjustments_reconciliation --prisoners 85000
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from bench.common import Sandbox, measure_walk
from bench.domains import nomis_dps_main
from dagster_project.domains.sentencing.counts import diff_buckets
from dagster_project.domains.sentencing.dps import AdjustmentsClient
from dagster_project.domains.sentencing.fetch import AdjustmentCounts, fetch_adjustment_counts
from dagster_project.domains.sentencing.nomis import NomisAdjustmentsClient, NomisBookingsClient
from dagster_project.telemetry import Telemetry

# Smoke: the three seed prisons of 20 (60 latest bookings, 3 released), 3 planted mismatches.
SMOKE = {"prisoners": 60, "latency_ms": 20, "concurrency": 8, "page_size": 20}
# ...where the walk must see all 60 latest bookings in three full pages and the empty one that
# ends it, read each booking once from each API, and find the three planted bookings
SMOKE_EXPECTED = {
    "bookings": 60,
    "errors": 0,
    "mismatch_kinds": {"DPS_only": 1, "different_count": 2},
    "pages": 4,
    "requests_per_api": {"nomis": 4 + 60, "dps": 60},
}


def national_args(prisoners: int) -> list[str]:
    """Per prisoner: every latest booking of an estate of `prisoners`."""
    return ["--prisoners", str(prisoners)]


def run(
    prisoners: int,
    nomis_latency_ms: int,
    dps_latency_ms: int,
    sigma: float,
    concurrency: int,
    page_size: int,
) -> dict[str, Any]:
    def walk(sandbox: Sandbox, telemetry: Telemetry) -> tuple[AdjustmentCounts, pd.DataFrame]:
        nomis_http = sandbox.client("nomis", "nomis-api")
        fetched = fetch_adjustment_counts(
            NomisBookingsClient(nomis_http),
            NomisAdjustmentsClient(nomis_http),
            AdjustmentsClient(sandbox.client("adjustments", "sentence-adjustments-api")),
            telemetry,
            page_size=page_size,
            concurrency=concurrency,
        )
        return fetched, diff_buckets(fetched.counts)

    latency = {"nomis": nomis_latency_ms, "adjustments": dps_latency_ms}
    measured = measure_walk(prisoners, latency, sigma, walk)
    fetched, mismatches = measured.result
    bookings = len(fetched.counts)
    dps_requests = fetched.requests - fetched.pages - bookings  # retries would count here too
    nomis_requests = fetched.pages + bookings
    bound = (
        max(nomis_requests * nomis_latency_ms, dps_requests * dps_latency_ms) / 1000 / concurrency
    )
    return {
        "estate": f"{prisoners} prisoners",
        "checked": f"{bookings} latest bookings",
        "bookings": bookings,
        "bookings_listed": fetched.bookings_listed,
        "mismatches": len(mismatches),
        "mismatch_kinds": mismatches["kind"].value_counts().to_dict(),
        "errors": len(fetched.errors),
        "pages": fetched.pages,
        "requests": fetched.requests,
        "requests_per_api": {"nomis": nomis_requests, "dps": dps_requests},
        "peak_in_flight": fetched.peak_in_flight,
        "latency_ms": {"nomis": nomis_latency_ms, "dps": dps_latency_ms},
        "sigma": sigma,
        "concurrency": concurrency,
        "page_size": page_size,
        **measured.timings(bound),
        "bookings_per_s": round(bookings / measured.wall_s, 1),
    }


def main(argv: list[str] | None = None) -> None:
    nomis_dps_main(__doc__.splitlines()[0], "DPS adjustments", run, SMOKE, SMOKE_EXPECTED, argv)


if __name__ == "__main__":
    main()
