"""A sliding window of concurrent calls: at most `concurrency` in flight, no per-page barrier."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from itertools import islice
from typing import TypeVar

ItemT = TypeVar("ItemT")
ResultT = TypeVar("ResultT")


def sliding_window(
    items: Iterable[ItemT], call: Callable[[ItemT], ResultT], concurrency: int
) -> Iterator[tuple[ItemT, ResultT | Exception]]:
    """Yield (item, result or exception) as calls finish; a new call starts as one completes.

    Items are pulled lazily (a slow page fetch never stalls calls already in flight), and at most
    `concurrency` calls are outstanding, so memory stays flat in the number of items.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    source = iter(items)

    def run(item: ItemT) -> tuple[ItemT, ResultT | Exception]:
        try:
            return item, call(item)
        except Exception as error:  # reported per item, never stops the window
            return item, error

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        pending: set[Future[tuple[ItemT, ResultT | Exception]]] = {
            pool.submit(run, item) for item in islice(source, concurrency)
        }
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                for item in islice(source, 1):
                    pending.add(pool.submit(run, item))
