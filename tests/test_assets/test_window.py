"""The sliding window: bounded concurrency, lazy pulls, refills before a result is handled."""

import threading
import time

import pytest

from dagster_project.reconciliation.window import sliding_window
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
