"""Visit events: NOMIS bodies field by field, 409 handling, cancellation outcomes, telemetry."""

import json

import httpx
import pytest

from dagster_project.domains.visits import DOMAIN
from dagster_project.domains.visits.sync import CANCEL_OUTCOMES, VisitsSync, cancel_outcome
from dagster_project.sync.intents import EventScope, event_scope
from tests.estate import dispatch
from tests.fakes import FakeClaims
from tests.messages import visit_event

REF = "ab-cd-ef-gh"
VISIT = {
    "reference": REF,
    "prisonerId": "A1000AA",
    "prisonId": "MDI",
    "visitors": [{"nomisPersonId": 4729570}, {"nomisPersonId": 4729550}],
    "visitType": "SOCIAL",
    "startTimestamp": "2026-12-01T14:00:00",
    "endTimestamp": "2026-12-01T15:00:00",
    "visitStatus": "BOOKED",
    "visitRoom": "Main Hall",
    "visitRestriction": "OPEN",
    "visitorSupport": {"description": "wheelchair"},
}
MAPPING = {"nomisId": 555, "vsipId": REF, "mappingType": "ONLINE"}
GET_MAPPING = f"/mapping-api/mapping/visits/vsipId/{REF}"


def body(kind, **top):
    return visit_event(kind, REF, "A1000AA", **top)


@pytest.fixture
def sync(wired) -> VisitsSync:
    return wired(DOMAIN)


@pytest.fixture
def booking(estate):
    estate.get(GET_MAPPING, name="mapping_get").respond(404)
    estate.get(f"/visits-api/visits/{REF}", name="visit").respond(200, json=VISIT)
    estate.post("/nomis/prisoners/A1000AA/visits", name="nomis").respond(201, json={"visitId": 555})
    estate.post("/mapping-api/mapping/visits", name="mapping_post").respond(201)
    return estate


def test_booked_creates_nomis_visit_and_mapping(sync, booking, sink):
    dispatch(DOMAIN, sync, body("booked", occurredAt="2026-11-20T23:30:00+00:00"))
    assert json.loads(booking["nomis"].calls.last.request.content) == {
        "prisonId": "MDI",
        "startDateTime": "2026-12-01T14:00:00",
        "endTime": "15:00",
        "visitorPersonIds": [4729570, 4729550],
        "issueDate": "2026-11-20",
        "visitType": "SCON",
        "visitComment": f"DPS booking reference: {REF} - wheelchair",
        "visitOrderComment": f"DPS booking reference: {REF}",
        "room": "Main Hall",
        "openClosedStatus": "OPEN",
    }
    assert json.loads(booking["mapping_post"].calls.last.request.content) == MAPPING
    assert sink.one("visit-create-success") == {
        "visitId": REF,
        "offenderNo": "A1000AA",
        "prisonId": "MDI",
        "startDateTime": "2026-12-01T14:00:00",
        "endTime": "15:00:00",
        "nomisId": "555",
        "vsipId": REF,
        "mappingType": "ONLINE",
    }


def test_booked_409_adopts_the_existing_nomis_visit(sync, booking, sink):
    booking["nomis"].respond(409, json={"status": 409, "moreInfo": "777"})
    dispatch(DOMAIN, sync, body("booked"))
    assert json.loads(booking["mapping_post"].calls.last.request.content)["nomisId"] == 777
    assert sink.one("visit-create-success")["nomisId"] == "777"


def test_an_interrupted_booking_books_again_and_adopts_the_visit_nomis_names(sync, booking, sink):
    """A killed run (write intent left open) is resumed, not dead-lettered: NOMIS's 409."""
    claims = FakeClaims()
    claims.begin_write("sns:e-1", "visits", "run-1")  # run-1 died after the NOMIS POST
    booking["nomis"].respond(409, json={"status": 409, "moreInfo": "777"})
    with event_scope(EventScope(claims, "visits", "sns:e-1", "run-2")):
        dispatch(DOMAIN, sync, body("booked"))
    assert booking["nomis"].call_count == 1
    assert json.loads(booking["mapping_post"].calls.last.request.content)["nomisId"] == 777
    assert sink.one("visit-create-resumed")["earlierRun"] == "run-1"
    assert claims.writes == {}


