"""After `make run`, a new shell with nothing sourced finds the running stack; stopping stops all.

One stack for the module (starting it takes a minute): the README's commands run in a clean
environment (no variable of the stack's set) and reach the same queues, sandbox and store;
then SIGTERM to the process that started `p2n local` (as `make run` does) stops every process
it started, and everything below them, within 15 seconds.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from dagster_project.cadences import TIMEZONE
from dagster_project.local.processes import alive, children_of
from tests.local_stack import local_command, wait_for_stack

REPO = Path(__file__).resolve().parents[2]
P2N = [sys.executable, "-m", "dagster_project.cli"]


def wait_until(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except (httpx.HTTPError, OSError, ValueError):
            value = None
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"{what} not seen within {seconds}s")


def clean_environment(home: Path) -> dict[str, str]:
    """What a new shell has: no AWS, sandbox, API or Dagster variable; only where home is."""
    kept = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return {**kept, "P2N_LOCAL_HOME": str(home), "PYTHONWARNINGS": "default"}


@dataclass
class Stack:
    parent: subprocess.Popen[bytes]
    home: Path
    ports: dict[str, int]


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[Stack]:
    home = tmp_path_factory.mktemp("local")
    command = local_command()  # the home comes from P2N_LOCAL_HOME, as in a new shell
    # the parent stands for `make`: p2n local is its child, as under `make run`
    parent = subprocess.Popen(
        [sys.executable, "-c", "import subprocess, sys; subprocess.run(sys.argv[1:])", *command],
        cwd=REPO,
        env=clean_environment(home),
        stdout=(home / "make.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        ports = wait_for_stack(home, parent, 240, home / "make.log")
        yield Stack(parent, home, ports)
    finally:
        # The tree is read before the parent dies: once it is gone, its orphans are init's
        # children and could no longer be found (the stack's servers run in their own sessions).
        tree = children_of([parent.pid])
        if parent.poll() is None:
            os.killpg(parent.pid, signal.SIGKILL)
        for pid in tree | children_of(tree):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def p2n(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*P2N, *args],
        cwd=stack.home,  # any directory: the state is found by the one rule, not the cwd
        env=clean_environment(stack.home),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_readme_commands_work_in_a_new_shell_with_nothing_sourced(stack):
    sandbox = f"http://127.0.0.1:{stack.ports['sandbox']}"
    offender = httpx.get(f"{sandbox}/sandbox/prisoners", params={"limit": 1}).json()[0][
        "offenderNo"
    ]
    published = p2n(stack, "publish", "incentive-review", offender, "EN2", "--comments", "fresh")
    assert published.returncode == 0, published.stderr
    assert "warning" not in (published.stdout + published.stderr).lower()
    message_id = json.loads(published.stdout.strip().splitlines()[-1])["messageId"]

    def in_nomis():
        rows = httpx.get(f"{sandbox}/sandbox/nomis/incentives", params={"offenderNo": offender})
        return [r for r in rows.json() if r.get("comments") == "fresh"]

    wait_until(in_nomis, 180, "the NOMIS incentive")

    def telemetry():
        found = p2n(stack, "telemetry", "--offender", offender)
        assert found.returncode == 0, found.stderr
        rows = [json.loads(line) for line in found.stdout.splitlines()]
        return [r for r in rows if r["name"] == "incentive-create-success"]

    assert wait_until(telemetry, 60, "incentive-create-success in p2n telemetry")
    assert message_id


def test_a_reconciliation_partition_runs_from_a_new_shell_and_is_dagsters_run(stack):
    yesterday = (datetime.now(ZoneInfo(TIMEZONE)) - timedelta(days=1)).date().isoformat()
    ran = p2n(stack, "reconcile", "attendance_reconciliation", "--partition", yesterday)
    assert ran.returncode in (0, 1), ran.stderr  # 1: a check found the sandbox's mismatches
    assert "Traceback" not in ran.stderr and "warning" not in ran.stderr.lower()
    report = json.loads(ran.stdout)
    assert report["run_succeeded"] is True and report["partition"] == yesterday
    assert set(report["checks"]) == {"attendance_counts_match"}
    assert report["latest_partition_fresh"] is True  # yesterday is the latest due partition
    assert ran.returncode == (0 if all(report["checks"].values()) else 1)
    query = (
        "query($id: ID!) { runOrError(runId: $id) { ... on Run { status tags { key value } } } }"
    )
    answer = httpx.post(
        f"http://127.0.0.1:{stack.ports['ui']}/graphql",
        json={"query": query, "variables": {"id": report["run_id"]}},
        timeout=30,
    ).json()["data"]["runOrError"]
    assert answer["status"] == "SUCCESS"  # the UI's instance holds the run, as after Materialize…
    assert {"key": "dagster/partition", "value": yesterday} in answer["tags"]


def test_publish_changes_nothing_in_dps_when_the_event_cannot_be_sent(stack):
    sandbox = f"http://127.0.0.1:{stack.ports['sandbox']}"
    before = httpx.get(f"{sandbox}/sandbox/dps/incentive-reviews").json()
    env = {**clean_environment(stack.home), "SQS_ENDPOINT_URL": "http://127.0.0.1:9"}
    result = subprocess.run(
        [*P2N, "publish", "incentive-review", "A1000AA", "ENH"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "http://127.0.0.1:9" in line and "Traceback" not in result.stderr
    assert httpx.get(f"{sandbox}/sandbox/dps/incentive-reviews").json() == before


def test_sigterm_to_make_run_stops_every_process_it_started_within_15s(stack):
    tree = children_of([stack.parent.pid])
    assert len(tree) >= 5, "p2n local, moto, the sandbox, dagster dev and its children"
    stack.parent.send_signal(signal.SIGTERM)  # `make` is stopped; p2n local must follow
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(alive(pid) for pid in tree):
        tree |= children_of(tree)
        time.sleep(0.2)
    left = sorted(pid for pid in tree if alive(pid))
    assert left == [], f"still running 15 s after SIGTERM: {left}"
    assert not (stack.home / "stack.json").exists()
