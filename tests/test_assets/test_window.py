"""The sliding window: bounded concurrency, lazy pulls, refills before a result is handled."""

import threading
import time

import pytest

from dagster_project.reconciliation.window import sliding_window


def test_window_never_exceeds_concurrency_and_reports_errors_per_item():
    lock, in_flight, peak = threading.Lock(), [0], [0]

    def call(item: int) -> int:
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        time.sleep(0.01)
        with lock:
            in_flight[0] -= 1
        if item == 7:
            raise RuntimeError("boom")
        return item * 2

    results = dict(sliding_window(range(40), call, concurrency=4))
    assert peak[0] == 4
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

    def call(item: int) -> int:
        started.append(item)
        return item

    window = sliding_window(range(10), call, concurrency=2)
    next(window)
    time.sleep(0.05)  # the caller is busy with the first result (a telemetry commit, say)
    assert len(started) >= 3, "a new call started while the caller was busy"
    assert sorted([0, *(item for item, _ in window)]) == list(range(10))
