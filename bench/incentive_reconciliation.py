"""Benchmark: the incentive levels reconciliation over N prisoners, ours against the old one.

The sandbox runs in its own process on 127.0.0.1 and delays every NOMIS and DPS incentives
request by L on average (lognormal spread `--sigma`, 0 = constant); both algorithms may have at
most C requests in flight per API. Ours is measured first (its peak RSS is this process's peak
at that point), then the old algorithm on the first `--old-prisoners` of the same estate.

The bound is what the APIs allow: each API serves at most C requests per L, and the two APIs
work side by side, so no algorithm can finish before max(requests to one API) x L / C.

    .venv/bin/python -m bench.incentive_reconciliation --prisoners 20000 --latency-ms 400
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import Sandbox, own_cpu_seconds, peak_rss_mb, seed_shape
from bench.old_algorithm import old_reconciliation
from dagster_project.domains.incentives.dps import IncentivesClient
from dagster_project.domains.incentives.fetch import fetch_incentive_levels
from dagster_project.domains.incentives.nomis import NomisIncentivesClient
from dagster_project.domains.shared_clients import NomisPrisonersClient
from dagster_project.reconciliation.diffing import diff_levels
from dagster_project.telemetry import Telemetry
from resources.store import SyncStore, engine_for

# Smoke: the three seed prisons of 20 (57 active: 3 are released), five planted mismatches.
SMOKE = {"prisoners": 60, "latency_ms": 20, "concurrency": 8, "old_prisoners": 60}


def run(
    prisoners: int,
    latency_ms: int,
    sigma: float,
    concurrency: int,
    page_size: int,
    old_prisoners: int,
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with Sandbox(workdir, *seed_shape(prisoners)) as sandbox:
            sandbox.set_latency(("nomis", "incentives"), latency_ms, sigma)
            nomis_http = sandbox.client("nomis", "nomis-api")
            prisoners, nomis = NomisPrisonersClient(nomis_http), NomisIncentivesClient(nomis_http)
            dps = IncentivesClient(sandbox.client("incentives", "incentives-api"))
            store = SyncStore(engine_for(f"sqlite:///{workdir / 'store.db'}"))
            telemetry = Telemetry(store, logging.getLogger("bench"))
            sandbox_cpu0, cpu0 = sandbox.cpu_seconds(), own_cpu_seconds()
            wall0 = time.perf_counter()
            fetched = fetch_incentive_levels(
                prisoners, nomis, dps, telemetry, page_size, concurrency
            )
            mismatches = diff_levels(fetched.levels)
            wall = time.perf_counter() - wall0
            cpu, sandbox_cpu = own_cpu_seconds() - cpu0, sandbox.cpu_seconds() - sandbox_cpu0
            ours_rss = peak_rss_mb()
            old: dict[str, Any] | None = None
            if old_prisoners:
                old_wall0 = time.perf_counter()
                before = old_reconciliation(
                    prisoners, nomis, dps, concurrency, max_prisoners=old_prisoners
                )
                old_wall = time.perf_counter() - old_wall0
                old = {
                    "prisoners": before.prisoners,
                    "pages": before.pages,
                    "requests": before.requests,
                    "mismatches": len(before.mismatches),
                    "errors": before.errors,
                    "wall_s": round(old_wall, 1),
                    "prisoners_per_s": round(before.prisoners / old_wall, 1),
                }
    checked = len(fetched.levels)
    nomis_requests = fetched.requests - checked  # the count, the pages and one call per prisoner
    bound = max(nomis_requests, checked) * latency_ms / 1000 / concurrency
    result: dict[str, Any] = {
        "prisoners": checked,
        "mismatches": len(mismatches),
        "errors": len(fetched.errors),
        "requests": fetched.requests,
        "peak_in_flight": fetched.peak_in_flight,
        "latency_ms": latency_ms,
        "sigma": sigma,
        "concurrency": concurrency,
        "page_size": page_size,
        "seed_s": sandbox.seed_seconds,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "sandbox_cpu_s": round(sandbox_cpu, 1),
        "bound_s": round(bound, 1),
        "efficiency": round(bound / wall, 2),
        # the issue's (requests x L / C) / wall, counting both APIs' requests against one C
        "efficiency_all_requests": round(
            fetched.requests * latency_ms / 1000 / concurrency / wall, 2
        ),
        "peak_rss_mb": ours_rss,
        "prisoners_per_s": round(checked / wall, 1),
    }
    if old is not None:
        result["old"] = old
        result["speedup"] = round(result["prisoners_per_s"] / old["prisoners_per_s"], 2)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prisoners", type=int, default=20_000)
    parser.add_argument("--latency-ms", type=int, default=400, help="mean latency L per request")
    parser.add_argument("--sigma", type=float, default=0.5, help="lognormal spread of L (0=fixed)")
    parser.add_argument("--concurrency", type=int, default=40, help="cap C in flight per API")
    parser.add_argument("--page-size", type=int, default=200)
    parser.add_argument(
        "--old-prisoners",
        type=int,
        default=2_000,
        help="prisoners the old algorithm checks (its time is linear in pages); 0 = skip it",
    )
    parser.add_argument("--smoke", action="store_true", help="tiny run for CI")
    args = parser.parse_args(argv)
    if args.smoke:
        args.prisoners, args.latency_ms = SMOKE["prisoners"], SMOKE["latency_ms"]
        args.concurrency, args.old_prisoners = SMOKE["concurrency"], SMOKE["old_prisoners"]
    old_prisoners = min(args.old_prisoners, args.prisoners)
    result = run(
        args.prisoners, args.latency_ms, args.sigma, args.concurrency, args.page_size, old_prisoners
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
