"""Every API and every domain queue and DLQ, checked side by side (the health job, `p2n health`)."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from dagster_project.health.apis import ApiTarget, api_targets, check_api
from dagster_project.health.queues import (
    check_queue,
    oldest_message_ages,
    queue_targets,
    sqs_and_cloudwatch,
)
from dagster_project.health.report import ComponentHealth, HealthOptions, HealthReport
from resources.queues import EventQueue

__all__ = [
    "ApiTarget",
    "ComponentHealth",
    "HealthOptions",
    "HealthReport",
    "api_targets",
    "check_all",
]


def check_all(
    apis: list[ApiTarget], event_queue: EventQueue, options: HealthOptions
) -> HealthReport:
    """Every API and every domain queue and DLQ, checked side by side."""
    checked_at = dt.datetime.now(dt.UTC)
    sqs, cloudwatch = sqs_and_cloudwatch(event_queue, options)
    queues = queue_targets(event_queue)
    with ThreadPoolExecutor(max_workers=8) as pool:
        api_results = [pool.submit(check_api, target, options) for target in apis]
        ages, no_age = oldest_message_ages(cloudwatch, [name for _, _, name in queues])
        queue_results = [
            pool.submit(
                check_queue,
                sqs,
                component,
                kind,
                name,
                ages.get(name),
                no_age,
                options.max_message_age_seconds if kind == "queue" else None,
            )
            for component, kind, name in queues
        ]
        components = [future.result() for future in [*api_results, *queue_results]]
    return HealthReport(checked_at=checked_at, components=components)
