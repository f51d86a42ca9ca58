"""One soak from start to report: stack up, faults on, publish with kills, drain, verify.

Nothing here names a domain: the traffic and its checks are the soak actors' (workload.py),
the kills are kills.py's, the fault rules cover every service the sandbox serves.
"""

from __future__ import annotations

import math
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures
from pathlib import Path
from typing import Any

import dagster as dg
import httpx

from bench.soak.kills import ACTIVE, Kill, Killer
from bench.soak.plan import SoakPlan
from bench.soak.report import SoakReport
from bench.soak.stack import Stack
from bench.soak.verify import check_dead_letters, reconcile
from bench.soak.workload import Workload, WorkRequests
from dagster_project.domains import DOMAINS
from dagster_project.sandbox.core.domain import services
from dagster_project.wiring import resources_for
from resources.store import SyncStore
from sensors.stranded import WILL_RETRY_TAG, ended_sync_runs, find_stranded

ERROR_KINDS: tuple[dict[str, Any], ...] = (
    {"status": 500},
    {"status": 502},
    {"status": 503},
    {"status": 504},
    {"reset": True},
)
# set on a failed run by the retry daemon once it has launched the retry
AUTO_RETRY_RUN_ID_TAG = "dagster/auto_retry_run_id"


def fault_rules(plan: SoakPlan) -> list[dict[str, Any]]:
    """The fault rules: written-unanswered creates, hangs and errors, per service.

    NOMIS creates (POST) are written then left unanswered at `write_then_hang_rate`; every
    service hangs at `timeout_rate` and errs (4 statuses + resets) at `api_error_rate`.

    Rules fire in order, so each error kind gets the share that makes the kinds together fire
    for `api_error_rate` of the requests the hang rule let through.
    """
    share = 1 - math.pow(1 - plan.api_error_rate, 1 / len(ERROR_KINDS))
    rules: list[dict[str, Any]] = []
    if plan.write_then_hang_rate:
        written_unanswered = {"probability": plan.write_then_hang_rate, "writeThenHang": True}
        if plan.write_then_hang_times:
            written_unanswered["times"] = plan.write_then_hang_times
        rules.append({"service": "nomis", "method": "POST", **written_unanswered})
    for service in (s.name for s in services()):
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
            workload = Workload(plan, settings, sandbox)  # each actor reads its baseline
            rules = fault_rules(plan)
            sandbox.put("/sandbox/faults", json=rules).raise_for_status()
            workload.inject_poison()
            requests = WorkRequests()
            holds = {
                name: actor.held_read
                for name, actor in workload.actors.items()
                if actor.held_read is not None
            }
            killer = Killer(plan, stack, settings, instance, rules, holds, requests)
            publish_began = time.monotonic()
            kills, published = self._publish(workload, killer, requests)
            inbox = resources_for(settings)["store"].get_client()
            undrained = self._wait_drained(queue, instance, inbox)
            drain_seconds = time.monotonic() - workload.last_publish
            stats = sandbox.get("/sandbox/faults/stats").json()
            sandbox.delete("/sandbox/faults").raise_for_status()
            domains = workload.verify()
        ledger = workload.ledger
        letters = check_dead_letters(queue, [d.name for d in DOMAINS], ledger)
        mismatches = reconcile(settings, instance)
        return SoakReport(
            events=workload.events,
            published=dict(ledger.published),
            top_ups=requests.served,
            duplicates_injected=workload.publisher.injected["duplicated"],
            reordered_injected=workload.publisher.injected["reordered"],
            poison_injected=len(ledger.poison),
            api_requests=stats["requests"],
            faults_fired=stats["fired"],
            kills=kills,
            domains=domains,
            dead_letters=letters,
            reconciliations=mismatches,
            runs=run_counts(instance),
            publish_seconds=published - publish_began,
            drain_seconds=drain_seconds,
            total_seconds=time.monotonic() - began,
            drained=not undrained,
            undrained=undrained,
        )

    def _publish(
        self, workload: Workload, killer: Killer, requests: WorkRequests
    ) -> tuple[list[Kill], float]:
        """The planned events, the kills started at their moments, then more units if asked.

        Once the planned events are out, the kills still waiting for a target may ask for one
        more unit at a time (`WorkRequests`); publishing ends when every kill has ended.
        Returns the kills and when the planned events were out.
        """
        plan = self.plan
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="soak-kill") as pool:
            started: dict[str, Future[Kill]] = {}
            while workload.events < plan.events:
                workload.step()
                self._start_due_kills(
                    workload.events / plan.events, pool, killer, started, workload
                )
            workload.finish()
            planned_out = time.monotonic()
            requests.open()
            while not all(kill.done() for kill in started.values()):
                requests.serve(workload)
                wait_for_futures(list(started.values()), timeout=0.5)
            kills = [started[what].result() for what in ("sync run", "daemon") if what in started]
            return kills, planned_out

    def _start_due_kills(
        self,
        progress: float,
        pool: ThreadPoolExecutor,
        killer: Killer,
        started: dict[str, Future[Kill]],
        workload: Workload,
    ) -> None:
        """Start the kills whose moment has come, in the background, while publishing goes on."""
        plan = self.plan
        if plan.kill_run and "sync run" not in started and progress >= plan.kill_run_at:
            started["sync run"] = pool.submit(killer.kill_run, progress)
        if plan.kill_daemon and "daemon" not in started and progress >= plan.kill_daemon_at:
            domains = list(workload.actors)
            started["daemon"] = pool.submit(killer.kill_daemon, progress, domains)

    def _wait_drained(
        self, queue: Any, instance: dg.DagsterInstance, inbox: SyncStore
    ) -> list[str]:
        """Nothing left to do, for `idle_seconds` in a row (bounded by `drain_timeout_seconds`).

        Queues empty (delayed retries too), no run queued or running, no failed run whose
        retry Dagster has decided on but not launched yet, and no batch stranded in a dead run
        that `stranded_messages_sensor` has still to re-queue. Each is a state that always
        leads to more work, so "idle" never depends on how fast the machine is; the idle
        window only covers the reads not being one atomic snapshot. Returns what was still
        busy when the bound ran out, or nothing once drained.
        """
        plan = self.plan
        idle_since: float | None = None
        busy: list[str] = []
        deadline = time.monotonic() + plan.drain_timeout_seconds
        while time.monotonic() < deadline:
            self.stack.check_daemon()
            busy = self._busy(queue, instance, inbox)
            now = time.monotonic()
            if busy:
                idle_since = None
            elif idle_since is None:
                idle_since = now
            elif now - idle_since >= plan.idle_seconds:
                return []
            time.sleep(1)
        return busy or ["not idle for idle_seconds in a row"]

    def _busy(self, queue: Any, instance: dg.DagsterInstance, inbox: SyncStore) -> list[str]:
        """Each state that still leads to work, named (queue depths by domain, runs, retries)."""
        busy = []
        for domain in DOMAINS:
            depth = queue.depth(domain.name)
            if depth.total:
                busy.append(f"{domain.name} queue: {depth}")
        if active := instance.get_runs_count(dg.RunsFilter(statuses=ACTIVE)):
            busy.append(f"{active} run(s) queued or running")
        if retry_pending(instance):
            busy.append("a failed run's retry not launched yet")
        if self._stranded(instance, inbox):
            busy.append("a dead run's batch not re-queued yet")
        return busy

    @staticmethod
    def _stranded(instance: dg.DagsterInstance, inbox: SyncStore) -> bool:
        now = time.time()
        records = ended_sync_runs(instance, after=0.0, limit=1000)
        found, reached = find_stranded(records, DOMAINS, inbox, now)
        undecided = bool(records) and reached != records[-1].update_timestamp.timestamp()
        return bool(found) or undecided


def retry_pending(instance: dg.DagsterInstance) -> bool:
    """A failed run Dagster will retry, whose retry run the daemon has not launched yet.

    The run's messages left SQS with it, so until the retry exists nothing else shows them.
    """
    failed = instance.get_runs(
        filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.FAILURE], tags={WILL_RETRY_TAG: "true"})
    )
    return any(AUTO_RETRY_RUN_ID_TAG not in run.tags for run in failed)


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
