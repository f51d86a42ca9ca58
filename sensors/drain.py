"""Event catch-up: process what is on a domain queue now, through the sensor's job and code path.

Used by ops (`p2n drain --domain X`) and tests. Unlike the sensor, a message is deleted only after
the run that applied it has recorded its outcome in the inbox (done, re-queued, dead-lettered).
"""

from typing import Any

import dagster as dg
from pydantic import BaseModel

from dagster_project.sync.domain import Domain
from resources.queues import SqsEventQueue
from resources.store import TERMINAL_STATUSES, SyncStore
from sensors.sync_job import QueuedMessage, SyncBatchConfig


class DrainReport(BaseModel):
    batches: int = 0
    received: int = 0
    settled: int = 0
    run_ids: list[str] = []
    failed_runs: int = 0


def drain_queue(
    domain: Domain[Any],
    job: dg.JobDefinition,
    queue: SqsEventQueue,
    store: SyncStore,
    instance: dg.DagsterInstance,
    batch_size: int,
    max_batches: int = 100,
) -> DrainReport:
    """Run the domain's sync job in-process, batch after batch, until the queue is empty."""
    report = DrainReport()
    for _ in range(max_batches):
        messages = queue.receive(domain.name, batch_size)
        if not messages:
            break
        config = SyncBatchConfig(
            messages=[
                QueuedMessage(
                    message_id=m.message_id,
                    body=m.body,
                    attempt=m.attempt,
                    first_failed_at=m.first_failed_at,
                )
                for m in messages
            ]
        )
        result = job.execute_in_process(
            run_config=dg.RunConfig(ops={domain.op_name: config}),
            instance=instance,
            tags={"domain": domain.name, "sync/trigger": "drain"},
            raise_on_error=False,
        )
        statuses = store.inbox_statuses(m.message_id for m in messages)
        settled = [
            m.receipt_handle for m in messages if statuses.get(m.message_id) in TERMINAL_STATUSES
        ]
        queue.delete(domain.name, settled)
        report.batches += 1
        report.received += len(messages)
        report.settled += len(settled)
        report.run_ids.append(result.run_id)
        report.failed_runs += 0 if result.success else 1
    return report
