"""The event-sync benchmark must not rot: its smoke mode runs in CI (no timing is asserted).

It runs `python -m bench.event_sync --smoke` (its own moto, sandbox and Dagster daemon on
127.0.0.1): 20 events at once, then 2 s at 5 events/s, through daemon-launched sync runs.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
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


@pytest.mark.timeout(600)
def test_event_sync_benchmark_smoke(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bench.event_sync", "--smoke", "--workdir", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=580,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert {"burst", "steady", "latency_ms", "concurrency", "cpu_s", "settings"} <= set(report)
    for phase, events in (("burst", 20), ("steady", 10)):
        numbers = report[phase]
        assert PHASE_KEYS <= set(numbers), phase
        assert numbers["events"] == events and numbers["lost"] == 0, phase
        assert numbers["runs_launched"] >= 1, phase
        assert numbers["calls_per_event"]["mapping"] >= 2, phase  # GET, then POST
    assert report["cpu_s"] > 0
