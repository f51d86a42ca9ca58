"""One sync job per domain: a single in-process op that applies a sensor batch.

The op applies up to `SYNC_CONCURRENCY` entities at once, and each API client it builds keeps
at most `SYNC_API_CONCURRENCY` requests in flight: httpx makes a request wait for one of that
many connections, so NOMIS sees a bounded load however many entities are in progress.
"""

from typing import Any

import dagster as dg
import httpx

from dagster_project.domains import Domain
from dagster_project.sync.apis import HttpSource, SyncApis
from dagster_project.sync.batch import BatchMessage, BatchProcessor, ClaimPolicy
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.telemetry import Telemetry
from resources.api_resource import HmppsApiResource
from resources.auth import ClientCredentialsAuth
from resources.http import build_http_client
from resources.nomis_mapping.resource import NomisMappingApi
from resources.nomis_prisoner.resource import NomisPrisonerApi
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


def op_name(domain: Domain) -> str:
    return f"sync_{domain.name}_events"


class CappedApi:
    """An API resource's client for one run, with at most `cap` requests in flight.

    The same client `HmppsApiResource.build_http` makes (auth, timeouts, retries of idempotent
    calls), on a connection pool of `cap`: a request beyond it waits for a free connection.
    """

    def __init__(self, api: HmppsApiResource, cap: int) -> None:
        self._api = api
        self._cap = cap

    def build_http(self) -> httpx.Client:
        api = self._api
        auth = ClientCredentialsAuth(api.token_url, api.client_id, api.client_secret)
        limits = httpx.Limits(max_connections=self._cap, max_keepalive_connections=self._cap)
        return build_http_client(
            api.base_url,
            auth,
            api.timeout_seconds,
            retries=api.retries,
            transport=httpx.HTTPTransport(limits=limits),
        )


def capped(api: HmppsApiResource, cap: int | None) -> HttpSource:
    return api if cap is None else CappedApi(api, cap)


def build_sync_job(domain: Domain, options: SyncOptions) -> dg.JobDefinition:
    """`<domain>_sync_job`: re-runs are safe (the inbox skips messages already handled)."""

    @dg.op(
        name=op_name(domain),
        required_resource_keys={
            "nomis_prisoner_api",
            "nomis_mapping_api",
            domain.dps_resource_key,
            "event_queue",
            "store",
        },
        out=dg.Out(dg.Nothing),
        description=f"Apply a batch of {domain.name} events to NOMIS and record the mappings.",
    )
    def sync_events(context: dg.OpExecutionContext, config: SyncBatchConfig) -> dg.Output[None]:
        resources = context.resources
        nomis_api: NomisPrisonerApi = resources.nomis_prisoner_api
        mapping_api: NomisMappingApi = resources.nomis_mapping_api
        dps_api: HmppsApiResource = getattr(resources, domain.dps_resource_key)
        event_queue: EventQueue = resources.event_queue
        store: Store = resources.store

        sync_store = store.get_client()
        queue = event_queue.get_client()
        telemetry = Telemetry(sync_store, context.log, run_id=context.run_id)
        cap = options.api_concurrency
        apis = SyncApis(capped(nomis_api, cap), capped(mapping_api, cap), capped(dps_api, cap))
        try:
            sync = domain.build_sync(
                apis, telemetry, MappingRetryQueue(queue, domain.name, domain.queue_id, telemetry)
            )
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
