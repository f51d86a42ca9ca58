"""The religion comparison, field by field as the old reconciliation, and the fetch's rules."""

import datetime as dt

import httpx
import pytest

from dagster_project.domains.core_person.compare import (
    Religion,
    Religions,
    cpr_side,
    differences,
    first_difference,
    nomis_side,
)
from dagster_project.domains.core_person.cpr import DpsPrisonRecord
from dagster_project.domains.core_person.fetch import (
    MAX_PAGE_ERRORS,
    PagingAborted,
    ReligionMismatch,
    fetch_religions,
)
from dagster_project.domains.core_person.nomis import BookingIdsWithLast, OffenderBelief
from dagster_project.domains.core_person.reconcile import differences5
from dagster_project.domains.shared_clients import PrisonerId
from resources.errors import ApiError
from tests.domains.core_person.payloads import belief, record, religion
from tests.fakes import FakeSink, telemetry_with

BASE = Religion(
    code="RC",
    comments=None,
    start_date=dt.date(2024, 3, 1),
    end_date=None,
    current=True,
    create_username="SEED",
    create_datetime=dt.datetime(2025, 1, 1, 8, 0, 0),
    modify_datetime=dt.datetime(2025, 6, 1, 12, 0, 0),
)


def test_the_sides_are_read_as_the_old_service_reads_them():
    beliefs = [
        OffenderBelief.model_validate(belief(2, "RC", startDate="2024-03-01")),
        OffenderBelief.model_validate(belief(1, "COFE", endDate="2024-02-29")),
    ]
    nomis = nomis_side(beliefs)
    assert nomis.religion == "RC" and [r.current for r in nomis.history] == [True, False]
    cpr = cpr_side(
        DpsPrisonRecord.model_validate(
            record(
                [
                    religion("a", "RC", True, startDate="2024-03-01"),
                    religion("b", "COFE", False, endDate="2024-02-29"),
                ]
            )
        )
    )
    assert differences(nomis, cpr) == {}
    assert cpr_side(None) == nomis_side([]) == Religions(religion=None, history=())


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"code": "COFE"}, "code"),
        ({"comments": "asked"}, "comments"),
        ({"start_date": dt.date(2024, 3, 2)}, "startDate"),
        ({"end_date": dt.date(2025, 1, 1)}, "endDate"),
        ({"current": False}, "current"),
        ({"create_username": "OTHER"}, "createUsername"),
        ({"create_datetime": dt.datetime(2025, 1, 1, 8, 0, 1)}, "createDatetime"),
        ({"modify_datetime": dt.datetime(2025, 6, 1, 13, 0, 1)}, "modifyDatetime"),
        ({"modify_datetime": None}, "modifyDatetime"),
        ({"code": "X", "end_date": dt.date(2025, 1, 1)}, "code"),  # the first one only
    ],
)
def test_the_first_differing_attribute_is_named(change, name):
    assert first_difference(BASE, _with(change)) == name


def _with(change: dict) -> Religion:
    values = {**BASE.__dict__, **change}
    return Religion(**values)


@pytest.mark.parametrize(
    "change",
    [
        {"create_datetime": dt.datetime(2025, 1, 1, 8, 0, 0, 999_000)},  # nanos ignored
        {"modify_datetime": dt.datetime(2025, 6, 1, 13, 0, 0)},  # within the hour
    ],
)
def test_tolerated_differences_are_not_differences(change):
    assert first_difference(BASE, _with(change)) is None


def test_religion_and_religions_are_reported_as_the_old_service():
    older = _with({"code": "COFE", "current": False})
    nomis = Religions("RC", (BASE, older))
    assert differences(nomis, Religions("BUDD", (BASE,))) == {
        "religion": "nomis=RC, cpr=BUDD",
        "religions": "nomis=2, cpr=1",
    }
    ended = _with({"code": "COFE", "current": False, "end_date": dt.date(2024, 2, 29)})
    assert differences(nomis, Religions("RC", (_with({"comments": "x"}), ended))) == {
        "religions": "comments,endDate"
    }
    assert differences(Religions(None, ()), Religions("RC", ())) == {
        "religion": "nomis=null, cpr=RC"
    }
    mismatch = ReligionMismatch("A1234AA", 1, {"religion": "a", "religions": "b"})
    assert differences5(mismatch) == "religion, religions"


# --- fetch ---------------------------------------------------------------------------------------


class FakeNomis:
    """Bookings 1..n in pages; beliefs per prisoner; failing pages by cursor."""

    def __init__(self, prisoners: int, failing_pages: set[int] | None = None) -> None:
        self.ids = [
            PrisonerId(booking_id=i, offender_no=f"A{i:04d}AA") for i in range(1, prisoners + 1)
        ]
        self.failing_pages = failing_pages or set()

    def latest_booking_ids(self, after: int, size: int, active_only: bool) -> BookingIdsWithLast:
        assert active_only is False
        if after in self.failing_pages:
            raise ApiError("nomis", 503, "down")
        page = [p for p in self.ids if p.booking_id > after][:size]
        return BookingIdsWithLast(
            prisoner_ids=page, last_booking_id=page[-1].booking_id if page else after
        )

    def religions(self, offender_no: str) -> list[OffenderBelief]:
        if offender_no == "A0003AA":
            raise httpx.ReadTimeout("slow")
        code = "BUDD" if offender_no == "A0002AA" else "RC"
        return [OffenderBelief.model_validate(belief(1, code, startDate="2024-03-01"))]


class FakeCpr:
    def prison_record(self, prison_number: str) -> DpsPrisonRecord | None:
        history = [religion("a", "RC", True, startDate="2024-03-01")]
        return DpsPrisonRecord.model_validate(record(history))


def test_fetch_reports_mismatches_errors_and_page_errors_as_the_old_service():
    sink = FakeSink()
    fetched = fetch_religions(
        FakeNomis(7, failing_pages={3}), FakeCpr(), telemetry_with(sink), page_size=3, concurrency=2
    )
    # pages: after 0 (1-3), after 3 fails -> after 6 (7), short: the end
    assert (fetched.pages, fetched.page_errors, fetched.prisoners) == (3, 1, 4)
    assert [(m.offender_no, m.differences) for m in fetched.mismatches] == [
        ("A0002AA", {"religion": "nomis=BUDD, cpr=RC", "religions": "code"})
    ]
    assert fetched.checked == 3 and len(fetched.errors) == 2
    names = [name for name, _ in sink.events]
    assert names.count("coreperson-reports-reconciliation-mismatch-page-error") == 1
    [error] = [d for n, d in sink.events if n.endswith("-mismatch-error")]
    assert error["prisonNumber"] == "A0003AA" and error["bookingId"] == "3"
    assert max(fetched.peak_in_flight.values()) <= 2


def test_fetch_gives_up_after_too_many_failed_pages():
    failing = {i * 2 for i in range(MAX_PAGE_ERRORS + 1)}
    with pytest.raises(PagingAborted):
        fetch_religions(FakeNomis(100, failing), FakeCpr(), telemetry_with(FakeSink()), page_size=2)
