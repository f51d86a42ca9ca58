"""The benchmark must not rot: its smoke mode runs in CI (no timing is asserted)."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_incentive_reconciliation_benchmark_smoke():
    result = subprocess.run(
        [sys.executable, "-m", "bench.incentive_reconciliation", "--smoke"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["prisoners"] == 57 and report["mismatches"] == 5 and report["errors"] == 0
    assert report["requests"] == 1 + 1 + 2 * 57
    assert {"wall_s", "cpu_s", "peak_rss_mb", "efficiency"} <= set(report)
