"""Batch size per tick: what the queue holds, up to the message count and the body budget."""

import boto3
import dagster as dg
import pytest
from moto import mock_aws

from dagster_project.domains import domain_named
from dagster_project.sync.batch import RetryPolicy
from resources.queues import EventQueue
from resources.store import Store
from sensors import event_sync
from sensors.event_sync import MAX_BATCH_BYTES, build_event_sensor
from sensors.options import SyncOptions
from sensors.sync_job import build_sync_job
from tests.messages import padded_review, review_inserted

INCENTIVES = domain_named("incentives")

QUEUE, DLQ = "incentive_q", "incentive_dlq"


@pytest.fixture
def queue_url(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        client = boto3.client("sqs", region_name="eu-west-2")
        client.create_queue(QueueName=DLQ)
        url = client.create_queue(QueueName=QUEUE)["QueueUrl"]
        yield client, url


@pytest.fixture
def resources(tmp_path):
    return {
        "event_queue": EventQueue(
            region_name="eu-west-2",
            queue_names={"incentives": QUEUE},
            dlq_names={"incentives": DLQ},
        ),
        "store": Store(url=f"sqlite:///{tmp_path / 'store.db'}"),
    }


def sensor(batch_size):
    options = SyncOptions(
        interval_seconds=5,
        batch_size=batch_size,
        policy=RetryPolicy((0,)),
        disabled_switches=frozenset(),
    )
    return build_event_sensor(INCENTIVES, build_sync_job(INCENTIVES, options), options)


def send(queue_url, bodies):
    client, url = queue_url
    for start in range(0, len(bodies), 10):
        entries = [
            {"Id": str(n), "MessageBody": body} for n, body in enumerate(bodies[start : start + 10])
        ]
        client.send_message_batch(QueueUrl=url, Entries=entries)


def handed_over(sensor_def, resources):
    with dg.instance_for_test() as instance:
        with dg.build_sensor_context(resources=resources, instance=instance) as context:
            result = sensor_def.evaluate_tick(context)
    if not result.run_requests:
        return 0
    return int(result.run_requests[0].tags["sync/messages"])


def test_a_deep_queue_leaves_in_one_large_batch(queue_url, resources):
    send(queue_url, [review_inserted(i) for i in range(120)])
    assert handed_over(sensor(500), resources) == 120


def test_the_count_bounds_the_batch(queue_url, resources):
    send(queue_url, [review_inserted(i) for i in range(40)])
    assert handed_over(sensor(25), resources) == 25


def test_large_bodies_stop_the_batch_at_the_byte_budget(queue_url, resources):
    body = padded_review(60_000)
    send(queue_url, [body] * 50)
    taken = handed_over(sensor(500), resources)
    assert taken * len(body) >= MAX_BATCH_BYTES > (taken - 10) * len(body)
    assert taken < 50


def test_a_slow_queue_hands_over_what_came_in_time(queue_url, resources, monkeypatch):
    monkeypatch.setattr(event_sync, "RECEIVE_SECONDS", 0.0)
    send(queue_url, [review_inserted(i) for i in range(40)])
    assert handed_over(sensor(500), resources) == 10  # one receive call, then the time is up


@pytest.mark.parametrize(
    ("status", "holds"),
    [
        (dg.DagsterRunStatus.NOT_STARTED, True),  # created, not launched (as QUEUED)
        (dg.DagsterRunStatus.STARTING, False),  # being launched: receive the next batch now
        (dg.DagsterRunStatus.STARTED, False),
    ],
)
def test_only_a_run_not_yet_launched_holds_the_next_batch(queue_url, resources, status, holds):
    options = SyncOptions(
        interval_seconds=5, batch_size=500, policy=RetryPolicy((0,)), disabled_switches=frozenset()
    )
    job = build_sync_job(INCENTIVES, options)
    sensor_def = build_event_sensor(INCENTIVES, job, options)
    send(queue_url, [review_inserted(1)])
    with dg.instance_for_test() as instance:
        config = {"ops": {"sync_incentives_events": {"config": {"messages": []}}}}
        instance.create_run_for_job(job, run_config=config, status=status)
        with dg.build_sensor_context(resources=resources, instance=instance) as context:
            result = sensor_def.evaluate_tick(context)
    assert (result.run_requests == []) is holds