def test_booked_409_when_mapping_appeared_meanwhile_is_ignored(sync, booking, sink):
    booking["mapping_get"].mock(
        side_effect=[httpx.Response(404), httpx.Response(200, json=MAPPING)]
    )
    booking["nomis"].respond(409, json={"status": 409, "moreInfo": "555"})
    dispatch(DOMAIN, sync, body("booked"))
    assert not booking["mapping_post"].called and "visit-create-ignored" in sink.names()


@pytest.mark.parametrize(("field", "value"), [("visitType", "OFFICIAL"), ("visitRestriction", "X")])
def test_booked_with_invalid_visit_fails_without_nomis_call(sync, booking, sink, field, value):
    booking["visit"].respond(200, json={**VISIT, field: value})
    with pytest.raises(ValueError, match="Invalid"):
        dispatch(DOMAIN, sync, body("booked"))
    assert not booking["nomis"].called and "visit-create-failed" in sink.names()


def test_cancelled_maps_outcome_and_treats_409_as_done(sync, estate, sink):
    estate.get(GET_MAPPING).respond(200, json=MAPPING)
    estate.get(f"/visits-api/visits/{REF}").respond(
        200, json={**VISIT, "visitStatus": "CANCELLED", "outcomeStatus": "PRISONER_CANCELLED"}
    )
    cancel = estate.put("/nomis/prisoners/A1000AA/visits/555/cancel").respond(
        409, json={"status": 409}
    )
    dispatch(DOMAIN, sync, body("cancelled"))
    assert json.loads(cancel.calls.last.request.content) == {"outcome": "OFFCANC"}
    assert sink.one("visit-cancelled-success") == {
        "offenderNo": "A1000AA",
        "visitId": REF,
        "nomisVisitId": "555",
    }


def test_cancel_before_booking_mapped_fails_for_retry(sync, estate, sink):
    estate.get(GET_MAPPING).respond(404)
    with pytest.raises(LookupError):
        dispatch(DOMAIN, sync, body("cancelled"))
    assert "no NOMIS visit" in sink.one("visit-cancelled-failed")["reason"]


@pytest.mark.parametrize(
    ("dps", "nomis"),
    [*CANCEL_OUTCOMES.items(), ("COMPLETED_NORMALLY", "ADMIN"), (None, "ADMIN"), ("??", "ADMIN")],
)
def test_cancellation_outcome_table(dps, nomis):
    assert cancel_outcome(dps) == nomis


def test_changed_updates_nomis_visit(sync, estate, sink):
    estate.get(GET_MAPPING).respond(200, json=MAPPING)
    estate.get(f"/visits-api/visits/{REF}").respond(
        200, json={**VISIT, "visitRoom": "Room 2", "visitorSupport": None}
    )
    put = estate.put("/nomis/prisoners/A1000AA/visits/555").respond(200)
    dispatch(DOMAIN, sync, body("changed"))
    assert json.loads(put.calls.last.request.content) == {
        "startDateTime": "2026-12-01T14:00:00",
        "endTime": "15:00:00",  # the update sends seconds, as the old service; create does not
        "visitorPersonIds": [4729570, 4729550],
        "room": "Room 2",
        "openClosedStatus": "OPEN",
        "visitComment": f"DPS booking reference: {REF}",
    }
    assert sink.one("visit-changed-success")["nomisVisitId"] == "555"


def test_mapping_failure_queues_retry_and_retry_reposts(sync, booking, sink, queue):
    booking["mapping_post"].respond(503, json={"status": 503})
    dispatch(DOMAIN, sync, body("booked"))
    inner = json.loads(json.loads(queue.sent[0].body)["Message"])
    assert inner["mapping"] == MAPPING and inner["entityName"] == "visit"
    assert "visit-create-mapping-retry" in sink.names()
