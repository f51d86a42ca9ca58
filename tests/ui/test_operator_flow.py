"""An operator's path through the real UI of `p2n local`, in Debian's Chromium.

The stack is the README's run command on free ports. Before the browser starts, the incentive
reconciliation runs for its latest week (the sandbox's planted mismatches fail its check) and
`p2n publish` sends an event the sync dead-letters. Then `steps.mjs` (playwright-core) opens
the failed check, follows its repair link to the Launchpad, launches the dry run, changes
`dry_run` to false and launches the write, waits for the re-check to pass, reruns one
attendance date from the Catalog, lists the DLQ and finds the alert, each with a screenshot
under `.ci/artifacts/ui/`. The test then checks what the clicks did: NOMIS got one IEP row per
planted mismatch, the check passes for the week, and the dead letter's alert carries the id
`p2n publish` printed.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from dagster_project.alerts_view import list_alerts
from dagster_project.cadences import daily_partitions, weekly_partitions
from dagster_project.sandbox.domains.incentives.seed import PLANTED_INCENTIVE_MISMATCHES
from dagster_project.settings import Settings
from resources.store import SyncStore, engine_for
from tests.local_stack import local_command, wait_for_stack
from tests.ui.stage import CHROMIUM_ENV, HERE, REPO

LOG = logging.getLogger(__name__)
STACK_SECONDS = 180  # `p2n local` up: moto, sandbox, UI, code location loaded
RUN_SECONDS = 120  # one run launched through the queue to its end
BROWSER_SECONDS = 420  # every browser step (each bounded inside steps.mjs)
LOCATION = "prisoner-to-nomis-sync"
STEPS = [
    "failedCheck",
    "repairLink",
    "dryRun",
    "write",
    "recheckPassed",
    "rerunAttendance",
    "listDlq",
    "alertsView",
]

LAUNCH = """
mutation($params: ExecutionParams!) { launchRun(executionParams: $params) { __typename
  ... on LaunchRunSuccess { run { runId } } ... on PythonError { message } } }
"""
RUN_STATUS = "query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }"
SENSORS = """
{ repositoriesOrError { ... on RepositoryConnection { nodes {
    sensors { name sensorState { status } } } } } }
"""
CHECK_EVALUATION = """
query($key: AssetKeyInput!, $check: String!) {
  assetCheckExecutions(assetKey: $key, checkName: $check, limit: 1) {
    status evaluation { partition } } }
"""


def wait_until(predicate: Callable[[], Any], seconds: float, what: str) -> Any:
    """Poll `predicate` every half second until it returns something truthy, or fail."""
    deadline = time.monotonic() + seconds
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (httpx.HTTPError, KeyError, IndexError, TypeError) as error:
            last_error = error
        time.sleep(0.5)
    raise AssertionError(f"{what} not seen within {seconds}s (last error: {last_error})")


class Stack:
    """`p2n local` on free ports, with a GraphQL client for its UI."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.ports: dict[str, int] = {}  # read from its stack.json once it is up

    @property
    def ui(self) -> str:
        return f"http://127.0.0.1:{self.ports['ui']}"

    @property
    def sandbox(self) -> str:
        return f"http://127.0.0.1:{self.ports['sandbox']}"

    def graphql(self, query: str, **variables: Any) -> dict[str, Any]:
        response = httpx.post(
            f"{self.ui}/graphql", json={"query": query, "variables": variables}, timeout=30
        )
        response.raise_for_status()
        return response.json()["data"]

    def cli_env(self) -> dict[str, str]:
        return {
            **os.environ,
            "SANDBOX_URL": self.sandbox,
            "SQS_ENDPOINT_URL": f"http://127.0.0.1:{self.ports['moto']}",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        }

    def launch(self, job: str, partition: str) -> str:
        params = {
            "selector": {
                "repositoryLocationName": LOCATION,
                "repositoryName": "__repository__",
                "jobName": job,
            },
            "executionMetadata": {"tags": [{"key": "dagster/partition", "value": partition}]},
            "runConfigData": {},
        }
        result = self.graphql(LAUNCH, params=params)["launchRun"]
        assert result["__typename"] == "LaunchRunSuccess", result
        return str(result["run"]["runId"])

    def run_status(self, run_id: str) -> str:
        return str(self.graphql(RUN_STATUS, id=run_id)["runOrError"]["status"])

    def store(self) -> SyncStore:
        url = Settings(dagster_home=str(self.home / "dagster_home")).resolved_store_url
        return SyncStore(engine_for(url))


@pytest.fixture
def stack(tmp_path: Path, artifacts: Path) -> Iterator[Stack]:
    running = Stack(tmp_path / "home")
    env = {k: v for k, v in os.environ.items() if not k.endswith("_CLIENT_SECRET")}
    env.pop("DAGSTER_HOME", None)
    env.pop("DAGSTER_WEBSERVER_URL", None)  # links relative to the UI that shows them
    command = local_command(running.home)
    log_path = tmp_path / "local.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            running.ports = wait_for_stack(running.home, process, STACK_SECONDS, log_path)
            yield running
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            keep_logs(artifacts / "logs", log_path, running.home / "logs")


