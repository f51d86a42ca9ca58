"""A batch whose run died for good goes back to the queue; nothing else is touched."""

import dagster as dg

from sensors.stranded import WILL_RETRY_TAG


def stranded_tick(harness, cursor=None):
    sensor = harness.defs.resolve_sensor_def("stranded_messages_sensor")
    with dg.build_sensor_context(
        instance=harness.instance, cursor=cursor, resources=harness.resources
    ) as context:
        result = sensor.evaluate_tick(context)
        return result, context.cursor


def dead_run(harness, request, will_retry):
    job = harness.sync_defs.resolve_job_def("incentives_sync_job")
    run = harness.instance.create_run_for_job(
        job, run_config=request.run_config, tags={**request.tags, WILL_RETRY_TAG: will_retry}
    )
    harness.instance.report_run_failed(run)
    return run


def nomis_rows(harness, offender):
    return harness.get("/sandbox/nomis/incentives", offenderNo=offender)


def test_batch_of_a_run_that_will_not_be_retried_is_requeued_and_applied(harness):
    offender = harness.first_prisoner()["offenderNo"]
    before = len(nomis_rows(harness, offender))
    harness.publisher.incentive_review(offender, "ENH")
    [request] = harness.tick("incentives")
    harness.tick("incentives")  # the batch is acknowledged: SQS no longer has it
    assert harness.depth("incentives") == (0, 0, 0)
    retried = dead_run(harness, request, "true")  # a retry carries this one: left alone
    dead = dead_run(harness, request, "false")  # the last retry died too

    result, cursor = stranded_tick(harness)

    assert "1 stranded message(s)" in result.skip_message
    [requeued] = harness.telemetry("domain-event-stranded-requeued")
    assert requeued["runId"] == dead.run_id != retried.run_id
    harness.pump()
    assert len(nomis_rows(harness, offender)) == before + 1
    again, _ = stranded_tick(harness, cursor)
    assert "0 stranded" in again.skip_message  # the cursor moved on


def test_messages_with_an_outcome_are_not_requeued(harness):
    offender = harness.first_prisoner()["offenderNo"]
    harness.publisher.incentive_review(offender, "ENH")
    [request] = harness.tick("incentives")
    harness.run("incentives", request)  # applied: the inbox says done
    dead_run(harness, request, "false")

    result, _ = stranded_tick(harness)

    assert "0 stranded" in result.skip_message
    assert harness.depth("incentives")[0] == 0
