"""The README's run command, for real: moto server + sandbox + `dagster dev` with its daemon.

Checks the UI lists both sensors running and that a published incentive review reaches NOMIS
in the sandbox with no manual step in between (how long it took is recorded, not asserted).
"""

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.local_stack import local_command, wait_for_stack

REPO = Path(__file__).resolve().parents[2]
STACK_SECONDS = 240  # a bound for a broken start: moto, the sandbox and the UI up
SENSORS_QUERY = """
{ repositoriesOrError { ... on RepositoryConnection { nodes {
    name sensors { name sensorState { status } } } } } }
"""


def wait_until(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (httpx.HTTPError, KeyError, IndexError, TypeError) as error:
            last_error = error
        time.sleep(0.5)
    raise AssertionError(f"{what} not seen within {seconds}s (last error: {last_error})")


@pytest.fixture
def local_run(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.endswith("_CLIENT_SECRET")}
    env.pop("DAGSTER_HOME", None)
    command = local_command(tmp_path / "home")
    log = (tmp_path / "local.log").open("wb")
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        ports = wait_for_stack(tmp_path / "home", process, STACK_SECONDS, tmp_path / "local.log")
        yield ports, tmp_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def test_run_command_serves_ui_with_sensors_running_and_syncs_a_published_event(
    local_run, record_property
):
    ports, tmp = local_run
    ui = f"http://127.0.0.1:{ports['ui']}"

    def sensors_running():
        body = httpx.post(f"{ui}/graphql", json={"query": SENSORS_QUERY}, timeout=10).json()
        nodes = body["data"]["repositoriesOrError"]["nodes"]
        states = {s["name"]: s["sensorState"]["status"] for n in nodes for s in n["sensors"]}
        return states if states.get("incentives_events_sensor") == "RUNNING" else None

    states = wait_until(sensors_running, 240, "sensors RUNNING in the UI")
    assert states["incentives_events_sensor"] == "RUNNING"
    assert states["visits_events_sensor"] == "RUNNING"
    assert states["reconciliation_alerts_sensor"] == "RUNNING"

    sandbox = f"http://127.0.0.1:{ports['sandbox']}"
    offender = httpx.get(f"{sandbox}/sandbox/prisoners", params={"limit": 1}).json()[0][
        "offenderNo"
    ]
    env = {
        **os.environ,
        "SANDBOX_URL": sandbox,
        "SQS_ENDPOINT_URL": f"http://127.0.0.1:{ports['moto']}",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    published_at = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "dagster_project.cli",
            "publish",
            "incentive-review",
            offender,
            "EN2",
            "--comments",
            "local-run",
        ],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )

    def nomis_has_it():
        rows = httpx.get(f"{sandbox}/sandbox/nomis/incentives", params={"offenderNo": offender})
        return [r for r in rows.json() if r.get("comments") == "local-run"]

    rows = wait_until(nomis_has_it, 180, "the NOMIS incentive")  # bounded; the time is recorded
    elapsed = time.monotonic() - published_at
    assert rows[0]["iepLevel"] == "EN2"
    record_property("publish_to_nomis_seconds", round(elapsed, 1))
    logging.getLogger(__name__).warning("publish -> NOMIS incentive in %.1fs", elapsed)
