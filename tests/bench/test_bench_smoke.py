"""The benchmarks must not rot: their smoke mode runs in CI. No timing is asserted here.

`python -m bench --smoke` runs every part at tiny sizes, each in its own process (the incentive
reconciliation four ways, the activity reconciliations, the pandas diff, the event sync through
its own moto, sandbox and Dagster daemon on 127.0.0.1) and writes the report and every part's
raw JSON. It runs once for this module; each test checks one part's JSON, which is exactly what
`python -m bench.<part> --smoke` prints, so the parts are not run a second time on their own.
The domain packages' reconciliation benchmarks (found from the registry, bench/domains.py) are
parts too, with their own generated block; each checks its own smoke result (the planted
mismatches, the requests it must make) and fails the whole command if it differs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.domains import COMMON_KEYS, domain_parts
from bench.report import BEGIN, END, MARKERS, replace_generated

REPO = Path(__file__).resolve().parents[2]
PARTS = {"incentives", "fixed_latency", "machine_limit", "memory", "activities", "diff", "events"}
DOMAIN_PARTS = domain_parts()
# the event sync's numbers per phase
PHASE_KEYS = {
    "events",
    "wall_s",
    "throughput_eps",
    "latency_p50_s",
    "latency_p95_s",
    "latency_max_s",
    "runs_launched",
    "bound_s",
    "bound_ratio",
    "calls_per_event",
    "lost",
}
# the activity reconciliations' measurements and planted mismatches
MEASURED = {"wall_s", "cpu_s", "sandbox_cpu_s", "rss_before_mb", "peak_rss_mb", "requests"}
PLANTED_KINDS = {"DPS_only": 1, "NOMIS_only": 1, "different_count": 1}
PROSE = "# Performance\n\nProse that the command must keep.\n"
# a bound, not an expectation: beside a second suite on two cores the smoke took over 900 s
SMOKE_TIMEOUT_SECONDS = 1800


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    """(the rewritten report, every part's JSON) of one `python -m bench --smoke`."""
    tmp = tmp_path_factory.mktemp("bench")
    out, raw = tmp / "performance.md", tmp / "raw.json"
    out.write_text(PROSE)
    command = [sys.executable, "-m", "bench", "--smoke", "--out", str(out), "--json", str(raw)]
    command += ["--workdir", str(tmp / "work")]
    result = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=SMOKE_TIMEOUT_SECONDS
    )
    assert result.returncode == 0, result.stderr[-3000:]
    results: dict[str, Any] = json.loads(raw.read_text())["results"]
    return out.read_text(), results


@pytest.mark.timeout(SMOKE_TIMEOUT_SECONDS + 60)
def test_make_bench_smoke_writes_every_section_and_the_targets(smoke):
    document, results = smoke
    assert document.startswith(PROSE.rstrip("\n"))
    assert document.count(BEGIN) == 1 and document.count(END) == 1
    for heading in (
        "### Targets",
        "### 1. Incentive levels reconciliation",
        "### 2. Activity reconciliations and the pandas diff",
        "### 3. Event sync",
        "### 4. Memory stays flat",
        "### 5. The domain packages' reconciliations",
    ):
        assert heading in document
    domains_begin, domains_end = MARKERS["domains"]
    assert document.count(domains_begin) == 1 and document.count(domains_end) == 1
    assert document.index(END) < document.index(domains_begin), "one block after the other"
    assert set(results) >= PARTS | set(DOMAIN_PARTS)


@pytest.mark.timeout(SMOKE_TIMEOUT_SECONDS + 60)
def test_incentive_benchmark_runs_ours_and_the_old_algorithm_on_the_same_estate(smoke):
    _, results = smoke
    report = results["incentives"]
    # the seed's 57 active prisoners and its five planted mismatches, found by both algorithms
    assert report["prisoners"] == 57 and report["mismatches"] == 5 and report["errors"] == 0
    assert report["requests"] == 1 + 1 + 2 * 57
    assert report["old"]["prisoners"] == 57 and report["old"]["mismatches"] == 5
    assert report["old"]["pages"] == 3, "pages of 20"
    assert max(report["peak_in_flight"].values()) <= report["concurrency"]
    assert {"wall_s", "cpu_s", "sandbox_cpu_s", "peak_rss_mb", "efficiency", "speedup"} <= set(
        report
    )


