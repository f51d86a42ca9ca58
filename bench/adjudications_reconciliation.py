"""Benchmark: the adjudications (ADA awards) reconciliation over N prisoners.

The sandbox runs in its own process on 127.0.0.1 (`bench.common.Sandbox`), seeded with the
prisons holding N prisoners (one in ten with a proved charge and ADA awards); the planted
mismatches are in MDI and LEI, with a merged prisoner in LEI that the merge re-check clears.
Every NOMIS request waits L_nomis on average and every DPS adjudications request L_dps
(lognormal spread `--sigma`); at most C requests are in flight per API. Pages of
`--page-size` active prisoners are read one ahead; each prisoner's NOMIS ADA summary and DPS
charges go out side by side; a prisoner who disagrees is re-checked through NOMIS merges (and,
for a merged one, mapping look-ups and the merged booking's DPS charges).

The bound is what the APIs allow: max(NOMIS requests x L_nomis, DPS requests x L_dps) / C
(the few mapping look-ups are left out); efficiency = bound / wall. Peak RSS is this
process's (the reconciliation's) peak.

    .venv/bin/python -m bench.adjudications_reconciliation --prisoners 85000
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from bench.common import Sandbox, measure_walk
from bench.domains import nomis_dps_main
from dagster_project.domains.adjudications.dps import AdjudicationsClient
from dagster_project.domains.adjudications.fetch import AdaAwards, fetch_ada_awards
from dagster_project.domains.adjudications.mapping import AdjudicationsMappingClient
from dagster_project.domains.adjudications.nomis import NomisAdjudicationsClient
from dagster_project.domains.adjudications.reconcile import kind_of
from dagster_project.domains.shared_clients import NomisPrisonersClient
from dagster_project.telemetry import Telemetry

# Smoke: the three seed prisons of 20 (57 active prisoners), the 3 planted mismatches.
SMOKE = {"prisoners": 60, "latency_ms": 20, "concurrency": 8, "page_size": 20}
# ...where the walk must read the total, three pages, each active prisoner's ADA summary and
# DPS charges once, the merges of the four who disagree at first, and for the merged one its
# charge's mapping and the merged booking's DPS charges; and find the three planted prisoners
SMOKE_EXPECTED = {
    "prisoners_checked": 57,
    "errors": 0,
    "mismatch_kinds": {"different_days": 1, "missing_from_dps": 1, "missing_from_nomis": 1},
    "merges_checked": 4,
    "requests_per_api": {"nomis": 1 + 3 + 57 + 4, "dps": 57 + 1, "mapping": 1},
}


def national_args(prisoners: int) -> list[str]:
    """Per prisoner: every active prisoner of an estate of `prisoners`."""
    return ["--prisoners", str(prisoners)]


def run(
    prisoners: int,
    nomis_latency_ms: int,
    dps_latency_ms: int,
    sigma: float,
    concurrency: int,
    page_size: int,
) -> dict[str, Any]:
    def walk(sandbox: Sandbox, telemetry: Telemetry) -> AdaAwards:
        nomis_http = sandbox.client("nomis", "nomis-api")
        return fetch_ada_awards(
            NomisPrisonersClient(nomis_http),
            NomisAdjudicationsClient(nomis_http),
            AdjudicationsClient(sandbox.client("adjudications", "adjudications-api")),
            AdjudicationsMappingClient(sandbox.client("mapping-api", "mapping-api")),
            telemetry,
            page_size=page_size,
            concurrency=concurrency,
        )

    latency = {"nomis": nomis_latency_ms, "adjudications": dps_latency_ms}
    measured = measure_walk(prisoners, latency, sigma, walk)
    fetched = measured.result
    checked = fetched.checked
    per_api = fetched.requests_per_api
    bound = max(per_api["nomis"] * nomis_latency_ms, per_api["dps"] * dps_latency_ms)
    bound = bound / 1000 / concurrency
    return {
        "estate": f"{prisoners} prisoners",
        "checked": f"{checked} active prisoners",
        "prisoners_checked": checked,
        "active_prisoners": fetched.active_prisoners,
        "mismatches": len(fetched.mismatches),
        "mismatch_kinds": dict(Counter(kind_of(m) for m in fetched.mismatches)),
        "merges_checked": fetched.merges_checked,
        "errors": len(fetched.errors),
        "requests": fetched.requests,
        "requests_per_api": per_api,
        "peak_in_flight": fetched.peak_in_flight,
        "latency_ms": {"nomis": nomis_latency_ms, "dps": dps_latency_ms},
        "sigma": sigma,
        "concurrency": concurrency,
        "page_size": page_size,
        **measured.timings(bound),
        "prisoners_per_s": round(checked / measured.wall_s, 1),
    }


def main(argv: list[str] | None = None) -> None:
    nomis_dps_main(__doc__.splitlines()[0], "DPS adjudications", run, SMOKE, SMOKE_EXPECTED, argv)


if __name__ == "__main__":
    main()
