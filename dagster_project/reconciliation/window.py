"""A sliding window of concurrent calls, a per-API in-flight cap, and page read-ahead.

Read-ahead comes in two kinds: numbered pages, and keyset pages whose cursor comes from the
page before.
"""

from __future__ import annotations

import threading
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
            # refill before handing results out: the caller's work on a result (a telemetry
            # commit, a frame) must not leave call slots idle
            pending |= {pool.submit(run, item) for item in islice(source, len(done))}
            yield from (future.result() for future in done)


class InFlightCap:
    """At most `limit` requests in flight to one API: the politeness limit production imposes.

    Shared by every thread that calls the API, so a window wider than the cap (two APIs called
    side by side) still never puts more than `limit` requests on either of them.
    """

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("the in-flight cap must be at least 1")
        self.limit = limit
        self._slots = threading.BoundedSemaphore(limit)
        self._lock = threading.Lock()
        self._in_flight = 0
        self.peak = 0

    def call(self, fn: Callable[[], ResultT]) -> ResultT:
        """Run `fn` once a slot is free."""
        with self._slots:
            with self._lock:
                self._in_flight += 1
                self.peak = max(self.peak, self._in_flight)
            try:
                return fn()
            finally:
                with self._lock:
                    self._in_flight -= 1


def read_ahead(fetches: Iterable[Callable[[], ResultT]]) -> Iterator[ResultT]:
    """Results of `fetches` in order, the next one already running while this one is consumed.

    A page of ids fetched only when the window runs dry would stall every call slot for one
    round trip per page; fetching one page ahead hides that.
    """
    source = iter(fetches)
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = next(source, None)
        upcoming = None if first is None else pool.submit(first)
        while upcoming is not None:
            following = next(source, None)
            current, upcoming = upcoming, None if following is None else pool.submit(following)
            yield current.result()


CursorT = TypeVar("CursorT")
PageT = TypeVar("PageT")


def keyset_read_ahead(
    read: Callable[[CursorT], PageT],
    following: Callable[[CursorT, PageT], CursorT | None],
    start: CursorT,
) -> Iterator[PageT]:
    """Keyset pages in order, each next one requested as soon as its cursor is known.

    A keyset page cannot be asked for before the one it follows has arrived, but it need not
    wait until that page's items are used up: `following(cursor, page)` gives the next cursor
    (None: the last page) the moment a page arrives, so the read overlaps the work on it.
    `read` should return an error as its page rather than raise it, and `following` decide
    what comes after one (the same cursor again, or skip ahead); the consumer may stop at any
    page by closing the iterator.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        cursor: CursorT | None = start
        upcoming: Future[PageT] | None = pool.submit(read, start)
        while upcoming is not None and cursor is not None:
            page = upcoming.result()
            cursor = following(cursor, page)
            upcoming = None if cursor is None else pool.submit(read, cursor)
            yield page
