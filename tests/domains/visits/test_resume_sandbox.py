"""An interrupted visit booking against the sandbox, over real sockets.

The contract plugin validates every request and response here against the specs: the resumed
create pages `GET /visits/ids`, reads each `GET /visits/{visitId}` and the mapping of the one
carrying its booking reference.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from dagster_project.domains import MAPPING_API, NOMIS_API
from dagster_project.domains.visits.dps import VISITS_API, VisitsClient
from dagster_project.domains.visits.events import VisitBooked
from dagster_project.domains.visits.mapping import VisitMappingClient
from dagster_project.domains.visits.nomis import NomisVisitsClient
from dagster_project.domains.visits.sync import VisitsSync, create_visit_request
from dagster_project.sandbox.core.estate import offender_no
from dagster_project.sync.intents import EventScope, event_scope
from resources.auth import ClientCredentialsAuth, clear_token_cache
from resources.http import build_http_client
from tests.fakes import FakeClaims, FakeQueue, FakeSink, telemetry_with
from tests.harness import E2E_SECRET
from tests.messages import event

EVENT_KEY = "sns:visit-booked-1"
PRISONER, OTHER = offender_no(0, 3), offender_no(0, 4)


@pytest.fixture
def admin(sandbox_server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"{sandbox_server.base_url}/sandbox", timeout=30) as client:
        client.post("/reset").raise_for_status()
        yield client


@pytest.fixture
def sync(sandbox_server, admin) -> Iterator[VisitsSync]:
    clear_token_cache()
    made = []

    def make(cls, api):
        auth = ClientCredentialsAuth(
            f"{sandbox_server.base_url}/auth/oauth/token", api.default_client_id, E2E_SECRET
        )
        client = cls(build_http_client(f"{sandbox_server.base_url}{api.sandbox_path}", auth, 30))
        made.append(client)
        return client

    yield VisitsSync(
        make(NomisVisitsClient, NOMIS_API),
        make(VisitMappingClient, MAPPING_API),
        make(VisitsClient, VISITS_API),
        telemetry_with(FakeSink()),
        FakeQueue(),
    )
    for client in made:
        client.close()
    clear_token_cache()


def book(admin: httpx.Client, prisoner: str, day: int) -> str:
    """A new DPS visit at Moorland, not yet in NOMIS; its reference."""
    start = dt.datetime(2027, 1, day, 14, 0)
    booked = admin.post(
        "/dps/visits",
        json={
            "prisonerId": prisoner,
            "prisonId": "MDI",
            "visitors": [4729570],
            "startTimestamp": start.isoformat(),
            "endTimestamp": (start + dt.timedelta(hours=1)).isoformat(),
            "visitRoom": "Main Hall",
            "visitorSupportDescription": "wheelchair",
        },
    )
    booked.raise_for_status()
    return booked.json()["reference"]


def booked(reference: str, prisoner: str) -> VisitBooked:
    """The event, booked a minute ago (NOMIS local time, as the sandbox stamps its rows)."""
    occurred = (dt.datetime.now() - dt.timedelta(minutes=1)).isoformat()
    info = {"reference": reference}
    body = event("prison-visit.booked", info, prisonerId=prisoner, occurredAt=occurred)
    return VisitBooked.model_validate(body)


def resume(sync: VisitsSync, event: VisitBooked) -> None:
    """Run-2 applies the booking after run-1 stopped inside the write bracket."""
    claims = FakeClaims()
    claims.begin_write(EVENT_KEY, "visits", "run-1")
    with event_scope(EventScope(claims, "visits", EVENT_KEY, "run-2")):
        sync.booked(event)
    assert claims.writes == {}


def nomis_visits(admin: httpx.Client, prisoner: str) -> list[dict[str, Any]]:
    return admin.get("/nomis/visits", params={"offenderNo": prisoner}).json()


def test_a_visit_the_killed_run_wrote_is_mapped_not_written_again(sync, admin):
    # another booking, synced normally just before, is read and passed over
    other = book(admin, OTHER, 4)
    sync.booked(booked(other, OTHER))
    reference = book(admin, PRISONER, 5)
    event = booked(reference, PRISONER)
    # run-1 wrote NOMIS, then died before saving the mapping
    visit = sync.dps.get_visit(reference)
    written = sync.nomis.create_visit(PRISONER, create_visit_request(visit, dt.date.today()))
    resume(sync, event)
    assert [row["visitId"] for row in nomis_visits(admin, PRISONER)] == [written.visit_id]
    mapping = sync.mapping.get_visit_mapping(reference)
    assert mapping is not None and mapping.nomis_id == written.visit_id


def test_a_visit_the_killed_run_never_wrote_is_written_once(sync, admin):
    reference = book(admin, PRISONER, 6)
    resume(sync, booked(reference, PRISONER))
    [row] = nomis_visits(admin, PRISONER)
    mapping = sync.mapping.get_visit_mapping(reference)
    assert mapping is not None and mapping.nomis_id == row["visitId"]
