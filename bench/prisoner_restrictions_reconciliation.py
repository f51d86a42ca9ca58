"""Benchmark: the prisoner restrictions reconciliation over every NOMIS prisoner restriction.

The sandbox runs in its own process on 127.0.0.1, seeded with the prisons holding N prisoners
(one in four with a synced restriction, both sides agreeing, plus two planted mismatches in
LEI), and delays every NOMIS, mapping and DPS personal relationships request by L on average
(lognormal spread `--sigma`, 0 = constant); at most C requests are in flight per API. NOMIS is
read in keyset pages of restriction ids; each restriction is read from NOMIS, then its mapping,
then its DPS record.

The bound is what the APIs allow: max(requests to one API) x L / C (NOMIS serves the pages
and one read per restriction, so it is the busiest); efficiency = bound / wall.

    .venv/bin/python -m bench.prisoner_restrictions_reconciliation --prisoners 85000
"""

from __future__ import annotations

from typing import Any

from bench.common import Sandbox, measure_walk
from bench.domains import nomis_dps_main
from dagster_project.domains.personal_relationships.dps import PersonalRelationshipsClient
from dagster_project.domains.personal_relationships.mapping import ContactMappingClient
from dagster_project.domains.personal_relationships.nomis import NomisPrisonerRestrictionsClient
from dagster_project.domains.personal_relationships.restrictions_reconcile import (
    Fetched,
    fetch_mismatches,
)
from dagster_project.sandbox.domains.personal_relationships.seed import (
    PLANTED_RESTRICTION_MISMATCHES,
)
from dagster_project.telemetry import Telemetry

# Smoke: the three seed prisons of 20 prisoners, pages of 5 restrictions.
SMOKE = {"prisoners": 60, "latency_ms": 20, "concurrency": 8, "page_size": 5}
# ...holding 15 synced restrictions (every fourth prisoner) and the two planted ones: each read
# from NOMIS, the mapping and DPS (all are mapped), NOMIS also serving 4 pages of 5; and
# exactly the two planted restrictions found
SMOKE_EXPECTED = {
    "restrictions_checked": 15 + 2,
    "requests_per_api": {"nomis": 4 + 17, "mapping": 17, "dps": 17},
    "errors": 0,
    "mismatches": len(PLANTED_RESTRICTION_MISMATCHES),
    "mismatched_kinds": sorted(r.kind for r in PLANTED_RESTRICTION_MISMATCHES),
    "mismatched_prisoners": sorted(r.offender_no for r in PLANTED_RESTRICTION_MISMATCHES),
}


def national_args(prisoners: int) -> list[str]:
    """Every restriction of an estate of `prisoners`."""
    return ["--prisoners", str(prisoners)]


def run(
    prisoners: int,
    nomis_latency_ms: int,
    dps_latency_ms: int,
    sigma: float,
    concurrency: int,
    page_size: int,
) -> dict[str, Any]:
    def walk(sandbox: Sandbox, telemetry: Telemetry) -> Fetched:
        return fetch_mismatches(
            NomisPrisonerRestrictionsClient(sandbox.client("nomis", "nomis-api")),
            ContactMappingClient(sandbox.client("mapping-api", "mapping-api")),
            PersonalRelationshipsClient(
                sandbox.client("personal-relationships", "personal-relationships-api")
            ),
            telemetry,
            page_size,
            concurrency,
        )

    latency = {
        "nomis": nomis_latency_ms,
        "mapping": nomis_latency_ms,
        "personal-relationships": dps_latency_ms,
    }
    measured = measure_walk(prisoners, latency, sigma, walk)
    fetched = measured.result
    per_api = fetched.requests
    busiest = max(
        per_api["nomis"] * nomis_latency_ms,
        per_api["mapping"] * nomis_latency_ms,
        per_api["dps"] * dps_latency_ms,
    )
    bound = busiest / 1000 / concurrency
    return {
        "estate": f"{prisoners} prisoners",
        "checked": f"{fetched.checked} restrictions",
        "restrictions_checked": fetched.checked,
        "pages": fetched.pages,
        "mismatches": len(fetched.mismatches),
        "mismatched_kinds": sorted(found.kind for found in fetched.mismatches),
        "mismatched_prisoners": sorted(found.offender_no for found in fetched.mismatches),
        "errors": len(fetched.errors),
        "requests": sum(per_api.values()),
        "requests_per_api": per_api,
        "peak_in_flight": fetched.peak_in_flight,
        "latency_ms": {"nomis": nomis_latency_ms, "dps": dps_latency_ms},
        "sigma": sigma,
        "concurrency": concurrency,
        "page_size": page_size,
        **measured.timings(bound),
        "restrictions_per_s": round(fetched.checked / measured.wall_s, 1),
    }


def main(argv: list[str] | None = None) -> None:
    nomis_dps_main(__doc__.splitlines()[0], "DPS", run, SMOKE, SMOKE_EXPECTED, argv)


if __name__ == "__main__":
    main()
