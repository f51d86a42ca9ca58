"""Alert and alert reference-data events: call sequences, NOMIS bodies field by field, telemetry.

Events are applied as a sync run applies them: `dispatch` triages the SQS body against the
domain's event table and calls the row's handler on the service `build_sync` wired.
"""

import json
from typing import Any

import pytest

from dagster_project.domains.alerts import DOMAIN
from dagster_project.domains.alerts.events import AlertCreated, AlertDeleted, AlertUpdated
from dagster_project.domains.alerts.sync import AlertsSync
from dagster_project.sync.triage import Accepted, Poison, triage
from tests.domains.alerts.payloads import (
    ALERT_ID,
    BOOKING,
    OFFENDER,
    SEQUENCE,
    alert_code,
    alert_type,
    created,
    dps_alert,
    mapping_body,
)
from tests.estate import dispatch
from tests.messages import event, retry_body, sns_body
from tests.wire import duplicate_mapping, error, sent

CREATED = "person.alert.created"
UPDATED = "person.alert.updated"
DELETED = "person.alert.deleted"
BASE = {"dpsAlertId": ALERT_ID, "offenderNo": OFFENDER, "alertCode": "HPI"}
MAPPED = {**BASE, "nomisBookingId": str(BOOKING), "nomisAlertSequence": str(SEQUENCE)}
CREATE_SUCCESS = {**MAPPED, "mappingType": "DPS_CREATED"}

MAPPING_GET = f"/mapping-api/mapping/alerts/dps-alert-id/{ALERT_ID}"
MAPPING_POST = "/mapping-api/mapping/alerts"
DPS_GET = f"/alerts/alerts/{ALERT_ID}"
NOMIS_POST = f"/nomis/prisoners/{OFFENDER}/alerts"  # the event's NOMS number, not DPS's
NOMIS_ALERT = f"/nomis/prisoners/booking-id/{BOOKING}/alerts/{SEQUENCE}"
CREATE_BODY = {
    "alertCode": "A",  # the DPS alert's code, not the event's
    "date": "2023-03-03",
    "isActive": False,
    "createUsername": "BOBBY.BEANS",
    "expiryDate": "2023-06-06",
    "comment": "Added for good reasons",
    "authorisedBy": "Security Team",
}
MAPPING_SENT = {
    "dpsAlertId": ALERT_ID,
    "nomisBookingId": BOOKING,
    "nomisAlertSequence": SEQUENCE,
    "offenderNo": OFFENDER,
    "mappingType": "DPS_CREATED",
}


def alert_event(event_type: str, source: str = "DPS", **top: Any) -> str:
    info = {"alertUuid": ALERT_ID, "alertCode": "HPI", "source": source}
    noms = {"personReference": {"identifiers": [{"type": "NOMS", "value": OFFENDER}]}}
    return sns_body(event(event_type, info, **{**noms, **top}))


def reference_event(event_type: str, code: str) -> str:
    return sns_body(event(f"prisoner-alerts.{event_type}", {"alertCode": code, "source": "DPS"}))


def called(estate) -> list[tuple[str, str]]:
    """(method, path) of every API call in order, token requests left out."""
    return [
        (call.request.method, call.request.url.path)
        for call in estate.calls
        if call.request.url.path != "/auth/oauth/token"
    ]


def unmapped(estate) -> None:
    estate.get(MAPPING_GET).respond(404, json=error(404, "not found"))


def mapped(estate) -> None:
    estate.get(MAPPING_GET).respond(200, json=mapping_body())


@pytest.fixture
def sync(wired) -> AlertsSync:
    return wired(DOMAIN)


