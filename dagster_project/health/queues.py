"""A queue or DLQ is up when `GetQueueAttributes` answers and holds no message too old.

Too old: a main queue's oldest message is older than `max_message_age_seconds`. That age is
the SQS CloudWatch metric `ApproximateAgeOfOldestMessage`: GetQueueAttributes has no such
attribute, and peeking would count as a receive towards the redrive limit. Without datapoints
it is n/a and not judged. DLQ depth is reported, not judged: `dead_letter_queues_sensor`
alerts on it.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from dagster_project.health.report import (
    MAX_DETAIL,
    ComponentHealth,
    HealthOptions,
    Kind,
    elapsed_ms,
)
from resources.queues import EventQueue
from resources.redaction import scrub

AGE_METRIC_WINDOW = dt.timedelta(minutes=15)
MISSING_QUEUE_CODES = frozenset({"AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"})


def queue_targets(event_queue: EventQueue) -> list[tuple[str, Kind, str]]:
    """(component, kind, SQS name) per domain queue and DLQ; components match `queues/*` assets."""
    found: list[tuple[str, Kind, str]] = []
    for domain, name in event_queue.queue_names.items():
        found.append((f"{domain}_queue", "queue", name))
        found.append((f"{domain}_dlq", "dlq", event_queue.dlq_names[domain]))
    return found


def sqs_and_cloudwatch(event_queue: EventQueue, options: HealthOptions) -> tuple[Any, Any]:
    """Clients as `EventQueue.get_client` builds them, with short timeouts and one retry."""
    session = boto3.session.Session(
        profile_name=event_queue.profile_name,
        aws_access_key_id=event_queue.aws_access_key_id,
        aws_secret_access_key=event_queue.aws_secret_access_key,
        aws_session_token=event_queue.aws_session_token,
    )
    options_for_both: dict[str, Any] = {
        "region_name": event_queue.region_name,
        "endpoint_url": event_queue.endpoint_url or None,
        "use_ssl": event_queue.use_ssl,
        "verify": event_queue.verify,
        "config": Config(
            connect_timeout=options.timeout_seconds,
            read_timeout=options.timeout_seconds,
            retries={"max_attempts": 2, "mode": "standard"},
        ),
    }
    return (
        session.client("sqs", **options_for_both),
        session.client("cloudwatch", **options_for_both),
    )


def oldest_message_ages(cloudwatch: Any, names: list[str]) -> tuple[dict[str, float], str]:
    """Latest `ApproximateAgeOfOldestMessage` (seconds) per queue name; or why there is none."""
    now = dt.datetime.now(dt.UTC)
    queries = [
        {
            "Id": f"q{index}",
            "MetricStat": {
                "Metric": {
                    "Namespace": "AWS/SQS",
                    "MetricName": "ApproximateAgeOfOldestMessage",
                    "Dimensions": [{"Name": "QueueName", "Value": name}],
                },
                "Period": 60,
                "Stat": "Maximum",
            },
        }
        for index, name in enumerate(names)
    ]
    try:
        response = cloudwatch.get_metric_data(
            MetricDataQueries=queries,
            StartTime=now - AGE_METRIC_WINDOW,
            EndTime=now,
            ScanBy="TimestampDescending",
        )
    except (BotoCoreError, ClientError) as error:
        return {}, f"CloudWatch: {_aws_error(error)}"
    ages = {
        names[int(result["Id"][1:])]: float(result["Values"][0])
        for result in response.get("MetricDataResults", [])
        if result.get("Values")
    }
    return ages, "no CloudWatch datapoints"


def _aws_error(error: Exception) -> str:
    if isinstance(error, ClientError):
        info = error.response.get("Error", {})
        code = info.get("Code", "")
        if code in MISSING_QUEUE_CODES:
            return "queue does not exist"
        return f"{code}: {info.get('Message', '')}"
    return f"{type(error).__name__}: {error}"


def check_queue(
    sqs: Any,
    component: str,
    kind: Kind,
    name: str,
    age: float | None,
    no_age: str,
    max_age_seconds: int | None,
) -> ComponentHealth:
    """`GetQueueAttributes` of one queue: depth, and its oldest message against `max_age`."""
    started = time.monotonic()
    try:
        url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
        attributes = sqs.get_queue_attributes(
            QueueUrl=url,
            AttributeNames=[
                "ApproximateNumberOfMessages",
                "ApproximateNumberOfMessagesNotVisible",
                "ApproximateNumberOfMessagesDelayed",
            ],
        )["Attributes"]
    except (BotoCoreError, ClientError) as error:
        detail = scrub(f"{name}: {_aws_error(error)}")[:MAX_DETAIL]
        return ComponentHealth(
            component=component,
            kind=kind,
            ok=False,
            latency_ms=elapsed_ms(started),
            detail=detail,
        )
    visible = int(attributes.get("ApproximateNumberOfMessages", 0))
    in_flight = int(attributes.get("ApproximateNumberOfMessagesNotVisible", 0))
    delayed = int(attributes.get("ApproximateNumberOfMessagesDelayed", 0))
    oldest = f"oldest {age:.0f} s" if age is not None else f"oldest n/a ({no_age})"
    stale = max_age_seconds is not None and age is not None and age > max_age_seconds
    detail = f"{name}: visible {visible}, in flight {in_flight}, delayed {delayed}, {oldest}"
    if stale:
        detail += f" > {max_age_seconds} s: is its sensor running?"
    return ComponentHealth(
        component=component,
        kind=kind,
        ok=not stale,
        latency_ms=elapsed_ms(started),
        detail=detail,
    )
