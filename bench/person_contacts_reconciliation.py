"""Benchmark: the person contacts reconciliation over every NOMIS person (contact).

The sandbox runs in its own process on 127.0.0.1, seeded with the prisons holding N prisoners
(one in ten with a synced contact person, both sides agreeing, plus the planted contacts of
LEI), and delays every NOMIS and DPS personal relationships request by L on average (lognormal
spread `--sigma`, 0 = constant); at most C requests are in flight per API. NOMIS is read in
keyset pages of person ids; each person is read from NOMIS, then from DPS.

The bound is what the APIs allow: max(requests to one API) x L / C (NOMIS serves the pages and
one read per person, so it is the busier); efficiency = bound / wall.

    .venv/bin/python -m bench.person_contacts_reconciliation --prisoners 85000
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from bench.common import Sandbox, measure_walk
from bench.domains import nomis_dps_main
from dagster_project.domains.personal_relationships.dps import PersonalRelationshipsClient
from dagster_project.domains.personal_relationships.nomis import NomisPersonsClient
from dagster_project.domains.personal_relationships.persons_reconcile import (
    Fetched,
    fetch_mismatches,
)
from dagster_project.telemetry import Telemetry

# Smoke: the three seed prisons of 20 prisoners, pages of 4 persons.
SMOKE = {"prisoners": 60, "latency_ms": 20, "concurrency": 8, "page_size": 4}
# ...holding 6 synced contact persons (positions 2 and 12 of each prison) and the 3 planted in
# LEI: each read from NOMIS and DPS, NOMIS also serving 3 pages of 4; the planted person with
# another last name and the one whose relationship never reached NOMIS found, nothing else
SMOKE_EXPECTED = {
    "persons_checked": 6 + 3,
    "requests_per_api": {"nomis": 3 + 9, "dps": 9},
    "errors": 0,
    "mismatch_kinds": {"different-person-details": 2},
}


def national_args(prisoners: int) -> list[str]:
    """Every contact person of an estate of `prisoners`."""
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
            NomisPersonsClient(sandbox.client("nomis", "nomis-api")),
            PersonalRelationshipsClient(
                sandbox.client("personal-relationships", "personal-relationships-api")
            ),
            telemetry,
            page_size,
            concurrency,
        )

    latency = {"nomis": nomis_latency_ms, "personal-relationships": dps_latency_ms}
    measured = measure_walk(prisoners, latency, sigma, walk)
    fetched = measured.result
    per_api = fetched.requests
    bound = max(per_api["nomis"] * nomis_latency_ms, per_api["dps"] * dps_latency_ms)
    bound = bound / 1000 / concurrency
    return {
        "estate": f"{prisoners} prisoners",
        "checked": f"{fetched.checked} contact persons",
        "persons_checked": fetched.checked,
        "pages": fetched.pages,
        "mismatches": len(fetched.mismatches),
        "mismatch_kinds": dict(Counter(kind for _, kind in fetched.mismatches)),
        "mismatched_persons": [person for person, _ in fetched.mismatches],
        "errors": len(fetched.errors),
        "requests": sum(per_api.values()),
        "requests_per_api": per_api,
        "peak_in_flight": fetched.peak_in_flight,
        "latency_ms": {"nomis": nomis_latency_ms, "dps": dps_latency_ms},
        "sigma": sigma,
        "concurrency": concurrency,
        "page_size": page_size,
        **measured.timings(bound),
        "persons_per_s": round(fetched.checked / measured.wall_s, 1),
    }


def main(argv: list[str] | None = None) -> None:
    nomis_dps_main(__doc__.splitlines()[0], "DPS", run, SMOKE, SMOKE_EXPECTED, argv)


if __name__ == "__main__":
    main()