@pytest.mark.timeout(SMOKE_TIMEOUT_SECONDS + 60)
def test_event_sync_benchmark_smoke(smoke):
    # 20 events at once, then 2 s at 5 events/s, through daemon-launched sync runs
    _, results = smoke
    report = results["events"]
    assert {"burst", "steady", "latency_ms", "concurrency", "cpu_s", "settings"} <= set(report)
    for phase, events in (("burst", 20), ("steady", 10)):
        numbers = report[phase]
        assert PHASE_KEYS <= set(numbers), phase
        assert numbers["events"] == events and numbers["lost"] == 0, phase
        assert numbers["runs_launched"] >= 1, phase
        assert numbers["calls_per_event"]["mapping"] >= 2, phase  # GET, then POST
    assert report["cpu_s"] > 0


@pytest.mark.timeout(SMOKE_TIMEOUT_SECONDS + 60)
def test_activity_reconciliation_benchmark_smoke(smoke):
    # only shapes and correctness: the planted mismatches are found, never a timing
    _, results = smoke
    report = results["activities"]
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


@pytest.mark.timeout(SMOKE_TIMEOUT_SECONDS + 60)
def test_pandas_diff_benchmark_smoke(smoke):
    # the diff finds what the generator planted
    _, results = smoke
    report = results["diff"]
    assert report["nomis_rows"] == report["dps_rows"] == 1_000
    assert report["differences_by_kind"] == report["planted_by_kind"]
    assert report["planted_by_kind"] == {"DPS_only": 50, "NOMIS_only": 50, "different_count": 19}
    assert report["differences"] == sum(report["planted_by_kind"].values())
    assert {"first_s", "min_s", "median_s"} <= set(report)
    memory = report["memory"]
    assert {"rss_after_build_mb", "peak_rss_after_diff_mb", "diff_rss_mb"} <= set(memory)
    assert memory["peak_rss_after_diff_mb"] > 0 and memory["tracemalloc_peak_mb"] >= 0


def test_the_new_domains_reconciliations_are_benchmarked():
    assert {
        "sentencing_adjustments_reconciliation",
        "non_associations_reconciliation",
        "locations_reconciliation",
    } <= set(DOMAIN_PARTS)


@pytest.mark.timeout(SMOKE_TIMEOUT_SECONDS + 60)
def test_each_domain_benchmark_reports_the_common_numbers_under_the_cap(smoke):
    # its own smoke checks passed (else `python -m bench --smoke` failed); here the shared table
    document, results = smoke
    for name in DOMAIN_PARTS:
        report = results[name]
        assert set(COMMON_KEYS) <= set(report), name
        assert report["errors"] == 0 and report["mismatches"] > 0, name
        assert max(report["peak_in_flight"].values()) <= report["concurrency"], name
        assert set(report["peak_in_flight"]) <= set(report["requests_per_api"]), name
        assert f"| {name} " in document or f" {name} |" in document, name


def test_rerunning_one_block_keeps_the_other():
    document = replace_generated("# Title\n", "main one")
    document = replace_generated(document, "domains one", "domains")
    document = replace_generated(document, "domains two", "domains")
    assert "main one" in document and "domains two" in document
    assert "domains one" not in document


def test_regenerating_replaces_only_the_generated_block():
    once = replace_generated("# Title\n\nintro\n", "first")
    twice = replace_generated(once + "\nafter\n", "second")
    assert twice == f"# Title\n\nintro\n\n{BEGIN}\nsecond\n{END}\nafter\n"
