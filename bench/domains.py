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

import importlib
from pathlib import Path

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
