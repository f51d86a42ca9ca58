"""A booking whose earlier attempt died inside the write: NOMIS is read before writing again.

An earlier attempt is simulated as in tests/test_sync/test_intents.py: run-1 opened the write
bracket of the event and never closed it; run-2 applies the event again inside its scope.
"""

import json
from typing import Any

import httpx
import pytest

from dagster_project.domains.visits import DOMAIN
from dagster_project.domains.visits.sync import VisitsSync
from dagster_project.sync.intents import EventScope, event_scope
from tests.estate import dispatch
from tests.fakes import FakeClaims
from tests.messages import visit_event

pytestmark = pytest.mark.contract_mocked_responses

REF = "ab-cd-ef-gh"
PRISONER = "A1000AA"
EVENT_KEY = "sns:m-1"
VISIT = {
    "reference": REF,
    "prisonerId": PRISONER,
    "prisonId": "MDI",
    "visitors": [{"nomisPersonId": 4729570}],
    "visitType": "SOCIAL",
    "startTimestamp": "2026-07-01T14:00:00",
    "endTimestamp": "2026-07-01T15:00:00",
    "visitStatus": "BOOKED",
    "visitRoom": "Main Hall",
    "visitRestriction": "OPEN",
    "visitorSupport": {"description": "wheelchair"},
}
GET_MAPPING = f"/mapping-api/mapping/visits/vsipId/{REF}"
NOMIS_POST = f"/nomis/prisoners/{PRISONER}/visits"
VISIT_IDS = "/nomis/visits/ids"
# 10:00 UTC is 11:00 in London (BST); visits created from an hour before are read
OCCURRED_AT = "2026-07-01T10:00:00+00:00"
CREATED_FROM = "2026-07-01T10:00:00"


def nomis_visit(visit_id: int, comment: str | None, **fields: Any) -> dict[str, Any]:
    """`VisitResponse` as NOMIS answers it."""
    body = {
        "visitId": visit_id,
        "offenderNo": PRISONER,
        "startDateTime": "2026-07-01T14:00:00",
        "endDateTime": "2026-07-01T15:00:00",
        "prisonId": "MDI",
        "visitors": [{"personId": 4729570, "leadVisitor": True}],
        "visitType": {"code": "SCON", "description": "Social Contact"},
        "visitStatus": {"code": "SCH", "description": "Scheduled"},
        "visitOutcome": {"code": "ATT", "description": "Attended"},
        "agencyInternalLocation": {"code": "Main Hall", "description": "Main Hall"},
        "whenCreated": "2026-07-01T11:00:05",
        "createUserId": "PRISONER_MANAGER_API",
        **fields,
    }
    if comment is not None:
        body["commentText"] = comment
    return body


def ids_page(*visit_ids: int, last: bool = True) -> dict[str, Any]:
    """`PageVisitIdResponse`."""
    return {
        "content": [{"visitId": visit_id} for visit_id in visit_ids],
        "last": last,
        "numberOfElements": len(visit_ids),
    }


NOT_FOUND = {"status": 404}
OURS = f"DPS booking reference: {REF} - wheelchair"


@pytest.fixture
def sync(wired) -> VisitsSync:
    return wired(DOMAIN)


@pytest.fixture
def booking(estate):
    estate.get(GET_MAPPING, name="mapping_get").respond(404, json=NOT_FOUND)
    estate.get(f"/visits-api/visits/{REF}", name="visit").respond(200, json=VISIT)
    estate.get(VISIT_IDS, name="ids").respond(200, json=ids_page())
    estate.post(NOMIS_POST, name="nomis").respond(201, json={"visitId": 555})
    estate.post("/mapping-api/mapping/visits", name="mapping_post").respond(201)
    return estate


def resume(sync: VisitsSync, claims: FakeClaims | None = None) -> FakeClaims:
    """Apply the booked event as run-2, after run-1 stopped inside the write."""
    claims = claims or FakeClaims()
    if not claims.writes:
        claims.begin_write(EVENT_KEY, DOMAIN.name, "run-1")
    with event_scope(EventScope(claims, DOMAIN.name, EVENT_KEY, "run-2")):
        dispatch(DOMAIN, sync, visit_event("booked", REF, PRISONER, occurredAt=OCCURRED_AT))
    return claims


def unmapped(estate, *visit_ids: int) -> None:
    for visit_id in visit_ids:
        estate.get(f"/mapping-api/mapping/visits/nomisId/{visit_id}").respond(404, json=NOT_FOUND)


def test_a_visit_nomis_holds_is_mapped_without_writing_again(sync, booking, sink):
    booking["ids"].respond(200, json=ids_page(901, 902))
    booking.get("/nomis/visits/901").respond(
        200, json=nomis_visit(901, "DPS booking reference: zz-zz-zz-zz", offenderNo="A2000BB")
    )
    booking.get("/nomis/visits/902").respond(200, json=nomis_visit(902, OURS))
    unmapped(booking, 902)
    claims = resume(sync)
    assert not booking["nomis"].called
    assert json.loads(booking["mapping_post"].calls.last.request.content) == {
        "nomisId": 902,
        "vsipId": REF,
        "mappingType": "ONLINE",
    }
    assert claims.writes == {}
    params = booking["ids"].calls.last.request.url.params
    assert dict(params) == {
        "prisonIds": "MDI",
        "visitTypes": "SCON",
        "fromDateTime": CREATED_FROM,
        "page": "0",
        "size": "50",
    }
    resumed = sink.one("visit-create-resumed")
    assert (resumed["foundInNomis"], resumed["earlierRun"], resumed["prisonId"]) == (
        "true",
        "run-1",
        "MDI",
    )
    assert sink.one("visit-create-success")["nomisId"] == "902"


