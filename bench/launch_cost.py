"""`python -m bench.launch_cost`: what starting one sync run costs, before it applies an event.

Every sync run is a new process that loads its code location, builds the definitions and opens
its resources; only then does it apply its batch. This runs `dagster job execute` on a domain's
sync job with an empty batch, in a fresh process each time, and measures its wall time and CPU
(user + system, from the child's rusage): the launch cost a daemon-launched run pays too (the
daemon's own scheduling aside).

    .venv/bin/python -m bench.launch_cost                        # the event-sync location
    .venv/bin/python -m bench.launch_cost --repo OLDER_CHECKOUT --module dagster_project.definitions

One JSON object goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import machine
from dagster_project.domains import APIS

REPO = Path(__file__).resolve().parents[1]


def environment(home: Path, repo: Path) -> dict[str, str]:
    """Local-mode settings with placeholder secrets: an empty batch calls no API."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "DAGSTER_HOME": str(home),
        "PYTHONPATH": str(repo),
        "ENVIRONMENT": "local",
        "STORE_URL": f"sqlite:///{home / 'store.db'}",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "SQS_ENDPOINT_URL": "http://127.0.0.1:1",
    }
    for api in APIS:
        env[api.secret_variable] = "placeholder"  # never sent anywhere
    return env


def one_launch(dagster: Path, module: str, domain: str, home: Path, repo: Path) -> dict[str, float]:
    """One empty sync run in a fresh process: wall seconds and CPU seconds."""
    config = home / "run.yaml"
    config.write_text(f"ops:\n  sync_{domain}_events:\n    config:\n      messages: []\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    result = subprocess.run(
        [
            str(dagster),
            "job",
            "execute",
            "-m",
            module,
            "-j",
            f"{domain}_sync_job",
            "-c",
            str(config),
        ],
        cwd=home,
        env=environment(home, repo),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0 or "RUN_SUCCESS" not in result.stdout + result.stderr:
        raise SystemExit(f"the run did not succeed:\n{(result.stdout + result.stderr)[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2)}


def measure(module: str, domain: str, repeats: int, repo: Path) -> dict[str, Any]:
    dagster = Path(sys.executable).parent / "dagster"
    launches: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="launch-cost-") as tmp:
        home = Path(tmp)
        one_launch(dagster, module, domain, home, repo)  # warm the page cache and .pyc files
        for _ in range(repeats):
            launches.append(one_launch(dagster, module, domain, home, repo))
    walls = [launch["wall_s"] for launch in launches]
    cpus = [launch["cpu_s"] for launch in launches]
    return {
        "module": module,
        "job": f"{domain}_sync_job",
        "repeats": repeats,
        "wall_s_median": round(statistics.median(walls), 2),
        "wall_s_min": min(walls),
        "cpu_s_median": round(statistics.median(cpus), 2),
        "cpu_s_min": min(cpus),
        "load_average": os.getloadavg(),
        "machine": machine(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.launch_cost", description=__doc__)
    parser.add_argument("--module", default="dagster_project.sync_definitions")
    parser.add_argument("--domain", default="incentives")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--repo", type=Path, default=REPO, help="the tree whose code is loaded")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.module, args.domain, args.repeats, args.repo.resolve())))


if __name__ == "__main__":
    main()
