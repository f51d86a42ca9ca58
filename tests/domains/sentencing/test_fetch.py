"""The adjustments fetch: keyset pages read ahead, both reads of a booking side by side under the
per-API cap, the old service's retry and page-error rules."""

import threading
import time

import pytest

from dagster_project.domains.sentencing.buckets import BUCKETS
from dagster_project.domains.sentencing.dps import Adjustment
from dagster_project.domains.sentencing.fetch import (
    MAX_PAGE_ERRORS,
    PagingAborted,
    fetch_adjustment_counts,
)
from dagster_project.domains.sentencing.nomis import BookingIdsWithLast, SentencingAdjustments
from dagster_project.domains.shared_clients import PrisonerId
from resources.errors import ApiError, ErrorBody

FIRST = 1000
REMAND = [b.name for b in BUCKETS].index("remand")
UAL = [b.name for b in BUCKETS].index("unlawfullyAtLarge")


def failure(path: str) -> ApiError:
    return ApiError("nomis", "GET", path, 503, ErrorBody(user_message="down"))


class Gauge:
    """Counts calls in flight to one fake API."""

    def __init__(self) -> None:
        self.lock, self.now, self.peak = threading.Lock(), 0, 0

    def __enter__(self) -> None:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.now -= 1


class FakeNomis:
    """The booking pages and each booking's adjustments, so one gauge sees every NOMIS call.

    Booking b holds b % 3 remands; `flaky` fails a booking's first reads that many times.
    """

    def __init__(self, count: int, failing_pages=(), flaky=None) -> None:
        self.bookings = [
            PrisonerId(booking_id=FIRST + i, offender_no=f"A{i:04d}AA") for i in range(count)
        ]
        self.failing_pages, self.flaky = set(failing_pages), dict(flaky or {})
        self.gauge, self.cursors = Gauge(), []
        self.second_page = threading.Event()

    def latest_booking_ids(self, after: int, size: int, active_only: bool) -> BookingIdsWithLast:
        assert active_only is False
        with self.gauge:
            self.cursors.append(after)
            if len(self.cursors) == 2:
                self.second_page.set()
            if after in self.failing_pages or "all" in self.failing_pages:
                raise failure("/bookings/ids/latest-from-id")
            page = [b for b in self.bookings if b.booking_id > after][:size]
            last = page[-1].booking_id if page else after
            return BookingIdsWithLast(prisoner_ids=page, last_booking_id=last)

    def sentencing_adjustments(self, booking_id: int) -> SentencingAdjustments:
        with self.gauge:
            time.sleep(0.002)
            if self.flaky.get(booking_id, 0) > 0:
                self.flaky[booking_id] -= 1
                raise failure("/sentencing-adjustments")
            remand = {
                "id": 1,
                "bookingId": booking_id,
                "adjustmentType": {"code": "RX", "description": "Remand"},
                "adjustmentDays": 5,
                "active": True,
                "sentenceSequence": 1,
            }
            return SentencingAdjustments.model_validate(
                {"keyDateAdjustments": [], "sentenceAdjustments": [remand] * (booking_id % 3)}
            )


class FakeDps:
    """Offender n has n % 2 UALs on its booking; `failing` offenders always fail."""

    def __init__(self, failing=(), waits_for: threading.Event | None = None) -> None:
        self.gauge, self.failing, self.waits_for = Gauge(), set(failing), waits_for
        self.saw_next_page_first: list[bool] = []
        self._first = threading.Lock()

    def adjustments_for(self, person: str) -> list[Adjustment]:
        with self.gauge:
            if self.waits_for is not None and self._first.acquire(blocking=False):
                self.saw_next_page_first.append(self.waits_for.wait(timeout=5))
            time.sleep(0.002)
            if person in self.failing:
                raise ApiError("dps", "GET", "/adjustments", 500, ErrorBody(user_message="boom"))
            number = int(person[1:5])
            ual = Adjustment(
                person=person,
                adjustment_type="UNLAWFULLY_AT_LARGE",
                booking_id=FIRST + number,
                effective_days=3,
            )
            return [ual] * (number % 2)


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, dict]] = []

    def track(self, name: str, dims: dict | None = None) -> None:
        self.events.append((name, dict(dims or {})))

    def named(self, name: str) -> list[dict]:
        return [dims for event, dims in self.events if event == name]


