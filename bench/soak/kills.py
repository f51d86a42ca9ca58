"""The two hard kills. Each waits, bounded, for its target instead of hoping it is there.

- **sync run**: every soak actor may name a request its events make (`HeldRead`: a NOMIS
  create for the domains whose creates resume, a read for the others). The kill arms one
  `slowBody` fault rule per such request: the first sync run to make one is held inside it
  (the sandbox applies it, then trickles the body, so the client's read timeout never fires)
  for `kill_hold_seconds`. The kill sees which rule fired, finds that domain's STARTED run,
  reads its worker pid from the run's engine event and SIGKILLs it: mid-batch, mid-event, and
  on a NOMIS create between the NOMIS write and the mapping. If that run is already gone, it
  arms again.
- **daemon**: waits until a run is queued or in progress, SIGKILLs the daemon and starts a new
  one a second later.

Neither depends on a run happening to exist at a fixed moment: while a kill waits and the
domains it needs are idle (queues empty, no run), it asks the publishing thread for one more
unit of work (`WorkRequests`, served only after the planned events are out, so the seeded
workload is unchanged). Each wait ends after `kill_wait_seconds` with a `Kill` that says what
was not found (`done` False), never silently.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import dagster as dg
import httpx
from pydantic import BaseModel

from bench.soak.plan import SoakPlan
from bench.soak.stack import Stack
from bench.soak.workload import WorkRequests
from dagster_project.sandbox.core.soak import HeldRead
from dagster_project.settings import Settings
from dagster_project.wiring import resources_for
from resources.queues import SqsEventQueue

ACTIVE = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]
POLL_SECONDS = 0.2  # how often a kill looks at the fault rules (a held read lasts seconds)
IDLE_EVERY = 10  # polls between looks at queues and runs (is more work needed?)
RESTART_AFTER_SECONDS = 1.0


class Kill(BaseModel):
    what: str
    at_progress: float
    detail: str
    done: bool = True  # False: the target never showed up within kill_wait_seconds


class Killer:
    """Runs the kills (each in its own thread) for one soak."""

    def __init__(
        self,
        plan: SoakPlan,
        stack: Stack,
        settings: Settings,
        instance: dg.DagsterInstance,
        rules: list[dict[str, object]],
        holds: dict[str, HeldRead],
        requests: WorkRequests,
    ) -> None:
        """`rules`: the soak's fault rules; `holds`: domain -> the read its actor offers."""
        self.plan = plan
        self.stack = stack
        self.settings = settings
        self.instance = instance
        self.rules = rules
        self.holds = holds
        self.requests = requests

    # --- a sync run, inside a held read --------------------------------------------------

    def kill_run(self, progress: float) -> Kill:
        """SIGKILL the worker of the first sync run to enter a held read (see module doc)."""
        if not self.holds:
            detail = "no soak actor names a read to hold; nothing killed"
            return Kill(what="sync run", at_progress=progress, detail=detail, done=False)
        wait = self.plan.kill_wait_seconds
        deadline = time.monotonic() + wait
        attempts = 0
        queue = _event_queue(self.settings)
        with httpx.Client(base_url=self.stack.sandbox_url, timeout=60) as sandbox:
            while time.monotonic() < deadline:
                attempts += 1
                domain = self._hold_until_entered(sandbox, queue, deadline)
                if domain is None:
                    break
                found = self._kill_started_run(domain)
                if found is not None:
                    run, pid = found
                    size = batch_size(run)
                    again = f", attempt {attempts}" if attempts > 1 else ""
                    detail = (
                        f"{domain} run {run.run_id[:8]} (pid {pid}, batch of {size}) "
                        f"inside a held {self.holds[domain].service} "
                        f"{self.holds[domain].method}, mid-event{again}"
                    )
                    return Kill(what="sync run", at_progress=progress, detail=detail)
        detail = (
            f"no sync run entered a held read within {wait:.0f} s "
            f"({attempts} attempt(s)); nothing killed"
        )
        return Kill(what="sync run", at_progress=progress, detail=detail, done=False)

    def _hold_until_entered(
        self, sandbox: httpx.Client, queue: SqsEventQueue, deadline: float
    ) -> str | None:
        """Arm one held read per domain; the domain whose read a run entered, or None."""
        held = [hold.rule(self.plan.kill_hold_seconds) for hold in self.holds.values()]
        sandbox.put("/sandbox/faults", json=[*held, *self.rules]).raise_for_status()
        try:
            polls = 0
            while time.monotonic() < deadline:
                armed = {
                    (rule["service"], rule["pathPattern"])
                    for rule in sandbox.get("/sandbox/faults").json()
                    if rule.get("slowBody")
                }
                for domain, hold in self.holds.items():
                    if (hold.service, hold.path_pattern) not in armed:
                        return domain
                if polls % IDLE_EVERY == 0:
                    self.stack.check_daemon()
                    self._ask_for_work(queue, self.holds)
                polls += 1
                time.sleep(POLL_SECONDS)
            return None
        finally:
            # the other holds go; the entered one keeps its run until the kill (or its end)
            sandbox.put("/sandbox/faults", json=self.rules).raise_for_status()

    def _kill_started_run(self, domain: str) -> tuple[dg.DagsterRun, int] | None:
        """SIGKILL every STARTED run of the domain (two may overlap; one holds the request)."""
        runs = self.instance.get_runs(
            filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED], tags={"domain": domain})
        )
        killed: tuple[dg.DagsterRun, int] | None = None
        for run in runs:
            pid = self.stack.kill_run_worker(self.instance, run.run_id)
            if pid is not None and killed is None:
                killed = run, pid
        return killed

    # --- the daemon, with runs in flight ---------------------------------------------------

    def kill_daemon(self, progress: float, domains: Iterable[str]) -> Kill:
        """SIGKILL the daemon once a run is queued or in progress, and start a new one."""
        wait = self.plan.kill_wait_seconds
        deadline = time.monotonic() + wait
        queue = _event_queue(self.settings)
        everyone = {domain: None for domain in domains}
        polls = 0
        while (active := self._active()) == 0 and time.monotonic() < deadline:
            if polls % IDLE_EVERY == 0:
                self.stack.check_daemon()
                self._ask_for_work(queue, everyone)
            polls += 1
            time.sleep(POLL_SECONDS)
        pid = self.stack.kill_daemon()
        time.sleep(RESTART_AFTER_SECONDS)
        self.stack.start_daemon()
        restarted = f"restarted after {RESTART_AFTER_SECONDS:.0f} s"
        if active:
            detail = f"pid {pid} with {active} run(s) queued or in progress; {restarted}"
            return Kill(what="daemon", at_progress=progress, detail=detail)
        detail = f"pid {pid} with no run in flight within {wait:.0f} s; {restarted}"
        return Kill(what="daemon", at_progress=progress, detail=detail, done=False)

    # --- shared -------------------------------------------------------------------------

    def _active(self, domain: str | None = None) -> int:
        tags = {"domain": domain} if domain else None
        return self.instance.get_runs_count(dg.RunsFilter(statuses=ACTIVE, tags=tags))

    def _ask_for_work(self, queue: SqsEventQueue, domains: dict[str, object]) -> None:
        """One more unit of one of `domains` when none of them has anything to do."""
        if not self.requests.is_open() or self.requests.pending():
            return
        idle = all(queue.depth(d).total == 0 and self._active(d) == 0 for d in domains)
        if idle:
            self.requests.ask(domains)


def _event_queue(settings: Settings) -> SqsEventQueue:
    """A queue client of this thread's own (boto3 sessions are not shared across threads)."""
    queue: SqsEventQueue = resources_for(settings)["event_queue"].get_client()
    return queue


def batch_size(run: dg.DagsterRun) -> int:
    """How many messages the run's batch holds (its op config)."""
    ops = run.run_config.get("ops", {}) if isinstance(run.run_config, dict) else {}
    return sum(len(op.get("config", {}).get("messages", [])) for op in ops.values())
