"""Entities of a batch are applied side by side; each entity's events stay in order."""

import logging
import threading
import time
from collections import defaultdict

import pytest

from dagster_project.events import RetryMappingMessage
from dagster_project.sync.batch import BatchMessage, BatchProcessor, ClaimPolicy, RetryPolicy
from dagster_project.sync.payloads import EventPayload
from dagster_project.telemetry import Telemetry
from resources.store import Store
from tests.fakes import FakeClaims, FakeInbox, FakeQueue, FakeSink, telemetry_with
from tests.inflight import MEET_TIMEOUT_SECONDS
from tests.messages import visit_event
from tests.test_sync.recording import VISITS

KINDS = ("booked", "changed", "cancelled")


class OverlapSync:
    """Records what ran at once: per entity (must never overlap) and overall (should).

    With `meet=n` each event waits until `n` entities were running together once (up to
    `MEET_TIMEOUT_SECONDS`), so "n side by side" is seen however the threads are scheduled
    rather than hoped for from overlapping sleeps; the hold after it shows an (n+1)th.
    """

    def __init__(
        self,
        hold_seconds: float = 0.02,
        fail: frozenset[str] = frozenset(),
        meet: int | None = None,
    ) -> None:
        self.hold_seconds = hold_seconds
        self.fail = fail
        self.meet = meet
        self.lock = threading.Condition()
        self.applied: dict[str, list[str]] = defaultdict(list)
        self.running: set[str] = set()
        self.most_at_once = 0
        self.entity_overlaps: list[str] = []

    def handle(self, payload: EventPayload) -> None:
        entity = payload.entity_key()
        with self.lock:
            if entity in self.running:
                self.entity_overlaps.append(entity)
            self.running.add(entity)
            self.most_at_once = max(self.most_at_once, len(self.running))
            self.lock.notify_all()
            meet = self.meet
            if meet is not None and not self.lock.wait_for(
                lambda: self.most_at_once >= meet, MEET_TIMEOUT_SECONDS
            ):
                self.running.discard(entity)
                raise AssertionError(f"never {meet} entities side by side")
        time.sleep(self.hold_seconds)
        with self.lock:
            self.running.discard(entity)
            if f"{entity}/{payload.event_type}" in self.fail:
                raise RuntimeError("NOMIS 500")
            self.applied[entity].append(payload.event_type)

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        raise AssertionError("not used")


def processor(sync, queue, inbox, sink, concurrency, in_run_retries=0):
    return BatchProcessor(
        VISITS,
        sync,
        queue=queue,
        inbox=inbox,
        claims=FakeClaims(),
        claim_policy=ClaimPolicy("run-1", 120),
        telemetry=telemetry_with(sink),
        policy=RetryPolicy((1, 10), in_run_retries=in_run_retries, in_run_delay_seconds=0.01),
        disabled_switches=frozenset(),
        log=logging.getLogger("test"),
        run_id="run-1",
        concurrency=concurrency,
    )


def shuffled_batch(entities: int) -> list[BatchMessage]:
    """Three events per visit, newest first, entities interleaved: the worst arrival order."""
    batch = []
    for minute in reversed(range(len(KINDS))):
        for entity in range(entities):
            body = visit_event(
                KINDS[minute], f"v-{entity}", occurredAt=f"2026-11-20T10:0{minute}:00Z"
            )
            batch.append(BatchMessage(f"m-{entity}-{minute}", body))
    return batch


def test_entities_overlap_up_to_the_limit_and_each_keeps_its_order():
    sync, queue, inbox, sink = OverlapSync(meet=4), FakeQueue(), FakeInbox(), FakeSink()
    outcome = processor(sync, queue, inbox, sink, concurrency=4).process(shuffled_batch(12))
    assert sync.most_at_once == 4  # different entities ran side by side, never more
    assert sync.entity_overlaps == []  # never two events of one entity at once
    assert all(events == [f"prison-visit.{k}" for k in KINDS] for events in sync.applied.values())
    assert len(sync.applied) == 12 and outcome.done == 36
    assert set(inbox.statuses.values()) == {"done"} and len(inbox.statuses) == 36


