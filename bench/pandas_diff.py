"""Benchmark: `diff_counts` alone on N NOMIS rows against N DPS rows, time and memory.

The two count frames are what `counts_frame` hands the diff (booking_id, count as int64,
sorted, no zero counts), generated with a seeded numpy RNG: ~95% of the bookings on both
sides, the rest on one side only, and ~2% of the shared bookings with a different count, so
the diff must find exactly NOMIS-only + DPS-only + different-count rows.

Time: one warm-up call, then `--repeat` timed calls in this process (min and median).
Memory: a fresh Python process (this module re-invoked with `--memory`) warms pandas up on
100 rows, builds the frames and reports its RSS, resets its peak RSS to that (Linux
/proc/self/clear_refs), diffs once and reports its peak RSS: the difference is the diff's
memory. It then diffs once more under `tracemalloc` (numpy and pandas report their buffers
to it), whose peak is the diff's allocations alone.

    .venv/bin/python -m bench.pandas_diff --rows 100000
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bench.common import machine
from dagster_project.reconciliation.diffing import (
    DIFFERENT_COUNT,
    DPS_ONLY,
    NOMIS_ONLY,
    diff_counts,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = 0.95
DIFFERENT = 0.02
FIRST_BOOKING = 1_000_001
SMOKE_ROWS = 1_000


def count_frames(rows: int, seed: int = 42) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int]]:
    """(NOMIS, DPS, planted differences by kind) for `rows` bookings on each side."""
    rng = np.random.default_rng(seed)
    shared = round(rows * SHARED)
    one_side = rows - shared
    ids = FIRST_BOOKING + rng.permutation(2 * (shared + 2 * one_side))[: shared + 2 * one_side]
    both, nomis_only, dps_only = np.split(ids, [shared, shared + one_side])
    nomis_counts = rng.integers(1, 6, size=rows)
    dps_counts = np.concatenate([nomis_counts[:shared], rng.integers(1, 6, size=one_side)])
    changed = rng.choice(shared, size=round(shared * DIFFERENT), replace=False)
    dps_counts[changed] += rng.integers(1, 4, size=len(changed))
    nomis = _frame(np.concatenate([both, nomis_only]), nomis_counts)
    dps = _frame(np.concatenate([both, dps_only]), dps_counts)
    planted = {NOMIS_ONLY: one_side, DPS_ONLY: one_side, DIFFERENT_COUNT: len(changed)}
    return nomis, dps, planted


def _frame(bookings: np.ndarray, counts: np.ndarray) -> pd.DataFrame:
    frame = pd.DataFrame({"booking_id": bookings.astype("int64"), "count": counts.astype("int64")})
    return frame.sort_values("booking_id").reset_index(drop=True)


def _status_mb(field: str) -> float:
    """A memory line of /proc/self/status (VmRSS: now, VmHWM: peak) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _reset_peak() -> bool:
    """Make the peak RSS (VmHWM) the current RSS again (Linux >= 4.0); False if refused."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def memory(rows: int) -> dict[str, Any]:
    """What `--memory` prints: RSS around one diff in a process that did nothing else.

    A 100-row diff first loads pandas' lazily imported code, so that is not counted; the peak
    is then reset after building (where Linux allows), so a transient peak while building
    cannot hide the diff's.
    """
    small_nomis, small_dps, _ = count_frames(100)
    diff_counts(small_nomis, small_dps)
    nomis, dps, _planted = count_frames(rows)
    rss_built, peak_built = _status_mb("VmRSS"), _status_mb("VmHWM")
    reset = _reset_peak()
    diff = diff_counts(nomis, dps)
    peak_diffed = _status_mb("VmHWM")
    del diff
    tracemalloc.start()
    diff_counts(nomis, dps)
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    frames_mb = (nomis.memory_usage(deep=True).sum() + dps.memory_usage(deep=True).sum()) / 2**20
    return {
        "frames_mb": round(frames_mb, 1),
        "rss_after_build_mb": rss_built,
        "peak_rss_after_build_mb": peak_built,
        "peak_reset_after_build": reset,
        "peak_rss_after_diff_mb": peak_diffed,
        "diff_rss_mb": round(peak_diffed - rss_built, 1),
        "tracemalloc_peak_mb": round(traced_peak / 2**20, 1),
    }


def run(rows: int, repeat: int) -> dict[str, Any]:
    nomis, dps, planted = count_frames(rows)
    first0 = time.perf_counter()
    diff = diff_counts(nomis, dps)
    first = time.perf_counter() - first0
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        diff_counts(nomis, dps)
        times.append(time.perf_counter() - started)
    command = [sys.executable, "-m", "bench.pandas_diff", "--rows", str(rows), "--memory"]
    done = subprocess.run(command, cwd=REPO, stdout=subprocess.PIPE, text=True, check=True)  # noqa: S603
    return {
        "nomis_rows": len(nomis),
        "dps_rows": len(dps),
        "differences": len(diff),
        "differences_by_kind": dict(sorted(Counter(diff["kind"]).items())),
        "planted_by_kind": dict(sorted(planted.items())),
        "repeat": repeat,
        "first_s": round(first, 4),
        "min_s": round(min(times), 4),
        "median_s": round(statistics.median(times), 4),
        "rows_per_s": round((len(nomis) + len(dps)) / min(times)),
        "memory": json.loads(done.stdout),
        "machine": machine(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows on each side")
    parser.add_argument("--repeat", type=int, default=7, help="timed diffs after a warm-up")
    parser.add_argument("--smoke", action="store_true", help=f"{SMOKE_ROWS:,} rows a side, for CI")
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.smoke:
        args.rows = SMOKE_ROWS
    if args.rows < 100 or args.repeat < 1:
        parser.error("--rows must be >= 100 and --repeat >= 1")
    if args.memory:
        print(json.dumps(memory(args.rows)))
        return
    print(json.dumps(run(args.rows, args.repeat), indent=2))


if __name__ == "__main__":
    main()
