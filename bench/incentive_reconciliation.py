"""Benchmark: the incentive levels reconciliation over N prisoners against the sandbox.

The sandbox runs in its own process on 127.0.0.1 with an injected latency L on every NOMIS and
DPS incentives request; this process runs the same fetch + diff the asset runs, with C requests
in flight. Reports wall time, requests, CPU seconds, peak RSS (this process only) and the
efficiency (requests x L / C) / wall, i.e. how close we get to what the APIs allow.

    .venv/bin/python -m bench.incentive_reconciliation --prisoners 20000 --latency-ms 20
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from dagster_project.reconciliation.diffing import diff_levels
from dagster_project.reconciliation.incentives import fetch_incentive_levels
from dagster_project.telemetry import Telemetry
from resources.auth import ClientCredentialsAuth
from resources.dps.incentives import IncentivesClient
from resources.http import build_http_client
from resources.nomis_prisoner.client import NomisPrisonerClient
from resources.store import SyncStore, engine_for

SECRET = "sandbox-secret"  # noqa: S105 - the sandbox's public demo secret
PRISONS_IN_SANDBOX = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_sandbox(workdir: Path, prisoners: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    prisons = max(PRISONS_IN_SANDBOX, -(-prisoners // 999))
    per_prison = max(10, -(-prisoners // prisons))
    command = [
        sys.executable,
        "-m",
        "dagster_project.sandbox",
        "--port",
        str(port),
        "--db-url",
        f"sqlite:///{workdir / 'sandbox.db'}",
        "--prisons",
        str(prisons),
        "--prisoners-per-prison",
        str(per_prison),
        "--token-ttl-seconds",
        "86400",
    ]
    log = (workdir / "sandbox.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/sandbox/health", timeout=2).is_success:
                return process, url
        except httpx.HTTPError:
            time.sleep(1)
    process.kill()
    raise TimeoutError("sandbox did not start")


def client(url: str, prefix: str, client_id: str) -> httpx.Client:
    """Built exactly as production builds it (httpx pools up to 100 connections)."""
    auth = ClientCredentialsAuth(f"{url}/auth/oauth/token", client_id, SECRET)
    return build_http_client(f"{url}/{prefix}", auth, 30.0)


def run(prisoners: int, latency_ms: int, concurrency: int, page_size: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        sandbox, url = start_sandbox(workdir, prisoners)
        try:
            rules = [{"service": s, "latencyMs": latency_ms} for s in ("nomis", "incentives")]
            httpx.put(f"{url}/sandbox/faults", json=rules, timeout=10).raise_for_status()
            nomis = NomisPrisonerClient(client(url, "nomis", "nomis-api"))
            dps = IncentivesClient(client(url, "incentives", "incentives-api"))
            store = SyncStore(engine_for(f"sqlite:///{workdir / 'store.db'}"))
            telemetry = Telemetry(store, logging.getLogger("bench"))
            cpu0, wall0 = time.process_time(), time.perf_counter()
            fetched = fetch_incentive_levels(nomis, dps, telemetry, page_size, concurrency)
            mismatches = diff_levels(fetched.levels)
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        finally:
            sandbox.terminate()
            sandbox.wait(timeout=30)
    bound = fetched.requests * latency_ms / 1000 / concurrency
    return {
        "prisoners": len(fetched.levels),
        "mismatches": len(mismatches),
        "errors": len(fetched.errors),
        "requests": fetched.requests,
        "latency_ms": latency_ms,
        "concurrency": concurrency,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "bound_s": round(bound, 1),
        "efficiency": round(bound / wall, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "machine": f"{os.cpu_count()} cores",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prisoners", type=int, default=20_000)
    parser.add_argument("--latency-ms", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--page-size", type=int, default=200)
    parser.add_argument("--smoke", action="store_true", help="tiny run for CI")
    args = parser.parse_args()
    prisoners = 60 if args.smoke else args.prisoners
    result = run(prisoners, args.latency_ms, args.concurrency, args.page_size)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
