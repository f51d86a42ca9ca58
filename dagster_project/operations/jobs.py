"""One Dagster job per declared operation, each wired exactly like the domain's event runs.

The op builds the domain's sync service through the domain's one `build_sync`, hands it to the
operation's `targets` and `write`, and closes every HTTP client it opened when it ends.
"""

# No `from __future__ import annotations` here: Dagster reads the op's `config` annotation,
# which is set per operation below, as a class.

from typing import Any

import dagster as dg

from dagster_project.operations.engine import apply
from dagster_project.sync.apis import ApiClients
from dagster_project.sync.domain import Domain, Operation, OperationRun, SyncWiring
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.telemetry import Telemetry
from resources.queues import EventQueue
from resources.store import Store


def required_keys(domain: Domain[Any]) -> set[str]:
    """The domain's APIs plus the queue (mapping retries) and the store (telemetry, history)."""
    return {api.key for api in domain.apis} | {"event_queue", "store"}


def build_operation_job(domain: Domain[Any], operation: Operation[Any, Any]) -> dg.JobDefinition:
    """`operation.job`: one op named `operation.op` whose config is `operation.config`."""

    def body(context: dg.OpExecutionContext, config: Any) -> dg.Output[None]:
        store: Store = context.resources.store
        event_queue: EventQueue = context.resources.event_queue
        telemetry = Telemetry(store.get_client(), context.log, run_id=context.run_id)
        clients = ApiClients({api.key: getattr(context.resources, api.key) for api in domain.apis})
        retry_queue = MappingRetryQueue(
            event_queue.get_client(), domain.name, domain.telemetry_prefix, telemetry
        )
        try:
            sync = domain.build_sync(SyncWiring(clients.http, telemetry, retry_queue))
            run = OperationRun(sync, telemetry, store.get_history(), context.log)
            targets = operation.targets(run, config)
            return apply(
                context.log, config, targets, lambda target: operation.write(run, config, target)
            )
        finally:
            clients.close()

    body.__name__ = operation.op
    body.__annotations__["config"] = operation.config
    op = dg.op(
        name=operation.op,
        required_resource_keys=required_keys(domain),
        out=dg.Out(dg.Nothing),
        description=operation.description,
    )(body)

    @dg.job(
        name=operation.job,
        description=operation.description,
        tags={**operation.tags, "operation/domain": domain.name},
    )
    def operation_job() -> None:
        op()

    return operation_job


def build_operation_jobs(domains: tuple[Domain[Any], ...]) -> list[dg.JobDefinition]:
    """Every domain's operation jobs; an operation shared by two repairs is built once."""
    return [
        build_operation_job(domain, operation)
        for domain in domains
        for operation in domain.operations
    ]
