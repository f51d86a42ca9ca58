"""What the event-sync benchmark reads back: write times, NOMIS rows, runs, API calls, CPU.

The time an event reached NOMIS is its row in the store's applied-event ledger
(`applied_events.applied_at`, keyed by the SNS message id). The run writes it right after the
mapping POST that follows the NOMIS POST, so it is at most one API latency plus a few store
writes after NOMIS answered, at microsecond resolution. The sandbox's own NOMIS row time
(`whenCreated`) is exact but whole seconds, too coarse for the latencies measured here; it is
used, through the mapping, only to prove that every event's NOMIS row exists (`lost`).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg
import httpx
import sqlalchemy as sa

from bench.event_sync_workload import Published
from resources.store import engine_for
from resources.store_schema import applied_events

SYNC_JOB = "incentives_sync_job"
LATENCY_APIS = ("nomis", "mapping", "incentives")
CHUNK = 500


def _epoch(value: dt.datetime) -> float:
    """SQLite hands the stored UTC time back without its zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.timestamp()


def applied_times(store_url: str, events: Iterable[Published]) -> dict[str, float]:
    """SNS message id -> when the run recorded the event as applied (epoch seconds)."""
    keys = [f"sns:{event.message_id}" for event in events]
    found: dict[str, float] = {}
    engine = engine_for(store_url)
    with engine.connect() as connection:
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            query = sa.select(applied_events.c.event_key, applied_events.c.applied_at).where(
                applied_events.c.event_key.in_(chunk)
            )
            for row in connection.execute(query):
                found[row.event_key.removeprefix("sns:")] = _epoch(row.applied_at)
    return found


def nomis_written(sandbox: httpx.Client, events: Iterable[Published]) -> set[int]:
    """Review ids whose mapping points at an existing NOMIS IEP row."""
    mappings = sandbox.get("/sandbox/mappings/incentives").json()
    rows = {
        (r["bookingId"], r["sequence"]) for r in sandbox.get("/sandbox/nomis/incentives").json()
    }
    mapped = {
        m["incentiveId"]
        for m in mappings
        if (m["nomisBookingId"], m["nomisIncentiveSequence"]) in rows
    }
    return {e.review.review_id for e in events if e.review.review_id in mapped}


def api_calls(sandbox: httpx.Client) -> tuple[Counter[str], int]:
    """Requests per fake service in the sandbox journal since it was last cleared."""
    entries = sandbox.get("/sandbox/requests").json()
    return Counter(entry["service"] for entry in entries), len(entries)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-int(share * 1000) * len(ordered) // 1000))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass(frozen=True)
class RunTimes:
    """Where a phase's sync runs spent their time (medians, seconds)."""

    runs: int
    queued_s: float
    launch_s: float
    execute_s: float
    events_max: int
    execute_eps: float  # events applied per second of run execution (launch excluded)


def run_times(instance: dg.DagsterInstance, since: float, until: float) -> RunTimes:
    """Sync runs created in [since, until): queued (create → launched), launch, execute.

    Launch is the run worker's start: a new process importing the code location.
    """
    records = instance.get_run_records(
        filters=dg.RunsFilter(
            job_name=SYNC_JOB,
            created_after=dt.datetime.fromtimestamp(since, dt.UTC),
            created_before=dt.datetime.fromtimestamp(until, dt.UTC),
        )
    )
    queued, launch, execute, sizes, executed = [], [], [], [], 0
    launching, start = dg.DagsterEventType.RUN_STARTING, dg.DagsterEventType.RUN_START
    for record in records:
        stamps: dict[str, float] = {}
        for entry in instance.all_logs(record.dagster_run.run_id, of_type={launching, start}):
            if entry.dagster_event is not None:
                stamps.setdefault(entry.dagster_event.event_type_value, entry.timestamp)
        created = record.create_timestamp.timestamp()
        dequeued = stamps.get(launching.value)
        started = stamps.get(start.value)
        ended = record.end_time
        if dequeued is not None:
            queued.append(dequeued - created)
            if started is not None:
                launch.append(started - dequeued)
        size = int(record.dagster_run.tags.get("sync/messages", "0"))
        if started is not None and ended is not None:
            execute.append(ended - started)
            executed += size
        sizes.append(size)
    return RunTimes(
        runs=len(records),
        queued_s=_median(queued),
        launch_s=_median(launch),
        execute_s=_median(execute),
        events_max=max(sizes, default=0),
        execute_eps=round(executed / sum(execute), 1) if sum(execute) > 0 else 0.0,
    )


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2) if values else 0.0


