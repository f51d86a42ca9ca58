"""Benchmark: the profile details reconciliation over the active prisoners of N prisoners.

The sandbox runs in its own process on 127.0.0.1 and delays every NOMIS and DPS personal
relationships request by L on average (lognormal spread `--sigma`, 0 = constant); at most C
requests are in flight per API. The sandbox seeds a domestic status for one prisoner in three
and a number of children for one in five, both sides agreeing, plus three planted mismatches.

The bound is what the APIs allow: each API serves at most C requests per L and the two work
side by side, so no algorithm finishes before max(requests to one API) x L / C. Each active
prisoner costs one NOMIS request and two DPS requests (domestic status, number of children);
NOMIS also serves the count and the pages of active prisoners. DPS is the busier API.

    .venv/bin/python -m bench.profile_details_reconciliation --prisoners 85000 --latency-ms 400
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import httpx

from bench.common import Sandbox, measure_walk
from bench.domains import nomis_dps_main
from dagster_project.domains.personal_relationships.dps import PersonalRelationshipsClient
from dagster_project.domains.personal_relationships.nomis import NomisProfileDetailsClient
from dagster_project.domains.personal_relationships.profile_reconcile import fetch_mismatches
from dagster_project.domains.shared_clients import NomisPrisonersClient
from dagster_project.sandbox.domains.personal_relationships.seed import PLANTED_PROFILE_MISMATCHES
from dagster_project.telemetry import Telemetry

# Smoke: the three seed prisons of 20 prisoners (57 active), page size 20 as the old service.
SMOKE = {"prisoners": 60, "latency_ms": 20, "concurrency": 8, "page_size": 20}
# ...each active prisoner read once from NOMIS and twice from DPS, plus the count and three
# pages from NOMIS, and exactly the three planted prisoners found
SMOKE_EXPECTED = {
    "active_prisoners": 57,
    "prisoners_checked": 57,
    "mismatches": 3,
    "mismatched_prisoners": sorted(p.offender_no for p in PLANTED_PROFILE_MISMATCHES),
    "errors": 0,
    "requests_per_api": {"nomis": 1 + 3 + 57, "dps": 2 * 57},
}


def national_args(prisoners: int) -> list[str]:
    """Per prisoner: the active prisoners of an estate of `prisoners`."""
    return ["--prisoners", str(prisoners)]


class Walked(Protocol):
    """What a walk of the active prisoners found (each domain's own `Fetched`)."""

    @property
    def mismatches(self) -> Sequence[tuple[Any, Any]]: ...  # (PrisonerId, its mismatch)

    @property
    def active_prisoners(self) -> int: ...

    @property
    def checked(self) -> int: ...

    @property
    def errors(self) -> list[str]: ...

    @property
    def requests(self) -> dict[str, int]: ...

    @property
    def peak_in_flight(self) -> dict[str, int]: ...


class ActivePrisonerFetch(Protocol):
    """A reconciliation's walk of the active prisoners, NOMIS against DPS."""

    def __call__(
        self,
        prisoners: NomisPrisonersClient,
        nomis: Any,
        dps: PersonalRelationshipsClient,
        telemetry: Telemetry,
        page_size: int,
        concurrency: int,
    ) -> Walked: ...


def run_walk(
    fetch: ActivePrisonerFetch,
    nomis_client: Callable[[httpx.Client], object],
    prisoners: int,
    latency_ms: tuple[int, int],
    sigma: float,
    concurrency: int,
    page_size: int,
) -> dict[str, Any]:
    """Time `fetch` over the active prisoners (`latency_ms` = NOMIS, DPS); the common result."""
    nomis_latency_ms, dps_latency_ms = latency_ms

    def walk(sandbox: Sandbox, telemetry: Telemetry) -> Walked:
        nomis_http = sandbox.client("nomis", "nomis-api")
        return fetch(
            NomisPrisonersClient(nomis_http),
            nomis_client(nomis_http),
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
    bound = (
        max(
            fetched.requests["nomis"] * nomis_latency_ms,
            fetched.requests["dps"] * dps_latency_ms,
        )
        / 1000
        / concurrency
    )
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
        "latency_ms": {"nomis": nomis_latency_ms, "dps": dps_latency_ms},
        "sigma": sigma,
        "concurrency": concurrency,
        "page_size": page_size,
        **measured.timings(bound),
        "prisoners_per_s": round(fetched.checked / measured.wall_s, 1),
    }


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
        NomisProfileDetailsClient,
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
