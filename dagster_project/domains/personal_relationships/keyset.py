"""NOMIS ids in keyset pages, and the tally of a reconciliation that checks each id.

The person contacts and prisoner restrictions reconciliations walk their NOMIS ids the same way
(as the old service): pages from id 0, each after the last id of the one before; a page shorter
than the page size ends the walk; a failed page moves on by one page size, at most
`MAX_PAGE_ERRORS` times. Each page is asked for as soon as the one before arrives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from dagster_project.reconciliation.window import keyset_read_ahead
from dagster_project.telemetry import Telemetry

MAX_PAGE_ERRORS = 30

FoundT = TypeVar("FoundT")


@dataclass
class Tally(Generic[FoundT]):
    """What one walk found and what it cost, shared so both reconciliations report alike."""

    mismatches: list[FoundT]
    checked: int = 0
    pages: int = 0
    errors: list[str] = field(default_factory=list)
    requests: dict[str, int] = field(default_factory=dict)
    peak_in_flight: dict[str, int] = field(default_factory=dict)


def keyset_ids(
    page_after: Callable[[int], tuple[list[int], int]],
    page_size: int,
    fetched: Tally[FoundT],
    telemetry: Telemetry,
    prefix: str,
    *,
    cursor: str,
) -> Iterator[int]:
    """Every NOMIS id, page by page; one walk for both reconciliations so they cannot drift.

    `page_after(last)` reads the page after id `last` and returns its ids and its last id. Each
    read counts as a NOMIS request; a failed one is tracked as `<prefix>-mismatch-page-error`
    with the id it read after under the dimension `cursor`, and recorded in `fetched.errors`.
    """
    page_errors = 0

    def read(last: int) -> tuple[list[int], int] | Exception:
        fetched.requests["nomis"] += 1
        try:
            return page_after(last)
        except Exception as error:  # a page error: reported, and the walk moves on
            return error

    def following(last: int, page: tuple[list[int], int] | Exception) -> int | None:
        nonlocal page_errors
        if isinstance(page, Exception):
            telemetry.track(f"{prefix}-mismatch-page-error", {cursor: last})
            fetched.errors.append(f"page after {last}: {page}")
            page_errors += 1
            return None if page_errors >= MAX_PAGE_ERRORS else last + page_size
        fetched.pages += 1
        ids, last_id = page
        return None if len(ids) < page_size else last_id

    # the next page is asked for as soon as this one arrives, not when its ids run out
    for page in keyset_read_ahead(read, following, 0):
        if not isinstance(page, Exception):
            yield from page[0]