# --- payloads ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "model", "handler"),
    [
        (CREATED, AlertCreated, AlertsSync.created),
        (UPDATED, AlertUpdated, AlertsSync.updated),
        (DELETED, AlertDeleted, AlertsSync.deleted),
    ],
)
def test_each_alert_event_has_its_payload_and_handler(event_type, model, handler):
    decision = triage(DOMAIN, alert_event(event_type), frozenset())
    assert isinstance(decision, Accepted)
    assert isinstance(decision.payload, model) and decision.handle is handler
    assert decision.entity_key == f"alert:{ALERT_ID}"
    assert decision.payload.telemetry() == BASE


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (alert_event(CREATED, source="OTHER"), "source"),
        (alert_event(CREATED, personReference={"identifiers": []}), "NOMS"),
        (alert_event(CREATED, personReference=None), "personReference"),
    ],
)
def test_an_alert_event_without_a_known_source_or_noms_number_is_poison(body, reason):
    decision = triage(DOMAIN, body, frozenset())
    assert isinstance(decision, Poison) and reason in decision.reason


@pytest.mark.parametrize(
    ("event_type", "name"),
    [
        (CREATED, "alert-create-ignored"),
        (UPDATED, "alert-updated-ignored"),
        (DELETED, "alert-deleted-ignored"),
    ],
)
def test_an_event_from_nomis_is_ignored_without_any_call(sync, estate, sink, event_type, name):
    dispatch(DOMAIN, sync, alert_event(event_type, source="NOMIS"))
    assert called(estate) == []
    assert sink.events == [(name, BASE)]


# --- created -------------------------------------------------------------------------------------


def test_created_posts_the_dps_alert_to_the_events_prisoner_then_the_mapping(sync, estate, sink):
    unmapped(estate)
    estate.get(DPS_GET).respond(200, json=dps_alert())
    nomis = estate.post(NOMIS_POST).respond(201, json=created())
    post = estate.post(MAPPING_POST).respond(201)
    dispatch(DOMAIN, sync, alert_event(CREATED))
    assert called(estate) == [
        ("GET", MAPPING_GET),
        ("GET", DPS_GET),
        ("POST", NOMIS_POST),
        ("POST", MAPPING_POST),
    ]
    assert sent(nomis).body == CREATE_BODY
    assert sent(post).body == MAPPING_SENT
    assert sink.events == [("alert-create-success", CREATE_SUCCESS)]


def test_created_omits_what_dps_leaves_empty(sync, estate):
    unmapped(estate)
    estate.get(DPS_GET).respond(
        200, json=dps_alert(activeTo=None, description=None, authorisedBy=None, isActive=True)
    )
    nomis = estate.post(NOMIS_POST).respond(201, json=created())
    estate.post(MAPPING_POST).respond(201)
    dispatch(DOMAIN, sync, alert_event(CREATED))
    assert sent(nomis).body == {
        "alertCode": "A",
        "date": "2023-03-03",
        "isActive": True,
        "createUsername": "BOBBY.BEANS",
    }


@pytest.mark.parametrize(
    ("case", "dps_status", "nomis_status", "nomis_calls"),
    [
        ("dps-404", 404, None, 0),
        ("dps-500", 500, None, 0),
        ("nomis-error", 200, 500, 1),
        ("nomis-duplicate-alert", 200, 409, 1),
    ],
)
def test_created_failure_is_reported_and_raised_for_retry(
    sync, estate, sink, queue, case, dps_status, nomis_status, nomis_calls
):
    unmapped(estate)
    estate.get(DPS_GET).respond(
        dps_status, json=dps_alert() if dps_status == 200 else error(dps_status, case)
    )
    duplicate = {"moreInfo": {"bookingId": BOOKING, "sequence": 1}, "developerMessage": case}
    nomis_body = duplicate if nomis_status == 409 else error(500, case)
    nomis = estate.post(NOMIS_POST).respond(nomis_status or 201, json=nomis_body)
    mapping_post = estate.post(MAPPING_POST).respond(201)
    with pytest.raises(Exception, match=str(dps_status if dps_status != 200 else nomis_status)):
        dispatch(DOMAIN, sync, alert_event(CREATED))
    dims = sink.one("alert-create-failed")
    assert case in dims.pop("reason") and dims == BASE
    assert nomis.call_count == nomis_calls and not mapping_post.called and queue.sent == []
    assert sink.alerts == []  # a NOMIS duplicate alert is dead-lettered, not alerted on


