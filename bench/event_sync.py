"""`python -m bench.event_sync`: event-sync throughput and latency through the real path.

Its own moto server, sandbox and Dagster daemon on 127.0.0.1 (the soak's `Stack`), with the
service's default settings and `deploy/local/dagster.yaml`: incentive reviews are delivered to
the incentives queue as SNS delivers them (`event_sync_workload.py` says why not through moto's
SNS), `incentives_events_sensor` hands them to daemon-launched `incentives_sync_job` runs, and the
runs write NOMIS and the mapping in the sandbox, which delays every nomis, mapping and incentives
request by `--latency-ms`.

Two phases: a burst (`--burst` events published at once), then a steady stream (`--rate`
events/s for `--seconds`); each waits until every event is in NOMIS. Per phase: wall time (first
publish to last NOMIS write), throughput, latency percentiles, runs launched, the bound
(events x calls per event to the busiest API x latency / concurrency) and events lost. One JSON
object goes to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import httpx
import yaml

from bench.event_sync_measure import (
    LATENCY_APIS,
    CpuMeter,
    api_calls,
    applied_times,
    cpu_delta,
    machine_busy_seconds,
    nomis_written,
    phase_summary,
    run_times,
)
from bench.event_sync_workload import Published, Review, ReviewPublisher, ReviewSource
from bench.event_sync_workload import active_prisoners as list_prisoners
from bench.soak.plan import SoakPlan
from bench.soak.stack import Stack
from dagster_project.local.runner import REPO
from dagster_project.settings import Settings

LOG = logging.getLogger("bench.event_sync")
# The service's settings the soak tunes; here they keep the service's own defaults.
TUNED_BY_SOAK = (
    "sensor_interval_seconds",
    "sensor_batch_size",
    "event_retry_delays_seconds",
    "event_in_run_retries",
    "queue_visibility_timeout_seconds",
    "entity_claim_seconds",
    "sync_run_max_runtime_seconds",
    "api_timeout_seconds",
    "mapping_timeout_seconds",
)
REPORTED = (*TUNED_BY_SOAK[:4], "sync_concurrency", "sync_api_concurrency")
WARM_UP_SECONDS = 300


def default_value(name: str) -> str:
    value = Settings.model_fields[name].default
    return ",".join(map(str, value)) if isinstance(value, tuple) else str(value)


class BenchStack(Stack):
    """The soak's processes, with the service's defaults and the local instance as shipped."""

    def __init__(self, workdir: Path, prisoners_per_prison: int, overrides: dict[str, str]) -> None:
        self._overrides = overrides
        plan = SoakPlan(prisoners_per_prison=prisoners_per_prison, hang_seconds=30.0)
        super().__init__(plan, workdir)

    def _environment(self) -> dict[str, str]:
        env = super()._environment()
        production = (*TUNED_BY_SOAK, "sync_concurrency", "sync_api_concurrency")
        env.update({name.upper(): default_value(name) for name in production})
        env.update(self._overrides)
        return env

    def start_daemon(self) -> None:
        """`deploy/local/dagster.yaml` unchanged (the soak's copy monitors faster)."""
        shipped = yaml.safe_load((REPO / "deploy/local/dagster.yaml").read_text())
        (self.home / "dagster.yaml").write_text(yaml.safe_dump(shipped))
        super().start_daemon()


class Bench:
    """One benchmark: the stack, the publisher and the measurements of both phases."""

    def __init__(self, args: argparse.Namespace, stack: BenchStack) -> None:
        self.args = args
        self.stack = stack
        self.settings = stack.settings()
        self.cpu = CpuMeter(stack.home)
        self.publisher = ReviewPublisher(self.settings, stack.sandbox_url)

    def run(self, sandbox: httpx.Client) -> dict[str, Any]:
        args = self.args
        source = ReviewSource(list_prisoners(sandbox), seed=20261127)
        LOG.info("creating DPS reviews")
        burst = self.publisher.create_reviews(source.distinct(args.burst))
        steady = self.publisher.create_reviews(source.distinct(round(args.rate * args.seconds)))
        warm_up = self.publisher.create_reviews(source.distinct(1))
        rules = [{"service": s, "latencyMs": args.latency_ms} for s in LATENCY_APIS]
        sandbox.put("/sandbox/faults", json=rules).raise_for_status()
        if not args.smoke:  # the first run also waits for the daemon to load the code
            LOG.info("warm-up: one event through a first run")
            self._wait_written(self.publisher.burst(warm_up), WARM_UP_SECONDS)
        cpu_began = self.cpu.tree_seconds()
        burst_result = self._phase(
            "burst", sandbox, burst, lambda: self.publisher.burst(burst), args.burst_timeout
        )
        steady_result = self._phase(
            "steady",
            sandbox,
            steady,
            lambda: self.publisher.steady(steady, args.rate),
            args.seconds + args.steady_timeout,
        )
        return {
            "burst": burst_result,
            "steady": steady_result,
            "latency_ms": args.latency_ms,
            "concurrency": self.concurrency(),
            "concurrency_source": (
                "C in the bound: SYNC_API_CONCURRENCY x sync runs a domain may have at once "
                "(the requests in flight the service allows itself on one API)"
            ),
            "cpu_s": round(self.cpu.tree_seconds() - cpu_began, 1),
            "cpu_source": (
                "/proc utime+stime+cutime+cstime of every process with this benchmark's "
                "DAGSTER_HOME (moto, sandbox, daemon, code server, run workers) plus this "
                "process and its waited children (os.times), from the burst to the end"
            ),
            "latency_source": (
                "applied_events.applied_at in the sync store (written right after the mapping "
                "POST that follows the NOMIS POST) minus the time its delivery to the queue began "
                "(the SNS notification envelope, sent straight to SQS)"
            ),
            "settings": self._settings_used(),
        }

    def concurrency(self) -> int:
        """Requests the service may keep in flight on one API: per run, times runs per domain."""
        used = self._settings_used()
        return int(used["sync_api_concurrency"]) * int(used["sync_runs_per_domain"])

    def _phase(
        self,
        name: str,
        sandbox: httpx.Client,
        reviews: list[Review],
        publish: Any,
        timeout: float,
    ) -> dict[str, Any]:
        sandbox.delete("/sandbox/requests").raise_for_status()
        cpu_before, (busy_before, clock_before) = self.cpu.by_role(), machine_busy_seconds()
        began = time.time()
        LOG.info(f"{name}: publishing {len(reviews)} events")
        events: list[Published] = publish()
        LOG.info(f"{name}: published in {time.time() - began:.1f}s; waiting for NOMIS")
        written = self._wait_written(events, timeout)
        cpu = cpu_delta(cpu_before, self.cpu.by_role())
        busy_after, clock_after = machine_busy_seconds()
        window = clock_after - clock_before
        calls, journalled = api_calls(sandbox)
        runs = run_times(self.stack.instance(), began - 1, time.time())
        result = phase_summary(
            events,
            written,
            nomis_written(sandbox, events),
            calls,
            self.args.latency_ms,
            self.concurrency(),
            runs,
            cpu,
        )
        result["window_s"] = round(window, 1)
        result["tree_cpu_cores"] = round(result["cpu_s"] / window, 2) if window else 0.0
        result["machine_busy_cores"] = round((busy_after - busy_before) / window, 2)
        result["journal_full"] = journalled >= 10_000
        LOG.info(f"{name}: {json.dumps(result)}")
        return result

    def _wait_written(self, events: list[Published], timeout: float) -> dict[str, float]:
        """Poll the ledger until every event is applied or `timeout` seconds have passed."""
        deadline = time.monotonic() + timeout
        written: dict[str, float] = {}
        store_url = self.settings.resolved_store_url
        while True:
            written = applied_times(store_url, events)
            if len(written) == len(events) or time.monotonic() >= deadline:
                return written
            time.sleep(1.0)

    def _settings_used(self) -> dict[str, Any]:
        instance = yaml.safe_load((self.stack.home / "dagster.yaml").read_text())
        coordinator = instance["run_coordinator"]["config"]
        return {
            **{name: getattr(self.settings, name) for name in REPORTED},
            "dequeue_interval_seconds": coordinator.get("dequeue_interval_seconds"),
            "dequeue_num_workers": coordinator.get("dequeue_num_workers"),
            "max_concurrent_runs": instance["concurrency"]["runs"]["max_concurrent_runs"],
            "sync_runs_per_domain": next(
                limit["limit"]
                for limit in instance["concurrency"]["runs"]["tag_concurrency_limits"]
                if limit["key"] == "domain"
            ),
            "prisoners_per_prison": self.stack.plan.prisoners_per_prison,
        }


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.event_sync", description=__doc__)
    parser.add_argument("--latency-ms", type=int, default=250, help="per request (250)")
    parser.add_argument(
        "--concurrency",
        type=int,
        help="SYNC_API_CONCURRENCY: requests in flight per API from a run (default: the "
        "service's production default)",
    )
    parser.add_argument(
        "--entities",
        type=int,
        help="SYNC_CONCURRENCY: entities a run applies at once (default: the service's "
        "production default)",
    )
    parser.add_argument("--burst", type=int, default=2000, help="events published at once")
    parser.add_argument("--rate", type=float, default=20.0, help="steady events per second")
    parser.add_argument("--seconds", type=float, default=60.0, help="steady stream length")
    parser.add_argument("--smoke", action="store_true", help="20 burst + 2 s at 5 ev/s (CI)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="another service setting for the daemon, e.g. SENSOR_BATCH_SIZE=100",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=REPO / ".local/event-sync-bench",
        help="state and logs (emptied first; default .local/event-sync-bench)",
    )
    args = parser.parse_args(argv)
    args.burst_timeout, args.steady_timeout, args.prisoners_per_prison = 420.0, 240.0, 999
    if args.smoke:
        args.burst, args.rate, args.seconds = 20, 5.0, 2.0
        args.burst_timeout, args.steady_timeout, args.prisoners_per_prison = 180.0, 180.0, 60
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    logging.basicConfig(
        stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s %(message)s"
    )
    for noisy in ("httpx", "alembic", "p2n"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    warnings.simplefilter("ignore")  # Dagster preview/supersession notes, not results
    workdir = args.workdir.resolve()
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    overrides = dict(item.split("=", 1) for item in args.set)
    if args.concurrency:
        overrides["SYNC_API_CONCURRENCY"] = str(args.concurrency)
    if args.entities:
        overrides["SYNC_CONCURRENCY"] = str(args.entities)
    stack = BenchStack(workdir, args.prisoners_per_prison, overrides)
    LOG.info(f"starting moto, the sandbox and the daemon under {workdir}")
    stack.start()
    try:
        with httpx.Client(base_url=stack.sandbox_url, timeout=120) as sandbox:
            report = Bench(args, stack).run(sandbox)
    finally:
        stack.stop()
    (workdir / "report.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
