"""Queue-side faults: SNS duplicate deliveries and re-ordering, and what the sync makes of them."""

import json

from dagster_project.local.chaos import ChaosPublisher, QueueChaos
from dagster_project.local.publish import domain_event


def sns_ids(harness, domain):
    messages = harness.queue.receive(domain, 10)
    harness.queue.delete(domain, [m.receipt_handle for m in messages])
    return [json.loads(m.body)["MessageId"] for m in messages], messages


def test_duplicate_delivery_reuses_the_sns_message_id(harness):
    chaos = ChaosPublisher(
        harness.settings, QueueChaos(duplicate_rate=1.0, duplicate_max_delay_seconds=0)
    )
    published = chaos.emit(domain_event("prison-visit.booked", {"reference": "ab-cd-ef-gh"}))
    ids, _ = sns_ids(harness, "visits")
    assert ids == [published, published]
    assert chaos.injected["duplicated"] == 1


def test_held_events_are_overtaken_by_the_given_number_of_later_ones(harness):
    chaos = ChaosPublisher(harness.settings, QueueChaos(reorder_rate=0.0))
    chaos.chaos = QueueChaos(reorder_rate=1.0, reorder_window=1)  # hold the first only
    chaos.emit(domain_event("prison-visit.booked", {"reference": "aa-aa-aa-aa"}))
    chaos.chaos = QueueChaos(reorder_rate=0.0)
    chaos.emit(domain_event("prison-visit.cancelled", {"reference": "bb-bb-bb-bb"}))
    chaos.flush()
    _, messages = sns_ids(harness, "visits")
    order = [json.loads(json.loads(m.body)["Message"])["eventType"] for m in messages]
    assert order == ["prison-visit.cancelled", "prison-visit.booked"]


def test_duplicated_and_reordered_incentive_reviews_reach_nomis_once_each(harness):
    chaos = ChaosPublisher(
        harness.settings,
        QueueChaos(duplicate_rate=1.0, duplicate_max_delay_seconds=0, reorder_rate=0.5, seed=7),
        harness.sandbox,
    )
    prisoners = harness.get("/sandbox/prisoners", prisonId="MDI", limit=6)[:6]
    before = {
        p["bookingId"]: len(harness.get("/sandbox/nomis/incentives", bookingId=p["bookingId"]))
        for p in prisoners
    }
    reviews = [chaos.incentive_review(p["offenderNo"], "ENH")["review"] for p in prisoners]
    chaos.flush()

    harness.pump()

    for prisoner in prisoners:
        rows = harness.get("/sandbox/nomis/incentives", bookingId=prisoner["bookingId"])
        assert len(rows) == before[prisoner["bookingId"]] + 1
    for review in reviews:
        assert harness.get("/sandbox/mappings/incentives", incentiveId=review["id"])
    assert chaos.injected["duplicated"] == 6 and chaos.injected["reordered"] > 0
    assert len(harness.telemetry("domain-event-duplicate-delivery")) == 6
    assert harness.depth("incentives") == (0, 0, 0)
    assert harness.dead_letters("incentives") == []