def test_created_already_mapped_is_a_duplicate_with_no_writes(sync, estate, sink):
    mapped(estate)
    dispatch(DOMAIN, sync, alert_event(CREATED))
    assert called(estate) == [("GET", MAPPING_GET)]
    assert sink.events == [("alert-create-duplicate", BASE)]


def retried(queue) -> dict[str, Any]:
    [message] = queue.sent
    assert (message.domain, message.event_type) == ("alerts", "RETRY_CREATE_MAPPING")
    return json.loads(json.loads(message.body)["Message"])


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, error(500, "mapping down")),
        (409, duplicate_mapping(MAPPING_SENT, mapping_body(dpsAlertId="other"))),
    ],
)
def test_mapping_failure_or_conflict_queues_a_retry_and_never_repeats_the_nomis_write(
    sync, estate, sink, queue, status, body
):
    unmapped(estate)
    estate.get(DPS_GET).respond(200, json=dps_alert())
    nomis = estate.post(NOMIS_POST).respond(201, json=created())
    estate.post(MAPPING_POST).respond(status, json=body)
    dispatch(DOMAIN, sync, alert_event(CREATED))
    assert nomis.call_count == 1
    inner = retried(queue)
    assert inner["entityName"] == "alert"
    assert inner["mapping"] == MAPPING_SENT
    assert inner["telemetryAttributes"] == CREATE_SUCCESS
    assert sink.one("alerts-create-mapping-retry") == {"messageId": "sent-1", **CREATE_SUCCESS}
    assert str(status) in sink.one("alert-mapping-create-failed")["reason"]
    assert sink.alerts == []  # no to-nomis-synch-alert-duplicate: a 409 is retried (old rule)


def test_a_retry_reposts_the_carried_mapping_and_reports_create_success(sync, estate, sink):
    post = estate.post(MAPPING_POST).respond(201)
    dispatch(DOMAIN, sync, retry_body(MAPPING_SENT, entity="alert"))
    assert called(estate) == [("POST", MAPPING_POST)]
    assert sent(post).body == MAPPING_SENT
    assert sink.events == [("alert-create-success", {"id": "1"})]


@pytest.mark.parametrize("status", [500, 409])
def test_a_retry_that_fails_again_is_raised(sync, estate, sink, status):
    estate.post(MAPPING_POST).respond(status, json=error(status, "still failing"))
    with pytest.raises(Exception, match="still failing"):
        dispatch(DOMAIN, sync, retry_body(MAPPING_SENT, entity="alert"))
    assert sink.events == []


# --- updated -------------------------------------------------------------------------------------


def test_updated_reads_the_mapping_then_dps_then_puts_every_field(sync, estate, sink):
    mapped(estate)
    estate.get(DPS_GET).respond(
        200,
        json=dps_alert(
            activeFrom="2020-07-19",
            activeTo="2023-07-19",
            description="Alert added for good reasons",
            authorisedBy="Rasheed",
            lastModifiedBy="RASHEED.BAKE",
            lastModifiedAt="2024-03-01T10:00:00",
        ),
    )
    put = estate.put(NOMIS_ALERT).respond(200)
    dispatch(DOMAIN, sync, alert_event(UPDATED))
    assert called(estate) == [("GET", MAPPING_GET), ("GET", DPS_GET), ("PUT", NOMIS_ALERT)]
    assert sent(put).body == {
        "date": "2020-07-19",
        "isActive": False,
        "updateUsername": "RASHEED.BAKE",
        "expiryDate": "2023-07-19",
        "comment": "Alert added for good reasons",
        "authorisedBy": "Rasheed",
    }
    assert sink.events == [("alert-updated-success", MAPPED)]


