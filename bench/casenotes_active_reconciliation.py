"""Benchmark: the case notes reconciliation over the active prisoners of an estate of N.

The sandbox runs in its own process on 127.0.0.1 and delays every NOMIS, mapping and DPS case
notes request by L on average (lognormal spread `--sigma`, 0 = constant); at most C requests
are in flight per API. The sandbox seeds a few synced notes and three planted prisoners (two
active, one released: only `--all` sees it).

The bound is what the APIs allow: each API serves at most C requests per L and the three work
side by side, so no algorithm finishes before max(requests to one API) x L / C. Each prisoner
costs one read of each API (NOMIS also pages the population); a prisoner whose counts differ is
read again after `--retry-delay-s` (the production 5 s).

    .venv/bin/python -m bench.casenotes_active_reconciliation --prisoners 85000 --latency-ms 400
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
from dagster_project.domains.casenotes import prisoner
from dagster_project.domains.casenotes.dps import CaseNotesClient
from dagster_project.domains.casenotes.mapping import CaseNoteMappingClient
from dagster_project.domains.casenotes.nomis import NomisAllPrisonersClient, NomisCaseNotesClient
from dagster_project.domains.casenotes.prisoner import PrisonerReader
from dagster_project.domains.casenotes.reconcile import (
    active_prisoners,
    all_prisoners,
    check_prisoners,
)
from dagster_project.domains.shared_clients import NomisPrisonersClient
from dagster_project.reconciliation.window import InFlightCap
from dagster_project.telemetry import Telemetry
from resources.store import SyncStore, engine_for

# Smoke: the three seed prisons of 20 prisoners (57 active), the planted prisoners among them.
SMOKE = {"prisoners": 60, "latency_ms": 20, "concurrency": 8}
# a content mismatch is read once; the duplicate prisoner's counts differ, so read twice; NOMIS
# also answers the count and one page of prisoners
SMOKE_EXPECTED = {
    "active": {
        "checked_prisoners": 57,
        "mismatches": 2,
        "errors": 0,
        "requests_per_api": {"nomis": 1 + 1 + 57 + 1, "mapping": 57 + 1, "dps": 57 + 1},
    },
    "all": {
        "checked_prisoners": 60,
        "mismatches": 3,
        "errors": 0,
        "requests_per_api": {"nomis": 1 + 1 + 60 + 1, "mapping": 60 + 1, "dps": 60 + 1},
    },
}


def national_args(prisoners: int) -> list[str]:
    """Per prisoner: the active prisoners of an estate of `prisoners`."""
    return ["--prisoners", str(prisoners)]


def run(
    prisoners: int,
    latency_ms: int,
    sigma: float,
    concurrency: int,
    page_size: int,
    every_prisoner: bool = False,
    retry_delay_s: float = prisoner.RETRY_DELAY_SECONDS,
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with Sandbox(workdir, *seed_shape(prisoners)) as sandbox:
            sandbox.set_latency(("nomis", "mapping", "casenotes"), latency_ms, sigma)
            nomis_http = sandbox.client("nomis", "nomis-api")
            caps = {name: InFlightCap(concurrency) for name in ("nomis", "mapping", "dps")}
            reader = PrisonerReader(
                CaseNoteMappingClient(sandbox.client("mapping-api", "mapping-api")),
                CaseNotesClient(sandbox.client("casenotes", "casenotes-api")),
                NomisCaseNotesClient(nomis_http),
                retry_delay=retry_delay_s,
                mapping_cap=caps["mapping"],
                dps_cap=caps["dps"],
                nomis_cap=caps["nomis"],
            )
            store = SyncStore(engine_for(f"sqlite:///{workdir / 'store.db'}"))
            telemetry = Telemetry(store, logging.getLogger("bench"))
            sandbox_cpu0, cpu0 = sandbox.cpu_seconds(), own_cpu_seconds()
            wall0 = time.perf_counter()
            if every_prisoner:
                population = all_prisoners(
                    NomisAllPrisonersClient(nomis_http), caps["nomis"], telemetry, page_size
                )
            else:
                population = active_prisoners(
                    NomisPrisonersClient(nomis_http), caps["nomis"], telemetry, page_size
                )
            checked = check_prisoners(population, reader, caps, telemetry, concurrency)
            wall = time.perf_counter() - wall0
            cpu, sandbox_cpu = own_cpu_seconds() - cpu0, sandbox.cpu_seconds() - sandbox_cpu0
    busiest = max(checked.requests.values())
    bound = busiest * latency_ms / 1000 / concurrency
    return {
        "estate": f"{prisoners} prisoners",
        "checked": f"{checked.checked} prisoners",
        "checked_prisoners": checked.checked,
        "nomis_prisoners": population.total,
        "mismatches": len(checked.mismatches),
        "errors": len(checked.errors),
        "requests": sum(checked.requests.values()),
        "requests_per_api": dict(checked.requests),
        "peak_in_flight": checked.peak_in_flight,
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
        "prisoners_per_s": round(checked.checked / wall, 1),
    }


def main(argv: list[str] | None = None, every_prisoner: bool = False) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--prisoners", type=int, default=20_000, help="85000: national scale")
    parser.add_argument("--latency-ms", type=int, default=400, help="mean latency L per request")
    parser.add_argument("--sigma", type=float, default=0.5, help="lognormal spread of L (0=fixed)")
    parser.add_argument("--concurrency", type=int, default=40, help="cap C in flight per API")
    parser.add_argument("--page-size", type=int, default=200)
    parser.add_argument(
        "--retry-delay-s",
        type=float,
        default=prisoner.RETRY_DELAY_SECONDS,
        help="wait before reading a prisoner whose counts differ again",
    )
    parser.add_argument("--smoke", action="store_true", help="tiny run for CI")
    args = parser.parse_args(argv)
    if args.smoke:
        args.prisoners, args.latency_ms = SMOKE["prisoners"], SMOKE["latency_ms"]
        args.concurrency, args.retry_delay_s = SMOKE["concurrency"], 0.0
    result = run(
        args.prisoners,
        args.latency_ms,
        args.sigma,
        args.concurrency,
        args.page_size,
        every_prisoner=every_prisoner,
        retry_delay_s=args.retry_delay_s,
    )
    print(json.dumps(result, indent=2))
    expected = SMOKE_EXPECTED["all" if every_prisoner else "active"]
    failures = smoke_failures(expected, result) if args.smoke else []
    if failures:
        raise SystemExit("smoke result differs: " + "; ".join(failures))


if __name__ == "__main__":
    main()
