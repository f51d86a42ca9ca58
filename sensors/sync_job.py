"""One sync job per domain: a single in-process op that applies a sensor batch.

The op applies up to `SYNC_CONCURRENCY` entities at once, and each API client it builds keeps
at most `SYNC_API_CONCURRENCY` requests in flight: httpx makes a request wait for one of that
many connections, so NOMIS sees a bounded load however many entities are in progress.
"""

from typing import Any

import dagster as dg
import httpx
from pydantic import ValidationError

from dagster_project.events import event_id
from dagster_project.sync.apis import ApiClients, HttpSource
from dagster_project.sync.batch import BatchMessage, BatchProcessor, ClaimPolicy
from dagster_project.sync.domain import Domain, SyncWiring
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.telemetry import Telemetry
from resources.api_resource import HmppsApiResource
from resources.queues import EventQueue
from resources.store import Store
from sensors.options import SyncOptions


class QueuedMessage(dg.Config):
    """One SQS message as the sensor received it (the raw body is parsed again in the run)."""

    message_id: str
    body: str
    attempt: int = 1
    first_failed_at: str | None = None


class SyncBatchConfig(dg.Config):
    """The batch a sensor tick handed over; the run owns these messages from now on."""

    messages: list[QueuedMessage]


def batch_of(domain: Domain[Any], run: dg.DagsterRun) -> SyncBatchConfig | None:
    """The batch a sync run of `domain` was handed (None if its config is not one)."""
    ops = run.run_config.get("ops", {}) if isinstance(run.run_config, dict) else {}
    try:
        return SyncBatchConfig.model_validate(ops.get(domain.op_name, {}).get("config", {}))
    except ValidationError:
        return None


class CappedApi:
    """An API resource's client for one run, with at most `cap` requests in flight."""

    def __init__(self, api: HmppsApiResource, cap: int) -> None:
        self._api = api
        self._cap = cap

    def build_http(self) -> httpx.Client:
        return self._api.build_http(max_connections=self._cap)


def capped(api: HmppsApiResource, cap: int | None) -> HttpSource:
    return api if cap is None else CappedApi(api, cap)


def build_sync_job(domain: Domain[Any], options: SyncOptions) -> dg.JobDefinition:
    """`<domain>_sync_job`: re-runs are safe (the inbox skips messages already handled)."""

    @dg.op(
        name=domain.op_name,
        required_resource_keys={api.key for api in domain.apis} | {"event_queue", "store"},
        out=dg.Out(dg.Nothing),
        description=f"Apply a batch of {domain.name} events to NOMIS and record the mappings.",
    )
    def sync_events(context: dg.OpExecutionContext, config: SyncBatchConfig) -> dg.Output[None]:
        resources = context.resources
        event_queue: EventQueue = resources.event_queue
        store: Store = resources.store

        sync_store = store.get_client()
        queue = event_queue.get_client()
        telemetry = Telemetry(
            sync_store,
            context.log,
            run_id=context.run_id,
            event_ids={m.message_id: event_id(m.body, m.message_id) for m in config.messages},
        )
        cap = options.api_concurrency
        apis = ApiClients(
            {api.key: capped(getattr(resources, api.key), cap) for api in domain.apis}
        )
        try:
            retry_queue = MappingRetryQueue(queue, domain.name, domain.telemetry_prefix, telemetry)
            sync = domain.build_sync(SyncWiring(apis.http, telemetry, retry_queue))
            processor = BatchProcessor(
                domain,
                sync,
                queue=queue,
                inbox=sync_store,
                claims=store.get_claims(),
                claim_policy=ClaimPolicy(context.run_id, options.claim_lease_seconds),
                telemetry=telemetry,
                policy=options.policy,
                disabled_switches=options.disabled_switches,
                log=context.log,
                run_id=context.run_id,
                concurrency=options.concurrency,
            )
            batch = [
                BatchMessage(m.message_id, m.body, m.attempt, m.first_failed_at)
                for m in config.messages
            ]
            outcome = processor.process(batch)
        finally:
            apis.close()
        for failure in outcome.failures:
            context.log.warning(f"event failed: {failure}")
        metadata: dict[str, Any] = dict(outcome.as_metadata())
        if outcome.failures:
            metadata["failures"] = dg.MetadataValue.md(
                "\n".join(f"- {line}" for line in outcome.failures[:20])
            )
        if outcome.dead_lettered:
            raise dg.Failure(
                description=f"{outcome.dead_lettered} message(s) sent to the {domain.name} DLQ",
                metadata=metadata,
                allow_retries=False,
            )
        return dg.Output(None, metadata=metadata)

    @dg.job(
        name=domain.job_name,
        executor_def=dg.in_process_executor,
        tags={
            "domain": domain.name,
            "dagster/retry_on_asset_or_op_failure": "false",
            "dagster/max_runtime": str(options.max_runtime_seconds),
        },
        description=(
            f"Apply {domain.name} domain events to NOMIS. Launched by {domain.sensor_name}; "
            "safe to re-execute."
        ),
    )
    def sync_job() -> None:
        sync_events()

    return sync_job
