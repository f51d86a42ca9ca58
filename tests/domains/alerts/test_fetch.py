"""The alerts fetch: each prisoner's codes compared as sets, reads retried, C per API."""

from types import SimpleNamespace

import pytest

from dagster_project.domains.alerts.fetch import PREFIX, CodeMismatch, fetch_alert_codes
from dagster_project.domains.alerts.reconcile import frame, records, report_telemetry
from dagster_project.domains.shared_clients import PrisonerId, PrisonerIdsPage
from resources.errors import ApiError, ErrorBody
from tests.inflight import InFlight


def down(path: str) -> ApiError:
    return ApiError("api", "GET", path, 503, ErrorBody(user_message="down"))


def alerts(*codes: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(alert_code=SimpleNamespace(code=code)) for code in codes]


class FakeNomis:
    """The active prisoners and their NOMIS codes; one gauge sees every NOMIS call."""

    def __init__(self, held: dict[str, tuple[str, ...]], meet: int | None = None) -> None:
        self.held, self.gauge = held, InFlight(meet)
        self.prisoners = [
            PrisonerId(booking_id=1000 + n, offender_no=o) for n, o in enumerate(held)
        ]
        self.failing_pages: set[int] = set()
        self.failures: dict[str, int] = {}  # offender -> how many first reads fail

    def get_active_prisoner_ids(self, page: int, size: int) -> PrisonerIdsPage:
        with self.gauge:
            if page in self.failing_pages:
                raise down("/prisoners/ids/active")
            chunk = self.prisoners[page * size : (page + 1) * size]
            return PrisonerIdsPage(content=chunk, total_elements=len(self.prisoners))

    def active_alerts(self, offender_no: str) -> list[SimpleNamespace]:
        with self.gauge:
            if self.failures.get(offender_no, 0) > 0:
                self.failures[offender_no] -= 1
                raise down("/alerts/reconciliation")
            return alerts(*self.held[offender_no])


class FakeDps:
    def __init__(self, held: dict[str, tuple[str, ...]], meet: int | None = None) -> None:
        self.held, self.gauge = held, InFlight(meet)
        self.asked: list[tuple[str, bool]] = []

    def prisoner_alerts(self, offender_no: str, active_only: bool) -> list[SimpleNamespace]:
        with self.gauge:
            self.asked.append((offender_no, active_only))
            return alerts(*self.held[offender_no])


class Recorded:
    def __init__(self) -> None:
        self.events: list[tuple[str, dict]] = []

    def track(self, name: str, dims: dict | None = None) -> None:
        self.events.append((name, dict(dims or {})))

    def named(self, name: str) -> list[dict]:
        return [dims for event, dims in self.events if event == name]


NOMIS = {
    "A0001AA": ("HPI", "HA2", "XA"),
    "A0002AA": ("XA",),
    "A0003AA": (),
    "A0004AA": ("HA", "HA"),  # two alerts of one code: sets compare equal
    "A0005AA": ("XEL",),
}
DPS = {
    "A0001AA": ("HPI", "HA1"),
    "A0002AA": ("XA",),
    "A0003AA": ("PVN",),
    "A0004AA": ("HA",),
    "A0005AA": (),
}


def fetch(nomis: FakeNomis, dps: FakeDps, telemetry: Recorded, **kwargs):
    return fetch_alert_codes(nomis, nomis, dps, telemetry, **kwargs)  # type: ignore[arg-type]  # fakes


def test_each_prisoner_s_active_codes_are_compared_as_sets():
    telemetry, dps = Recorded(), FakeDps(DPS)
    found = fetch(FakeNomis(NOMIS), dps, telemetry, page_size=2, concurrency=3)
    assert sorted(found.mismatches, key=lambda m: m.offender_no) == [
        CodeMismatch("A0001AA", 1000, ("HA2", "XA"), ("HA1",)),
        CodeMismatch("A0003AA", 1002, (), ("PVN",)),
        CodeMismatch("A0005AA", 1004, ("XEL",), ()),
    ]
    assert (found.active_prisoners, found.checked, found.errors) == (5, 5, [])
    assert sorted(dps.asked) == [(o, True) for o in sorted(DPS)]  # active DPS alerts only
    assert found.requests == 1 + 3 + 5 + 5  # the total, pages 0..2, each prisoner on each side
    assert telemetry.named(f"{PREFIX}-requested") == [{"active-prisoners": 5}]


def test_a_read_is_tried_three_times_then_reported_and_the_walk_goes_on():
    nomis = FakeNomis(NOMIS)
    nomis.failures = {"A0002AA": 2, "A0003AA": 3}
    telemetry = Recorded()
    found = fetch(nomis, FakeDps(DPS), telemetry, page_size=10, concurrency=2)
    assert found.checked == 4  # A0002AA recovered on its third attempt; A0003AA never did
    assert telemetry.named(f"{PREFIX}-mismatch-error") == [
        {"offenderNo": "A0003AA", "bookingId": 1002}
    ]
    assert len(found.errors) == 1 and found.errors[0].startswith("A0003AA/1002")
    assert {m.offender_no for m in found.mismatches} == {"A0001AA", "A0005AA"}


def test_a_failed_page_is_reported_and_skipped():
    nomis = FakeNomis(NOMIS)
    nomis.failing_pages = {1}
    telemetry = Recorded()
    found = fetch(nomis, FakeDps(DPS), telemetry, page_size=2, concurrency=2)
    assert telemetry.named(f"{PREFIX}-mismatch-page-error") == [{"page": 1}]
    assert found.checked == 3 and len(found.errors) == 1
    assert "page 1" in found.errors[0]


def test_the_first_total_failing_fails_the_run():
    nomis = FakeNomis(NOMIS)
    nomis.failing_pages = {0}
    with pytest.raises(ApiError):
        fetch(nomis, FakeDps(DPS), Recorded(), page_size=1, concurrency=2)


def test_no_api_ever_has_more_than_c_requests_in_flight():
    many = {f"A{n:04d}AA": ("XA",) for n in range(40)}
    nomis, dps = FakeNomis(many), FakeDps(many, meet=4)  # DPS calls wait until 4 overlap
    found = fetch(nomis, dps, Recorded(), page_size=10, concurrency=4)
    assert found.checked == 40 and found.mismatches == []
    assert dps.gauge.peak == 4 and nomis.gauge.peak <= 4
    assert found.peak_in_flight["dps"] == 4 and found.peak_in_flight["nomis"] <= 4


def test_the_report_and_history_rows_are_the_old_telemetry():
    mismatches = [
        CodeMismatch("A0003AA", 1002, (), ("PVN",)),
        CodeMismatch("A0001AA", 1000, ("HA2", "XA"), ("HA1",)),
    ]
    telemetry = Recorded()
    report_telemetry(telemetry, mismatches)  # type: ignore[arg-type]  # a recording fake
    assert telemetry.named(f"{PREFIX}-mismatch")[1] == {
        "offenderNo": "A0001AA",
        "bookingId": 1000,
        "missingFromDps": "HA2, XA",
        "missingFromNomis": "HA1",
    }
    assert telemetry.named(f"{PREFIX}-report") == [
        {
            "mismatch-count": 2,
            "success": True,
            "A0003AA": "missing-dps=0:missing-nomis=1",
            "A0001AA": "missing-dps=2:missing-nomis=1",
        }
    ]
    rows = records("2026-11-27", frame(mismatches))
    assert [(r.key, r.kind, r.nomis_value, r.dps_value) for r in rows] == [
        ("A0001AA", "different_codes", "HA2, XA", "HA1"),
        ("A0003AA", "missing_from_nomis", None, "PVN"),
    ]