def keep_logs(target: Path, *sources: Path) -> None:
    """The stack's logs beside the screenshots, for a CI failure to be read."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for source in sources:
        for path in [source] if source.is_file() else sorted(source.glob("*.log")):
            shutil.copy(path, target / path.name)


def sensors_running(stack: Stack) -> bool:
    nodes = stack.graphql(SENSORS)["repositoriesOrError"]["nodes"]
    states = {s["name"]: s["sensorState"]["status"] for n in nodes for s in n["sensors"]}
    return states.get("recheck_after_repair_sensor") == "RUNNING"


def publish_dead_letter(stack: Stack) -> str:
    """An event the incentive sync refuses (no review id): its SNS id, as `p2n publish` prints."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dagster_project.cli",
            "publish",
            "raw",
            "incentives.iep-review.inserted",
            "--additional-information",
            json.dumps({"nomsNumber": "A9999ZZ"}),
        ],
        cwd=REPO,
        env=stack.cli_env(),
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return str(json.loads(result.stdout.strip().splitlines()[-1])["messageId"])


def nomis_incentive_rows(stack: Stack) -> int:
    return len(httpx.get(f"{stack.sandbox}/sandbox/nomis/incentives", timeout=30).json())


def latest_check(stack: Stack) -> dict[str, Any]:
    key = {"path": ["incentive_levels_reconciliation"]}
    found = stack.graphql(CHECK_EVALUATION, key=key, check="incentive_levels_match")
    return dict(found["assetCheckExecutions"][0])


def run_steps(stack: Stack, artifacts: Path, week: str, day: str, event_id: str) -> list[dict]:
    env = {
        **os.environ,
        "P2N_UI_URL": stack.ui,
        "P2N_UI_SCREENSHOTS": str(artifacts),
        "P2N_UI_INCENTIVE_PARTITION": week,
        "P2N_UI_ATTENDANCE_PARTITION": day,
        "P2N_UI_DLQ_EVENT_ID": event_id,
    }
    node = shutil.which("node")
    assert node, "Node.js is needed to drive the browser (see scripts/ui-stage.sh)"
    done = subprocess.run(
        [node, str(HERE / "steps.mjs")],
        cwd=HERE,
        env=env,
        capture_output=True,
        text=True,
        timeout=BROWSER_SECONDS,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    for line in lines:
        LOG.warning("ui step %s", json.dumps(line))
    assert done.returncode == 0, f"browser steps failed: {lines}\n{done.stderr[-3000:]}"
    return lines


# the test's own bounds, not pytest's default 300 s: with a second suite's browser stage beside
# it on two cores the flow reached its fifth screenshot after 300 s; each wait names itself
@pytest.mark.timeout(2 * STACK_SECONDS + RUN_SECONDS + BROWSER_SECONDS + 120)
def test_operator_repairs_a_failed_check_reruns_a_date_and_lists_the_dlq(
    stack: Stack, artifacts: Path, record_property: Callable[[str, object], None]
) -> None:
    assert os.environ[CHROMIUM_ENV]
    started = time.monotonic()
    wait_until(lambda: sensors_running(stack), STACK_SECONDS, "the UI with its sensors running")
    week = weekly_partitions.get_last_partition_key()
    day = daily_partitions.get_last_partition_key()
    assert week and day

    reconciliation = stack.launch("incentive_levels_reconciliation_job", week)
    event_id = publish_dead_letter(stack)
    wait_until(
        lambda: stack.run_status(reconciliation) == "SUCCESS", RUN_SECONDS, "the reconciliation"
    )
    assert latest_check(stack) == {"status": "FAILED", "evaluation": {"partition": week}}
    before = nomis_incentive_rows(stack)

    steps = run_steps(stack, artifacts, week, day, event_id)

    assert [step["step"] for step in steps] == STEPS
    assert all(step["ok"] for step in steps)
    screenshots = sorted(path.name for path in artifacts.glob("*.png"))
    assert screenshots == [f"{n:02d}-{name}.png" for n, name in enumerate(STEPS, start=1)]
    assert nomis_incentive_rows(stack) == before + len(PLANTED_INCENTIVE_MISMATCHES)
    assert latest_check(stack) == {"status": "SUCCEEDED", "evaluation": {"partition": week}}
    [alert] = list_alerts(stack.store(), event_id=event_id)
    assert alert.name == "incentives.iep-review.inserted-sent-to-dlq"

    elapsed = round(time.monotonic() - started, 1)
    record_property("ui_flow_seconds", elapsed)
    record_property("screenshots", ",".join(screenshots))
    LOG.warning("ui flow in %.1fs; screenshots in %s: %s", elapsed, artifacts, screenshots)