def test_a_visit_nomis_does_not_hold_is_written_once(sync, booking, sink):
    claims = resume(sync)
    assert booking["ids"].call_count == 1
    assert booking["nomis"].call_count == 1
    assert json.loads(booking["mapping_post"].calls.last.request.content)["nomisId"] == 555
    assert sink.one("visit-create-resumed")["foundInNomis"] == "false"
    assert claims.writes == {}


@pytest.mark.parametrize(
    ("visit", "mapped"),
    [
        pytest.param(nomis_visit(901, f"DPS booking reference: {REF}x"), False, id="longer-ref"),
        pytest.param(nomis_visit(901, "DPS booking reference: zz-zz"), False, id="other-ref"),
        pytest.param(nomis_visit(901, None), False, id="no-comment"),
        pytest.param(nomis_visit(901, OURS, offenderNo="A2000BB"), False, id="other-prisoner"),
        pytest.param(nomis_visit(901, OURS, prisonId="LEI"), False, id="other-prison"),
        pytest.param(
            nomis_visit(901, OURS, visitType={"code": "OFFI", "description": "Official"}),
            False,
            id="official-visit",
        ),
        pytest.param(nomis_visit(901, OURS), True, id="already-mapped"),
    ],
)
def test_a_visit_that_is_not_ours_is_never_claimed(sync, booking, visit, mapped):
    booking["ids"].respond(200, json=ids_page(901))
    booking.get("/nomis/visits/901").respond(200, json=visit)
    mapping = booking.get("/mapping-api/mapping/visits/nomisId/901")
    if mapped:
        mapping.respond(200, json={"nomisId": 901, "vsipId": "zz-zz", "mappingType": "ONLINE"})
    else:
        mapping.respond(404, json=NOT_FOUND)
    resume(sync)
    assert booking["nomis"].call_count == 1
    assert json.loads(booking["mapping_post"].calls.last.request.content)["nomisId"] == 555


def test_the_reference_matches_without_visitor_support_and_after_a_time_change(sync, booking):
    booking["ids"].respond(200, json=ids_page(903))
    booking.get("/nomis/visits/903").respond(
        200,
        json=nomis_visit(903, f"DPS booking reference: {REF}", startDateTime="2026-07-02T09:00:00"),
    )
    unmapped(booking, 903)
    resume(sync)
    assert not booking["nomis"].called
    assert json.loads(booking["mapping_post"].calls.last.request.content)["nomisId"] == 903


def test_the_read_pages_on_and_skips_a_visit_deleted_meanwhile(sync, booking):
    booking["ids"].mock(
        side_effect=[
            httpx.Response(200, json=ids_page(901, last=False)),
            httpx.Response(200, json=ids_page(902)),
        ]
    )
    booking.get("/nomis/visits/901").respond(404, json=NOT_FOUND)
    booking.get("/nomis/visits/902").respond(200, json=nomis_visit(902, OURS))
    unmapped(booking, 902)
    resume(sync)
    assert [call.request.url.params["page"] for call in booking["ids"].calls] == ["0", "1"]
    assert not booking["nomis"].called
    assert json.loads(booking["mapping_post"].calls.last.request.content)["nomisId"] == 902


def test_the_read_stops_at_the_scan_limit(sync, booking, monkeypatch):
    monkeypatch.setattr("dagster_project.domains.visits.sync.VISIT_SCAN_LIMIT", 1)
    booking["ids"].respond(200, json=ids_page(901, 902, last=False))
    other = booking.get("/nomis/visits/901").respond(
        200, json=nomis_visit(901, "DPS booking reference: zz-zz")
    )
    beyond = booking.get("/nomis/visits/902").respond(200, json=nomis_visit(902, OURS))
    resume(sync)
    assert (booking["ids"].call_count, other.call_count, beyond.called) == (1, 1, False)
    assert booking["nomis"].call_count == 1


def test_a_lost_answer_is_read_back_on_the_retry_not_written_again(sync, booking):
    booking["nomis"].mock(side_effect=httpx.ReadTimeout("no answer"))
    claims = FakeClaims()
    with (
        event_scope(EventScope(claims, DOMAIN.name, EVENT_KEY, "run-1")),
        pytest.raises(httpx.ReadTimeout),
    ):
        dispatch(DOMAIN, sync, visit_event("booked", REF, PRISONER, occurredAt=OCCURRED_AT))
    assert EVENT_KEY in claims.writes  # NOMIS may hold the visit
    booking["ids"].respond(200, json=ids_page(902))
    booking.get("/nomis/visits/902").respond(200, json=nomis_visit(902, OURS))
    unmapped(booking, 902)
    resume(sync, claims)
    assert booking["nomis"].call_count == 1  # only the first, timed-out POST
    assert json.loads(booking["mapping_post"].calls.last.request.content)["nomisId"] == 902
    assert claims.writes == {}
