"""Benchmark: the core person (religions) reconciliation over every latest booking of N prisoners.

The sandbox runs in its own process on 127.0.0.1 (`bench.common.Sandbox`), seeded with the
prisons holding N prisoners; every prisoner's latest booking is walked, released prisoners too
(production's full reconciliation); the planted religion mismatches are in LEI. Every NOMIS
request waits L_nomis on average and every CPR request L_cpr (lognormal spread `--sigma`, 0 =
constant; both default to `--latency-ms`); at most C requests are in flight per API. Keyset
pages of `--page-size` bookings are read one ahead; each prisoner's NOMIS and CPR reads go out
side by side.

The bound is what the APIs allow: each API serves at most C requests per its L and the two work
side by side, so nothing can finish before max(NOMIS requests x L_nomis, CPR requests x L_cpr)
/ C; efficiency = bound / wall. Peak RSS is this process's (the reconciliation's) peak.

    .venv/bin/python -m bench.core_person_reconciliation --prisoners 85000
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.common import Sandbox, machine, own_cpu_seconds, peak_rss_mb, seed_shape
from bench.domains import nomis_dps_main
from dagster_project.domains.core_person.cpr import CorePersonClient
from dagster_project.domains.core_person.fetch import fetch_religions
from dagster_project.domains.core_person.nomis import NomisCorePersonClient
from dagster_project.sandbox.domains.core_person.seed import PLANTED_RELIGION_MISMATCHES
from dagster_project.telemetry import Telemetry
from resources.store import SyncStore, engine_for

# Smoke: the three seed prisons of 20 (60 latest bookings, released ones included), page 20.
SMOKE = {"prisoners": 60, "latency_ms": 20, "concurrency": 8, "page_size": 20}
# ...where the walk must read four pages (three full, then the empty one that ends it), each
# prisoner once from each API, and find exactly the three planted prisoners
SMOKE_EXPECTED = {
    "prisoners_checked": 60,
    "errors": 0,
    "mismatched_prisoners": sorted(PLANTED_RELIGION_MISMATCHES),
    "requests_per_api": {"nomis": 4 + 60, "cpr": 60},
}


def national_args(prisoners: int) -> list[str]:
    """Per prisoner: every latest booking of an estate of `prisoners`."""
    return ["--prisoners", str(prisoners)]


def set_latencies(sandbox: Sandbox, latency: dict[str, int], sigma: float) -> None:
    """Each service's requests wait its own mean latency (one rule set: a PUT replaces all)."""
    rules = [
        {"service": service, "latencyMs": ms, "latencySigma": sigma}
        for service, ms in latency.items()
    ]
    httpx.put(f"{sandbox.url}/sandbox/faults", json=rules, timeout=10).raise_for_status()


def run(
    prisoners: int,
    nomis_latency_ms: int,
    cpr_latency_ms: int,
    sigma: float,
    concurrency: int,
    page_size: int,
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with Sandbox(workdir, *seed_shape(prisoners)) as sandbox:
            set_latencies(
                sandbox, {"nomis": nomis_latency_ms, "core-person": cpr_latency_ms}, sigma
            )
            nomis_http = sandbox.client("nomis", "nomis-api")
            cpr_http = sandbox.client("core-person", "core-person-record-api")
            store = SyncStore(engine_for(f"sqlite:///{workdir / 'store.db'}"))
            telemetry = Telemetry(store, logging.getLogger("bench"))
            sandbox_cpu0, cpu0 = sandbox.cpu_seconds(), own_cpu_seconds()
            wall0 = time.perf_counter()
            fetched = fetch_religions(
                NomisCorePersonClient(nomis_http),
                CorePersonClient(cpr_http),
                telemetry,
                page_size=page_size,
                concurrency=concurrency,
            )
            wall = time.perf_counter() - wall0
            cpu, sandbox_cpu = own_cpu_seconds() - cpu0, sandbox.cpu_seconds() - sandbox_cpu0
            seed_s = sandbox.seed_seconds
    checked = fetched.checked
    cpr_requests = fetched.requests - fetched.pages - checked  # retries would count here too
    nomis_requests = fetched.pages + checked
    bound = (
        max(nomis_requests * nomis_latency_ms, cpr_requests * cpr_latency_ms) / 1000 / concurrency
    )
    return {
        "estate": f"{prisoners} prisoners",
        "checked": f"{checked} latest bookings",
        "prisoners_checked": checked,
        "mismatches": len(fetched.mismatches),
        "mismatched_prisoners": sorted(m.offender_no for m in fetched.mismatches),
        "errors": len(fetched.errors),
        "pages": fetched.pages,
        "requests": fetched.requests,
        "requests_per_api": {"nomis": nomis_requests, "cpr": cpr_requests},
        "peak_in_flight": fetched.peak_in_flight,
        "latency_ms": {"nomis": nomis_latency_ms, "cpr": cpr_latency_ms},
        "sigma": sigma,
        "concurrency": concurrency,
        "page_size": page_size,
        "seed_s": seed_s,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "sandbox_cpu_s": round(sandbox_cpu, 1),
        "bound_s": round(bound, 1),
        "efficiency": round(bound / wall, 2),
        "peak_rss_mb": peak_rss_mb(),
        "prisoners_per_s": round(checked / wall, 1),
        "machine": machine(),
    }


def main(argv: list[str] | None = None) -> None:
    nomis_dps_main(__doc__.splitlines()[0], "CPR", run, SMOKE, SMOKE_EXPECTED, argv)


if __name__ == "__main__":
    main()
