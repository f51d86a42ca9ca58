"""Batch rules: entity order, backoff re-queue, DLQ after the last attempt, redelivery skipped."""

import logging

import httpx
import pytest
import respx

from dagster_project.events import RetryMappingMessage
from dagster_project.sync.batch import BatchMessage, BatchProcessor, ClaimPolicy, RetryPolicy
from dagster_project.sync.errors import NonRetryableError
from dagster_project.sync.payloads import EventPayload
from resources.http import HTTP_RETRIES, build_http_client
from tests.fakes import FakeClaims, FakeInbox, FakeQueue, FakeSink, telemetry_with
from tests.messages import visit_event
from tests.test_sync.recording import VISITS


class RecordingSync:
    def __init__(self, fail: dict[str, Exception] | None = None) -> None:
        self.applied: list[tuple[str, str]] = []
        self.fail = fail or {}

    def handle(self, payload: EventPayload) -> None:
        key = payload.entity_key() + "/" + payload.event_type
        if key in self.fail:
            raise self.fail[key]
        self.applied.append((payload.entity_key(), payload.event_type))

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        raise AssertionError("not used")


def processor(sync, queue, inbox, sink, delays=(1, 10, 60), claims=None):
    return BatchProcessor(
        VISITS,
        sync,
        queue=queue,
        inbox=inbox,
        claims=claims if claims is not None else FakeClaims(),
        claim_policy=ClaimPolicy("run-1", 120),
        telemetry=telemetry_with(sink),
        policy=RetryPolicy(delays),
        disabled_switches=frozenset(),
        log=logging.getLogger("test"),
        run_id="run-1",
    )


def test_events_of_one_entity_apply_in_occurred_order_whatever_the_arrival():
    sync, queue, inbox, sink = RecordingSync(), FakeQueue(), FakeInbox(), FakeSink()
    batch = [
        BatchMessage("m1", visit_event("cancelled", "v-1", occurredAt="2026-11-20T10:03:00Z")),
        BatchMessage("m2", visit_event("booked", "v-2", occurredAt="2026-11-20T10:00:00Z")),
        BatchMessage("m3", visit_event("booked", "v-1", occurredAt="2026-11-20T10:01:00Z")),
        BatchMessage("m4", visit_event("changed", "v-1", occurredAt="2026-11-20T10:02:00Z")),
    ]
    outcome = processor(sync, queue, inbox, sink).process(batch)
    v1 = [event for key, event in sync.applied if key == "visit:v-1"]
    assert v1 == ["prison-visit.booked", "prison-visit.changed", "prison-visit.cancelled"]
    assert outcome.done == 4 and inbox.statuses == dict.fromkeys(["m1", "m2", "m3", "m4"], "done")


def test_failure_requeues_with_next_delay_and_later_events_of_entity_wait():
    failing = {"visit:v-1/prison-visit.booked": RuntimeError("NOMIS 500")}
    sync, queue, inbox, sink = RecordingSync(failing), FakeQueue(), FakeInbox(), FakeSink()
    batch = [
        BatchMessage("m1", visit_event("booked", "v-1", occurredAt="2026-11-20T10:00:00Z")),
        BatchMessage("m2", visit_event("cancelled", "v-1", occurredAt="2026-11-20T10:05:00Z")),
        BatchMessage("m3", visit_event("booked", "v-2")),
    ]
    outcome = processor(sync, queue, inbox, sink).process(batch)
    assert sync.applied == [("visit:v-2", "prison-visit.booked")]
    assert [(m.attempt, m.delay_seconds) for m in queue.sent] == [(2, 1), (1, 1)]
    assert queue.sent[0].event_type == "prison-visit.booked"
    assert "NOMIS 500" in (queue.sent[0].extra or {})["lastFailure"]
    assert "waiting behind" in (queue.sent[1].extra or {})["lastFailure"]
    assert outcome.requeued == 2 and outcome.done == 1 and not queue.dead
    assert inbox.statuses["m1"] == "requeued"
    scheduled = [d for n, d in sink.events if n == "domain-event-retry-scheduled"]
    assert scheduled[0]["attempt"] == "2" and scheduled[0]["delaySeconds"] == "1"


