"""One soak from start to report: stack up, faults on, publish with kills, drain, verify."""

from __future__ import annotations

import math
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import dagster as dg
import httpx

from bench.soak.plan import SoakPlan
from bench.soak.report import Kill, SoakReport
from bench.soak.stack import Stack, wait_until
from bench.soak.verify import (
    Baseline,
    check_adjustments,
    check_allocations,
    check_dead_letters,
    check_incentives,
    check_visits,
    reconcile,
)
from bench.soak.workload import Workload
from dagster_project.domains import DOMAINS
from dagster_project.wiring import resources_for
from resources.store import SyncStore
from sensors.stranded import ended_sync_runs, find_stranded

SERVICES = ("auth", "nomis", "mapping", "incentives", "visits", "activities", "adjustments")
ERROR_KINDS: tuple[dict[str, Any], ...] = (
    {"status": 500},
    {"status": 502},
    {"status": 503},
    {"status": 504},
    {"reset": True},
)
ACTIVE = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]
SLOW_READ = {
    "service": "mapping",
    "method": "GET",
    "pathPattern": "^/mapping/incentives/",
    "latencyMs": 4000,
    "times": 1,
}


def fault_rules(plan: SoakPlan) -> list[dict[str, Any]]:
    """Per service: hangs at `timeout_rate`, and errors (4 statuses + resets) at `api_error_rate`.

    Rules fire in order, so each error kind gets the share that makes the kinds together fire
    for `api_error_rate` of the requests the hang rule let through.
    """
    share = 1 - math.pow(1 - plan.api_error_rate, 1 / len(ERROR_KINDS))
    rules: list[dict[str, Any]] = []
    for service in SERVICES:
        rules.append({"service": service, "hang": True, "probability": plan.timeout_rate})
        rules.extend(
            {"service": service, "probability": round(share, 6), **kind} for kind in ERROR_KINDS
        )
    return rules


