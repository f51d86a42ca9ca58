"""Creates the SNS topic, domain queues, DLQs, redrive and filtered subscriptions (as prod)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import boto3

from dagster_project.domains import DOMAINS
from dagster_project.settings import Settings

MAX_RECEIVE_COUNT = 5


if TYPE_CHECKING:
    from mypy_boto3_sns import SNSClient
    from mypy_boto3_sqs import SQSClient


def sns_client(settings: Settings) -> SNSClient:
    """SNS on moto server (SQS_ENDPOINT_URL) or real AWS when it is empty."""
    return boto3.client(
        "sns", region_name=settings.aws_region, endpoint_url=settings.sqs_endpoint_url
    )


def sqs_client(settings: Settings) -> SQSClient:
    """SQS on moto server (SQS_ENDPOINT_URL) or real AWS when it is empty."""
    return boto3.client(
        "sqs", region_name=settings.aws_region, endpoint_url=settings.sqs_endpoint_url
    )


def provision(settings: Settings) -> dict[str, str]:
    """Idempotently wire topic -> filtered subscription -> queue -> DLQ for every domain.

    In AWS this wiring is Terraform's job; locally and in tests we build the same shape.
    Returns the queue URLs by name.
    """
    sns, sqs = sns_client(settings), sqs_client(settings)
    topic_name = settings.domain_events_topic_arn.rsplit(":", 1)[-1]
    topic_arn = sns.create_topic(Name=topic_name)["TopicArn"]
    existing = {
        sub["Endpoint"]
        for sub in sns.list_subscriptions_by_topic(TopicArn=topic_arn).get("Subscriptions", [])
    }
    urls: dict[str, str] = {}
    for domain in DOMAINS:
        queue_name, dlq_name = settings.queue(domain)
        dlq_url = sqs.create_queue(QueueName=dlq_name)["QueueUrl"]
        dlq_arn = _arn(sqs, dlq_url)
        redrive = {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(MAX_RECEIVE_COUNT)}
        queue_url = sqs.create_queue(
            QueueName=queue_name,
            Attributes={
                "RedrivePolicy": json.dumps(redrive),
                "VisibilityTimeout": str(settings.queue_visibility_timeout_seconds),
                "MessageRetentionPeriod": "1209600",
            },
        )["QueueUrl"]
        queue_arn = _arn(sqs, queue_url)
        if queue_arn not in existing:
            sns.subscribe(
                TopicArn=topic_arn,
                Protocol="sqs",
                Endpoint=queue_arn,
                Attributes={"FilterPolicy": json.dumps({"eventType": sorted(domain.event_types)})},
            )
        urls[queue_name], urls[dlq_name] = queue_url, dlq_url
    return urls


def _arn(sqs: SQSClient, url: str) -> str:
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    return str(attributes["Attributes"]["QueueArn"])
