"""Both passes of the reconciliation on the mocked estate: the upstream resource test's numbers.

34 NOMIS pairs read 10 a page (one `size=1` count first); every 10th differs in type; DPS holds
37 non-associations, 3 of them for pairs NOMIS does not have: 3 + 3 = 6 mismatches.
"""

import datetime as dt
import json
import re

import httpx
import pytest

from dagster_project.domains.non_associations.compare import DIFFERENT, DPS_ONLY_PAIR
from dagster_project.domains.non_associations.fetch import PREFIX, PairReconciler
from dagster_project.domains.non_associations.reconcile import records, report_telemetry
from resources.errors import ServerError
from tests.domains.non_associations.payloads import dps_non_association, nomis_detail, page
from tests.wire import error

TODAY = dt.date(2026, 11, 21)
PAIRS = [(f"A{i:04d}TY", f"B{i:04d}TZ") for i in range(1, 35)]
EXTRA = [(f"C{i:04d}TY", f"D{i:04d}TZ") for i in range(1, 4)]
DIFFERENT_TYPE = {PAIRS[i - 1] for i in (10, 20, 30)}
ALL_PATH = re.compile(r"/nomis/non-associations/offender/(\w+)/ns-offender/(\w+)/all")


class Estate:
    """Answers computed from the request, with chosen failures."""

    def __init__(self, failing_pages=(), failing_pairs=(), failing_dps_pages=()) -> None:
        self.failing_pages = set(failing_pages)
        self.failing_pairs = set(failing_pairs)
        self.failing_dps_pages = set(failing_dps_pages)

    def nomis_ids(self, request: httpx.Request) -> httpx.Response:
        number, size = int(request.url.params["page"]), int(request.url.params["size"])
        if number in self.failing_pages:
            return httpx.Response(500, json=error(500, "page down"))
        listed = PAIRS[number * size : (number + 1) * size]
        # NOMIS's own order is not always the sorted one
        content = [{"offenderNo1": b, "offenderNo2": a} for a, b in listed]
        return httpx.Response(200, json=page(content, len(PAIRS), number, size))

    def nomis_all(self, request: httpx.Request) -> httpx.Response:
        first, second = ALL_PATH.fullmatch(request.url.path).groups()
        kind = "LAND" if (first, second) in DIFFERENT_TYPE else "WING"
        body = [nomis_detail(1, "2023-08-25", offender=first, ns_offender=second, kind=kind)]
        return httpx.Response(200, json=body)

    def between(self, request: httpx.Request) -> httpx.Response:
        first, second = json.loads(request.content)
        if (first, second) in self.failing_pairs:
            return httpx.Response(500, json=error(500, "pair down"))
        na_id = PAIRS.index((first, second)) + 1
        return httpx.Response(
            200,
            json=[dps_non_association(na_id, "2023-08-25T09:00:00", first=first, second=second)],
        )

    def dps_page(self, request: httpx.Request) -> httpx.Response:
        number, size = int(request.url.params["page"]), int(request.url.params["size"])
        if number in self.failing_dps_pages:
            return httpx.Response(500, json=error(500, "dps page down"))
        everything = [
            dps_non_association(n, "2023-08-25T09:00:00", first=a, second=b)
            for n, (a, b) in enumerate(PAIRS + EXTRA, start=1)
        ]
        content = everything[number * size : (number + 1) * size]
        return httpx.Response(200, json=page(content, len(everything), number, size))

    def mock(self, estate) -> None:
        estate.get("/nomis/non-associations/ids").mock(side_effect=self.nomis_ids)
        estate.get(url__regex=ALL_PATH.pattern).mock(side_effect=self.nomis_all)
        estate.post("/non-associations/non-associations/between").mock(side_effect=self.between)
        estate.get("/non-associations/non-associations").mock(side_effect=self.dps_page)


def reconcile(nomis, dps, telemetry, concurrency: int = 4):
    return PairReconciler(nomis, dps, telemetry, TODAY, page_size=10, concurrency=concurrency).run()


