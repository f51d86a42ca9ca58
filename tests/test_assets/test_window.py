"""The sliding window: bounded concurrency, lazy pulls, refills before a result is handled."""

import threading
import time

import pytest

from dagster_project.reconciliation.window import keyset_read_ahead, sliding_window
from tests.inflight import InFlight


def test_window_never_exceeds_concurrency_and_reports_errors_per_item():
    # every call waits until four were in flight together once: the limit is seen reached
    # however the threads are scheduled; the 10 ms hold shows a fifth one let through
    in_flight = InFlight(meet=4)

    def call(item: int) -> int:
        with in_flight:
            time.sleep(0.01)
        if item == 7:
            raise RuntimeError("boom")
        return item * 2

    results = dict(sliding_window(range(40), call, concurrency=4))
    assert in_flight.peak == 4
    assert isinstance(results.pop(7), RuntimeError)
    assert results == {i: i * 2 for i in range(40) if i != 7}


def test_window_pulls_items_lazily():
    pulled = []

    def items():
        for i in range(100):
            pulled.append(i)
            yield i

    window = sliding_window(items(), lambda i: i, concurrency=3)
    next(window)
    assert len(pulled) <= 6, "the window plus one refill, never the whole source"


def test_window_rejects_zero_concurrency():
    with pytest.raises(ValueError, match="concurrency"):
        list(sliding_window([1], lambda i: i, concurrency=0))


def test_window_refills_before_the_caller_handles_a_result():
    started = []
    third_started = threading.Event()

    def call(item: int) -> int:
        started.append(item)
        if len(started) >= 3:
            third_started.set()
        return item

    window = sliding_window(range(10), call, concurrency=2)
    next(window)
    # the caller is busy with the first result (a telemetry commit, say): a new call starts
    # meanwhile; it is waited for, not guessed to have started within some milliseconds
    assert third_started.wait(30), "a new call started while the caller was busy"
    assert len(started) >= 3
    assert sorted([0, *(item for item, _ in window)]) == list(range(10))


def test_keyset_pages_come_in_order_and_the_next_is_asked_for_before_this_one_is_used():
    pages = {0: [1, 2, 3], 3: [4, 5, 6], 6: [7]}  # cursor -> ids after it; short page = last
    asked: list[int] = []
    next_asked = threading.Event()

    def read(cursor: int) -> list[int]:
        asked.append(cursor)
        if cursor == 3:
            next_asked.set()
        return pages[cursor]

    def following(cursor: int, page: list[int]) -> int | None:
        return page[-1] if len(page) == 3 else None

    seen: list[int] = []
    for page in keyset_read_ahead(read, following, 0):
        if page == [1, 2, 3]:
            # the consumer has not finished the first page, yet the second is on its way
            assert next_asked.wait(timeout=10)
        seen += page
    assert seen == [1, 2, 3, 4, 5, 6, 7]
    assert asked == [0, 3, 6]


def test_keyset_error_pages_are_handed_over_and_following_chooses_the_next_cursor():
    failures = iter([True, False])

    def read(cursor: int) -> list[int] | Exception:
        if cursor == 2 and next(failures):
            return RuntimeError("page down")
        return [cursor + 1, cursor + 2] if cursor < 4 else []

    def following(cursor: int, page: list[int] | Exception) -> int | None:
        if isinstance(page, Exception):
            return cursor  # the same page again
        return page[-1] if page else None

    pages = list(keyset_read_ahead(read, following, 0))
    assert [p if isinstance(p, list) else "error" for p in pages] == [
        [1, 2],
        "error",
        [3, 4],
        [],
    ]


def test_keyset_reading_stops_when_the_consumer_stops():
    asked: list[int] = []

    def read(cursor: int) -> list[int]:
        asked.append(cursor)
        return [cursor + 1]

    walk = keyset_read_ahead(read, lambda cursor, page: page[-1], 0)
    assert next(walk) == [1]
    walk.close()  # an endless keyset: only the page already asked for is read
    assert asked in ([0], [0, 1])