def fetch(nomis: FakeNomis, dps: FakeDps, telemetry=None, page_size=40, concurrency=6):
    return fetch_adjustment_counts(
        nomis, nomis, dps, telemetry or Recorder(), page_size=page_size, concurrency=concurrency
    )


def test_every_booking_gets_both_sides_counted_and_no_api_exceeds_its_cap():
    nomis, dps = FakeNomis(150), FakeDps()
    fetched = fetch(nomis, dps)
    frame = fetched.counts.sort_values("booking_id").reset_index(drop=True)
    assert list(frame["booking_id"]) == [FIRST + i for i in range(150)]
    for row in frame.itertuples(index=False):
        assert getattr(row, f"nomis_{BUCKETS[REMAND].name}") == row.booking_id % 3
        assert getattr(row, f"dps_{BUCKETS[UAL].name}") == (row.booking_id - FIRST) % 2
    assert nomis.cursors == [0, FIRST + 39, FIRST + 79, FIRST + 119], "a short page ends it"
    assert (fetched.bookings_listed, fetched.pages, fetched.page_errors) == (150, 4, 0)
    assert fetched.requests == 4 + 2 * 150 and not fetched.errors
    assert nomis.gauge.peak <= 6 and dps.gauge.peak <= 6
    assert fetched.peak_in_flight == {"nomis": nomis.gauge.peak, "dps": dps.gauge.peak}
    assert dps.gauge.peak == 6, "the DPS reads fill their own cap beside NOMIS's"


def test_a_full_last_page_is_followed_by_an_empty_one():
    nomis = FakeNomis(80)
    fetched = fetch(nomis, FakeDps())
    assert nomis.cursors == [0, FIRST + 39, FIRST + 79]
    assert len(fetched.counts) == 80


def test_a_failed_page_is_reported_and_the_cursor_moves_on_by_a_page_size():
    telemetry, nomis = Recorder(), FakeNomis(150, failing_pages={FIRST + 39})
    fetched = fetch(nomis, FakeDps(), telemetry)
    assert nomis.cursors == [0, FIRST + 39, FIRST + 79, FIRST + 119]
    assert telemetry.named("sentencing-reports-reconciliation-mismatch-page-error") == [
        {"booking": FIRST + 39}
    ]
    missing = set(range(FIRST + 40, FIRST + 80))
    assert missing.isdisjoint(fetched.counts["booking_id"]) and len(fetched.counts) == 110
    assert fetched.page_errors == 1 and fetched.errors == [
        f"page after booking {FIRST + 39}: nomis GET /bookings/ids/latest-from-id -> HTTP 503: down"
    ]


def test_paging_gives_up_after_thirty_failed_pages():
    telemetry, nomis = Recorder(), FakeNomis(10, failing_pages={"all"})
    with pytest.raises(PagingAborted, match="30 pages of bookings failed"):
        fetch(nomis, FakeDps(), telemetry)
    assert nomis.cursors == [40 * n for n in range(MAX_PAGE_ERRORS)]
    assert len(telemetry.named("sentencing-reports-reconciliation-mismatch-page-error")) == 30


def test_a_booking_read_is_tried_three_times_before_the_booking_is_an_error():
    telemetry = Recorder()
    nomis = FakeNomis(20, flaky={FIRST + 5: 2})
    fetched = fetch(nomis, FakeDps(failing={"A0007AA"}), telemetry)
    assert FIRST + 5 in set(fetched.counts["booking_id"]), "third attempt succeeded"
    assert FIRST + 7 not in set(fetched.counts["booking_id"])
    assert telemetry.named("sentencing-reports-reconciliation-mismatch-error") == [
        {"offenderNo": "A0007AA", "bookingId": FIRST + 7}
    ]
    assert fetched.errors == [f"A0007AA/{FIRST + 7}: dps GET /adjustments -> HTTP 500: boom"]
    assert fetched.requests == 1 + 2 * 20 + 2 + 2, "two NOMIS retries, two DPS retries"


def test_the_next_page_is_requested_while_this_pages_bookings_are_checked():
    nomis = FakeNomis(30)
    dps = FakeDps(waits_for=nomis.second_page)  # the first DPS read waits for page two
    fetched = fetch(nomis, dps, page_size=10, concurrency=3)
    assert dps.saw_next_page_first == [True], "no per-page barrier"
    assert len(fetched.counts) == 30
