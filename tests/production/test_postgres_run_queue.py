"""Under the production dagster.yaml, at most two runs of one domain overlap; domains side by side.

A real `dagster-daemon run` on deploy/production/dagster.yaml (storage on the stage's Postgres,
compute logs on S3 served by moto) with only the run launcher swapped for the default one: the
test code location's sensor queues three runs each of two domains at once, and the run records'
start and end times show how the queue let them through.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import boto3
import dagster as dg
import pytest
import yaml
from moto.server import ThreadedMotoServer

from tests.production import queue_location
from tests.production.postgres import (
    REQUIRES_POSTGRES,
    dagster_pg_env,
    production_config,
    write_instance_home,
)

pytestmark = REQUIRES_POSTGRES

BUCKET = "p2n-compute-logs"
PREFIX = "run-queue-test"
REGION = "eu-west-2"
FINISH_WITHIN_SECONDS = 300
FINISHED = {
    dg.DagsterRunStatus.SUCCESS,
    dg.DagsterRunStatus.FAILURE,
    dg.DagsterRunStatus.CANCELED,
}


@pytest.fixture
def s3(monkeypatch):
    """moto's S3 for the compute logs; boto3 finds it through AWS_ENDPOINT_URL_S3."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", f"http://{host}:{port}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    client = boto3.client("s3")
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    yield client
    server.stop()


@pytest.fixture
def dagster_home(new_database, s3, tmp_path, monkeypatch) -> Path:
    environment = {
        **dagster_pg_env(new_database("run_queue")),
        "DAGSTER_COMPUTE_LOGS_BUCKET": BUCKET,
        "DAGSTER_COMPUTE_LOGS_PREFIX": PREFIX,
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    home = write_instance_home(tmp_path / "dagster_home", production_config())
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    workspace = {
        "load_from": [
            {
                "python_file": {
                    "relative_path": queue_location.__file__,
                    "location_name": "run-queue-test",
                }
            }
        ]
    }
    (home / "workspace.yaml").write_text(yaml.safe_dump(workspace))
    return home


@contextmanager
def running_daemon(home: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`dagster-daemon run` on `home`; stopped (with its code server and run workers) after."""
    daemon = shutil.which("dagster-daemon", path=str(Path(sys.executable).parent))
    log = (home / "daemon.log").open("wb")
    process = subprocess.Popen(
        [daemon or "dagster-daemon", "run", "-w", str(home / "workspace.yaml")],
        cwd=home,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
        for pid in processes_of(home):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue


def processes_of(home: Path) -> list[int]:
    """Processes started for this test: they carry its DAGSTER_HOME."""
    marker = f"DAGSTER_HOME={home}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def wait_for_runs(
    instance: dg.DagsterInstance, daemon: subprocess.Popen[bytes], home: Path, count: int
) -> list[dg.RunRecord]:
    deadline = time.monotonic() + FINISH_WITHIN_SECONDS
    records: list[dg.RunRecord] = []
    while time.monotonic() < deadline:
        assert daemon.poll() is None, "daemon exited:\n" + tail(home / "daemon.log")
        records = list(instance.get_run_records())
        if len(records) >= count and all(r.dagster_run.status in FINISHED for r in records):
            return records
        time.sleep(1)
    statuses = [(r.dagster_run.tags.get("domain"), r.dagster_run.status) for r in records]
    raise AssertionError(
        f"runs not finished within {FINISH_WITHIN_SECONDS}s: {statuses}\n"
        + tail(home / "daemon.log")
    )


def tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def overlap(a: dg.RunRecord, b: dg.RunRecord) -> float:
    """Seconds both runs were running at once (negative: the gap between them)."""
    assert a.start_time and a.end_time and b.start_time and b.end_time
    return min(a.end_time, b.end_time) - max(a.start_time, b.start_time)


def most_at_once(runs: list[dg.RunRecord]) -> int:
    """The largest number of these runs running at the same moment."""
    edges = sorted(
        [(r.start_time or 0.0, 1) for r in runs] + [(r.end_time or 0.0, -1) for r in runs],
        key=lambda edge: (edge[0], edge[1]),  # an end before a start at the same instant
    )
    running = peak = 0
    for _, step in edges:
        running += step
        peak = max(peak, running)
    return peak


def timeline(records: list[dg.RunRecord]) -> str:
    """Each run's domain, queued, started and ended, in seconds from the first queued."""
    zero = min(r.create_timestamp.timestamp() for r in records)
    return "; ".join(
        f"{r.dagster_run.tags['domain']}: queued {r.create_timestamp.timestamp() - zero:.1f} "
        f"start {(r.start_time or zero) - zero:.1f} end {(r.end_time or zero) - zero:.1f}"
        for r in sorted(records, key=lambda r: r.start_time or 0)
    )


@pytest.mark.timeout(FINISH_WITHIN_SECONDS + 120)
def test_one_domain_runs_at_most_two_at_a_time_and_domains_run_side_by_side(dagster_home, s3):
    expected = len(queue_location.DOMAINS) * queue_location.RUNS_PER_DOMAIN
    with (
        dg.DagsterInstance.from_config(str(dagster_home)) as instance,
        running_daemon(dagster_home) as daemon,
    ):
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        records = wait_for_runs(instance, daemon, dagster_home, expected)

    assert len(records) == expected
    assert all(r.dagster_run.status == dg.DagsterRunStatus.SUCCESS for r in records)
    by_domain = {
        domain: [r for r in records if r.dagster_run.tags["domain"] == domain]
        for domain in queue_location.DOMAINS
    }
    for domain, runs in by_domain.items():
        assert len(runs) == queue_location.RUNS_PER_DOMAIN
        assert most_at_once(runs) <= 2, f"three {domain} runs ran at once: {timeline(records)}"
    alpha, beta = by_domain.values()
    assert max(overlap(a, b) for a in alpha for b in beta) > 0, (
        f"domains never side by side: {timeline(records)}"
    )

    # the run workers wrote their stdout/stderr to S3, under the configured prefix
    keys = [
        item["Key"]
        for item in s3.list_objects_v2(Bucket=BUCKET, Prefix=f"{PREFIX}/").get("Contents", [])
    ]
    for record in records:
        assert any(record.dagster_run.run_id in key for key in keys), keys
