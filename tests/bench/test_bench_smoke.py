"""The benchmarks must not rot: their smoke mode runs in CI. No timing is asserted here."""

import json
import subprocess
import sys
from pathlib import Path

from bench.report import BEGIN, END, replace_generated

REPO = Path(__file__).resolve().parents[2]


def run_module(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_incentive_benchmark_runs_ours_and_the_old_algorithm_on_the_same_estate():
    report = json.loads(run_module("bench.incentive_reconciliation", "--smoke").stdout)
    # the seed's 57 active prisoners and its five planted mismatches, found by both algorithms
    assert report["prisoners"] == 57 and report["mismatches"] == 5 and report["errors"] == 0
    assert report["requests"] == 1 + 1 + 2 * 57
    assert report["old"]["prisoners"] == 57 and report["old"]["mismatches"] == 5
    assert report["old"]["pages"] == 3, "pages of 20"
    assert max(report["peak_in_flight"].values()) <= report["concurrency"]
    assert {"wall_s", "cpu_s", "sandbox_cpu_s", "peak_rss_mb", "efficiency", "speedup"} <= set(
        report
    )


def test_make_bench_smoke_writes_every_section_and_the_targets(tmp_path):
    out, raw = tmp_path / "performance.md", tmp_path / "raw.json"
    out.write_text("# Performance\n\nProse that the command must keep.\n")
    run_module("bench", "--smoke", "--out", str(out), "--json", str(raw), timeout=900)
    document = out.read_text()
    assert document.startswith("# Performance\n\nProse that the command must keep.")
    assert document.count(BEGIN) == 1 and document.count(END) == 1
    for heading in (
        "### Targets",
        "### 1. Incentive levels reconciliation",
        "### 2. Activity reconciliations and the pandas diff",
        "### 3. Event sync",
        "### 4. Memory stays flat",
    ):
        assert heading in document
    results = json.loads(raw.read_text())["results"]
    assert set(results) >= {
        "incentives",
        "fixed_latency",
        "machine_limit",
        "memory",
        "activities",
        "diff",
        "events",
    }
    assert results["events"]["burst"]["lost"] == 0 and results["events"]["steady"]["lost"] == 0


def test_regenerating_replaces_only_the_generated_block():
    once = replace_generated("# Title\n\nintro\n", "first")
    twice = replace_generated(once + "\nafter\n", "second")
    assert twice == f"# Title\n\nintro\n\n{BEGIN}\nsecond\n{END}\nafter\n"
