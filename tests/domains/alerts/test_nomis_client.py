"""NomisAlertsClient: a prisoner's alerts and the alert code and type reference data."""

import datetime as dt

import pytest

from dagster_project.domains.alerts.nomis import (
    CreateAlertCode,
    CreateAlertRequest,
    CreateAlertType,
    UpdateAlertRequest,
    UpdateDescription,
)
from resources.errors import Conflict
from tests.domains.alerts.payloads import BOOKING, OFFENDER, SEQUENCE, created, nomis_alert
from tests.wire import sent

pytestmark = pytest.mark.contract_mocked_responses

ALERT = f"/nomis/prisoners/booking-id/{BOOKING}/alerts/{SEQUENCE}"
REQUEST = CreateAlertRequest(
    alert_code="HPI",
    date=dt.date(2023, 3, 3),
    is_active=False,
    create_username="BOBBY.BEANS",
    expiry_date=dt.date(2023, 6, 6),
)


def test_create_alert_posts_to_the_prisoner_and_reads_where_it_went(estate, nomis):
    route = estate.post(f"/nomis/prisoners/{OFFENDER}/alerts").respond(201, json=created())
    answer = nomis.create_alert(OFFENDER, REQUEST)
    assert (answer.booking_id, answer.alert_sequence) == (BOOKING, SEQUENCE)
    assert sent(route).body == {
        "alertCode": "HPI",
        "date": "2023-03-03",
        "isActive": False,
        "createUsername": "BOBBY.BEANS",
        "expiryDate": "2023-06-06",
    }


def test_create_alert_raises_conflict_on_a_duplicate(estate, nomis):
    estate.post(f"/nomis/prisoners/{OFFENDER}/alerts").respond(
        409,
        json={
            "developerMessage": f"Alert code HPI is already active on booking {BOOKING}",
            "moreInfo": {"bookingId": BOOKING, "sequence": 1},
        },
    )
    with pytest.raises(Conflict) as raised:
        nomis.create_alert(OFFENDER, REQUEST)
    assert raised.value.more_info == {"bookingId": BOOKING, "sequence": 1}


def test_update_and_delete_address_the_booking_and_sequence(estate, nomis):
    put = estate.put(ALERT).respond(200, json=nomis_alert())
    delete = estate.delete(ALERT).respond(204)
    request = UpdateAlertRequest(
        date=dt.date(2020, 7, 19), is_active=True, update_username="RASHEED.BAKE"
    )
    nomis.update_alert(BOOKING, SEQUENCE, request)
    nomis.delete_alert(BOOKING, SEQUENCE)
    assert sent(put).body == {
        "date": "2020-07-19",
        "isActive": True,
        "updateUsername": "RASHEED.BAKE",
    }
    assert sent(delete).method == "DELETE"


def test_resynchronise_sends_the_list_and_reads_the_answers_in_order(estate, nomis):
    route = estate.post(f"/nomis/prisoners/{OFFENDER}/alerts/resynchronise").respond(
        201, json=[created(sequence=1), created(sequence=2)]
    )
    answers = nomis.resynchronise(OFFENDER, [REQUEST, REQUEST])
    assert [a.alert_sequence for a in answers] == [1, 2]
    assert [item["alertCode"] for item in sent(route).body] == ["HPI", "HPI"]


def test_active_alerts_reads_the_latest_booking(estate, nomis):
    estate.get(f"/nomis/prisoners/{OFFENDER}/alerts/reconciliation").respond(
        200, json={"latestBookingAlerts": [nomis_alert("HPI", 1), nomis_alert("XA", 2)]}
    )
    found = nomis.active_alerts(OFFENDER)
    assert [(a.alert_code.code, a.alert_sequence) for a in found] == [("HPI", 1), ("XA", 2)]
    assert found[0].audit.create_username == "BOBBY.BEANS"


def test_reference_data_calls(estate, nomis):
    routes = {
        "code": estate.post("/nomis/alerts/codes").respond(201),
        "code-update": estate.put("/nomis/alerts/codes/XNEW").respond(204),
        "code-off": estate.put("/nomis/alerts/codes/XNEW/deactivate").respond(204),
        "code-on": estate.put("/nomis/alerts/codes/XNEW/reactivate").respond(204),
        "type": estate.post("/nomis/alerts/types").respond(201),
        "type-update": estate.put("/nomis/alerts/types/XT").respond(204),
        "type-off": estate.put("/nomis/alerts/types/XT/deactivate").respond(204),
        "type-on": estate.put("/nomis/alerts/types/XT/reactivate").respond(204),
    }
    nomis.create_code(CreateAlertCode(code="XNEW", type_code="X", description="d", list_sequence=7))
    nomis.update_code("XNEW", UpdateDescription(description="e"))
    nomis.deactivate_code("XNEW")
    nomis.reactivate_code("XNEW")
    nomis.create_type(CreateAlertType(code="XT", description="t", list_sequence=4))
    nomis.update_type("XT", UpdateDescription(description="u"))
    nomis.deactivate_type("XT")
    nomis.reactivate_type("XT")
    assert all(route.call_count == 1 for route in routes.values())
    assert sent(routes["code"]).body == {
        "code": "XNEW",
        "typeCode": "X",
        "description": "d",
        "listSequence": 7,
    }
    assert sent(routes["type"]).body == {"code": "XT", "description": "t", "listSequence": 4}
    assert sent(routes["code-update"]).body == {"description": "e"}
    assert sent(routes["type-update"]).body == {"description": "u"}
    assert sent(routes["code-off"]).body is None
