"""Test-only code location for the run-queue test: a job that naps, and a sensor that queues it.

On its first tick the sensor asks for `RUNS_PER_DOMAIN` runs of each domain in `DOMAINS`, all
at once, through the daemon's run queue; the run keys stop later ticks asking again.

A launch by the default run launcher waits for the run's process to load the code, which takes
tens of seconds on a busy machine, so a fixed nap could end before the other domain's run is even
launched. Each run therefore first waits (at most `WAIT_FOR_OTHERS_SECONDS`) until a run of every
other domain has started, then naps: if the queue lets domains run side by side they overlap by
at least `NAP_SECONDS`; if it does not, the wait times out and the test sees no overlap.
"""

import sys
import time

import dagster as dg

DOMAINS = ("alpha", "beta")
RUNS_PER_DOMAIN = 3  # one more than the per-domain limit
NAP_SECONDS = 2
WAIT_FOR_OTHERS_SECONDS = 120


def _has_started(instance: dg.DagsterInstance, domain: str) -> bool:
    records = instance.get_run_records(filters=dg.RunsFilter(tags={"domain": domain}))
    return any(record.start_time is not None for record in records)


@dg.op
def nap(context: dg.OpExecutionContext) -> None:
    others = [domain for domain in DOMAINS if domain != context.run.tags["domain"]]
    deadline = time.monotonic() + WAIT_FOR_OTHERS_SECONDS
    while not all(_has_started(context.instance, domain) for domain in others):
        if time.monotonic() > deadline:
            context.log.warning(f"no run of {others} started within {WAIT_FOR_OTHERS_SECONDS}s")
            break
        time.sleep(0.5)
    sys.stdout.write(f"napping {NAP_SECONDS}s\n")  # something for the compute logs
    time.sleep(NAP_SECONDS)


@dg.job(executor_def=dg.in_process_executor)
def nap_job() -> None:
    nap()


@dg.sensor(job=nap_job, minimum_interval_seconds=1, default_status=dg.DefaultSensorStatus.RUNNING)
def queue_naps_sensor() -> list[dg.RunRequest]:
    return [
        dg.RunRequest(run_key=f"{domain}-{n}", tags={"domain": domain})
        for domain in DOMAINS
        for n in range(RUNS_PER_DOMAIN)
    ]


defs = dg.Definitions(jobs=[nap_job], sensors=[queue_naps_sensor])
