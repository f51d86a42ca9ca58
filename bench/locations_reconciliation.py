"""Benchmark: the locations reconciliation over every location of P prisons.

The sandbox runs in its own process on 127.0.0.1 with one cell per prisoner (ten to a landing,
three landings to a wing, three rooms per prison: about 1.13 locations per prisoner) and
delays every NOMIS, mapping and DPS locations request by L on average (lognormal spread
`--sigma`, 0 = constant); each API may have at most C requests in flight.

The bound is what the APIs allow: each API serves at most C requests per L and the three work
side by side, so no algorithm that makes these requests can finish before
max(requests to one API) x L / C. NOMIS has no bulk read of location details, so NOMIS and the
mapping service each take one request per location; DPS takes one per 200.

    .venv/bin/python -m bench.locations_reconciliation --prisons 120 --prisoners-per-prison 710
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import Sandbox, own_cpu_seconds, peak_rss_mb
from bench.domains import NATIONAL_PRISONS, smoke_failures
from dagster_project.domains.locations.compare import diff_locations
from dagster_project.domains.locations.dps import LocationsClient
from dagster_project.domains.locations.fetch import fetch_locations
from dagster_project.domains.locations.mapping import LocationMappingClient
from dagster_project.domains.locations.nomis import NomisLocationsClient
from dagster_project.telemetry import Telemetry
from resources.store import SyncStore, engine_for

NATIONAL_PER_PRISON = 710  # 120 x 710 = 85,200 prisoners, about 97,000 locations
# Smoke: the three seed prisons of 40 cells (147 locations, one DPS-only), six planted mismatches
SMOKE = {"prisons": 3, "per_prison": 10, "latency_ms": 20, "concurrency": 8}
# ...where three prisons of 49 locations, the ZZGHI one and the DPS-only cell: every NOMIS
# location read once (after the count and one page of ids), DPS in one page, six planted found
SMOKE_EXPECTED = {
    "locations_nomis": 148,
    "locations_dps": 148,
    "mismatches": 6,
    "errors": 0,
    "requests_per_api": {"nomis": 1 + 1 + 148, "dps": 1 + 1, "mapping": 148},
}


def national_args(prisoners: int) -> list[str]:
    """Per prison: NATIONAL_PRISONS prisons holding `prisoners` between them."""
    per_prison = -(-prisoners // NATIONAL_PRISONS)
    return ["--prisons", str(NATIONAL_PRISONS), "--prisoners-per-prison", str(per_prison)]


def run(
    prisons: int, per_prison: int, latency_ms: int, sigma: float, concurrency: int, page_size: int
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with Sandbox(workdir, prisons, per_prison) as sandbox:
            sandbox.set_latency(("nomis", "mapping", "locations"), latency_ms, sigma)
            nomis = NomisLocationsClient(sandbox.client("nomis", "nomis-api"))
            mapping = LocationMappingClient(sandbox.client("mapping-api", "mapping-api"))
            dps = LocationsClient(sandbox.client("locations", "locations-api"))
            store = SyncStore(engine_for(f"sqlite:///{workdir / 'store.db'}"))
            telemetry = Telemetry(store, logging.getLogger("bench"))
            sandbox_cpu0, cpu0 = sandbox.cpu_seconds(), own_cpu_seconds()
            wall0 = time.perf_counter()
            fetched = fetch_locations(nomis, mapping, dps, telemetry, page_size, concurrency)
            mismatches = diff_locations(fetched)
            wall = time.perf_counter() - wall0
            cpu, sandbox_cpu = own_cpu_seconds() - cpu0, sandbox.cpu_seconds() - sandbox_cpu0
            rss = peak_rss_mb()
    busiest = max(fetched.requests_by_api.values())
    bound = busiest * latency_ms / 1000 / concurrency
    locations = len(fetched.nomis) + fetched.invalid_prison
    return {
        "estate": f"{prisons} prisons x {per_prison} prisoners",
        "checked": f"{locations} locations",
        "prisons": prisons,
        "prisoners_per_prison": per_prison,
        "locations_nomis": fetched.nomis_total,
        "locations_dps": fetched.dps_total,
        "locations_checked": locations,
        "mismatches": len(mismatches),
        "mismatch_kinds": {k: int(v) for k, v in mismatches["kind"].value_counts().items()},
        "errors": len(fetched.errors),
        "requests": fetched.requests,
        "requests_per_api": fetched.requests_by_api,
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
        "peak_rss_mb": rss,
        "locations_per_s": round(locations / wall, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prisons", type=int, default=NATIONAL_PRISONS, help="3..203")
    parser.add_argument(
        "--prisoners-per-prison", type=int, default=NATIONAL_PER_PRISON, help="10..999"
    )
    parser.add_argument("--latency-ms", type=int, default=100, help="mean latency L per request")
    parser.add_argument("--sigma", type=float, default=0.5, help="lognormal spread of L (0=fixed)")
    parser.add_argument("--concurrency", type=int, default=40, help="cap C in flight per API")
    parser.add_argument("--page-size", type=int, default=200)
    parser.add_argument("--smoke", action="store_true", help="tiny run for CI")
    args = parser.parse_args(argv)
    if args.smoke:
        args.prisons, args.prisoners_per_prison = SMOKE["prisons"], SMOKE["per_prison"]
        args.latency_ms, args.concurrency = SMOKE["latency_ms"], SMOKE["concurrency"]
    result = run(
        args.prisons,
        args.prisoners_per_prison,
        args.latency_ms,
        args.sigma,
        args.concurrency,
        args.page_size,
    )
    print(json.dumps(result, indent=2))
    failures = smoke_failures(SMOKE_EXPECTED, result) if args.smoke else []
    if failures:
        raise SystemExit("smoke result differs: " + "; ".join(failures))


if __name__ == "__main__":
    main()
