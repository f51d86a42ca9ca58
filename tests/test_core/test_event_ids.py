"""One id per event everywhere: the SNS MessageId in alerts, the DLQ listing and `p2n alerts`.

`p2n publish` prints the SNS MessageId; SQS gives the same event a new message id on the queue,
on every re-queue and on the DLQ. Alerts keep `messageId` (the SQS id, as before) and add
`eventId` (the SNS id); DLQ rows keep `message_id` and add `event_id`.
"""

import datetime as dt
import json
import logging

import dagster as dg
import pytest

from dagster_project import dead_letters
from dagster_project.alerts_view import alert_lines, list_alerts
from dagster_project.events import event_id
from dagster_project.sync.intents import EventScope, event_scope
from dagster_project.telemetry import Telemetry
from resources.dead_letter_queue import DeadLetter
from resources.store import SyncStore, engine_for
from sensors.alerts_view_sensor import ALERTS_KEY, build_alerts_view_sensor, observation

SNS_ID = "8a452c4e-e0a9-4f9c-8f82-e72a21b09735"
LOG = logging.getLogger("test")


def envelope(message_id: str | None = SNS_ID) -> str:
    event = {"eventType": "incentives.iep-review.inserted", "additionalInformation": {"id": 7}}
    body = {"Type": "Notification", "Message": json.dumps(event)}
    if message_id:
        body["MessageId"] = message_id
    return json.dumps(body)


@pytest.fixture
def store(tmp_path):
    return SyncStore(engine_for(f"sqlite:///{tmp_path / 'store.db'}"))


def test_the_event_id_is_the_sns_message_id_else_the_sqs_one():
    assert event_id(envelope(), "sqs-1") == SNS_ID
    assert event_id(envelope(message_id=None), "sqs-1") == "sqs-1"
    assert event_id("not json", "sqs-2") == "sqs-2"


def test_an_alert_about_a_message_carries_its_sns_id_and_keeps_the_sqs_id(store):
    telemetry = Telemetry(store, LOG, event_ids={"sqs-1": SNS_ID})
    returned = telemetry.alert("x-sent-to-dlq", {"messageId": "sqs-1", "reason": "bad"})
    [alert] = store.list_alerts()
    assert returned == SNS_ID
    assert alert.dimensions == {"messageId": "sqs-1", "reason": "bad", "eventId": SNS_ID}
    [row] = store.query_telemetry("x-sent-to-dlq")
    assert row.dimensions["eventId"] == SNS_ID  # the telemetry row says the same


def test_a_message_learnt_later_or_unknown_still_gets_an_id(store):
    telemetry = Telemetry(store, LOG)
    assert telemetry.alert("a", {"messageId": "sqs-9"}) == "sqs-9"  # no SNS id known
    telemetry.know_events({"sqs-10": SNS_ID})
    assert telemetry.alert("b", {"messageId": "sqs-10"}) == SNS_ID


def test_an_alert_raised_while_applying_an_event_names_that_event(store):
    telemetry = Telemetry(store, LOG)
    scope = EventScope(intents=None, domain="visits", event_key=f"sns:{SNS_ID}", owner="run")  # type: ignore[arg-type]
    with event_scope(scope):
        assert telemetry.alert("to-nomis-synch-visit-duplicate", {"offenderNo": "A1"}) == SNS_ID
    assert store.list_alerts()[0].dimensions["eventId"] == SNS_ID


def test_an_alert_about_no_event_gets_an_id_of_its_own_and_a_given_one_wins(store):
    telemetry = Telemetry(store, LOG)
    own = telemetry.alert("dead-letter-queue-not-empty", {"depth": 3})
    again = telemetry.alert("dead-letter-queue-not-empty", {"depth": 4})
    assert own and again and own != again
    assert telemetry.alert("c", {"eventId": "given", "messageId": "sqs-1"}) == "given"


