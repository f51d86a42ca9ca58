"""Benchmark: the daily court case reconciliation (active prisoners only) over N prisoners.

The same run as `bench.court_cases_reconciliation --active` (see there for the bound).

    .venv/bin/python -m bench.court_cases_active_reconciliation --prisoners 85000
"""

from __future__ import annotations

from bench.court_cases_reconciliation import main as full_main
from bench.court_cases_reconciliation import national_args

__all__ = ["main", "national_args"]


def main(argv: list[str] | None = None) -> None:
    full_main(argv, active=True)


if __name__ == "__main__":
    main()