@pytest.mark.parametrize(("attempt", "delay"), [(1, 1), (2, 10), (3, 60)])
def test_backoff_grows_per_attempt(attempt, delay):
    failing = {"visit:v-1/prison-visit.booked": RuntimeError("boom")}
    queue = FakeQueue()
    processor(RecordingSync(failing), queue, FakeInbox(), FakeSink()).process(
        [BatchMessage("m1", visit_event("booked", "v-1"), attempt=attempt)]
    )
    assert [(m.attempt, m.delay_seconds) for m in queue.sent] == [(attempt + 1, delay)]


def test_last_attempt_goes_to_dlq_with_reason_and_alert():
    failing = {"visit:v-1/prison-visit.booked": RuntimeError("NOMIS said 500")}
    queue, inbox, sink = FakeQueue(), FakeInbox(), FakeSink()
    body = visit_event("booked", "v-1")
    outcome = processor(RecordingSync(failing), queue, inbox, sink).process(
        [BatchMessage("m1", body, attempt=4)]
    )
    assert not queue.sent and outcome.dead_lettered == 1
    domain, dead_body, reason, attempts, event_type = queue.dead[0]
    assert (domain, dead_body, attempts, event_type) == ("visits", body, 4, "prison-visit.booked")
    assert "NOMIS said 500" in reason
    assert inbox.statuses["m1"] == "dead_lettered"
    assert sink.alerts[0][0] == "prison-visit.booked-sent-to-dlq"


def test_non_retryable_failure_is_dead_lettered_at_once():
    failing = {"visit:v-1/prison-visit.booked": NonRetryableError("NOMIS written, mapping lost")}
    queue = FakeQueue()
    processor(RecordingSync(failing), queue, FakeInbox(), FakeSink()).process(
        [BatchMessage("m1", visit_event("booked", "v-1"))]
    )
    assert not queue.sent and "mapping lost" in queue.dead[0][2]


def test_redelivered_message_is_not_applied_twice():
    sync, queue, inbox, sink = RecordingSync(), FakeQueue(), FakeInbox({"m1": "done"}), FakeSink()
    outcome = processor(sync, queue, inbox, sink).process(
        [BatchMessage("m1", visit_event("booked", "v-1"))]
    )
    assert sync.applied == [] and outcome.duplicate_deliveries == 1


def test_poison_and_ignored_in_a_run_are_settled_not_applied():
    sync, queue, inbox, sink = RecordingSync(), FakeQueue(), FakeInbox(), FakeSink()
    outcome = processor(sync, queue, inbox, sink).process(
        [
            BatchMessage("p", "{oops"),
            BatchMessage(
                "i",
                visit_event("booked", "v").replace("prison-visit.booked", "prison-visit.unknown"),
            ),
        ]
    )
    assert (outcome.dead_lettered, outcome.ignored, sync.applied) == (1, 1, [])
    assert inbox.statuses == {"p": "dead_lettered", "i": "ignored"}
    assert "domain-event-ignored" in sink.names()


def test_duplicate_delivery_under_a_new_sqs_id_is_recognised_by_its_sns_id():
    sync, queue, inbox, sink, claims = (
        RecordingSync(),
        FakeQueue(),
        FakeInbox(),
        FakeSink(),
        FakeClaims(),
    )
    body = visit_event("booked", "v-1")
    processor(sync, queue, inbox, sink, claims=claims).process([BatchMessage("m1", body)])
    outcome = processor(sync, queue, inbox, sink, claims=claims).process([BatchMessage("m2", body)])
    assert sync.applied == [("visit:v-1", "prison-visit.booked")]
    assert outcome.duplicate_deliveries == 1 and inbox.statuses["m2"] == "done"
    assert "domain-event-duplicate-delivery" in sink.names()
    assert claims.held == {}  # released after each event


