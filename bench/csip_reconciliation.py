"""Benchmark: the CSIP reconciliation over the active prisoners of an estate of N prisoners.

The sandbox runs in its own process on 127.0.0.1 and delays every NOMIS and DPS CSIP request by
L on average (lognormal spread `--sigma`, 0 = constant); at most C requests are in flight per
API. The sandbox seeds a CSIP report for one prisoner in eight (about 10,600 reports for 85,000
prisoners), plus four planted mismatches.

The bound is what the APIs allow: each API serves at most C requests per L and the two work
side by side, so no algorithm finishes before max(requests to one API) x L / C. Each active
prisoner costs one request to each API (whether or not they have a report); NOMIS also serves
the count and the pages of active prisoners.

    .venv/bin/python -m bench.csip_reconciliation --prisoners 85000 --latency-ms 400
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
from bench.domains import smoke_failures
from dagster_project.domains.csip.dps import CsipClient
from dagster_project.domains.csip.nomis import NomisCsipClient
from dagster_project.domains.csip.reconcile import fetch_mismatches
from dagster_project.domains.shared_clients import NomisPrisonersClient
from dagster_project.sandbox.domains.csip.seed import PLANTED_CSIP_MISMATCHES
from dagster_project.telemetry import Telemetry
from resources.store import SyncStore, engine_for

# Smoke: the three seed prisons of 20 prisoners (57 active: the last of each is released),
# page size 20 as the old service.
SMOKE = {"prisoners": 60, "latency_ms": 20, "concurrency": 8, "page_size": 20}
# ...each active prisoner read once from each API, plus the count and three pages from NOMIS,
# and exactly the four planted prisoners found
SMOKE_EXPECTED = {
    "active_prisoners": 57,
    "prisoners_checked": 57,
    "mismatches": 4,
    "mismatched_prisoners": sorted(p.offender_no for p in PLANTED_CSIP_MISMATCHES),
    "errors": 0,
    "requests_per_api": {"nomis": 1 + 3 + 57, "dps": 57},
}


def national_args(prisoners: int) -> list[str]:
    """Per prisoner: the active prisoners of an estate of `prisoners`."""
    return ["--prisoners", str(prisoners)]


def run(
    prisoners: int, latency_ms: int, sigma: float, concurrency: int, page_size: int
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with Sandbox(workdir, *seed_shape(prisoners)) as sandbox:
            sandbox.set_latency(("nomis", "csip"), latency_ms, sigma)
            nomis_http = sandbox.client("nomis", "nomis-api")
            dps = CsipClient(sandbox.client("csip", "csip-api"))
            store = SyncStore(engine_for(f"sqlite:///{workdir / 'store.db'}"))
            telemetry = Telemetry(store, logging.getLogger("bench"))
            sandbox_cpu0, cpu0 = sandbox.cpu_seconds(), own_cpu_seconds()
            wall0 = time.perf_counter()
            fetched = fetch_mismatches(
                NomisPrisonersClient(nomis_http),
                NomisCsipClient(nomis_http),
                dps,
                telemetry,
                page_size,
                concurrency,
            )
            wall = time.perf_counter() - wall0
            cpu, sandbox_cpu = own_cpu_seconds() - cpu0, sandbox.cpu_seconds() - sandbox_cpu0
    busiest = max(fetched.requests.values())
    bound = busiest * latency_ms / 1000 / concurrency
    return {
        "estate": f"{prisoners} prisoners",
        "checked": f"{fetched.checked} prisoners",
        "prisoners": prisoners,
        "active_prisoners": fetched.active_prisoners,
        "prisoners_checked": fetched.checked,
        "mismatches": len(fetched.mismatches),
        "mismatched_prisoners": sorted(p.offender_no for p, _ in fetched.mismatches),
        "errors": len(fetched.errors),
        "requests": sum(fetched.requests.values()),
        "requests_per_api": fetched.requests,
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
        "peak_rss_mb": peak_rss_mb(),
        "prisoners_per_s": round(fetched.checked / wall, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prisoners", type=int, default=20_000, help="85000: national scale")
    parser.add_argument("--latency-ms", type=int, default=400, help="mean latency L per request")
    parser.add_argument("--sigma", type=float, default=0.5, help="lognormal spread of L (0=fixed)")
    parser.add_argument("--concurrency", type=int, default=40, help="cap C in flight per API")
    parser.add_argument("--page-size", type=int, default=200)
    parser.add_argument("--smoke", action="store_true", help="tiny run for CI")
    args = parser.parse_args(argv)
    if args.smoke:
        args.prisoners, args.latency_ms = SMOKE["prisoners"], SMOKE["latency_ms"]
        args.concurrency, args.page_size = SMOKE["concurrency"], SMOKE["page_size"]
    result = run(args.prisoners, args.latency_ms, args.sigma, args.concurrency, args.page_size)
    print(json.dumps(result, indent=2))
    failures = smoke_failures(SMOKE_EXPECTED, result) if args.smoke else []
    if failures:
        raise SystemExit("smoke result differs: " + "; ".join(failures))


if __name__ == "__main__":
    main()
