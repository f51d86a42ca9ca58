"""The activity and pandas-diff benchmarks must not rot: their smoke modes run in CI.

Only shapes and correctness are asserted (the planted mismatches are found, the diff finds
what the generator planted), never a timing.
"""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
MEASURED = {"wall_s", "cpu_s", "sandbox_cpu_s", "rss_before_mb", "peak_rss_mb", "requests"}
PLANTED_KINDS = {"DPS_only": 1, "NOMIS_only": 1, "different_count": 1}


def smoke(module: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", module, "--smoke"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_activity_reconciliation_benchmark_smoke() -> None:
    report = smoke("bench.activity_reconciliation")
    assert (report["prisons"], report["bookings_per_prison"]) == (4, 20)
    for kind in ("allocation", "attendance"):
        run = report[kind]
        assert MEASURED <= set(run), kind
        assert run["prisons_checked"] == 4 and run["errors"] == 0, kind
        assert run["found_exactly_planted"] is True, kind
        assert run["mismatches"] == run["planted_mismatches"] == 3, kind
        assert run["mismatches_by_kind"] == PLANTED_KINDS, kind
        # the prison list, two count calls per prison, booking details for MDI and LEI
        assert (run["requests_nomis"], run["requests_dps"]) == (1 + 4 + 2, 4), kind
        assert run["bookings_checked"] > 40, kind
        assert run["peak_rss_mb"] >= run["rss_before_mb"] > 0, kind
    assert report["allocation"]["ignored_elsewhere"] == 0
    assert report["attendance"]["ignored_elsewhere"] == 1
    assert "date" in report["attendance"] and "seed_s" in report


def test_pandas_diff_benchmark_smoke() -> None:
    report = smoke("bench.pandas_diff")
    assert report["nomis_rows"] == report["dps_rows"] == 1_000
    assert report["differences_by_kind"] == report["planted_by_kind"]
    assert report["planted_by_kind"] == {"DPS_only": 50, "NOMIS_only": 50, "different_count": 19}
    assert report["differences"] == sum(report["planted_by_kind"].values())
    assert {"first_s", "min_s", "median_s"} <= set(report)
    memory = report["memory"]
    assert {"rss_after_build_mb", "peak_rss_after_diff_mb", "diff_rss_mb"} <= set(memory)
    assert memory["peak_rss_after_diff_mb"] > 0 and memory["tracemalloc_peak_mb"] >= 0
