"""Sensor ticks on (in-process) SQS: run requests, two-phase ack, poison and ignored handling."""

import json

import boto3
import dagster as dg
import pytest
from moto import mock_aws

from dagster_project.domains import domain_named
from dagster_project.sync.batch import RetryPolicy
from resources.queues import EventQueue
from resources.store import Store
from sensors.event_sync import batch_run_key, build_event_sensor
from sensors.options import SyncOptions
from sensors.sync_job import build_sync_job
from tests.messages import review_inserted

INCENTIVES = domain_named("incentives")

QUEUE, DLQ = "incentive_q", "incentive_dlq"


@pytest.fixture
def sqs(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        client = boto3.client("sqs", region_name="eu-west-2")
        client.create_queue(QueueName=DLQ)
        client.create_queue(QueueName=QUEUE)
        yield client


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


OPTIONS = SyncOptions(
    interval_seconds=5, batch_size=25, policy=RetryPolicy((0,)), disabled_switches=frozenset()
)
SENSOR = build_event_sensor(INCENTIVES, build_sync_job(INCENTIVES, OPTIONS), OPTIONS)


def url(sqs, name):
    return sqs.get_queue_url(QueueName=name)["QueueUrl"]


def depth(sqs, name):
    attrs = sqs.get_queue_attributes(QueueUrl=url(sqs, name), AttributeNames=["All"])["Attributes"]
    return int(attrs["ApproximateNumberOfMessages"]), int(
        attrs["ApproximateNumberOfMessagesNotVisible"]
    )


@pytest.fixture(autouse=True)
def instance():
    with dg.instance_for_test() as instance:
        yield instance


def tick(resources, cursor=None, instance=None):
    instance = instance or dg.DagsterInstance.get()
    with dg.build_sensor_context(resources=resources, cursor=cursor, instance=instance) as context:
        return SENSOR.evaluate_tick(context)


def test_batch_becomes_one_run_and_is_acknowledged_on_the_next_tick(sqs, resources):
    ids = [
        sqs.send_message(QueueUrl=url(sqs, QUEUE), MessageBody=review_inserted(i))["MessageId"]
        for i in (1, 2, 3)
    ]
    first = tick(resources)
    assert len(first.run_requests) == 1
    request = first.run_requests[0]
    config = request.run_config["ops"]["sync_incentives_events"]["config"]
    assert sorted(m["message_id"] for m in config["messages"]) == sorted(ids)
    assert request.tags["domain"] == "incentives"
    assert request.tags["sync/event_types"] == "incentives.iep-review.inserted"
    assert request.run_key == first.run_requests[0].run_key and request.run_key.startswith(
        "incentives-"
    )
    assert depth(sqs, QUEUE) == (0, 3)  # owned by the run request, not yet deleted
    second = tick(resources, first.cursor)
    assert second.run_requests == [] and depth(sqs, QUEUE) == (0, 0)
    assert json.loads(second.cursor) == {"pending": [], "held": {}}


def test_poison_goes_to_dlq_at_once_and_never_to_a_run(sqs, resources):
    sqs.send_message(QueueUrl=url(sqs, QUEUE), MessageBody="{not json")
    sqs.send_message(QueueUrl=url(sqs, QUEUE), MessageBody=review_inserted("abc"))
    result = tick(resources)
    assert result.run_requests == [] and "nothing to run" in result.skip_message
    assert depth(sqs, QUEUE) == (0, 0)
    dead = sqs.receive_message(
        QueueUrl=url(sqs, DLQ), MaxNumberOfMessages=10, MessageAttributeNames=["All"]
    )["Messages"]
    reasons = sorted(m["MessageAttributes"]["reason"]["StringValue"] for m in dead)
    assert "body is not valid JSON" in reasons[0]
    assert "additionalInformation.id" in reasons[1]
    alerts = resources["store"].get_client().list_alerts()
    assert {a.name for a in alerts} == {
        "unparseable-message-sent-to-dlq",
        "incentives.iep-review.inserted-sent-to-dlq",
    }


def test_already_handled_redelivery_is_deleted_without_a_run(sqs, resources):
    message_id = sqs.send_message(QueueUrl=url(sqs, QUEUE), MessageBody=review_inserted(1))[
        "MessageId"
    ]
    resources["store"].get_client().mark_message(message_id, "incentives", "done")
    assert tick(resources).run_requests == [] and depth(sqs, QUEUE) == (0, 0)


def test_unknown_event_is_acknowledged_with_telemetry(sqs, resources):
    body = review_inserted(1).replace("iep-review.inserted", "iep-review.deleted")
    sqs.send_message(QueueUrl=url(sqs, QUEUE), MessageBody=body)
    assert tick(resources).run_requests == [] and depth(sqs, QUEUE) == (0, 0)
    rows = resources["store"].get_client().query_telemetry("domain-event-ignored")
    assert rows[0].dimensions["eventType"] == "incentives.iep-review.deleted"


def test_run_key_is_stable_for_the_same_messages(sqs, resources):
    from resources.queues import QueueMessage

    def msg(i):
        return QueueMessage(message_id=f"id-{i}", receipt_handle=f"rh-{i}", body="{}")

    assert batch_run_key(INCENTIVES, [msg(1), msg(2)]) == batch_run_key(
        INCENTIVES, [msg(2), msg(1)]
    )
    assert batch_run_key(INCENTIVES, [msg(1)]) != batch_run_key(INCENTIVES, [msg(2)])


def test_garbage_cursor_does_not_break_the_tick(sqs, resources):
    sqs.send_message(QueueUrl=url(sqs, QUEUE), MessageBody=review_inserted(1))
    assert len(tick(resources, cursor="not json").run_requests) == 1


def test_run_request_config_is_valid_for_the_job(sqs, resources):
    sqs.send_message(QueueUrl=url(sqs, QUEUE), MessageBody=review_inserted(1))
    request = tick(resources).run_requests[0]
    job = build_sync_job(INCENTIVES, OPTIONS)
    assert dg.validate_run_config(job, request.run_config)


def test_no_new_batch_while_the_previous_run_waits_to_start(sqs, resources, instance):
    sqs.send_message(QueueUrl=url(sqs, QUEUE), MessageBody=review_inserted(1))
    first = tick(resources)
    request = first.run_requests[0]
    job = build_sync_job(INCENTIVES, OPTIONS)
    instance.create_run_for_job(job, run_config=request.run_config, tags=request.tags)
    queued = instance.get_runs()[0]  # created, not launched: NOT_STARTED
    sqs.send_message(QueueUrl=url(sqs, QUEUE), MessageBody=review_inserted(2))

    held = tick(resources, first.cursor)

    assert held.run_requests == [] and "waiting to start" in held.skip_message
    assert depth(sqs, QUEUE) == (1, 0)  # acknowledged the first, left the second
    instance.report_run_failed(queued)
    released = tick(resources, held.cursor)
    assert len(released.run_requests) == 1