def test_concurrency_shortens_the_batch():
    # One at a time, the batch is 24 holds long; side by side, the first events of all 8
    # entities are in flight together, so it is 3 holds deep (each entity's 3 in turn). Shown
    # by what ran together, not by comparing wall times, which a busy machine bends.
    batch = shuffled_batch(8)
    began = time.monotonic()
    serial = OverlapSync(0.05)
    processor(serial, FakeQueue(), FakeInbox(), FakeSink(), 1).process(batch)
    assert time.monotonic() - began >= 24 * 0.05
    assert serial.most_at_once == 1
    side_by_side = OverlapSync(0.05, meet=8)
    outcome = processor(side_by_side, FakeQueue(), FakeInbox(), FakeSink(), 8).process(batch)
    assert side_by_side.most_at_once == 8 and outcome.done == 24
    assert side_by_side.entity_overlaps == []


def test_one_at_a_time_keeps_the_old_entity_order():
    sync = OverlapSync(hold_seconds=0)
    processor(sync, FakeQueue(), FakeInbox(), FakeSink(), concurrency=1).process(shuffled_batch(3))
    assert list(sync.applied) == ["visit:v-0", "visit:v-1", "visit:v-2"]
    assert sync.most_at_once == 1


def test_counts_add_up_when_lanes_fail_side_by_side():
    failing = frozenset(f"visit:v-{n}/prison-visit.booked" for n in range(0, 12, 3))
    sync, queue, inbox, sink = OverlapSync(fail=failing), FakeQueue(), FakeInbox(), FakeSink()
    outcome = processor(sync, queue, inbox, sink, concurrency=6).process(shuffled_batch(12))
    # 4 entities fail on their first event: it is re-queued with backoff, its two later
    # events wait behind it; the 8 other entities apply all three
    assert (outcome.done, outcome.requeued, outcome.dead_lettered) == (24, 12, 0)
    assert len(outcome.failures) == 4
    assert sorted((m.attempt, m.delay_seconds) for m in queue.sent) == [(1, 1)] * 8 + [(2, 1)] * 4
    assert list(inbox.statuses.values()).count("requeued") == 12
    assert all(f"visit:v-{n}" not in sync.applied for n in range(0, 12, 3))


def test_in_run_retry_waits_for_the_round_and_keeps_the_entity_order():
    class FlakyOnce(OverlapSync):
        def __init__(self) -> None:
            super().__init__(hold_seconds=0.005)
            self.flaked = False

        def handle(self, payload: EventPayload) -> None:
            key = f"{payload.entity_key()}/{payload.event_type}"
            if key == "visit:v-5/prison-visit.changed" and not self.flaked:
                self.flaked = True
                raise ConnectionError("blip")
            super().handle(payload)

    sync, queue = FlakyOnce(), FakeQueue()
    outcome = processor(sync, queue, FakeInbox(), FakeSink(), 4, in_run_retries=1).process(
        shuffled_batch(10)
    )
    assert sync.applied["visit:v-5"] == [f"prison-visit.{k}" for k in KINDS]
    assert queue.sent == [] and outcome.done == 30
    assert len(outcome.failures) == 1 and "tried again in this run" in outcome.failures[0]


def test_concurrency_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        processor(OverlapSync(), FakeQueue(), FakeInbox(), FakeSink(), concurrency=0)


def test_the_sqlite_store_takes_claims_ledger_inbox_and_telemetry_from_many_threads(tmp_path):
    store = Store(url=f"sqlite:///{tmp_path / 'store.db'}")
    inbox, claims = store.get_client(), store.get_claims()
    sync = OverlapSync(hold_seconds=0.001, meet=2)
    outcome = BatchProcessor(
        VISITS,
        sync,
        queue=FakeQueue(),
        inbox=inbox,
        claims=claims,
        claim_policy=ClaimPolicy("run-1", 120),
        telemetry=Telemetry(inbox, logging.getLogger("test")),
        policy=RetryPolicy((1, 10)),
        disabled_switches=frozenset(),
        log=logging.getLogger("test"),
        run_id="run-1",
        concurrency=16,
    ).process(shuffled_batch(60))
    assert outcome.done == 180 and outcome.failures == []
    statuses = inbox.inbox_statuses(f"m-{e}-{m}" for e in range(60) for m in range(3))
    assert len(statuses) == 180 and set(statuses.values()) == {"done"}
    assert sync.most_at_once > 1 and sync.entity_overlaps == []