def test_updated_by_no_one_names_the_creator(sync, estate):
    mapped(estate)
    estate.get(DPS_GET).respond(200, json=dps_alert())
    put = estate.put(NOMIS_ALERT).respond(200)
    dispatch(DOMAIN, sync, alert_event(UPDATED))
    assert sent(put).body["updateUsername"] == "BOBBY.BEANS"


@pytest.mark.parametrize(
    ("case", "mapping_status", "dps_status", "nomis_status", "dims"),
    [
        ("never-created", 404, 200, 200, BASE),
        ("dps-404", 200, 404, 200, MAPPED),
        ("nomis-error", 200, 200, 503, MAPPED),
    ],
)
def test_updated_failure_reports_what_it_gathered_and_is_retried(
    sync, estate, sink, case, mapping_status, dps_status, nomis_status, dims
):
    estate.get(MAPPING_GET).respond(
        mapping_status, json=mapping_body() if mapping_status == 200 else error(404, case)
    )
    estate.get(DPS_GET).respond(
        dps_status, json=dps_alert() if dps_status == 200 else error(404, case)
    )
    put = estate.put(NOMIS_ALERT).respond(nomis_status, json=error(nomis_status, case))
    with pytest.raises(Exception, match="never been created" if mapping_status == 404 else case):
        dispatch(DOMAIN, sync, alert_event(UPDATED))
    assert sink.events == [("alert-updated-failed", dims)]  # no reason, as upstream
    assert put.called == (case == "nomis-error")


# --- deleted -------------------------------------------------------------------------------------


def test_deleted_deletes_nomis_then_the_mapping_without_reading_dps(sync, estate, sink):
    mapped(estate)
    delete = estate.delete(NOMIS_ALERT).respond(204)
    forget = estate.delete(MAPPING_GET).respond(204)
    dispatch(DOMAIN, sync, alert_event(DELETED))
    assert called(estate) == [
        ("GET", MAPPING_GET),
        ("DELETE", NOMIS_ALERT),
        ("DELETE", MAPPING_GET),
    ]
    assert delete.called and forget.called
    assert sink.events == [("alert-deleted-success", MAPPED)]


def test_deleted_with_no_mapping_is_skipped(sync, estate, sink):
    unmapped(estate)
    dispatch(DOMAIN, sync, alert_event(DELETED))
    assert called(estate) == [("GET", MAPPING_GET)]
    assert sink.events == [("alert-deleted-skipped", BASE)]


def test_deleted_nomis_failure_keeps_the_mapping_and_is_retried(sync, estate, sink):
    mapped(estate)
    estate.delete(NOMIS_ALERT).respond(500, json=error(500, "nomis down"))
    forget = estate.delete(MAPPING_GET).respond(204)
    with pytest.raises(Exception, match="nomis down"):
        dispatch(DOMAIN, sync, alert_event(DELETED))
    assert not forget.called
    assert sink.events == [("alert-deleted-failed", MAPPED)]


def test_deleted_mapping_failure_is_reported_and_the_event_succeeds(sync, estate, sink):
    mapped(estate)
    estate.delete(NOMIS_ALERT).respond(204)
    estate.delete(MAPPING_GET).respond(500, json=error(500, "mapping down"))
    dispatch(DOMAIN, sync, alert_event(DELETED))
    assert sink.events == [
        ("alert-mapping-deleted-failed", {"dpsAlertId": ALERT_ID}),
        ("alert-deleted-success", MAPPED),
    ]


# --- reference data ------------------------------------------------------------------------------

CODE_GET = "/alerts/alert-codes/XNEW"
TYPE_GET = "/alerts/alert-types/XT"


def test_alert_code_created_posts_the_dps_code(sync, estate, sink):
    estate.get(CODE_GET).respond(200, json=alert_code())
    post = estate.post("/nomis/alerts/codes").respond(201)
    dispatch(DOMAIN, sync, reference_event("alert-code-created", "XNEW"))
    assert sent(post).body == {
        "code": "XNEW",
        "typeCode": "X",
        "description": "A new code",
        "listSequence": 7,
    }
    assert sink.events == [("alert-code-create-success", {"alert-code": "XNEW"})]


