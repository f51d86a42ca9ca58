"""DLQ jobs, CLI and sensor on the moto server: list, redrive, purge, alert and observe."""

import json

import boto3
import dagster as dg
from botocore.exceptions import ClientError
from typer.testing import CliRunner

from dagster_project.cli.main import app
from dagster_project.domains import DOMAINS
from resources.dead_letter_queue import DeadLetterQueue
from resources.queues import EventQueue
from tests.harness import free_port
from tests.integration.test_drain_and_cli import cli_env
from tests.messages import event, sns_body

GARBAGE = "{this is not json"


def run(harness, job: str, op: str, config: dict) -> dg.ExecuteInProcessResult:
    return harness.defs.resolve_job_def(job).execute_in_process(
        run_config={"ops": {op: {"config": config}}},
        instance=harness.instance,
        raise_on_error=False,
    )


def output_metadata(result: dg.ExecuteInProcessResult, op: str) -> dict:
    [output] = [
        e
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.STEP_OUTPUT and e.step_key == op
    ]
    return {k: v.value for k, v in output.event_specific_data.metadata.items()}


def failure(result: dg.ExecuteInProcessResult) -> str:
    [failed] = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    return failed.event_specific_data.error.message


def sqs(harness):
    return boto3.client(
        "sqs", region_name="eu-west-2", endpoint_url=harness.settings.sqs_endpoint_url
    )


def dead_letter_failed_review(harness) -> tuple[str, dict]:
    """A real review whose NOMIS write fails until the retries are spent; the fault is cleared."""
    offender = harness.first_prisoner()["offenderNo"]
    harness.fault(service="nomis", method="POST", pathPattern="/incentives$", status=500)
    review = harness.publisher.incentive_review(offender, "ENH")["review"]
    harness.pump()
    harness.sandbox.delete("/sandbox/faults").raise_for_status()
    return offender, review


def dead_letter_garbage(harness, count: int = 1) -> None:
    for _ in range(count):
        sqs(harness).send_message(
            QueueUrl=harness.queue.queue_url("incentives"), MessageBody=GARBAGE
        )
    harness.pump()


def test_list_job_shows_each_dead_letter_and_leaves_it_on_the_dlq(harness):
    offender, review = dead_letter_failed_review(harness)
    dead_letter_garbage(harness)
    assert harness.depth("incentives", dead_letters=True) == (2, 0, 0)

    result = run(harness, "dead_letters_list_job", "list_dead_letters", {"domain": "incentives"})

    assert result.success
    metadata = output_metadata(result, "list_dead_letters")
    assert metadata["total"] == 2 and metadata["incentives_count"] == 2
    rows = {r.data["event_type"]: r.data for r in metadata["dead_letters"].records}
    failed = rows["incentives.iep-review.inserted"]
    assert f"id={review['id']}" in failed["ids"] and f"offenderNo={offender}" in failed["ids"]
    assert "HTTP 500" in failed["reason"]
    assert failed["attempts"] == 3
    assert failed["domain"] == "incentives"
    assert failed["first_failed_at"] < failed["last_failed_at"]
    garbage = rows[""]
    assert "not valid JSON" in garbage["reason"]
    assert garbage["ids"] == "" and garbage["attempts"] == 1
    assert garbage["first_failed_at"] == garbage["last_failed_at"]
    logged = [e.user_message for e in harness.instance.all_logs(result.run_id)]
    assert any(failed["message_id"] in m and "first failure=" in m for m in logged)
    assert harness.depth("incentives", dead_letters=True) == (2, 0, 0)  # browsing consumed none

    everything = run(harness, "dead_letters_list_job", "list_dead_letters", {"domain": "all"})
    metadata = output_metadata(everything, "list_dead_letters")
    assert metadata["total"] == 2 and metadata["visits_count"] == 0

    unknown = run(harness, "dead_letters_list_job", "list_dead_letters", {"domain": "parole"})
    assert not unknown.success
    assert "unknown domain 'parole'" in failure(unknown)
    assert "incentives" in failure(unknown)


