"""NomisVisitsClient: what each visit call puts on the wire and what it makes of the answer."""

import datetime as dt

import pytest

from dagster_project.domains.visits.nomis import (
    CancelVisitRequest,
    CreateVisitRequest,
    UpdateVisitRequest,
)
from resources.errors import Conflict
from tests.wire import error, sent

pytestmark = pytest.mark.contract_mocked_responses


VISIT_REQUEST = CreateVisitRequest(
    start_date_time=dt.datetime(2026, 12, 1, 9, 0),
    end_time="10:00",
    prison_id="MDI",
    visitor_person_ids=[4729570, 4729580],
    visit_type="SCON",
    issue_date=dt.date(2026, 11, 27),
    visit_comment="Created by Book A Prison Visit. Reference: ab-cd-ef-gh",
    visit_order_comment="Created by Book A Prison Visit for visit with reference: ab-cd-ef-gh",
    room="Visits Main Hall",
    open_closed_status="OPEN",
)


def test_create_visit(estate, nomis):
    route = estate.post("/nomis/prisoners/A1234AA/visits").respond(201, json={"visitId": 12345})
    assert nomis.create_visit("A1234AA", VISIT_REQUEST).visit_id == 12345
    assert sent(route).body == {
        "startDateTime": "2026-12-01T09:00:00",
        "endTime": "10:00",
        "prisonId": "MDI",
        "visitorPersonIds": [4729570, 4729580],
        "visitType": "SCON",
        "issueDate": "2026-11-27",
        "visitComment": "Created by Book A Prison Visit. Reference: ab-cd-ef-gh",
        "visitOrderComment": "Created by Book A Prison Visit for visit with reference: ab-cd-ef-gh",
        "room": "Visits Main Hall",
        "openClosedStatus": "OPEN",
    }


def test_create_visit_conflict_carries_the_existing_visit_id(estate, nomis):
    estate.post("/nomis/prisoners/A1234AA/visits").respond(
        409, json=error(409, "Visit already exists", moreInfo="54321")
    )
    with pytest.raises(Conflict) as raised:
        nomis.create_visit("A1234AA", VISIT_REQUEST)
    assert raised.value.more_info == "54321"
    assert raised.value.status == 409
    assert str(raised.value) == (
        "nomis-prisoner-api POST /nomis/prisoners/A1234AA/visits -> HTTP 409: Visit already exists"
    )


def test_update_visit(estate, nomis):
    route = estate.put("/nomis/prisoners/A1234AA/visits/12345").respond(200)
    request = UpdateVisitRequest(
        start_date_time=dt.datetime(2026, 12, 1, 14, 0),
        end_time="15:00",
        visitor_person_ids=[4729570],
        room="Visits Room 2",
        open_closed_status="CLOSED",
    )
    nomis.update_visit("A1234AA", 12345, request)
    assert sent(route).method == "PUT"
    assert sent(route).body == {
        "startDateTime": "2026-12-01T14:00:00",
        "endTime": "15:00",
        "visitorPersonIds": [4729570],
        "room": "Visits Room 2",
        "openClosedStatus": "CLOSED",
    }


def test_update_visit_sends_the_comment_when_set(estate, nomis):
    route = estate.put("/nomis/prisoners/A1234AA/visits/12345").respond(200)
    request = UpdateVisitRequest(
        start_date_time=dt.datetime(2026, 12, 1, 14, 0),
        end_time="15:00",
        visitor_person_ids=[],
        room="Visits Room 2",
        open_closed_status="OPEN",
        visit_comment="Updated by Book A Prison Visit",
    )
    nomis.update_visit("A1234AA", 12345, request)
    assert sent(route).body["visitComment"] == "Updated by Book A Prison Visit"
    assert sent(route).body["visitorPersonIds"] == []


@pytest.mark.parametrize("outcome", ["VISCANC", "NO_VO", "REFUSED"])
def test_cancel_visit(estate, nomis, outcome):
    route = estate.put("/nomis/prisoners/A1234AA/visits/12345/cancel").respond(200)
    nomis.cancel_visit("A1234AA", 12345, CancelVisitRequest(outcome=outcome))
    assert (sent(route).method, sent(route).body) == ("PUT", {"outcome": outcome})


def test_cancel_of_a_cancelled_visit_raises_conflict(estate, nomis):
    estate.put("/nomis/prisoners/A1234AA/visits/12345/cancel").respond(
        409, json=error(409, "Visit already cancelled")
    )
    with pytest.raises(Conflict):
        nomis.cancel_visit("A1234AA", 12345, CancelVisitRequest(outcome="ADMIN"))
