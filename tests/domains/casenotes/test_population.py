"""Who a case notes reconciliation checks: active prisoners by page, every prisoner by keyset."""

import logging

import httpx
import pytest

from dagster_project.domains.casenotes.reconcile import (
    MAX_PAGE_ERRORS,
    PREFIX,
    active_prisoners,
    all_prisoners,
)
from dagster_project.domains.shared_clients import NomisPrisonersClient
from dagster_project.reconciliation.window import InFlightCap
from dagster_project.telemetry import Telemetry
from tests.wire import error

pytestmark = pytest.mark.contract_mocked_responses

FROM_ID = "/nomis/prisoners/ids/all-from-id"


@pytest.fixture
def telemetry_of(sink):
    return Telemetry(sink, logging.getLogger("population-test"))


def keyset_page(first: int, count: int) -> dict:
    return {
        "prisonerIds": [{"offenderNo": f"A{first + i:04d}AA"} for i in range(count)],
        "lastOffenderId": first + count,
    }


def test_every_prisoner_is_read_by_keyset_and_a_failed_page_is_read_again(
    estate, prisoners, sink, telemetry_of
):
    estate.get("/nomis/prisoners/ids/all").respond(200, json={"totalElements": 5})
    estate.get(FROM_ID, params={"offenderId": "0"}).respond(200, json=keyset_page(1, 2))
    estate.get(FROM_ID, params={"offenderId": "3"}).mock(
        side_effect=[
            httpx.Response(500, json=error(500, "down")),
            httpx.Response(200, json=keyset_page(3, 2)),
        ]
    )
    estate.get(FROM_ID, params={"offenderId": "5"}).respond(200, json=keyset_page(5, 1))
    population = all_prisoners(prisoners, InFlightCap(2), telemetry_of, page_size=2)
    assert population.total == 5
    assert list(population.prisoners) == [f"A{i:04d}AA" for i in range(1, 6)]
    assert sink.events == [(f"{PREFIX}-mismatch-page-error", {"page": "1", "pageErrors": "1"})]
    assert len(population.errors) == 1 and population.pages == 3


def test_too_many_page_errors_abort_the_run(estate, prisoners, telemetry_of):
    estate.get("/nomis/prisoners/ids/all").respond(200, json={"totalElements": 5})
    estate.get(FROM_ID).respond(500, json=error(500, "down"))
    population = all_prisoners(prisoners, InFlightCap(2), telemetry_of, page_size=2)
    with pytest.raises(RuntimeError, match="Aborted: Too many page errors, at page 0"):
        list(population.prisoners)
    assert len(population.errors) == MAX_PAGE_ERRORS


def test_active_prisoners_skip_a_failed_page(estate, make_client, sink, telemetry_of):
    client = make_client(NomisPrisonersClient, "/nomis")
    route = estate.get("/nomis/prisoners/ids/active")

    def page(request):
        number, size = int(request.url.params["page"]), int(request.url.params["size"])
        if size == 1:
            return httpx.Response(200, json=_active_page(["A0000AA"], 5))
        if number == 1:
            return httpx.Response(500, json=error(500, "down"))
        first = 2 * number
        return httpx.Response(
            200, json=_active_page([f"A000{i}AA" for i in range(first, min(first + 2, 5))], 5)
        )

    route.mock(side_effect=page)
    population = active_prisoners(client, InFlightCap(2), telemetry_of, page_size=2)
    assert population.total == 5
    assert list(population.prisoners) == ["A0000AA", "A0001AA", "A0004AA"]
    assert sink.events == [(f"{PREFIX}-mismatch-page-error", {"page": "1"})]


def _active_page(offenders: list[str], total: int) -> dict:
    return {
        "content": [{"bookingId": 1000 + i, "offenderNo": o} for i, o in enumerate(offenders)],
        "totalElements": total,
        "totalPages": total,
        "size": 1,
        "number": 0,
        "first": True,
        "last": False,
        "numberOfElements": len(offenders),
        "empty": not offenders,
    }