def test_redrive_job_sends_the_message_back_and_the_sync_then_succeeds(harness):
    offender, review = dead_letter_failed_review(harness)
    before = len(harness.get("/sandbox/nomis/incentives", offenderNo=offender))
    [dead] = harness.dead_letters("incentives")  # held for 30 s by the helper: release it
    sqs(harness).change_message_visibility(
        QueueUrl=harness.queue.dlq_url("incentives"),
        ReceiptHandle=dead["ReceiptHandle"],
        VisibilityTimeout=0,
    )
    first_failed = dead["MessageAttributes"]["firstFailedAt"]["StringValue"]

    result = run(
        harness, "dead_letters_redrive_job", "redrive_dead_letters", {"domain": "incentives"}
    )

    assert result.success
    metadata = output_metadata(result, "redrive_dead_letters")
    assert metadata["total"] == 1 and metadata["incentives_redriven"] == 1
    assert harness.depth("incentives", dead_letters=True) == (0, 0, 0)
    [moved] = sqs(harness).receive_message(
        QueueUrl=harness.queue.queue_url("incentives"),
        MessageAttributeNames=["All"],
        VisibilityTimeout=0,
    )["Messages"]
    assert moved["Body"] == dead["Body"]
    attributes = {k: v["StringValue"] for k, v in moved["MessageAttributes"].items()}
    assert attributes["attempt"] == "1"
    assert attributes["redrivenAt"] > first_failed
    assert attributes["firstFailedAt"] == first_failed
    assert attributes["eventType"] == "incentives.iep-review.inserted"
    [redriven] = harness.telemetry("dead-letter-redriven")
    assert redriven["messageId"] == dead["MessageId"]
    assert redriven["newMessageId"] == moved["MessageId"]
    assert redriven["offenderNo"] == offender and redriven["id"] == str(review["id"])

    harness.pump()

    assert len(harness.get("/sandbox/nomis/incentives", offenderNo=offender)) == before + 1
    assert harness.get("/sandbox/mappings/incentives", incentiveId=review["id"])
    assert harness.depth("incentives") == (0, 0, 0)
    assert harness.depth("incentives", dead_letters=True) == (0, 0, 0)


def test_redrive_stopped_by_an_sqs_error_loses_nothing(harness):
    for number in range(3):
        harness.queue.dead_letter("incentives", f"body {number}", "test reason", 3, None)
    sent: list[str] = []

    def send_once(body: str, event_type: str | None, extra: dict[str, str]) -> str:
        if sent:
            raise ClientError({"Error": {"Code": "Throttling", "Message": "slow"}}, "SendMessage")
        sent.append(body)
        return harness.queue.send("incentives", body, event_type, extra=extra)

    dlq = DeadLetterQueue(
        sqs(harness), "incentives", harness.queue.dlq_url("incentives"), send_once
    )
    result = dlq.redrive(10)

    assert "Throttling" in result.error
    assert [m.dead_letter.body for m in result.redriven] == sent
    assert result.not_deleted == []
    assert harness.depth("incentives") == (1, 0, 0)
    assert harness.depth("incentives", dead_letters=True) == (2, 0, 0)  # released, not lost


def test_purge_job_needs_the_dlq_name_and_records_what_it_deleted(harness):
    bad_ids = event("incentives.iep-review.inserted", {"id": "x", "nomsNumber": "A1234BC"})
    harness.publisher.emit(bad_ids)
    dead_letter_garbage(harness)
    assert harness.depth("incentives", dead_letters=True) == (2, 0, 0)
    dlq_name = harness.settings.incentives_dlq_name

    for config in (
        {"domain": "incentives", "confirm": "yes"},
        {"domain": "incentives", "confirm": harness.settings.visits_dlq_name},
        {"domain": "all", "confirm": dlq_name},
    ):
        refused = run(harness, "dead_letters_purge_job", "purge_dead_letters", config)
        assert not refused.success
        assert "nothing was deleted" in failure(refused) or "exactly one" in failure(refused)
        assert harness.depth("incentives", dead_letters=True) == (2, 0, 0)
    assert not harness.telemetry("dead-letter-purged")

    result = run(
        harness,
        "dead_letters_purge_job",
        "purge_dead_letters",
        {"domain": "incentives", "confirm": dlq_name},
    )

    assert result.success
    assert output_metadata(result, "purge_dead_letters")["total"] == 2
    assert harness.depth("incentives", dead_letters=True) == (0, 0, 0)
    purged = {p.get("eventType", ""): p for p in harness.telemetry("dead-letter-purged")}
    assert set(purged) == {"incentives.iep-review.inserted", ""}
    assert purged["incentives.iep-review.inserted"]["offenderNo"] == "A1234BC"
    assert "additionalInformation.id" in purged["incentives.iep-review.inserted"]["reason"]
    assert "not valid JSON" in purged[""]["reason"]
    assert all(p["queue"] == dlq_name for p in purged.values())
    assert harness.store.query_telemetry("dead-letter-purged", offender_no="A1234BC")


