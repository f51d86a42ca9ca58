"""Benchmark: the prisoner contacts reconciliation over the active prisoners of N prisoners.

The sandbox runs in its own process on 127.0.0.1 and delays every NOMIS and DPS personal
relationships request by L on average (lognormal spread `--sigma`, 0 = constant); at most C
requests are in flight per API. The sandbox seeds one synced contact for one prisoner in ten,
both sides agreeing, plus three planted mismatches in LEI.

The bound is what the APIs allow: max(requests to one API) x L / C. Each active prisoner costs
one NOMIS request (its contacts) and one DPS request (its relationships); NOMIS also serves the
count and the pages of active prisoners, so it is the busier API.

    .venv/bin/python -m bench.prisoner_contacts_reconciliation --prisoners 85000 --latency-ms 400
"""

from __future__ import annotations

from typing import Any

from bench.domains import nomis_dps_main
from bench.profile_details_reconciliation import run_walk
from dagster_project.domains.personal_relationships.contacts_reconcile import fetch_mismatches
from dagster_project.domains.personal_relationships.nomis import NomisPrisonerContactsClient
from dagster_project.sandbox.domains.personal_relationships.seed import PLANTED_CONTACT_MISMATCHES

# Smoke: the three seed prisons of 20 prisoners (57 active), pages of 20.
SMOKE = {"prisoners": 60, "latency_ms": 20, "concurrency": 8, "page_size": 20}
# ...each active prisoner read once from each API, plus the count and three pages from NOMIS,
# and exactly the three planted prisoners found
SMOKE_EXPECTED = {
    "active_prisoners": 57,
    "prisoners_checked": 57,
    "mismatches": 3,
    "mismatched_prisoners": sorted(p.offender_no for p in PLANTED_CONTACT_MISMATCHES),
    "errors": 0,
    "requests_per_api": {"nomis": 1 + 3 + 57, "dps": 57},
}


def national_args(prisoners: int) -> list[str]:
    """Per prisoner: the active prisoners of an estate of `prisoners`."""
    return ["--prisoners", str(prisoners)]


def run(
    prisoners: int,
    nomis_latency_ms: int,
    dps_latency_ms: int,
    sigma: float,
    concurrency: int,
    page_size: int,
) -> dict[str, Any]:
    return run_walk(
        fetch_mismatches,
        NomisPrisonerContactsClient,
        prisoners,
        (nomis_latency_ms, dps_latency_ms),
        sigma,
        concurrency,
        page_size,
    )


def main(argv: list[str] | None = None) -> None:
    nomis_dps_main(__doc__.splitlines()[0], "DPS", run, SMOKE, SMOKE_EXPECTED, argv)


if __name__ == "__main__":
    main()