class CpuMeter:
    """CPU seconds of the benchmark's whole process tree, read from /proc, by role.

    The tree is this process (its own time, plus children it has waited for) and every live
    process started with this benchmark's DAGSTER_HOME in its environment: moto, the sandbox,
    the daemon, its code server and the run workers. A process's `cutime`/`cstime` hold the
    children it has reaped, so a process that ended is still counted, in its parent: a run
    worker in its code server (reported as run workers), and a code server in the daemon. The
    daemon replaces its code server every 60 s (it reloads the workspace), so most code-server
    and run-worker time ends up in `code_servers_and_runs_retired`.
    """

    def __init__(self, dagster_home: Path) -> None:
        self._marker = f"DAGSTER_HOME={dagster_home}".encode()
        self._tick = os.sysconf("SC_CLK_TCK")

    def by_role(self) -> Counter[str]:
        own = os.times()
        seconds: Counter[str] = Counter(
            {"bench": own.user + own.system + own.children_user + own.children_system}
        )
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                if self._marker not in (entry / "environ").read_bytes().split(b"\0"):
                    continue
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            own_ticks = int(fields[11]) + int(fields[12])
            reaped_ticks = int(fields[13]) + int(fields[14])
            role = _role(command)
            reaped = REAPED_BY.get(role, role)
            seconds[role] += own_ticks / self._tick
            seconds[reaped] += reaped_ticks / self._tick
        return seconds

    def tree_seconds(self) -> float:
        return sum(self.by_role().values())


REAPED_BY = {"code_server": "run_workers", "daemon": "code_servers_and_runs_retired"}


def _role(command: str) -> str:
    if "moto.server" in command or "moto_server" in command:
        return "moto"
    if "dagster_project.sandbox" in command:
        return "sandbox"
    if "dagster-daemon" in command:
        return "daemon"
    if "api grpc" in command:
        return "code_server"
    return "run_workers"  # spawned by the code server: `multiprocessing.spawn` / execute_run


# Time moves between these as code servers retire and reap their run workers; only the sum
# over a phase means something.
DAGSTER_CODE = ("code_server", "run_workers", "code_servers_and_runs_retired")


def cpu_delta(before: Counter[str], after: Counter[str]) -> dict[str, float]:
    """CPU seconds per role between two readings; code servers and run workers as one."""
    delta: Counter[str] = Counter()
    for role in after:
        merged = "code_servers_and_run_workers" if role in DAGSTER_CODE else role
        delta[merged] += after[role] - before[role]
    return {role: round(seconds, 1) for role, seconds in sorted(delta.items())}


def machine_busy_seconds() -> tuple[float, float]:
    """(busy CPU seconds of every process on the machine, wall clock) from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK"), _uptime()


def _uptime() -> float:
    return float(Path("/proc/uptime").read_text().split()[0])


def phase_summary(
    events: list[Published],
    written: dict[str, float],
    in_nomis: set[int],
    calls: Counter[str],
    latency_ms: int,
    concurrency: int,
    runs: RunTimes,
    cpu: dict[str, float],
) -> dict[str, Any]:
    """The per-phase JSON block (times in seconds)."""
    latencies = [written[e.message_id] - e.published_at for e in events if e.message_id in written]
    first = min(e.published_at for e in events)
    last = max(written.values(), default=first)
    wall = last - first
    # per event written: a phase cut short by its timeout must not look cheaper than it is
    applied = max(1, len(latencies))
    per_event = {api: round(calls[api] / applied, 3) for api in (*LATENCY_APIS, "auth")}
    busiest = max(per_event[api] for api in LATENCY_APIS)
    bound = len(events) * busiest * latency_ms / 1000 / concurrency
    return {
        "events": len(events),
        "wall_s": round(wall, 2),
        "throughput_eps": round(len(written) / wall, 2) if wall > 0 else 0.0,
        "latency_p50_s": round(percentile(latencies, 0.50), 2),
        "latency_p95_s": round(percentile(latencies, 0.95), 2),
        "latency_max_s": round(max(latencies, default=0.0), 2),
        "runs_launched": runs.runs,
        "bound_s": round(bound, 2),
        "bound_ratio": round(bound / wall, 3) if wall > 0 else 0.0,
        "calls_per_event": per_event,
        "lost": len(events) - len({e.review.review_id for e in events} & in_nomis),
        "publish_s": round(max(e.published_at for e in events) - first, 2),
        "runs": {
            "queued_s_p50": runs.queued_s,
            "launch_s_p50": runs.launch_s,
            "execute_s_p50": runs.execute_s,
            "events_per_run_max": runs.events_max,
            "execute_eps": runs.execute_eps,
        },
        "cpu_s": round(sum(cpu.values()), 1),
        # what the service itself cost: without the stand-ins (moto for SQS, the sandbox for
        # the APIs) and this benchmark's publishing
        "service_cpu_s": round(
            sum(v for role, v in cpu.items() if role not in ("moto", "sandbox", "bench")), 1
        ),
        "moto_cpu_s": cpu.get("moto", 0.0),
        "cpu_s_by_process": cpu,
    }
