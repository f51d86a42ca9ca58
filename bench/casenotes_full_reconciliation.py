"""Benchmark: the case notes reconciliation over every prisoner of an estate of N (keyset paging).

The same run as `bench.casenotes_active_reconciliation` (see its docstring for the bound), over
every prisoner NOMIS holds, released ones too, paged by `/prisoners/ids/all-from-id`.

    .venv/bin/python -m bench.casenotes_full_reconciliation --prisoners 85000 --latency-ms 400
"""

from __future__ import annotations

from bench import casenotes_active_reconciliation as active


def national_args(prisoners: int) -> list[str]:
    """Per prisoner: every prisoner of an estate of `prisoners`."""
    return active.national_args(prisoners)


def main(argv: list[str] | None = None) -> None:
    active.main(argv, every_prisoner=True)


if __name__ == "__main__":
    main()