def test_entity_claimed_by_another_run_is_requeued_without_spending_an_attempt():
    claims = FakeClaims(held={("visits", "visit:v-1"): "other-run"})
    sync, queue, inbox, sink = RecordingSync(), FakeQueue(), FakeInbox(), FakeSink()
    batch = [
        BatchMessage("m1", visit_event("booked", "v-1", occurredAt="2026-11-20T10:00:00Z"), 2),
        BatchMessage("m2", visit_event("changed", "v-1", occurredAt="2026-11-20T10:01:00Z")),
        BatchMessage("m3", visit_event("booked", "v-2")),
    ]
    outcome = processor(sync, queue, inbox, sink, claims=claims).process(batch)
    assert sync.applied == [("visit:v-2", "prison-visit.booked")]
    assert outcome.claim_conflicts == 1 and outcome.requeued == 2
    assert [(m.attempt, m.delay_seconds) for m in queue.sent] == [(2, 1), (1, 1)]
    assert claims.refused == ["visit:v-1"]  # the second event waited in the batch instead


def test_failed_event_is_not_recorded_as_applied_so_its_retry_runs():
    failing = {"visit:v-1/prison-visit.booked": RuntimeError("NOMIS 500")}
    claims = FakeClaims()
    body = visit_event("booked", "v-1")
    processor(RecordingSync(failing), FakeQueue(), FakeInbox(), FakeSink(), claims=claims).process(
        [BatchMessage("m1", body)]
    )
    sync = RecordingSync()
    processor(sync, FakeQueue(), FakeInbox(), FakeSink(), claims=claims).process(
        [BatchMessage("m2", body, attempt=2)]
    )
    assert sync.applied == [("visit:v-1", "prison-visit.booked")]


class FlakySync(RecordingSync):
    """Fails the first `times` tries of each listed entity/event, then works."""

    def __init__(self, times: dict[str, int]) -> None:
        super().__init__()
        self.times = times

    def handle(self, payload: EventPayload) -> None:
        key = payload.entity_key() + "/" + payload.event_type
        if self.times.get(key, 0) > 0:
            self.times[key] -= 1
            raise ConnectionError("blip")
        self.applied.append((payload.entity_key(), payload.event_type))


def in_run_processor(sync, queue, inbox, sink, retries=1):
    return BatchProcessor(
        VISITS,
        sync,
        queue=queue,
        inbox=inbox,
        claims=FakeClaims(),
        claim_policy=ClaimPolicy("run-1", 120),
        telemetry=telemetry_with(sink),
        policy=RetryPolicy((1, 10), in_run_retries=retries, in_run_delay_seconds=0.01),
        disabled_switches=frozenset(),
        log=logging.getLogger("test"),
        run_id="run-1",
    )


def test_a_blip_is_retried_in_the_run_keeping_entity_order():
    sync = FlakySync({"visit:v-1/prison-visit.booked": 1})
    queue, inbox = FakeQueue(), FakeInbox()
    outcome = in_run_processor(sync, queue, inbox, FakeSink()).process(
        [
            BatchMessage("m1", visit_event("booked", "v-1", occurredAt="2026-11-20T10:00:00Z")),
            BatchMessage("m2", visit_event("cancelled", "v-1", occurredAt="2026-11-20T10:01:00Z")),
            BatchMessage("m3", visit_event("booked", "v-2")),
        ]
    )
    assert sync.applied == [
        ("visit:v-2", "prison-visit.booked"),
        ("visit:v-1", "prison-visit.booked"),
        ("visit:v-1", "prison-visit.cancelled"),
    ]
    assert queue.sent == [] and outcome.done == 3 and outcome.requeued == 0
    assert "tried again in this run" in outcome.failures[0]


