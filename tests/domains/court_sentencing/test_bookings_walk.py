"""Who a court case reconciliation checks: latest bookings by keyset, failed pages skipped."""

import logging

import httpx
import pytest

from dagster_project.domains.court_sentencing.nomis import BookingIdAndOffender, LatestBookings
from dagster_project.domains.court_sentencing.reconcile import (
    FULL_PREFIX,
    MAX_PAGE_ERRORS,
    Clients,
    prisoners,
)
from dagster_project.reconciliation.window import InFlightCap
from dagster_project.telemetry import Telemetry
from tests.fakes import FakeSink

PAGE = 3


class Bookings:
    """Latest bookings 1..total by keyset; reads after a cursor in `failing` fail."""

    def __init__(self, total: int, failing: set[int] | None = None, always: bool = False) -> None:
        self.total, self.failing, self.always = total, failing or set(), always
        self.asked: list[int] = []

    def latest_bookings(self, after: int, active_only: bool, page_size: int) -> LatestBookings:
        self.asked.append(after)
        if self.always or after in self.failing:
            raise httpx.ConnectError("NOMIS down")
        ids = list(range(after + 1, min(after + page_size, self.total) + 1))
        return LatestBookings(
            prisoner_ids=[
                BookingIdAndOffender(booking_id=b, offender_no=f"A{b:04d}AA") for b in ids
            ],
            last_booking_id=ids[-1] if ids else after,
        )


def walk(nomis: Bookings, sink: FakeSink) -> tuple[list[int], list[str], Clients]:
    clients = Clients(nomis, None, None, {"nomis": InFlightCap(2)})  # type: ignore[arg-type]
    errors: list[str] = []
    telemetry = Telemetry(sink, logging.getLogger("bookings-walk"))
    found = [p.booking_id for p in prisoners(clients, telemetry, False, PAGE, errors)]
    return found, errors, clients


def test_every_latest_booking_once_in_order_and_the_last_short_page_ends_it():
    nomis, sink = Bookings(8), FakeSink()
    found, errors, clients = walk(nomis, sink)
    assert found == list(range(1, 9))
    assert nomis.asked == [0, 3, 6]
    assert errors == [] and clients.requests["nomis"] == 3


def test_a_failed_page_is_skipped_ahead_by_one_page_and_reported():
    nomis, sink = Bookings(8, failing={3}), FakeSink()
    found, errors, _ = walk(nomis, sink)
    assert found == [1, 2, 3, 7, 8]  # bookings 4-6 were on the failed page
    assert nomis.asked == [0, 3, 6]
    assert len(errors) == 1 and errors[0].startswith("bookings after 3:")
    assert sink.events == [(f"{FULL_PREFIX}-mismatch-page-error", {"booking": "3"})]


def test_too_many_failed_pages_abort_the_walk():
    nomis, sink = Bookings(10_000, always=True), FakeSink()
    with pytest.raises(RuntimeError, match="too many page errors"):
        walk(nomis, sink)
    assert len(sink.events) == MAX_PAGE_ERRORS
