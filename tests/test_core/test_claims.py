"""SQL claims: one winner per entity across threads, leases, and the applied-event ledger."""

import threading
import time

import sqlalchemy as sa

from resources.claims import ClaimStore
from resources.store import engine_for


def claims_at(tmp_path) -> ClaimStore:
    return ClaimStore(engine_for(f"sqlite:///{tmp_path / 'store.db'}"))


def test_exactly_one_of_many_racing_owners_wins_an_entity(tmp_path):
    store = claims_at(tmp_path)
    barrier = threading.Barrier(8)
    winners: list[str] = []

    def race(owner: str) -> None:
        barrier.wait()
        if store.claim("visits", "visit:v-1", owner, lease_seconds=60):
            winners.append(owner)

    threads = [threading.Thread(target=race, args=(f"run-{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1


def test_claim_is_reentrant_released_and_taken_over_after_its_lease(tmp_path):
    store = claims_at(tmp_path)
    assert store.claim("visits", "visit:v-1", "a", lease_seconds=60)
    assert store.claim("visits", "visit:v-1", "a", lease_seconds=60)
    assert not store.claim("visits", "visit:v-1", "b", lease_seconds=60)
    assert store.claim("visits", "visit:v-2", "b", lease_seconds=60)  # other entities are free
    store.release("visits", "visit:v-1", "b")  # not b's: nothing happens
    assert not store.claim("visits", "visit:v-1", "b", lease_seconds=60)
    store.release("visits", "visit:v-1", "a")
    assert store.claim("visits", "visit:v-1", "b", lease_seconds=1)
    time.sleep(1.1)  # b dies holding it; the lease runs out
    assert store.claim("visits", "visit:v-1", "c", lease_seconds=60)


def test_applied_ledger_records_once_and_hashes_long_keys(tmp_path):
    store = claims_at(tmp_path)
    long_key = "sns:" + "x" * 500
    assert not store.was_applied(long_key)
    store.record_applied(long_key, "visits", "m1", "run-1")
    store.record_applied(long_key, "visits", "m2", "run-2")  # harmless
    assert store.was_applied(long_key) and not store.was_applied("sns:other")
    engine = engine_for(f"sqlite:///{tmp_path / 'store.db'}")
    with engine.connect() as connection:
        rows = connection.execute(sa.text("select message_id from applied_events")).all()
    assert [r.message_id for r in rows] == ["m1"]


def test_write_intent_survives_only_an_unclosed_bracket(tmp_path):
    store = claims_at(tmp_path)
    assert store.unfinished_write("sns:e-1") is None
    assert store.begin_write("sns:e-1", "visits", "run-1") is None
    left = store.unfinished_write("sns:e-1")  # a read leaves it as it is
    assert left is not None and left.owner == "run-1"
    assert store.unfinished_write("sns:e-1") == left
    earlier = store.begin_write("sns:e-1", "visits", "run-2")
    assert earlier is not None and earlier.owner == "run-1"
    store.end_write("sns:e-1")
    assert store.unfinished_write("sns:e-1") is None
    assert store.begin_write("sns:e-1", "visits", "run-2") is None