def test_cli_lists_redrives_and_purges_with_the_same_code(harness, monkeypatch):
    for key, value in cli_env(harness).items():
        monkeypatch.setenv(key, value)
    dead_letter_garbage(harness, count=2)
    runner = CliRunner()

    listed = runner.invoke(app, ["dlq", "list", "--domain", "incentives"])
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) == 2 and all("not valid JSON" in r["reason"] for r in rows)

    refused = runner.invoke(app, ["dlq", "purge", "--domain", "incentives", "--confirm", "y"])
    assert refused.exit_code == 2
    assert "not confirmed" in refused.output
    assert harness.depth("incentives", dead_letters=True) == (2, 0, 0)

    redriven = runner.invoke(
        app, ["dlq", "redrive", "--domain", "incentives", "--max-messages", "1"]
    )
    assert redriven.exit_code == 0, redriven.output
    assert len(json.loads(redriven.stdout)[0]["redriven"]) == 1
    assert harness.depth("incentives", dead_letters=True)[0] == 1
    assert harness.depth("incentives")[0] == 1

    dlq_name = harness.settings.incentives_dlq_name
    purged = runner.invoke(app, ["dlq", "purge", "--domain", "incentives", "--confirm", dlq_name])
    assert purged.exit_code == 0, purged.output
    assert len(json.loads(purged.stdout)["purged"]) == 1
    assert harness.depth("incentives", dead_letters=True) == (0, 0, 0)


def tick(harness, cursor: str | None, resources: dict | None = None):
    """One sensor tick; its observations are stored the way the daemon stores them."""
    sensor = harness.defs.resolve_sensor_def("dead_letter_queues_sensor")
    with dg.build_sensor_context(
        instance=harness.instance, cursor=cursor, resources=resources or harness.resources
    ) as context:
        result = sensor.evaluate_tick(context)
    for asset_event in result.asset_events:
        harness.instance.report_runless_asset_event(asset_event)
    return result


def dlq_alerts(harness) -> list[dict[str, str]]:
    return [
        a.dimensions
        for a in reversed(harness.store.list_alerts())
        if a.name == "dead-letter-queue-not-empty"
    ]


def test_sensor_alerts_once_per_growth_and_records_depth_observations(harness):
    queue = harness.queue

    def park() -> None:
        queue.dead_letter("incentives", sns_body("{}"), "test reason", 1, None)

    cursor = tick(harness, None).cursor
    assert dlq_alerts(harness) == []

    park()
    cursor = tick(harness, cursor).cursor
    cursor = tick(harness, cursor).cursor  # same depth: no second alert
    assert [(a["domain"], a["depth"]) for a in dlq_alerts(harness)] == [("incentives", "1")]
    assert dlq_alerts(harness)[0]["queue"] == harness.settings.incentives_dlq_name

    park()
    park()
    cursor = tick(harness, cursor).cursor
    assert [a["depth"] for a in dlq_alerts(harness)] == ["1", "3"]
    assert dlq_alerts(harness)[1]["previousDepth"] == "1"

    queue.purge_dead_letters("incentives")
    cursor = tick(harness, cursor).cursor
    assert json.loads(cursor)["alerted"] == {}
    park()
    tick(harness, cursor)
    assert [a["depth"] for a in dlq_alerts(harness)] == ["1", "3", "1"]

    records = harness.instance.fetch_observations(
        dg.AssetKey(["queues", "incentives_dlq"]), limit=20
    ).records
    visible = [r.asset_observation.metadata["visible"].value for r in records]
    assert visible[0] == 1 and 3 in visible and 0 in visible and len(visible) == 6
    queue_records = harness.instance.fetch_observations(
        dg.AssetKey(["queues", "visits_queue"]), limit=1
    ).records
    metadata = queue_records[0].asset_observation.metadata
    assert {k: v.value for k, v in metadata.items()} == {"visible": 0, "in_flight": 0, "delayed": 0}


def test_sensor_survives_a_broken_sqs_endpoint_and_a_bad_cursor(harness):
    good = harness.resources["event_queue"]
    broken = EventQueue(
        region_name=good.region_name,
        endpoint_url=f"http://127.0.0.1:{free_port()}",
        queue_names=good.queue_names,
        dlq_names=good.dlq_names,
        max_attempts=1,
    )
    cursor = json.dumps({"alerted": {"incentives": 3}})

    result = tick(harness, cursor, {**harness.resources, "event_queue": broken})

    assert json.loads(result.cursor) == {"alerted": {"incentives": 3}}
    assert result.asset_events == []
    assert "error" in result.skip_message
    assert dlq_alerts(harness) == []

    recovered = tick(harness, "not a cursor")
    assert json.loads(recovered.cursor) == {"alerted": {}}
    assert len(recovered.asset_events) == 2 * len(DOMAINS)  # each queue and its DLQ observed
