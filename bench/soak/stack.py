"""The soak's processes: moto server, the sandbox estate and the real Dagster daemon.

All bind to 127.0.0.1 under one work directory. The daemon can be SIGKILLed and started again,
and a run worker can be found by its run id (the "Started process for run (pid: N)" engine
event) and SIGKILLed. `stop` also reaps every process that carries this soak's DAGSTER_HOME.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import dagster as dg
import httpx
import yaml

from bench.soak.plan import SoakPlan
from dagster_project.local.aws import provision
from dagster_project.local.listeners import listen_on, port_of, wait_for
from dagster_project.local.runner import (
    REPO,
    local_environment,
    moto_command,
    port_open,
    sandbox_command,
)
from dagster_project.settings import Settings

PID_PATTERN = re.compile(r"Started process for run \(pid: (\d+)\)")
# how long moto and the sandbox may take to answer: a bound for a broken start, not an
# expectation (a quiet machine needs a tenth; the sandbox seeds 2,100 prisoners for `make soak`)
STARTUP_SECONDS = 300


def instance_yaml(plan: SoakPlan) -> dict[str, Any]:
    """The local instance config with faster monitoring, so a dead run is noticed in seconds.

    A run left STARTING by the killed daemon is failed after `run_start_timeout_seconds`:
    that is all the start timeout is for. It is far above a start on a loaded machine (loading
    the code takes a new process about 7 s of CPU), because a run failed while it was still
    starting would be retried only to be failed again.
    """
    config: dict[str, Any] = yaml.safe_load((REPO / "deploy/local/dagster.yaml").read_text())
    config["run_monitoring"] = {
        "enabled": True,
        "poll_interval_seconds": 2,
        "start_timeout_seconds": plan.run_start_timeout_seconds,
    }
    config["run_retries"] = {"enabled": True, "max_retries": 3}
    config["run_coordinator"]["config"]["dequeue_interval_seconds"] = 1
    return config


class Stack:
    """Start, break and stop the soak's processes."""

    def __init__(self, plan: SoakPlan, workdir: Path) -> None:
        self.plan = plan
        self.workdir = workdir
        self.home = workdir / "dagster_home"
        self.logs = workdir / "logs"
        # bound now and passed down at start: no other process can take the ports meanwhile
        self._moto_listener, self._sandbox_listener = listen_on(), listen_on()
        self.moto_port = port_of(self._moto_listener)
        self.sandbox_port = port_of(self._sandbox_listener)
        self.sandbox_url = f"http://127.0.0.1:{self.sandbox_port}"
        self.env = {**os.environ, **self._environment()}
        self._children: list[subprocess.Popen[bytes]] = []
        self.daemon: subprocess.Popen[bytes] | None = None

    def _environment(self) -> dict[str, str]:
        plan = self.plan
        # the soak's own servers and instance, whatever the developer's shell says
        base = local_environment(self.workdir, self.moto_port, self.sandbox_port, shell_wins=False)
        return {
            **base,
            **{
                "SENSOR_INTERVAL_SECONDS": str(plan.sensor_interval_seconds),
                "SENSOR_BATCH_SIZE": str(plan.batch_size),
                "EVENT_RETRY_DELAYS_SECONDS": ",".join(map(str, plan.retry_delays_seconds)),
                "EVENT_IN_RUN_RETRIES": str(plan.in_run_retries),
                "QUEUE_VISIBILITY_TIMEOUT_SECONDS": "30",
                "ENTITY_CLAIM_SECONDS": str(plan.claim_seconds),
                "SYNC_RUN_MAX_RUNTIME_SECONDS": str(plan.run_max_seconds),
                "API_TIMEOUT_SECONDS": str(plan.api_timeout_seconds),
                "MAPPING_TIMEOUT_SECONDS": str(plan.api_timeout_seconds),
                "STORE_URL": f"sqlite:///{self.workdir / 'sync-store.db'}",
            },
        }

    def settings(self) -> Settings:
        """The service's settings exactly as the daemon reads them (after `start`)."""
        return Settings.from_env()

    def start(self) -> None:
        """moto, the sandbox (no planted mismatches, seeded faults), queues, then the daemon.

        This process takes the soak's environment too: it provisions, publishes and reconciles
        with exactly the settings and secrets the daemon has.
        """
        os.environ.update(self.env)
        if threading.current_thread() is threading.main_thread():
            # SIGTERM (a timeout, `kill`) unwinds like Ctrl-C, so the caller's `stop` runs and
            # leaves no moto, sandbox, daemon or run worker behind
            signal.signal(signal.SIGTERM, _interrupt)
        self.home.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(exist_ok=True)
        (self.home / "dagster.yaml").write_text(yaml.safe_dump(instance_yaml(self.plan)))
        # Create the instance's storage now, before any daemon: two processes creating it at
        # once race on its tables, and the loser dies ("table alembic_version already exists").
        self.instance().dispose()
        moto = self._spawn("moto", moto_command(self._moto_listener), self._moto_listener)
        wait_for(
            "moto server",
            lambda: port_open(self.moto_port),
            seconds=STARTUP_SECONDS,
            process=moto,
            log=self.logs / "moto.log",
        )
        sandbox_db = f"sqlite:///{self.workdir / 'sandbox.db'}"
        command = sandbox_command(self._sandbox_listener, sandbox_db)
        command += [
            "--prisoners-per-prison",
            str(self.plan.prisoners_per_prison),
            "--hang-seconds",
            str(self.plan.hang_seconds),
            "--fault-seed",
            str(self.plan.seed),
            "--no-planted-mismatches",
        ]
        sandbox = self._spawn("sandbox", command, self._sandbox_listener)
        provision(self.settings())
        self.start_daemon()  # loads the code while the sandbox seeds
        health = f"{self.sandbox_url}/sandbox/health"
        wait_for(
            "sandbox",
            lambda: httpx.get(health, timeout=2).is_success,
            seconds=STARTUP_SECONDS,
            process=sandbox,
            log=self.logs / "sandbox.log",
        )

    def start_daemon(self) -> None:
        daemon = shutil.which("dagster-daemon", path=str(Path(sys.executable).parent))
        command = [daemon or "dagster-daemon", "run", "-w", "workspace.yaml"]
        self.daemon = self._spawn("daemon", command)

    def kill_daemon(self) -> int:
        """SIGKILL the daemon (its code server and run workers are left to fend for themselves).

        Until `start_daemon`, there is no daemon to check.
        """
        self.check_daemon()
        daemon, self.daemon = self.daemon, None
        assert daemon is not None
        daemon.send_signal(signal.SIGKILL)
        daemon.wait(timeout=10)
        return daemon.pid

    def check_daemon(self) -> None:
        """Raise when the daemon has exited by itself: without it nothing moves any more.

        Raises:
            RuntimeError: naming its exit code and log, instead of a wait running into its bound.
        """
        daemon = self.daemon
        if daemon is not None and daemon.poll() is not None:
            raise RuntimeError(
                f"the Dagster daemon (pid {daemon.pid}) exited with code {daemon.returncode}; "
                f"see {self.logs / 'daemon.log'}"
            )

    def instance(self) -> dg.DagsterInstance:
        """A handle on the daemon's instance (same DAGSTER_HOME, read from this process)."""
        return dg.DagsterInstance.get()  # DAGSTER_HOME is this soak's, set by `start`

    def kill_run_worker(self, instance: dg.DagsterInstance, run_id: str) -> int | None:
        """SIGKILL the process executing `run_id`; None if it has no live worker."""
        records = instance.all_logs(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT)
        for record in records:
            found = PID_PATTERN.search(record.message or "")
            if found:
                pid = int(found.group(1))
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    return None
                return pid
        return None

    def stop(self) -> None:
        """Stop everything, including run workers and code servers orphaned by a kill."""
        self._moto_listener.close()  # still ours if `start` failed before handing it down
        self._sandbox_listener.close()
        for child in reversed(self._children):
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in reversed(self._children):
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        for pid in self._orphans():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue

    def _orphans(self) -> list[int]:
        marker = f"DAGSTER_HOME={self.home}".encode()
        found: list[int] = []
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

    def _spawn(
        self, name: str, command: list[str], listener: socket.socket | None = None
    ) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("ab")
        child = subprocess.Popen(  # noqa: S603 - argv built here, no shell
            command,
            env=self.env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=() if listener is None else (listener.fileno(),),
        )
        if listener is not None:
            listener.close()  # the child serves it now
        self._children.append(child)
        return child


def wait_until(what: str, probe: object, seconds: float, every: float = 0.5) -> None:
    """Poll `probe` until true; TimeoutError names `what`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(probe) and probe():
            return
        time.sleep(every)
    raise TimeoutError(f"{what} not within {seconds:.0f}s")


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt
