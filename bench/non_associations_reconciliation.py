"""Benchmark: the non-associations reconciliation over the pairs of an estate of N prisoners.

The sandbox runs in its own process on 127.0.0.1 and delays every NOMIS and DPS
non-associations request by L on average (lognormal spread `--sigma`, 0 = constant); at most C
requests are in flight per API. The sandbox seeds one pair per four prisoners in every prison
(about 21,000 pairs for 85,000 prisoners), some with an older closed record, plus five planted
mismatches.

The bound is what the APIs allow: each API serves at most C requests per L and the two work
side by side, so no algorithm finishes before max(requests to one API) x L / C. Each pair costs
one request to each API; the page reads of both passes are counted too.

    .venv/bin/python -m bench.non_associations_reconciliation --prisoners 85000 --latency-ms 400
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import Sandbox, own_cpu_seconds, peak_rss_mb, seed_shape
from bench.domains import smoke_failures
from dagster_project.domains.non_associations.dps import NonAssociationsClient
from dagster_project.domains.non_associations.fetch import PairReconciler
from dagster_project.domains.non_associations.nomis import NomisNonAssociationsClient
from dagster_project.telemetry import Telemetry
from resources.store import SyncStore, engine_for

# Smoke: the three seed prisons of 20 prisoners: 15 regular pairs and the five planted ones.
SMOKE = {"prisoners": 60, "latency_ms": 20, "concurrency": 8}
# ...where 5 regular pairs per prison and 4 of the 5 planted pairs are in NOMIS: each pair read
# once from each API, plus the count and one page on each side, and the 5 planted found
SMOKE_EXPECTED = {
    "pairs": 19,
    "mismatches": 5,
    "errors": 0,
    "requests_per_api": {"nomis": 1 + 1 + 19, "dps": 19 + 1 + 1},
}


def national_args(prisoners: int) -> list[str]:
    """Per prisoner: the pairs of an estate of `prisoners`."""
    return ["--prisoners", str(prisoners)]


def run(
    prisoners: int, latency_ms: int, sigma: float, concurrency: int, page_size: int
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with Sandbox(workdir, *seed_shape(prisoners)) as sandbox:
            sandbox.set_latency(("nomis", "non-associations"), latency_ms, sigma)
            nomis = NomisNonAssociationsClient(sandbox.client("nomis", "nomis-api"))
            dps = NonAssociationsClient(sandbox.client("non-associations", "non-associations-api"))
            store = SyncStore(engine_for(f"sqlite:///{workdir / 'store.db'}"))
            telemetry = Telemetry(store, logging.getLogger("bench"))
            sandbox_cpu0, cpu0 = sandbox.cpu_seconds(), own_cpu_seconds()
            wall0 = time.perf_counter()
            fetched = PairReconciler(
                nomis, dps, telemetry, dt.date.today(), page_size, concurrency
            ).run()
            wall = time.perf_counter() - wall0
            cpu, sandbox_cpu = own_cpu_seconds() - cpu0, sandbox.cpu_seconds() - sandbox_cpu0
    busiest = max(fetched.requests.values())
    bound = busiest * latency_ms / 1000 / concurrency
    return {
        "estate": f"{prisoners} prisoners",
        "checked": f"{fetched.pairs_checked} pairs",
        "prisoners": prisoners,
        "pairs": fetched.pairs_checked,
        "nomis_details": fetched.nomis_details,
        "dps_non_associations": fetched.dps_total,
        "mismatches": len(fetched.mismatches),
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
        "pairs_per_s": round(fetched.pairs_checked / wall, 1),
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
        args.concurrency = SMOKE["concurrency"]
    result = run(args.prisoners, args.latency_ms, args.sigma, args.concurrency, args.page_size)
    print(json.dumps(result, indent=2))
    failures = smoke_failures(SMOKE_EXPECTED, result) if args.smoke else []
    if failures:
        raise SystemExit("smoke result differs: " + "; ".join(failures))


if __name__ == "__main__":
    main()