class Soak:
    """Holds the stack, the sandbox client and the instance for the phases of one soak."""

    def __init__(self, plan: SoakPlan, workdir: Path) -> None:
        self.plan = plan
        self.stack = Stack(plan, workdir)
        self.kills: list[Kill] = []
        self._kills_started: set[str] = set()

    def run(self) -> SoakReport:
        began = time.monotonic()
        self.stack.start()
        try:
            return self._run(began)
        finally:
            self.stack.stop()

    def _run(self, began: float) -> SoakReport:
        plan, stack = self.plan, self.stack
        settings = stack.settings()
        queue = resources_for(settings)["event_queue"].get_client()
        instance = stack.instance()
        with httpx.Client(base_url=stack.sandbox_url, timeout=60) as sandbox:
            baseline = Baseline.read(sandbox)
            rules = fault_rules(plan)
            sandbox.put("/sandbox/faults", json=rules).raise_for_status()
            workload = Workload(plan, settings, sandbox)
            workload.inject_poison()
            publish_began = time.monotonic()
            with ThreadPoolExecutor(max_workers=2, thread_name_prefix="soak-kill") as killer:
                pending: list[Future[None]] = []
                while workload.events < plan.events:
                    workload.step()
                    progress = workload.events / plan.events
                    pending += self._due_kills(progress, killer, instance, rules)
                workload.finish()
                published = time.monotonic()
                for kill in pending:
                    kill.result()
            inbox = resources_for(settings)["store"].get_client()
            drained = self._wait_drained(queue, instance, inbox)
            drain_seconds = time.monotonic() - published
            stats = sandbox.get("/sandbox/faults/stats").json()
            sandbox.delete("/sandbox/faults").raise_for_status()
            ledger = workload.ledger
            domains = {
                "incentives": check_incentives(sandbox, ledger, baseline),
                "visits": check_visits(sandbox, ledger, baseline),
                "sentencing": check_adjustments(sandbox, ledger, baseline),
                "activities": check_allocations(sandbox, ledger),
            }
        letters = check_dead_letters(queue, [d.name for d in DOMAINS], ledger)
        mismatches = reconcile(settings, instance)
        return SoakReport(
            events=workload.events,
            published=dict(ledger.published),
            duplicates_injected=workload.publisher.injected["duplicated"],
            reordered_injected=workload.publisher.injected["reordered"],
            poison_injected=len(ledger.poison),
            api_requests=stats["requests"],
            faults_fired=stats["fired"],
            kills=self.kills,
            domains=domains,
            dead_letters=letters,
            reconciliations=mismatches,
            runs=run_counts(instance),
            publish_seconds=published - publish_began,
            drain_seconds=drain_seconds,
            total_seconds=time.monotonic() - began,
            drained=drained,
        )

    def _due_kills(
        self,
        progress: float,
        killer: ThreadPoolExecutor,
        instance: dg.DagsterInstance,
        rules: list[dict[str, Any]],
    ) -> list[Future[None]]:
        """Start the kills whose moment has come, in the background, while publishing goes on."""
        plan, started = self.plan, []
        if plan.kill_run and "sync run" not in self._kills_started:
            if progress >= plan.kill_run_at:
                self._kills_started.add("sync run")
                started.append(killer.submit(self._kill_run, progress, instance, rules))
        if plan.kill_daemon and "daemon" not in self._kills_started:
            if progress >= plan.kill_daemon_at:
                self._kills_started.add("daemon")
                started.append(killer.submit(self._kill_daemon, progress, instance))
        return started

    def _kill_daemon(self, progress: float, instance: dg.DagsterInstance) -> None:
        """SIGKILL the daemon once sync runs are in flight, and start a new one."""

        def runs_in_flight() -> bool:
            return instance.get_runs_count(dg.RunsFilter(statuses=ACTIVE)) > 0

        try:
            wait_until("sync runs in flight", runs_in_flight, seconds=60)
        except TimeoutError:
            pass  # kill anyway: a daemon dying between batches must be survived too
        active = instance.get_runs_count(dg.RunsFilter(statuses=ACTIVE))
        pid = self.stack.kill_daemon()
        time.sleep(1)
        self.stack.start_daemon()
        detail = f"pid {pid} with {active} run(s) queued or in progress; restarted after 1 s"
        self.kills.append(Kill(what="daemon", at_progress=progress, detail=detail))

    def _kill_run(
        self, progress: float, instance: dg.DagsterInstance, rules: list[dict[str, Any]]
    ) -> None:
        with httpx.Client(base_url=self.stack.sandbox_url, timeout=60) as sandbox:
            self.kills.append(self._kill_incentives_run(progress, sandbox, instance, rules))

    def _kill_incentives_run(
        self,
        progress: float,
        sandbox: httpx.Client,
        instance: dg.DagsterInstance,
        rules: list[dict[str, Any]],
    ) -> Kill:
        """SIGKILL the incentives run while it waits on a (slowed) mapping read, mid-batch."""
        sandbox.put("/sandbox/faults", json=[SLOW_READ, *rules]).raise_for_status()

        def slow_read_started() -> bool:
            current = sandbox.get("/sandbox/faults").json()
            return all(rule.get("latencyMs") != SLOW_READ["latencyMs"] for rule in current)

        try:
            wait_until("an incentives run reading a mapping", slow_read_started, seconds=60)
        except TimeoutError:
            sandbox.put("/sandbox/faults", json=rules).raise_for_status()
            return Kill(what="sync run", at_progress=progress, detail="no incentives run to kill")
        runs = instance.get_runs(
            filters=dg.RunsFilter(
                statuses=[dg.DagsterRunStatus.STARTED], tags={"domain": "incentives"}
            )
        )
        for run in runs:
            pid = self.stack.kill_run_worker(instance, run.run_id)
            if pid is not None:
                messages = run.run_config.get("ops", {})
                size = sum(len(op["config"]["messages"]) for op in messages.values())
                detail = f"run {run.run_id[:8]} (pid {pid}, batch of {size}) mid-event"
                return Kill(what="sync run", at_progress=progress, detail=detail)
        return Kill(what="sync run", at_progress=progress, detail="run had no live worker")

    def _wait_drained(self, queue: Any, instance: dg.DagsterInstance, inbox: SyncStore) -> bool:
        """Nothing left to do, for `idle_seconds` in a row.

        Queues empty (delayed retries too), no run queued or running, and no batch stranded in
        a dead run that `stranded_messages_sensor` has still to re-queue.
        """
        plan = self.plan
        idle_since: float | None = None
        deadline = time.monotonic() + plan.drain_timeout_seconds
        while time.monotonic() < deadline:
            busy = (
                any(queue.depth(d.name).total for d in DOMAINS)
                or instance.get_runs_count(dg.RunsFilter(statuses=ACTIVE))
                or self._stranded(instance, inbox)
            )
            now = time.monotonic()
            if busy:
                idle_since = None
            elif idle_since is None:
                idle_since = now
            elif now - idle_since >= plan.idle_seconds:
                return True
            time.sleep(1)
        return False

    @staticmethod
    def _stranded(instance: dg.DagsterInstance, inbox: SyncStore) -> bool:
        now = time.time()
        records = ended_sync_runs(instance, after=0.0, limit=1000)
        found, reached = find_stranded(records, DOMAINS, inbox, now)
        undecided = bool(records) and reached != records[-1].update_timestamp.timestamp()
        return bool(found) or undecided


def run_counts(instance: dg.DagsterInstance) -> dict[str, int]:
    """Sync runs by final status, and how many were automatic retries."""
    counts: dict[str, int] = {}
    for run in instance.get_runs():
        if not run.job_name.endswith("_sync_job"):
            continue
        status = run.status.value.lower()
        counts[status] = counts.get(status, 0) + 1
        if "dagster/retry_number" in run.tags:
            counts["retries"] = counts.get("retries", 0) + 1
    return counts
