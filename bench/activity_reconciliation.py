"""Benchmark: the allocation and attendance reconciliations over every ACTIVITY prison.

The sandbox runs in its own process on 127.0.0.1 with `--prisons` prisons, every one switched
on for ACTIVITY with `--bookings` allocated prisoners (and their attendances up to yesterday);
the planted mismatches are in MDI and LEI only. Every NOMIS and DPS activities request waits L
on average (lognormal spread `--sigma`, 0 = constant). Then the allocation reconciliation and
the attendance reconciliation for yesterday run, each with a window of C prisons in flight
(each prison's NOMIS and DPS counts are fetched one after the other).

Peak RSS is per reconciliation: each runs in a fresh Python process, this module re-invoked
with `--only allocation|attendance --sandbox-url URL`, which builds the clients as production
does (`NomisPrisonerApi` / `ActivitiesApi` resources: client-credentials auth, retries,
pooled keep-alive), writes telemetry to a SQLite store in the temp directory, and reports its
peak resident set next to its RSS just before the run (imports and clients). Wall and CPU are
the child's, around the reconciliation only; the sandbox's CPU is read over the child's life.
`telemetry_s` is the time spent writing telemetry events to the store: the reconciler writes
them while it takes each prison's result, so they delay the next prison's start.

The bound is what the APIs allow: each serves at most C requests per L, so no algorithm can
finish before max(requests to one API) x L / C; efficiency = bound / wall.

    .venv/bin/python -m bench.activity_reconciliation --prisons 120 --bookings 700
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx

from bench.common import SECRET, Sandbox, machine, own_cpu_seconds, peak_rss_mb
from dagster_project.domains.activities.counts import ActivityReconciler
from dagster_project.domains.activities.dps import ActivitiesClient
from dagster_project.domains.activities.kinds import CountKind
from dagster_project.domains.activities.nomis import NomisActivitiesClient
from dagster_project.telemetry import Telemetry
from resources.api_resource import HmppsApiResource
from resources.store import SyncStore, engine_for

log = logging.getLogger("bench.activity_reconciliation")
REPO = Path(__file__).resolve().parents[1]
KINDS = {"allocation": CountKind.ALLOCATION, "attendance": CountKind.ATTENDANCE}
MAX_BOOKINGS = 998  # a prison holds at most 999 prisoners and its last one is inactive
# Smoke: MDI, LEI, BXI and X03 of 20 allocated prisoners; 3 planted mismatches per kind.
SMOKE = {"prisons": 4, "bookings": 20, "latency_ms": 20, "concurrency": 8}


class RequestCounter:
    """Counts the requests each httpx client sends (a request hook; retries are not re-sent)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def watch(self, name: str, client: httpx.Client) -> httpx.Client:
        def count(_request: httpx.Request) -> None:
            with self._lock:
                self.counts[name] += 1

        client.event_hooks["request"] = [*client.event_hooks["request"], count]
        return client


class TimedSink:
    """The store as a telemetry sink, timing the writes (the reconciler makes them in turn)."""

    def __init__(self, store: SyncStore) -> None:
        self._store = store
        self.seconds = 0.0
        self.events = 0

    def record_telemetry(
        self, name: str, dimensions: Mapping[str, str], run_id: str | None = None
    ) -> None:
        started = time.perf_counter()
        self._store.record_telemetry(name, dimensions, run_id)
        self.seconds += time.perf_counter() - started
        self.events += 1

    def record_alert(self, name: str, dimensions: Mapping[str, str]) -> None:
        self._store.record_alert(name, dimensions)