def test_a_lasting_failure_is_requeued_after_the_in_run_retries():
    sync = FlakySync({"visit:v-1/prison-visit.booked": 5})
    queue = FakeQueue()
    outcome = in_run_processor(sync, queue, FakeInbox(), FakeSink(), retries=2).process(
        [BatchMessage("m1", visit_event("booked", "v-1"))]
    )
    assert sync.times["visit:v-1/prison-visit.booked"] == 2  # tried three times in the run
    assert [(m.attempt, m.delay_seconds) for m in queue.sent] == [(2, 1)]
    assert outcome.requeued == 1 and sync.applied == []


def test_non_retryable_failure_is_not_retried_in_the_run():
    failing = {"visit:v-1/prison-visit.booked": NonRetryableError("would double")}
    sync, queue = RecordingSync(failing), FakeQueue()
    outcome = in_run_processor(sync, queue, FakeInbox(), FakeSink(), retries=3).process(
        [BatchMessage("m1", visit_event("booked", "v-1"))]
    )
    assert outcome.dead_lettered == 1 and len(outcome.failures) == 1


class HttpSync:
    """A sync whose every event does one GET through the production HTTP client."""

    def __init__(self, http: httpx.Client) -> None:
        self._http = http

    def handle(self, payload: EventPayload) -> None:
        self._http.get("/visits/v-1").raise_for_status()

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        raise AssertionError("not used")


@pytest.fixture
def flaky_api():
    """An API outside the specs that answers every GET with 503 (no backoff between tries)."""
    with respx.mock(base_url="https://flaky.test", assert_all_called=False) as router:
        route = router.get("/dps-api/visits/v-1").respond(503)
        http = build_http_client("https://flaky.test/dps-api", None, 5.0, backoff_factor=0)
        yield route, HttpSync(http)
        http.close()


def test_http_retries_multiply_with_the_in_run_retries_and_are_reported(flaky_api):
    route, sync = flaky_api
    queue, sink = FakeQueue(), FakeSink()
    in_run_processor(sync, queue, FakeInbox(), sink, retries=1).process(
        [BatchMessage("m1", visit_event("booked", "v-1"))]
    )
    assert route.call_count == (1 + 1) * (1 + HTTP_RETRIES)  # two tries in the run, each retried
    scheduled = sink.one("domain-event-retry-scheduled")
    assert scheduled["httpRetries"] == str(2 * HTTP_RETRIES)
    assert [m.attempt for m in queue.sent] == [2]


def test_the_dead_letter_alert_says_how_many_http_retries_were_spent(flaky_api):
    route, sync = flaky_api
    queue, sink = FakeQueue(), FakeSink()
    processor(sync, queue, FakeInbox(), sink).process(
        [BatchMessage("m1", visit_event("booked", "v-1"), attempt=4)]
    )
    assert route.call_count == 1 + HTTP_RETRIES and queue.dead and not queue.sent
    [(name, alert)] = sink.alerts
    assert name == "prison-visit.booked-sent-to-dlq"
    assert alert["httpRetries"] == str(HTTP_RETRIES)


def test_an_event_that_was_never_tried_reports_no_http_retries():
    failing = {"visit:v-1/prison-visit.booked": RuntimeError("NOMIS 500")}
    sink = FakeSink()
    processor(RecordingSync(failing), FakeQueue(), FakeInbox(), sink).process(
        [
            BatchMessage("m1", visit_event("booked", "v-1", occurredAt="2026-11-20T10:00:00Z")),
            BatchMessage("m2", visit_event("changed", "v-1", occurredAt="2026-11-20T10:05:00Z")),
        ]
    )
    tried, waiting = [d for n, d in sink.events if n == "domain-event-retry-scheduled"]
    assert tried["messageId"] == "m1" and tried["httpRetries"] == "0"
    assert waiting["messageId"] == "m2" and "httpRetries" not in waiting
