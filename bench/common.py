"""What every benchmark shares: the sandbox process, production-built clients, measurements.

Measurements are CPU seconds per process (to show when two cores, not the design, are the
limit), peak RSS and the machine itself.
"""

from __future__ import annotations

import logging
import os
import platform
import resource
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, TypeVar

import httpx

from dagster_project.local.listeners import listen_on, port_of
from dagster_project.local.runner import sandbox_command
from dagster_project.telemetry import Telemetry
from resources.auth import ClientCredentialsAuth
from resources.http import build_http_client
from resources.store import SyncStore, engine_for

T = TypeVar("T")

SECRET = "sandbox-secret"  # noqa: S105 - the sandbox's public demo secret
SEED_PRISONS = 3  # MDI, LEI, BXI; bulk prisons X03… come after them
MAX_PER_PRISON = 999


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU of a live process (Linux /proc), so the sandbox's share can be shown."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    return time.process_time()


def peak_rss_mb() -> float:
    """This process's peak resident set so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": f"{os.cpu_count()} cores, {model}",
        "memory": f"{memory:.0f} GiB",
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "versions": ", ".join(
            f"{name} {version(name)}" for name in ("dagster", "pandas", "httpx", "sqlalchemy")
        ),
    }


def seed_shape(prisoners: int) -> tuple[int, int]:
    """(prisons, prisoners per prison) holding at least `prisoners` active prisoners."""
    prisons = max(SEED_PRISONS, -(-prisoners // MAX_PER_PRISON))
    return prisons, max(10, -(-prisoners // prisons))


class Sandbox:
    """The sandbox estate in its own process on 127.0.0.1, as a context manager."""

    def __init__(
        self,
        workdir: Path,
        prisons: int,
        per_prison: int,
        activity_per_prison: int | None = None,
        startup_seconds: float = 900,
        activity_prisons: int | None = None,
    ) -> None:
        # bound now, handed to the sandbox at __enter__: nothing else can take the port meanwhile
        self._listener = listen_on()
        self.workdir, self.port = workdir, port_of(self._listener)
        self.url = f"http://127.0.0.1:{self.port}"
        self._command = [
            *sandbox_command(self._listener, f"sqlite:///{workdir / 'sandbox.db'}"),
            "--prisons",
            str(prisons),
            "--prisoners-per-prison",
            str(per_prison),
            "--token-ttl-seconds",
            "86400",
        ]
        if activity_per_prison is not None:
            self._command += ["--activity-prisoners-per-prison", str(activity_per_prison)]
        if activity_prisons is not None:  # the first K prisons run activities (default 2)
            self._command += ["--activity-prisons", str(activity_prisons)]
        self._startup_seconds = startup_seconds
        self._process: subprocess.Popen[bytes] | None = None
        self.seed_seconds = 0.0

    def __enter__(self) -> Sandbox:
        log = (self.workdir / "sandbox.log").open("wb")
        started = time.monotonic()
        self._process = subprocess.Popen(  # noqa: S603 - argv built here, no shell
            self._command,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=(self._listener.fileno(),),
        )
        self._listener.close()
        deadline = started + self._startup_seconds
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"sandbox exited; see {self.workdir / 'sandbox.log'}")
            try:
                if httpx.get(f"{self.url}/sandbox/health", timeout=2).is_success:
                    self.seed_seconds = round(time.monotonic() - started, 1)
                    return self
            except httpx.HTTPError:
                time.sleep(0.5)
        self._process.kill()
        raise TimeoutError("sandbox did not start")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=30)

    def cpu_seconds(self) -> float:
        assert self._process is not None
        return process_cpu_seconds(self._process.pid)

    def set_latency(self, services: tuple[str, ...], latency_ms: int, sigma: float) -> None:
        """Every request to these services waits `latency_ms` on average (lognormal spread)."""
        self.set_latencies(dict.fromkeys(services, latency_ms), sigma)

    def set_latencies(self, latency_ms: Mapping[str, int], sigma: float) -> None:
        """Each service's requests wait its own mean latency (one rule set: a PUT replaces all)."""
        rules = [
            {"service": service, "latencyMs": ms, "latencySigma": sigma}
            for service, ms in latency_ms.items()
        ]
        httpx.put(f"{self.url}/sandbox/faults", json=rules, timeout=10).raise_for_status()

    def client(self, prefix: str, client_id: str) -> httpx.Client:
        """Built exactly as production builds it (auth, retries, pooled keep-alive)."""
        auth = ClientCredentialsAuth(f"{self.url}/auth/oauth/token", client_id, SECRET)
        return build_http_client(f"{self.url}/{prefix}", auth, 30.0)


@dataclass(frozen=True)
class Measured(Generic[T]):
    """What a timed walk returned, its wall time and the CPU this process and the sandbox spent."""

    result: T
    wall_s: float
    cpu_s: float
    sandbox_cpu_s: float
    seed_s: float

    def timings(self, bound_s: float) -> dict[str, Any]:
        """The common timing keys of a result; efficiency = bound / wall."""
        return {
            "seed_s": self.seed_s,
            "wall_s": round(self.wall_s, 1),
            "cpu_s": round(self.cpu_s, 1),
            "sandbox_cpu_s": round(self.sandbox_cpu_s, 1),
            "bound_s": round(bound_s, 1),
            "efficiency": round(bound_s / self.wall_s, 2),
            "peak_rss_mb": peak_rss_mb(),
            "machine": machine(),
        }


def measure_walk(
    prisoners: int,
    latency_ms: Mapping[str, int],
    sigma: float,
    walk: Callable[[Sandbox, Telemetry], T],
) -> Measured[T]:
    """Seed a sandbox estate of `prisoners`, give each service its latency, time `walk` on it.

    The walk gets the sandbox (for its production-built clients) and telemetry on a throwaway
    SQLite store; only the walk is timed, not the seeding.
    """
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with Sandbox(workdir, *seed_shape(prisoners)) as sandbox:
            sandbox.set_latencies(latency_ms, sigma)
            store = SyncStore(engine_for(f"sqlite:///{workdir / 'store.db'}"))
            telemetry = Telemetry(store, logging.getLogger("bench"))
            sandbox_cpu0, cpu0 = sandbox.cpu_seconds(), own_cpu_seconds()
            wall0 = time.perf_counter()
            result = walk(sandbox, telemetry)
            wall = time.perf_counter() - wall0
            cpu, sandbox_cpu = own_cpu_seconds() - cpu0, sandbox.cpu_seconds() - sandbox_cpu0
            return Measured(result, wall, cpu, sandbox_cpu, sandbox.seed_seconds)