def test_the_upstream_numbers(estate, nomis, dps, telemetry, sink):
    Estate().mock(estate)
    fetched = reconcile(nomis, dps, telemetry)
    frame = fetched.mismatches
    assert fetched.nomis_pairs == 34 and fetched.pairs_checked == 34 and fetched.nomis_details == 34
    assert fetched.dps_total == 37 and fetched.errors == []
    assert sorted(
        zip(frame["offender_no_1"], frame["offender_no_2"], frame["kind"], strict=True)
    ) == sorted(
        [(a, b, DIFFERENT) for a, b in DIFFERENT_TYPE] + [(a, b, DPS_ONLY_PAIR) for a, b in EXTRA]
    )
    ids_calls = [
        c.request.url.params["size"] for c in estate.calls if c.request.url.path.endswith("/ids")
    ]
    assert ids_calls == ["1", "10", "10", "10", "10"]
    assert max(fetched.peak_in_flight.values()) <= 4
    # NOMIS: the count, 4 pages, a read per pair; DPS: a read per pair, the count, 4 pages
    assert fetched.requests == {"nomis": 1 + 4 + 34, "dps": 34 + 1 + 4}

    report_telemetry(telemetry, frame)
    assert sink.one(f"{PREFIX}-requested") == {"non-associations-nomis-total": "34"}
    assert sink.one(f"{PREFIX}-mismatch-missing-dps-records") == {
        "dps-total": "37",
        "nomis-total": "34",
    }
    assert len([n for n in sink.names() if n == f"{PREFIX}-mismatch"]) == 3
    assert len([n for n in sink.names() if n == f"{PREFIX}-dps-only"]) == 3
    summary = sink.one(f"{PREFIX}-success")
    assert summary["mismatch-count"] == "6"
    key = "NonAssociationIdResponse(offenderNo1=A0010TY, offenderNo2=B0010TZ)"
    assert summary[key].startswith(
        "nomis=NonAssociationReportDetail(type=LAND, createdDate=2023-08-25"
    )
    assert ", dps=NonAssociationReportDetail(type=WING, createdDate=2023-08-25" in summary[key]
    mismatch = [d for n, d in sink.events if n == f"{PREFIX}-mismatch"][0]
    assert set(mismatch) == {"offenderNo1", "offenderNo2", "nomis", "dps"}
    history = records("2026-11-16", frame)
    assert {r.key for r in history} >= {"A0010TY:B0010TZ:dps:10", "C0001TY:D0001TZ:dps:35"}
    assert all(len(r.nomis_value or "") <= 100 and len(r.dps_value or "") <= 100 for r in history)


def test_page_and_pair_errors_are_reported_and_the_rest_checked(
    estate, nomis, dps, telemetry, sink
):
    Estate(failing_pages={1}, failing_pairs={PAIRS[0], PAIRS[29]}, failing_dps_pages={2}).mock(
        estate
    )
    fetched = reconcile(nomis, dps, telemetry)
    assert fetched.pairs_checked == 34 - 10 - 2
    assert len(fetched.errors) == 1 + 2 + 1
    errors = [d for n, d in sink.events if n == f"{PREFIX}-mismatch-error"]
    assert sorted(e["offenderNo1"] for e in errors) == ["A0001TY", "A0030TY"]
    assert sorted(d["page"] for n, d in sink.events if n == f"{PREFIX}-mismatch-page-error") == [
        "1",
        "2",
    ]
    # the failed NOMIS page's pairs (11-20) look DPS-only to this run, as they did upstream
    frame = fetched.mismatches
    found = set(zip(frame["offender_no_1"], frame["kind"], strict=True))
    assert found == {(PAIRS[9][0], DIFFERENT)} | {
        (a, DPS_ONLY_PAIR) for a, _ in PAIRS[10:20] + EXTRA
    }


def test_the_first_count_failing_fails_the_run(estate, nomis, dps, telemetry):
    estate.get("/nomis/non-associations/ids").respond(500, json=error(500, "down"))
    with pytest.raises(ServerError):
        reconcile(nomis, dps, telemetry)


def test_the_window_never_exceeds_the_cap(estate, nomis, dps, telemetry):
    Estate().mock(estate)
    fetched = reconcile(nomis, dps, telemetry, concurrency=1)
    assert fetched.peak_in_flight == {"nomis": 1, "dps": 1}
    assert fetched.pairs_checked == 34