def test_alert_code_updated_puts_the_description(sync, estate, sink):
    estate.get(CODE_GET).respond(200, json=alert_code())
    put = estate.put("/nomis/alerts/codes/XNEW").respond(204)
    dispatch(DOMAIN, sync, reference_event("alert-code-updated", "XNEW"))
    assert sent(put).body == {"description": "A new code"}
    assert sink.events == [("alert-code-update-success", {"alert-code": "XNEW"})]


@pytest.mark.parametrize(
    ("event_type", "dps_active", "path", "name"),
    [
        ("alert-code-deactivated", False, "deactivate", "alert-code-deactivate-success"),
        ("alert-code-deactivated", True, None, "alert-code-deactivate-ignored"),
        ("alert-code-reactivated", True, "reactivate", "alert-code-reactivate-success"),
        ("alert-code-reactivated", False, None, "alert-code-reactivate-ignored"),
    ],
)
def test_alert_code_de_and_reactivation_follow_dps_current_state(
    sync, estate, sink, event_type, dps_active, path, name
):
    estate.get(CODE_GET).respond(200, json=alert_code(active=dps_active))
    off = estate.put("/nomis/alerts/codes/XNEW/deactivate").respond(204)
    on = estate.put("/nomis/alerts/codes/XNEW/reactivate").respond(204)
    dispatch(DOMAIN, sync, reference_event(event_type, "XNEW"))
    assert (off.called, on.called) == (path == "deactivate", path == "reactivate")
    assert sink.events == [(name, {"alert-code": "XNEW"})]


def test_alert_type_created_and_updated(sync, estate, sink):
    estate.get(TYPE_GET).respond(200, json=alert_type())
    post = estate.post("/nomis/alerts/types").respond(201)
    put = estate.put("/nomis/alerts/types/XT").respond(204)
    dispatch(DOMAIN, sync, reference_event("alert-type-created", "XT"))
    dispatch(DOMAIN, sync, reference_event("alert-type-updated", "XT"))
    assert sent(post).body == {"code": "XT", "description": "A new type", "listSequence": 4}
    assert sent(put).body == {"description": "A new type"}
    assert sink.events == [
        ("alert-type-create-success", {"alert-type": "XT"}),
        ("alert-type-update-success", {"alert-type": "XT"}),
    ]


@pytest.mark.parametrize(
    ("event_type", "dps_active", "path", "name"),
    [
        ("alert-type-deactivated", False, "deactivate", "alert-type-deactivate-success"),
        ("alert-type-deactivated", True, None, "alert-type-deactivate-ignored"),
        ("alert-type-reactivated", True, "reactivate", "alert-type-reactivate-success"),
        ("alert-type-reactivated", False, None, "alert-type-reactivate-ignored"),
    ],
)
def test_alert_type_de_and_reactivation_follow_dps_current_state(
    sync, estate, sink, event_type, dps_active, path, name
):
    estate.get(TYPE_GET).respond(200, json=alert_type(active=dps_active))
    off = estate.put("/nomis/alerts/types/XT/deactivate").respond(204)
    on = estate.put("/nomis/alerts/types/XT/reactivate").respond(204)
    dispatch(DOMAIN, sync, reference_event(event_type, "XT"))
    assert (off.called, on.called) == (path == "deactivate", path == "reactivate")
    assert sink.events == [(name, {"alert-type": "XT"})]


@pytest.mark.parametrize(
    ("event_type", "dps_path"),
    [("alert-code-created", CODE_GET), ("alert-code-deactivated", CODE_GET)],
)
def test_reference_data_failures_raise_with_no_telemetry(sync, estate, sink, event_type, dps_path):
    estate.get(dps_path).respond(404, json=error(404, "no such code"))
    with pytest.raises(Exception, match="no such code"):
        dispatch(DOMAIN, sync, reference_event(event_type, "XNEW"))
    assert sink.events == []
