"""Entities held by a domain's unfinished sync runs: their new events wait for those runs.

Two runs of a domain may overlap (the next one launches while the current one applies its
batch), so the per-entity order promise is kept at the handover: an entity is in at most one
run that still has to settle one of its events. A later event of that entity is not handed to
a new run; the sensor puts it back on the queue behind a short delay, and it goes in a batch
once the holding run has applied, re-queued or dead-lettered the entity's earlier events (the
message inbox says so), without waiting for the rest of that run's batch.

Holding runs: unfinished ones, and a failed run while Dagster may still retry it (the retry
run carries the same batch and holds the entities itself once created).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any

import dagster as dg

from dagster_project.sync.domain import Domain
from dagster_project.sync.ports import Inbox
from dagster_project.sync.triage import Accepted, triage
from resources.store import TERMINAL_STATUSES
from sensors.sync_job import batch_of

UNFINISHED = [
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]
WILL_RETRY_TAG = "dagster/will_retry"
# A failed run holds its entities this long unless Dagster said it will not retry it: its retry
# run is created within seconds, and from then on holds them itself.
RETRY_GRACE_SECONDS = 120.0
RUNS_LOOKED_AT = 100
_CACHED_RUNS = 512

# run id -> (message id, entity key) of each event in its batch (a run's config never changes)
_events_by_run: OrderedDict[str, tuple[tuple[str, str], ...]] = OrderedDict()


def events_of(
    domain: Domain[Any], run: dg.DagsterRun, disabled_switches: frozenset[str]
) -> tuple[tuple[str, str], ...]:
    """(message id, entity key) of every event a run was handed that it would apply."""
    cached = _events_by_run.get(run.run_id)
    if cached is not None:
        _events_by_run.move_to_end(run.run_id)
        return cached
    batch = batch_of(domain, run)
    found: list[tuple[str, str]] = []
    for message in batch.messages if batch else []:
        decision = triage(domain, message.body, disabled_switches)
        if isinstance(decision, Accepted):
            found.append((message.message_id, decision.entity_key))
    events = tuple(found)
    _events_by_run[run.run_id] = events
    while len(_events_by_run) > _CACHED_RUNS:
        _events_by_run.popitem(last=False)
    return events


def holding_runs(instance: dg.DagsterInstance, domain: Domain[Any]) -> list[dg.DagsterRun]:
    """Unfinished runs of the domain's sync job, and failed ones a retry may still follow."""
    unfinished = instance.get_runs(
        dg.RunsFilter(job_name=domain.job_name, statuses=UNFINISHED), limit=RUNS_LOOKED_AT
    )
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=RETRY_GRACE_SECONDS)
    failed = instance.get_runs(
        dg.RunsFilter(
            job_name=domain.job_name,
            statuses=[dg.DagsterRunStatus.FAILURE],
            updated_after=since,
        ),
        limit=RUNS_LOOKED_AT,
    )
    retrying = [run for run in failed if run.tags.get(WILL_RETRY_TAG) != "false"]
    return [*unfinished, *retrying]


def held_entities(
    instance: dg.DagsterInstance,
    domain: Domain[Any],
    disabled_switches: frozenset[str],
    inbox: Inbox,
) -> dict[str, str]:
    """Entity key -> id of a holding run with an event of that entity not yet settled."""
    events = [
        (run.run_id, message_id, entity)
        for run in holding_runs(instance, domain)
        for message_id, entity in events_of(domain, run, disabled_switches)
    ]
    settled = inbox.inbox_statuses(message_id for _, message_id, _ in events)
    held: dict[str, str] = {}
    for run_id, message_id, entity in events:
        if settled.get(message_id) not in TERMINAL_STATUSES:
            held.setdefault(entity, run_id)
    return held
