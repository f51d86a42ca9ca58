"""The domain packages' reconciliation benchmarks, found from the registry: no list to edit.

A reconciliation `<name>` of any domain has a benchmark when `bench/<name>.py` exists. Such a
module prints one JSON object (the common keys below, and its own) and provides:

- `national_args(prisoners) -> list[str]`: its size arguments for an estate of that many
  prisoners (per prisoner, or per prison for per-prison endpoints);
- a `--smoke` mode that checks its own result (the planted mismatches found exactly, the
  requests it must make) and exits 1 naming what differs.

`make bench` runs each one at national scale into the domain block of docs/performance.md.
"""

from __future__ import annotations

import argparse
import importlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dagster_project.domains import DOMAINS

BENCH = Path(__file__).resolve().parent
NATIONAL_PRISONERS = 85_000
NATIONAL_PRISONS = 120  # for the per-prison endpoints
# what every domain benchmark reports, for the shared table
COMMON_KEYS = (
    "estate",
    "checked",
    "mismatches",
    "errors",
    "requests_per_api",
    "peak_in_flight",
    "concurrency",
    "wall_s",
    "bound_s",
    "efficiency",
    "cpu_s",
    "sandbox_cpu_s",
    "peak_rss_mb",
)


def domain_parts() -> dict[str, str]:
    """Each benchmarked reconciliation's name -> its module, in registry order."""
    return {
        reconciliation.name: f"bench.{reconciliation.name}"
        for domain in DOMAINS
        for reconciliation in domain.reconciliations
        if (BENCH / f"{reconciliation.name}.py").is_file()
    }


def national_args(module: str, prisoners: int) -> list[str]:
    """The module's size arguments for an estate of `prisoners`."""
    sizes: list[str] = importlib.import_module(module).national_args(prisoners)
    return sizes


def smoke_failures(expected: dict[str, object], result: dict[str, object]) -> list[str]:
    """What a smoke result got wrong: each expected key whose value differs."""
    return [
        f"{key}: expected {want!r}, got {result.get(key)!r}"
        for key, want in expected.items()
        if result.get(key) != want
    ]


def nomis_dps_main(
    description: str,
    dps_label: str,
    run: Callable[[int, int, int, float, int, int], dict[str, Any]],
    smoke: dict[str, int],
    smoke_expected: dict[str, Any],
    argv: list[str] | None,
) -> None:
    """The command line of a per-prisoner NOMIS-against-DPS reconciliation benchmark.

    `run(prisoners, nomis_latency_ms, dps_latency_ms, sigma, concurrency, page_size)` returns
    its JSON result; `--smoke` takes the `smoke` sizes and exits 1 naming what differs from
    `smoke_expected`.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--prisoners", type=int, default=20_000, help="estate size (national: 85000)"
    )
    parser.add_argument("--latency-ms", type=int, default=400, help="mean latency L per request")
    parser.add_argument("--nomis-latency-ms", type=int, help="L of NOMIS only (default L)")
    parser.add_argument("--dps-latency-ms", type=int, help=f"L of {dps_label} only (default L)")
    parser.add_argument("--sigma", type=float, default=0.5, help="lognormal spread of L (0=fixed)")
    parser.add_argument("--concurrency", type=int, default=40, help="cap C in flight per API")
    parser.add_argument("--page-size", type=int, default=200)
    parser.add_argument("--smoke", action="store_true", help="tiny run for CI")
    args = parser.parse_args(argv)
    if args.smoke:
        args.prisoners, args.latency_ms = smoke["prisoners"], smoke["latency_ms"]
        args.concurrency, args.page_size = smoke["concurrency"], smoke["page_size"]
    result = run(
        args.prisoners,
        args.nomis_latency_ms if args.nomis_latency_ms is not None else args.latency_ms,
        args.dps_latency_ms if args.dps_latency_ms is not None else args.latency_ms,
        args.sigma,
        args.concurrency,
        args.page_size,
    )
    print(json.dumps(result, indent=2))
    failures = smoke_failures(smoke_expected, result) if args.smoke else []
    if failures:
        raise SystemExit("smoke result differs: " + "; ".join(failures))
