"""Benchmark: the alerts reconciliation over N prisoners.

The sandbox runs in its own process on 127.0.0.1 (`bench.common.Sandbox`), seeded with the
prisons holding N prisoners (the last of each prison is released: only active prisoners are
walked); the planted alert mismatches are in LEI. Every NOMIS request waits L_nomis on average
and every DPS alerts request L_dps (lognormal spread `--sigma`, 0 = constant; both default to
`--latency-ms`); at most C requests are in flight per API. Pages of `--page-size` active
prisoners are read one ahead; each prisoner's NOMIS and DPS reads go out side by side.

The bound is what the APIs allow: each API serves at most C requests per its L and the two work
side by side, so nothing can finish before max(NOMIS requests x L_nomis, DPS requests x L_dps)
/ C; efficiency = bound / wall. Peak RSS is this process's (the reconciliation's) peak.

    .venv/bin/python -m bench.alerts_reconciliation --prisoners 85000
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from bench.common import Sandbox, measure_walk
from bench.domains import nomis_dps_main
from dagster_project.domains.alerts.dps import AlertsClient
from dagster_project.domains.alerts.fetch import AlertCodes, fetch_alert_codes
from dagster_project.domains.alerts.nomis import NomisAlertsClient
from dagster_project.domains.alerts.reconcile import kind_of
from dagster_project.domains.shared_clients import NomisPrisonersClient
from dagster_project.telemetry import Telemetry

# Smoke: the three seed prisons of 20 (57 active prisoners), the 3 planted mismatches in LEI.
SMOKE = {"prisoners": 60, "latency_ms": 20, "concurrency": 8, "page_size": 20}
# ...where the walk must read the total, three pages, each active prisoner once from each API,
# and find the three planted prisoners, one of each kind
SMOKE_EXPECTED = {
    "prisoners_checked": 57,
    "errors": 0,
    "mismatch_kinds": {"different_codes": 1, "missing_from_dps": 1, "missing_from_nomis": 1},
    "requests_per_api": {"nomis": 1 + 3 + 57, "dps": 57},
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
    def walk(sandbox: Sandbox, telemetry: Telemetry) -> AlertCodes:
        nomis_http = sandbox.client("nomis", "nomis-api")
        return fetch_alert_codes(
            NomisPrisonersClient(nomis_http),
            NomisAlertsClient(nomis_http),
            AlertsClient(sandbox.client("alerts", "alerts-api")),
            telemetry,
            page_size=page_size,
            concurrency=concurrency,
        )

    latency = {"nomis": nomis_latency_ms, "alerts": dps_latency_ms}
    measured = measure_walk(prisoners, latency, sigma, walk)
    fetched = measured.result
    checked = fetched.checked
    pages = fetched.active_prisoners // page_size + 1
    dps_requests = fetched.requests - 1 - pages - checked  # retries would count here too
    nomis_requests = 1 + pages + checked
    bound = (
        max(nomis_requests * nomis_latency_ms, dps_requests * dps_latency_ms) / 1000 / concurrency
    )
    return {
        "estate": f"{prisoners} prisoners",
        "checked": f"{checked} active prisoners",
        "prisoners_checked": checked,
        "active_prisoners": fetched.active_prisoners,
        "mismatches": len(fetched.mismatches),
        "mismatch_kinds": dict(Counter(kind_of(m) for m in fetched.mismatches)),
        "errors": len(fetched.errors),
        "requests": fetched.requests,
        "requests_per_api": {"nomis": nomis_requests, "dps": dps_requests},
        "peak_in_flight": fetched.peak_in_flight,
        "latency_ms": {"nomis": nomis_latency_ms, "dps": dps_latency_ms},
        "sigma": sigma,
        "concurrency": concurrency,
        "page_size": page_size,
        **measured.timings(bound),
        "prisoners_per_s": round(checked / measured.wall_s, 1),
    }


def main(argv: list[str] | None = None) -> None:
    nomis_dps_main(__doc__.splitlines()[0], "DPS alerts", run, SMOKE, SMOKE_EXPECTED, argv)


if __name__ == "__main__":
    main()
