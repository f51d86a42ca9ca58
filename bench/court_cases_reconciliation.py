"""Benchmark: the court case reconciliation (weekly: every prisoner) over an estate of N prisoners.

The sandbox runs in its own process on 127.0.0.1 and delays every NOMIS, mapping and DPS
Remand and Sentencing request by L on average (lognormal spread `--sigma`, 0 = constant); at
most C requests are in flight per API. The sandbox seeds a court case (one appearance, charge,
sentence and term) for one prisoner in eight, plus four planted mismatches.

The bound is what the APIs allow: each API serves at most C requests per L and the three work
side by side, so no algorithm finishes before max(requests to one API) x L / C. Each prisoner
costs one request to NOMIS and one to DPS (their case ids); a prisoner with cases on both sides
one mapping look-up, then one NOMIS and one DPS read per case. NOMIS also serves the pages of
latest bookings. `--active` checks only active prisoners (the daily reconciliation).

    .venv/bin/python -m bench.court_cases_reconciliation --prisoners 85000 --latency-ms 400
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bench.common import Sandbox, measure_walk
from bench.domains import smoke_failures
from dagster_project.domains.court_sentencing.dps import CourtSentencingClient
from dagster_project.domains.court_sentencing.mapping import CourtSentencingMappingClient
from dagster_project.domains.court_sentencing.nomis import NomisCourtSentencingClient
from dagster_project.domains.court_sentencing.reconcile import (
    ACTIVE_PREFIX,
    FULL_PREFIX,
    Checked,
    Clients,
    check_all,
)
from dagster_project.reconciliation.window import InFlightCap
from dagster_project.sandbox.domains.court_sentencing.seed import PLANTED_COURT_CASE_MISMATCHES
from dagster_project.telemetry import Telemetry

# Smoke: the three seed prisons of 20 prisoners (57 active: the last of each is released),
# page size 10 as the old service; 9 seeded cases and 2 planted cases compared case by case.
SMOKE = {"prisoners": 60, "latency_ms": 20, "concurrency": 8, "page_size": 10}
PLANTED = sorted(p.offender_no for p in PLANTED_COURT_CASE_MISMATCHES)
SMOKE_EXPECTED = {
    "prisoners_checked": 60,
    "mismatches": 4,
    "mismatched_prisoners": PLANTED,
    "errors": 0,
    # 7 pages of latest bookings, every prisoner's ids, 11 cases read from each side
    "requests_per_api": {"nomis": 7 + 60 + 11, "mapping": 11, "dps": 60 + 11},
}
SMOKE_EXPECTED_ACTIVE = {
    **SMOKE_EXPECTED,
    "prisoners_checked": 57,
    "requests_per_api": {"nomis": 6 + 57 + 11, "mapping": 11, "dps": 57 + 11},
}


def national_args(prisoners: int) -> list[str]:
    """Per prisoner: an estate of `prisoners`."""
    return ["--prisoners", str(prisoners)]


def run(
    prisoners: int, latency_ms: int, sigma: float, concurrency: int, page_size: int, active: bool
) -> dict[str, Any]:
    def walk(sandbox: Sandbox, telemetry: Telemetry) -> Checked:
        clients = Clients(
            NomisCourtSentencingClient(sandbox.client("nomis", "nomis-api")),
            CourtSentencingMappingClient(sandbox.client("mapping-api", "mapping-api")),
            CourtSentencingClient(sandbox.client("court-sentencing", "court-sentencing-api")),
            {api: InFlightCap(concurrency) for api in ("nomis", "mapping", "dps")},
        )
        prefix = ACTIVE_PREFIX if active else FULL_PREFIX
        return check_all(clients, telemetry, prefix, active, page_size, concurrency)

    services = ("nomis", "mapping", "court-sentencing")
    measured = measure_walk(prisoners, dict.fromkeys(services, latency_ms), sigma, walk)
    checked = measured.result
    busiest = max(checked.requests.values())
    bound = busiest * latency_ms / 1000 / concurrency
    return {
        "estate": f"{prisoners} prisoners",
        "checked": f"{checked.checked} prisoners" + (" (active)" if active else ""),
        "prisoners": prisoners,
        "prisoners_checked": checked.checked,
        "mismatches": len(checked.mismatches),
        "mismatched_prisoners": sorted({m.offender_no for m in checked.mismatches}),
        "errors": len(checked.errors),
        "requests": sum(checked.requests.values()),
        "requests_per_api": checked.requests,
        "peak_in_flight": checked.peak_in_flight,
        "latency_ms": latency_ms,
        "sigma": sigma,
        "concurrency": concurrency,
        "page_size": page_size,
        **measured.timings(bound),
        "prisoners_per_s": round(checked.checked / measured.wall_s, 1),
    }


def main(argv: list[str] | None = None, active: bool = False) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--prisoners", type=int, default=20_000, help="85000: national scale")
    parser.add_argument("--latency-ms", type=int, default=400, help="mean latency L per request")
    parser.add_argument("--sigma", type=float, default=0.5, help="lognormal spread of L (0=fixed)")
    parser.add_argument("--concurrency", type=int, default=40, help="cap C in flight per API")
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--active", action="store_true", default=active, help="active only")
    parser.add_argument("--smoke", action="store_true", help="tiny run for CI")
    args = parser.parse_args(argv)
    if args.smoke:
        args.prisoners, args.latency_ms = SMOKE["prisoners"], SMOKE["latency_ms"]
        args.concurrency, args.page_size = SMOKE["concurrency"], SMOKE["page_size"]
    result = run(
        args.prisoners, args.latency_ms, args.sigma, args.concurrency, args.page_size, args.active
    )
    print(json.dumps(result, indent=2))
    expected = SMOKE_EXPECTED_ACTIVE if args.active else SMOKE_EXPECTED
    failures = smoke_failures(expected, result) if args.smoke else []
    if failures:
        raise SystemExit("smoke result differs: " + "; ".join(failures))


if __name__ == "__main__":
    main()