def test_the_dlq_listing_shows_the_event_id_beside_the_dlq_message_id():
    letter = DeadLetter(message_id="dlq-copy-1", body=envelope(), reason="boom", attempts=3)
    row = dead_letters.describe("incentives", letter)
    assert row.event_id == SNS_ID and row.message_id == "dlq-copy-1"
    assert json.loads(row.model_dump_json())["event_id"] == SNS_ID
    dimensions = row.dimensions("prisoner_to_nomis_incentive_dlq")
    assert dimensions["eventId"] == SNS_ID and dimensions["messageId"] == "dlq-copy-1"


def test_p2n_alerts_lists_newest_first_and_filters(store):
    telemetry = Telemetry(store, LOG, event_ids={"sqs-1": SNS_ID})
    telemetry.alert("incentives.iep-review.inserted-sent-to-dlq", {"messageId": "sqs-1"})
    telemetry.alert("dead-letter-queue-not-empty", {"depth": 1})
    store.record_alert_once("reconciliation-check-failed", {"eventId": "check:7"}, "check:7")

    lines = [json.loads(line) for line in alert_lines(store)]
    assert [line["name"] for line in lines] == [
        "reconciliation-check-failed",
        "dead-letter-queue-not-empty",
        "incentives.iep-review.inserted-sent-to-dlq",
    ]
    assert lines[0]["event_id"] == "check:7" and lines[2]["event_id"] == SNS_ID
    assert [a.name for a in list_alerts(store, event_id=SNS_ID)] == [lines[2]["name"]]
    assert [a.name for a in list_alerts(store, name="dead-letter")] == [lines[1]["name"]]
    assert len(list_alerts(store, limit=1)) == 1
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    assert list_alerts(store, since_hours=1, now=later) == []
    assert len(list_alerts(store, since_hours=1)) == 3


def test_p2n_alerts_refuses_an_unbounded_or_negative_request(store):
    with pytest.raises(ValueError, match="limit"):
        list_alerts(store, limit=0)
    with pytest.raises(ValueError, match="since_hours"):
        list_alerts(store, since_hours=-1)


def test_an_alert_row_without_an_event_id_gets_one_from_its_row(store):
    store.record_alert("old-style-alert", {"domain": "visits"})
    [line] = list_alerts(store)
    assert line.event_id == f"alert:{line.id}"


def test_the_ui_sensor_shows_each_alert_once_as_an_observation(store, tmp_path):
    telemetry = Telemetry(store, LOG, event_ids={"sqs-1": SNS_ID})
    telemetry.alert("incentives.iep-review.inserted-sent-to-dlq", {"messageId": "sqs-1"})
    sensor = build_alerts_view_sensor()
    resources = {"store": _store_resource(tmp_path)}

    with dg.build_sensor_context(resources=resources) as context:
        first = sensor(context)
    [shown] = first.asset_events
    assert shown.asset_key == ALERTS_KEY
    assert shown.metadata["event_id"].value == SNS_ID
    assert shown.metadata["messageId"].value == "sqs-1"

    with dg.build_sensor_context(resources=resources, cursor=first.cursor) as context:
        assert sensor(context).asset_events == []
    store.record_alert_once(
        "reconciliation-check-failed", {"eventId": "check:3", "repair": "/guess/x"}, "check:3"
    )
    with dg.build_sensor_context(resources=resources, cursor=first.cursor) as context:
        [check] = sensor(context).asset_events
    assert check.metadata["event_id"].value == "check:3"
    assert isinstance(check.metadata["repair"], dg.UrlMetadataValue)


def test_an_observation_has_the_alert_name_and_id_in_its_description(store):
    store.record_alert("x", {"eventId": "e1", "domain": "visits"})
    shown = observation(store.list_alerts()[0])
    assert shown.description == "x e1" and shown.metadata["domain"].value == "visits"


def _store_resource(tmp_path):
    from resources.store import Store

    return Store(url=f"sqlite:///{tmp_path / 'store.db'}")
