"""The local moto launcher's SQS fix: the same retention rule, without scanning the queue."""

import time

import boto3
import pytest
from moto import mock_aws
from moto.sqs.models import Queue, SQSBackend, sqs_backends

from dagster_project.local import moto_server

ACCOUNT, REGION = "123456789012", "eu-west-2"


@pytest.mark.parametrize("age_seconds", [10, 59, 61, 3600])
def test_the_patched_retention_check_agrees_with_motos(age_seconds):
    original = moto_server.MOTO_RULE
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        url = sqs.create_queue(QueueName="q", Attributes={"MessageRetentionPeriod": "60"})[
            "QueueUrl"
        ]
        sqs.send_message(QueueUrl=url, MessageBody="x")
        backend = sqs_backends[ACCOUNT][REGION]
        [message] = backend.get_queue("q")._messages
        message.sent_timestamp = int((time.time() - age_seconds) * 1000)
        expected = original(backend, "q", message)
        patched = moto_server.is_message_valid_based_on_retention_period(backend, "q", message)
    assert patched == expected == (age_seconds < 60)


def test_a_patched_receive_still_delivers_every_message_once():
    before = SQSBackend.is_message_valid_based_on_retention_period
    with mock_aws():
        moto_server.patch_moto()
        try:
            sqs = boto3.client("sqs", region_name=REGION)
            url = sqs.create_queue(QueueName="q")["QueueUrl"]
            for start in range(0, 50, 10):
                entries = [{"Id": str(i), "MessageBody": f"m{start + i}"} for i in range(10)]
                sqs.send_message_batch(QueueUrl=url, Entries=entries)
            bodies: list[str] = []
            while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get(
                "Messages", []
            ):
                bodies.extend(m["Body"] for m in batch)
        finally:
            SQSBackend.is_message_valid_based_on_retention_period = before
    assert sorted(bodies) == sorted(f"m{i}" for i in range(50))


def test_a_patched_send_does_not_count_the_queue_and_the_counts_stay_right(monkeypatch):
    moto_server.patch_moto()
    moto_server.patch_moto()  # a second call wraps nothing twice
    assert not hasattr(SQSBackend.send_message.__wrapped__, "__wrapped__")
    scans: list[str] = []
    visible = Queue.messages.fget

    def counted(queue):
        scans.append(queue.name)
        return visible(queue)

    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        monkeypatch.setattr(Queue, "messages", property(counted))
        for start in range(0, 40, 10):
            entries = [{"Id": str(i), "MessageBody": f"m{start + i}"} for i in range(10)]
            sqs.send_message_batch(QueueUrl=url, Entries=entries)
        sqs.send_message(QueueUrl=url, MessageBody="one more")
        assert scans == []  # 41 messages sent, the queue never counted
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert attributes["ApproximateNumberOfMessages"] == "41"
    assert attributes["ApproximateNumberOfMessagesDelayed"] == "0"
    assert scans  # outside a send the counts are moto's own