def current_rss_mb() -> float:
    """This process's resident set now (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def reconcile(
    url: str, kind: str, date: dt.date | None, concurrency: int, workdir: Path
) -> dict[str, Any]:
    """One reconciliation in this process, measured; what `--only` prints."""
    token_url = f"{url}/auth/oauth/token"
    nomis_api = HmppsApiResource(
        base_url=f"{url}/nomis", token_url=token_url, client_id="nomis-api", client_secret=SECRET
    )
    dps_api = HmppsApiResource(
        base_url=f"{url}/activities",
        token_url=token_url,
        client_id="activities-api",
        client_secret=SECRET,
    )
    counter = RequestCounter()
    nomis = NomisActivitiesClient(counter.watch("nomis", nomis_api.build_http()))
    dps = ActivitiesClient(counter.watch("dps", dps_api.build_http()))
    sink = TimedSink(SyncStore(engine_for(f"sqlite:///{workdir / f'store-{kind}.db'}")))
    telemetry = Telemetry(sink, logging.getLogger("bench.telemetry"))
    rss_before = current_rss_mb()
    cpu0, wall0 = own_cpu_seconds(), time.perf_counter()
    try:
        result = ActivityReconciler(nomis, dps, telemetry, KINDS[kind], date, concurrency).run()
    finally:
        nomis.close()
        dps.close()
    wall, cpu = time.perf_counter() - wall0, own_cpu_seconds() - cpu0
    frame = result.mismatches
    return {
        "prisons_checked": result.prisons_checked,
        "bookings_checked": result.bookings_checked,
        "mismatches": len(frame),
        "mismatches_by_kind": dict(sorted(Counter(frame["kind"]).items())),
        "mismatch_keys": sorted(
            [str(p), int(b), str(k)]
            for p, b, k in zip(frame["prison_id"], frame["booking_id"], frame["kind"], strict=True)
        ),
        "ignored_elsewhere": result.ignored_elsewhere,
        "errors": len(result.errors),
        "requests": sum(counter.counts.values()),
        "requests_nomis": counter.counts["nomis"],
        "requests_dps": counter.counts["dps"],
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "telemetry_events": sink.events,
        "telemetry_s": round(sink.seconds, 2),
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak_rss_mb(),
    }


def _in_child(
    sandbox: Sandbox, kind: str, date: dt.date | None, concurrency: int, workdir: Path
) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "bench.activity_reconciliation",
        "--only",
        kind,
        "--sandbox-url",
        sandbox.url,
        "--concurrency",
        str(concurrency),
        "--workdir",
        str(workdir),
    ]
    if date is not None:
        command += ["--date", date.isoformat()]
    sandbox_cpu0 = sandbox.cpu_seconds()
    done = subprocess.run(command, cwd=REPO, stdout=subprocess.PIPE, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"the {kind} reconciliation failed (exit {done.returncode})")
    report: dict[str, Any] = json.loads(done.stdout)
    report["sandbox_cpu_s"] = round(sandbox.cpu_seconds() - sandbox_cpu0, 2)
    return report


def _planted(planted: dict[str, Any], reconciliation: str) -> list[list[Any]]:
    return sorted(
        [m["prisonId"], m["bookingId"], m["kind"]]
        for m in planted["activityMismatches"]
        if m["reconciliation"] == reconciliation
    )


def run(
    prisons: int, bookings: int, latency_ms: int, sigma: float, concurrency: int
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        log.info("seeding %d prisons x %d allocated prisoners", prisons, bookings)
        sandbox = Sandbox(workdir, prisons, bookings + 1, bookings, activity_prisons=prisons)
        with sandbox:
            log.info("seeded in %.1f s", sandbox.seed_seconds)
            planted = httpx.get(f"{sandbox.url}/sandbox/planted", timeout=30).json()
            yesterday = dt.date.fromisoformat(planted["seededOn"]) - dt.timedelta(days=1)
            sandbox.set_latency(("nomis", "activities"), latency_ms, sigma)
            reports: dict[str, dict[str, Any]] = {}
            for kind, date in (("allocation", None), ("attendance", yesterday)):
                log.info("%s reconciliation", kind)
                report = _in_child(sandbox, kind, date, concurrency, workdir)
                expected = _planted(planted, kind)
                found = report.pop("mismatch_keys")
                bound = max(report["requests_nomis"], report["requests_dps"])
                bound_s = bound * latency_ms / 1000 / concurrency
                reports[kind] = {
                    **({"date": date.isoformat()} if date else {}),
                    **report,
                    "planted_mismatches": len(expected),
                    "found_exactly_planted": found == expected,
                    "bound_s": round(bound_s, 2),
                    "efficiency": round(bound_s / report["wall_s"], 2),
                }
    return {
        "prisons": prisons,
        "bookings_per_prison": bookings,
        "latency_ms": latency_ms,
        "sigma": sigma,
        "concurrency": concurrency,
        "seed_s": sandbox.seed_seconds,
        **reports,
        "machine": machine(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prisons", type=int, default=120, help="prisons, all ACTIVITY (>= 2)")
    parser.add_argument(
        "--bookings",
        type=int,
        default=700,
        help=f"allocated prisoners per prison, 10..{MAX_BOOKINGS}",
    )
    parser.add_argument("--latency-ms", type=int, default=400, help="mean latency L per request")
    parser.add_argument("--sigma", type=float, default=0.5, help="lognormal spread of L (0=fixed)")
    parser.add_argument("--concurrency", type=int, default=40, help="window C of prisons in flight")
    parser.add_argument("--smoke", action="store_true", help="tiny run for CI")
    parser.add_argument("--only", choices=sorted(KINDS), help=argparse.SUPPRESS)
    parser.add_argument("--sandbox-url", help=argparse.SUPPRESS)
    parser.add_argument("--date", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.basicConfig(stream=sys.stderr, format="%(asctime)s %(name)s %(message)s")
    log.setLevel(logging.INFO)
    if args.only:  # the child: one reconciliation against a running sandbox
        if not args.sandbox_url or not args.workdir:
            parser.error("--only needs --sandbox-url and --workdir")
        result = reconcile(args.sandbox_url, args.only, args.date, args.concurrency, args.workdir)
        print(json.dumps(result))
        return
    if args.smoke:
        args.prisons, args.bookings = SMOKE["prisons"], SMOKE["bookings"]
        args.latency_ms, args.concurrency = SMOKE["latency_ms"], SMOKE["concurrency"]
    if args.prisons < 2 or not 10 <= args.bookings <= MAX_BOOKINGS:
        parser.error(f"--prisons must be >= 2 and --bookings 10..{MAX_BOOKINGS}")
    result = run(args.prisons, args.bookings, args.latency_ms, args.sigma, args.concurrency)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
