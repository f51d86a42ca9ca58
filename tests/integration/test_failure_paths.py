"""Failure paths end to end: mapping retry, duplicate mapping, NOMIS errors to the DLQ and a crash
between receive and launch, each over real sockets, nothing lost. Bad input has its own catalogue:
test_bad_input_catalogue.py."""

import json

import boto3
import dagster as dg

from dagster_project.domains.incentives.mapping import IncentiveMapping, IncentiveMappingClient


def nomis_rows(harness, offender):
    return harness.get("/sandbox/nomis/incentives", offenderNo=offender)


def test_mapping_failure_is_retried_from_the_queue_without_a_second_nomis_write(harness):
    offender = harness.first_prisoner()["offenderNo"]
    before = len(nomis_rows(harness, offender))
    harness.fault(
        service="mapping", method="POST", pathPattern="^/mapping/incentives$", status=500, times=1
    )
    review = harness.publisher.incentive_review(offender, "BAS")["review"]

    harness.pump()

    assert len(nomis_rows(harness, offender)) == before + 1
    assert harness.get("/sandbox/mappings/incentives", incentiveId=review["id"])
    assert harness.telemetry("incentive-mapping-create-failed")
    retry = harness.telemetry("incentive-create-mapping-retry")
    assert retry and retry[0]["incentiveId"] == str(review["id"])
    assert "IncentiveMapping(" in harness.telemetry("incentive-retry-success")[0]["id"]
    assert harness.depth("incentives") == (0, 0, 0)
    assert harness.depth("incentives", dead_letters=True) == (0, 0, 0)


def test_mapping_conflict_alerts_duplicate_and_is_not_retried(harness):
    prisoner = harness.first_prisoner()
    offender, booking = prisoner["offenderNo"], prisoner["bookingId"]
    next_sequence = max(r["sequence"] for r in nomis_rows(harness, offender)) + 1
    squatter = IncentiveMapping(
        nomis_booking_id=booking,
        nomis_incentive_sequence=next_sequence,
        incentive_id=987654,
        mapping_type="MIGRATED",
    )
    with dg.build_resources({"api": harness.resources["nomis_mapping_api"]}) as built:
        IncentiveMappingClient(built.api.build_http()).create_incentive_mapping(squatter)

    harness.publisher.incentive_review(offender, "ENH")
    harness.pump()

    alerts = harness.store.list_alerts()
    duplicate = [a for a in alerts if a.name == "to-nomis-synch-incentive-duplicate"]
    assert len(duplicate) == 1
    assert duplicate[0].dimensions["existingIncentiveId"] == "987654"
    assert duplicate[0].dimensions["nomisBookingId"] == str(booking)
    assert not harness.telemetry("incentive-create-mapping-retry")
    assert harness.depth("incentives") == (0, 0, 0)


def test_nomis_500_is_retried_with_backoff_then_dead_lettered_with_reason(harness):
    offender = harness.first_prisoner()["offenderNo"]
    before = len(nomis_rows(harness, offender))
    harness.fault(service="nomis", method="POST", pathPattern="/incentives$", status=500)
    harness.publisher.incentive_review(offender, "ENH")

    harness.pump()

    assert len(nomis_rows(harness, offender)) == before
    failed = harness.telemetry("incentive-create-failed")
    assert len(failed) == 3 and all("500" in f["reason"] for f in failed)
    scheduled = harness.telemetry("domain-event-retry-scheduled")
    assert sorted(s["attempt"] for s in scheduled) == ["2", "3"]
    dead = harness.dead_letters("incentives")
    assert len(dead) == 1
    attributes = dead[0]["MessageAttributes"]
    assert attributes["attempts"]["StringValue"] == "3"
    assert "HTTP 500" in attributes["reason"]["StringValue"]
    assert attributes["eventType"]["StringValue"] == "incentives.iep-review.inserted"
    first_failed = attributes["firstFailedAt"]["StringValue"]
    assert first_failed < attributes["failedAt"]["StringValue"]  # kept from the first failure
    assert json.loads(json.loads(dead[0]["Body"])["Message"])["eventType"] == (
        "incentives.iep-review.inserted"
    )
    assert harness.run_results[-1].success is False  # the dead letter is visible in Dagster
    assert any(
        a.name == "incentives.iep-review.inserted-sent-to-dlq" for a in harness.store.list_alerts()
    )
    assert harness.depth("incentives") == (0, 0, 0)


def test_crash_between_receive_and_launch_loses_nothing(harness):
    offender = harness.first_prisoner()["offenderNo"]
    before = len(nomis_rows(harness, offender))
    harness.publisher.incentive_review(offender, "ENH")

    lost_requests = harness.tick("incentives")  # the daemon dies: no run, cursor never saved
    assert len(lost_requests) == 1
    handles = json.loads(harness.cursors.pop("incentives"))["pending"]
    assert harness.depth("incentives")[1] == 1  # still on the queue, only invisible
    sqs = boto3.client(
        "sqs", region_name="eu-west-2", endpoint_url=harness.settings.sqs_endpoint_url
    )
    for handle in handles:  # the visibility timeout expires
        sqs.change_message_visibility(
            QueueUrl=harness.queue.queue_url("incentives"),
            ReceiptHandle=handle,
            VisibilityTimeout=0,
        )

    replayed = harness.tick("incentives")
    assert [r.run_key for r in replayed] == [r.run_key for r in lost_requests]
    harness.run("incentives", replayed[0])
    harness.pump()

    assert len(nomis_rows(harness, offender)) == before + 1
    assert harness.depth("incentives") == (0, 0, 0)
