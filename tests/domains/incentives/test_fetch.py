"""The incentive fetch: both calls of a prisoner side by side, C per API, pages read ahead."""

import threading
import time
from types import SimpleNamespace

import pandas as pd
import pytest

from dagster_project.domains.incentives.fetch import fetch_incentive_levels
from dagster_project.domains.shared_clients import PrisonerId, PrisonerIdsPage
from dagster_project.reconciliation.window import InFlightCap, read_ahead
from resources.errors import ApiError, ErrorBody
from tests.inflight import InFlight

# Counts calls in flight to one fake API; with `meet=n` every call waits until n were in flight
# together once, so a cap is seen reached however the threads are scheduled.
Gauge = InFlight


class FakeNomis:
    """Both NOMIS reads (the active prisoners and their IEPs), so one gauge sees every call."""

    def __init__(self, prisoners: list[PrisonerId], failing_booking: int | None = None) -> None:
        self.prisoners, self.failing_booking, self.gauge = prisoners, failing_booking, Gauge()
        self.pages_fetched: list[int] = []

    def get_active_prisoner_ids(self, page: int, size: int) -> PrisonerIdsPage:
        with self.gauge:
            self.pages_fetched.append(page)
            chunk = self.prisoners[page * size : (page + 1) * size]
            return PrisonerIdsPage(content=chunk, total_elements=len(self.prisoners))

    def get_current_incentive(self, booking_id: int) -> SimpleNamespace | None:
        with self.gauge:
            time.sleep(0.002)
            if booking_id == self.failing_booking:
                raise ApiError("nomis", "GET", "/incentives", 503, ErrorBody(user_message="down"))
            return SimpleNamespace(iep_level=SimpleNamespace(code=f"N{booking_id % 3}"))


class FakeDps:
    def __init__(self, meet: int | None = None) -> None:
        self.gauge = Gauge(meet)

    def get_current_review(self, offender_no: str) -> SimpleNamespace | None:
        with self.gauge:
            time.sleep(0.002)
            number = int(offender_no[1:])
            return None if number % 5 == 0 else SimpleNamespace(iep_code=f"N{number % 3}")


class Quiet:
    def track(self, name: str, dims: dict) -> None:
        self.last = (name, dims)


def prisoners(count: int) -> list[PrisonerId]:
    return [PrisonerId(booking_id=1000 + i, offender_no=f"A{i:06d}") for i in range(count)]


def test_each_prisoner_gets_both_levels_and_no_api_exceeds_its_cap():
    nomis, dps = FakeNomis(prisoners(150)), FakeDps(meet=6)
    fetched = fetch_incentive_levels(nomis, nomis, dps, Quiet(), page_size=40, concurrency=6)
    frame = fetched.levels.sort_values("booking_id").reset_index(drop=True)
    assert list(frame["booking_id"]) == [1000 + i for i in range(150)]
    for row in frame.itertuples(index=False):
        number = int(row.offender_no[1:])
        assert row.nomis_level == f"N{row.booking_id % 3}"
        expected_dps = None if number % 5 == 0 else f"N{number % 3}"
        assert (None if pd.isna(row.dps_level) else row.dps_level) == expected_dps
    assert nomis.gauge.peak <= 6 and dps.gauge.peak <= 6
    assert fetched.peak_in_flight == {"nomis": nomis.gauge.peak, "dps": dps.gauge.peak}
    assert dps.gauge.peak == 6, "the DPS calls fill their own cap beside NOMIS's"
    assert fetched.requests == 1 + 4 + 2 * 150  # the count, pages 0..3, two calls each


def test_a_booking_listed_twice_is_checked_twice_not_mixed_up():
    listed = prisoners(30)
    listed.insert(20, listed[3])  # a booking that moved between pages while paging
    nomis = FakeNomis(listed)
    fetched = fetch_incentive_levels(nomis, nomis, FakeDps(), Quiet(), 10, concurrency=4)
    assert len(fetched.levels) == 31 and not fetched.errors
    assert (fetched.levels["booking_id"] == 1003).sum() == 2


def test_one_failing_call_fails_only_that_prisoner_once():
    telemetry = Quiet()
    nomis = FakeNomis(prisoners(50), failing_booking=1007)
    fetched = fetch_incentive_levels(nomis, nomis, FakeDps(), telemetry, 20, concurrency=5)
    assert len(fetched.levels) == 49
    assert len(fetched.errors) == 1 and fetched.errors[0] == (
        "A000007/1007: nomis GET /incentives -> HTTP 503: down"
    )
    assert telemetry.last == (
        "incentives-reports-reconciliation-network-error",
        {"offenderNo": "A000007", "bookingId": 1007},
    )
    assert 1007 not in set(fetched.levels["booking_id"])


def test_cap_blocks_callers_beyond_its_limit():
    cap, gauge = InFlightCap(3), Gauge(meet=3)

    def work() -> None:
        with gauge:
            time.sleep(0.01)

    threads = [threading.Thread(target=cap.call, args=(work,)) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gauge.peak == 3 == cap.peak
    with pytest.raises(ValueError, match="at least 1"):
        InFlightCap(0)


def test_read_ahead_keeps_order_and_fetches_the_next_page_while_this_one_is_used():
    started: list[int] = []
    page_one_started = threading.Event()

    def fetch(page: int):
        def run() -> int:
            started.append(page)
            if page == 1:
                page_one_started.set()
            return page * 10

        return run

    pages = read_ahead(fetch(p) for p in range(4))
    assert next(pages) == 0
    # waited for, not guessed to have started within some milliseconds
    assert page_one_started.wait(30), "page 1 is fetched while page 0 is being used"
    assert started[:2] == [0, 1]
    assert list(pages) == [10, 20, 30]
    assert list(read_ahead([])) == []
