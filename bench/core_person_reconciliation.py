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

from typing import Any

from bench.common import Sandbox, measure_walk
from bench.domains import nomis_dps_main
from dagster_project.domains.core_person.cpr import CorePersonClient
from dagster_project.domains.core_person.fetch import PrisonerReligions, fetch_religions
from dagster_project.domains.core_person.nomis import NomisCorePersonClient
from dagster_project.sandbox.domains.core_person.seed import PLANTED_RELIGION_MISMATCHES
from dagster_project.telemetry import Telemetry

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


def run(
    prisoners: int,
    nomis_latency_ms: int,
    cpr_latency_ms: int,
    sigma: float,
    concurrency: int,
    page_size: int,
) -> dict[str, Any]:
    def walk(sandbox: Sandbox, telemetry: Telemetry) -> PrisonerReligions:
        return fetch_religions(
            NomisCorePersonClient(sandbox.client("nomis", "nomis-api")),
            CorePersonClient(sandbox.client("core-person", "core-person-record-api")),
            telemetry,
            page_size=page_size,
            concurrency=concurrency,
        )

    latency = {"nomis": nomis_latency_ms, "core-person": cpr_latency_ms}
    measured = measure_walk(prisoners, latency, sigma, walk)
    fetched = measured.result
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
        **measured.timings(bound),
        "prisoners_per_s": round(checked / measured.wall_s, 1),
    }


def main(argv: list[str] | None = None) -> None:
    nomis_dps_main(__doc__.splitlines()[0], "CPR", run, SMOKE, SMOKE_EXPECTED, argv)


if __name__ == "__main__":
    main()
