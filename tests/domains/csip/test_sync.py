"""CSIP events: call sequences, the NOMIS upsert field by field, mappings and telemetry.

Events are applied as a sync run applies them: `dispatch` triages the SQS body against the
domain's event table and calls the row's handler on the service `build_sync` wired.
"""

import json

import pytest

from dagster_project.domains.csip import DOMAIN
from dagster_project.domains.csip.events import CsipCreated, CsipDeleted, CsipUpdated
from dagster_project.domains.csip.sync import CsipSync
from dagster_project.sync.errors import NonRetryableError
from dagster_project.sync.triage import Accepted, Poison, triage
from resources.errors import NotFound, ServerError
from tests.domains.csip.payloads import (
    ATTENDEE,
    DPS_OFFENDER,
    EVENT_OFFENDER,
    FACTOR,
    INTERVIEW,
    NEED,
    NOMIS_ID,
    RECORD_UUID,
    REVIEW,
    child,
    full_record,
    full_request,
    mapping_body,
    minimal_record,
    upsert_response,
)
from tests.estate import dispatch
from tests.messages import event, retry_body, sns_body
from tests.wire import duplicate_mapping, error, sent

CREATED = "person.csip-record.created"
UPDATED = "person.csip-record.updated"
DELETED = "person.csip-record.deleted"
BASE = {"dpsCSIPReportId": RECORD_UUID, "offenderNo": EVENT_OFFENDER}
WITH_NOMIS = {**BASE, "nomisCSIPReportId": str(NOMIS_ID)}

MAPPING_GET = f"/mapping-api/mapping/csip/dps-csip-id/{RECORD_UUID}/all"
MAPPING_POST = "/mapping-api/mapping/csip/all"
CHILDREN_POST = "/mapping-api/mapping/csip/children/all"
DPS_GET = f"/csip/csip-records/{RECORD_UUID}"
NOMIS_PUT = "/nomis/csip"
NOMIS_DELETE = f"/nomis/csip/{NOMIS_ID}"
ALL_CREATED = (
    ("FACTOR", 6111, FACTOR),
    ("INTERVIEW", 6222, INTERVIEW),
    ("PLAN", 6333, NEED),
    ("REVIEW", 6444, REVIEW),
    ("ATTENDEE", 6555, ATTENDEE),
)
FULL_MAPPING = mapping_body(
    factorMappings=[child(6111, FACTOR)],
    interviewMappings=[child(6222, INTERVIEW)],
    planMappings=[child(6333, NEED)],
    reviewMappings=[child(6444, REVIEW)],
    attendeeMappings=[child(6555, ATTENDEE)],
)


def csip_event(event_type: str, record_uuid: str = RECORD_UUID) -> str:
    body = event(
        event_type,
        {"recordUuid": record_uuid},
        description="A CSIP record change in the CSIP service",
        personReference={"identifiers": [{"type": "NOMS", "value": EVENT_OFFENDER}]},
    )
    return sns_body(body)


def called(estate) -> list[tuple[str, str]]:
    return [
        (call.request.method, call.request.url.path)
        for call in estate.calls
        if call.request.url.path != "/auth/oauth/token"
    ]


@pytest.fixture
def sync(wired) -> CsipSync:
    return wired(DOMAIN)


# --- payloads ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "model", "handler"),
    [
        (CREATED, CsipCreated, CsipSync.created),
        (UPDATED, CsipUpdated, CsipSync.updated),
        (DELETED, CsipDeleted, CsipSync.deleted),
    ],
)
def test_each_event_has_its_payload_handler_and_entity(event_type, model, handler):
    decision = triage(DOMAIN, csip_event(event_type), frozenset())
    assert isinstance(decision, Accepted)
    assert isinstance(decision.payload, model) and decision.handle is handler
    assert decision.entity_key == f"csip:{RECORD_UUID}"
    assert decision.payload.telemetry() == BASE


@pytest.mark.parametrize(
    "person",
    [None, {"identifiers": []}, {"identifiers": [{"type": "CRN", "value": "X1"}]}],
)
def test_an_event_without_a_noms_number_is_poison(person):
    body = event(CREATED, {"recordUuid": RECORD_UUID})
    if person is not None:
        body["personReference"] = person
    assert isinstance(triage(DOMAIN, sns_body(body), frozenset()), Poison)


def test_a_record_id_that_is_not_a_uuid_is_poison():
    assert isinstance(triage(DOMAIN, csip_event(CREATED, "12345"), frozenset()), Poison)


# --- created -----------------------------------------------------------------------------------


def test_create_sends_the_whole_report_without_ids_and_maps_what_nomis_created(sync, estate, sink):
    estate.get(MAPPING_GET).respond(404, json=error(404, "not found"))
    estate.get(DPS_GET).respond(200, json=full_record())
    put = estate.put(NOMIS_PUT).respond(200, json=upsert_response(*ALL_CREATED))
    post = estate.post(MAPPING_POST).respond(201)
    dispatch(DOMAIN, sync, csip_event(CREATED))
    assert called(estate) == [
        ("GET", MAPPING_GET),
        ("GET", DPS_GET),
        ("PUT", NOMIS_PUT),
        ("POST", MAPPING_POST),
    ]
    assert sent(put).body == full_request()  # offenderNo is DPS's A1234KT, not the event's
    assert sent(post).body == FULL_MAPPING
    [(name, dims)] = sink.events
    assert name == "csip-create-success"
    assert {k: dims[k] for k in BASE} == BASE
    assert dims["nomisCSIPReportId"] == str(NOMIS_ID) and dims["mappingType"] == "DPS_CREATED"
    assert "6111" in dims["factorMappings"] and dims["interviewMappings"] != "[]"


def test_create_of_a_minimal_record_sends_defaults_and_no_optional_parts(sync, estate, sink):
    estate.get(MAPPING_GET).respond(404, json=error(404, "not found"))
    estate.get(DPS_GET).respond(200, json=minimal_record())
    put = estate.put(NOMIS_PUT).respond(
        201, json=upsert_response(("FACTOR", 1, FACTOR), ("PLAN", 2, NEED))
    )
    post = estate.post(MAPPING_POST).respond(201)
    dispatch(DOMAIN, sync, csip_event(CREATED))
    body = sent(put).body
    assert body["offenderNo"] == DPS_OFFENDER
    assert (body["proActiveReferral"], body["staffAssaulted"]) == (False, False)
    assert body["reportDetailRequest"] == {
        "saferCustodyTeamInformed": False,  # DO_NOT_KNOW
        "referralComplete": False,
        "factors": [],
    }
    for absent in ("id", "plans", "reviews", "decision", "investigation", "saferCustodyScreening"):
        assert absent not in body
    # the child mappings come from NOMIS's answer, not from DPS
    assert sent(post).body == mapping_body(
        factorMappings=[child(1, FACTOR)], planMappings=[child(2, NEED)]
    )


def test_a_decision_signed_off_by_other_sends_no_role(sync, estate):
    estate.get(MAPPING_GET).respond(404, json=error(404, "not found"))
    estate.get(DPS_GET).respond(200, json=full_record(signed_off_role="OTHER"))
    put = estate.put(NOMIS_PUT).respond(200, json=upsert_response())
    estate.post(MAPPING_POST).respond(201)
    dispatch(DOMAIN, sync, csip_event(CREATED))
    decision = sent(put).body["decision"]
    assert "signedOffRoleCode" not in decision and decision["decisionOutcomeCode"] == "CUR"


def test_create_when_mapped_already_is_a_duplicate_with_no_other_call(sync, estate, sink):
    estate.get(MAPPING_GET).respond(200, json=mapping_body())
    dispatch(DOMAIN, sync, csip_event(CREATED))
    assert called(estate) == [("GET", MAPPING_GET)]
    assert sink.events == [("csip-create-duplicate", BASE)]


@pytest.mark.parametrize(
    ("dps_status", "nomis_status", "raised"),
    [(404, None, NotFound), (200, 500, ServerError)],
    ids=["DPS 404", "NOMIS error"],
)
def test_a_dps_or_nomis_failure_fails_the_create_with_its_reason(
    sync, estate, sink, queue, dps_status, nomis_status, raised
):
    estate.get(MAPPING_GET).respond(404, json=error(404, "not found"))
    estate.get(DPS_GET).respond(
        dps_status, json=full_record() if dps_status == 200 else error(404, "gone")
    )
    put = estate.put(NOMIS_PUT).respond(nomis_status or 200, json=error(500, "NOMIS down"))
    post = estate.post(MAPPING_POST).respond(201)
    with pytest.raises(raised):
        dispatch(DOMAIN, sync, csip_event(CREATED))
    assert put.call_count == (0 if nomis_status is None else 1)
    assert not post.called and queue.sent == []
    [(name, dims)] = sink.events
    assert name == "csip-create-failed" and {k: dims[k] for k in BASE} == BASE
    assert dims["reason"]


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (409, duplicate_mapping({"dpsCSIPReportId": RECORD_UUID}, {"dpsCSIPReportId": "x"})),
        (500, error(500, "mapping down")),
    ],
    ids=["409 (retried, as upstream)", "500"],
)
def test_a_report_mapping_failure_queues_a_retry_and_never_repeats_the_nomis_write(
    sync, estate, sink, queue, status, body
):
    estate.get(MAPPING_GET).respond(404, json=error(404, "not found"))
    estate.get(DPS_GET).respond(200, json=full_record())
    put = estate.put(NOMIS_PUT).respond(200, json=upsert_response(("FACTOR", 6111, FACTOR)))
    estate.post(MAPPING_POST).respond(status, json=body)
    dispatch(DOMAIN, sync, csip_event(CREATED))
    assert put.call_count == 1 and sink.alerts == []
    [message] = queue.sent
    assert (message.domain, message.event_type) == ("csip", "RETRY_CREATE_MAPPING")
    inner = json.loads(json.loads(message.body)["Message"])
    assert inner["entityName"] == "csip"
    assert inner["mapping"] == mapping_body(factorMappings=[child(6111, FACTOR)])
    assert sink.names() == ["csip-mapping-create-failed", "csip-create-mapping-retry"]
    assert sink.one("csip-create-mapping-retry")["messageId"] == "sent-1"


def test_a_report_mapping_retry_reposts_the_carried_mapping(sync, estate, sink):
    post = estate.post(MAPPING_POST).respond(201)
    carried = mapping_body(factorMappings=[child(6111, FACTOR)])
    dispatch(DOMAIN, sync, retry_body(carried, entity="csip"))
    assert called(estate) == [("POST", MAPPING_POST)]
    assert sent(post).body == carried
    assert sink.events == [("csip-create-mapping-retry-success", {"id": "1"})]


def test_a_children_mapping_retry_posts_to_the_children_endpoint(sync, estate, sink):
    post = estate.post(CHILDREN_POST).respond(201)
    carried = mapping_body(reviewMappings=[child(6444, REVIEW)])
    dispatch(DOMAIN, sync, retry_body(carried, entity="csip-children"))
    assert called(estate) == [("POST", CHILDREN_POST)] and sent(post).body == carried
    assert sink.events == [("csip-children-create-mapping-retry-success", {"id": "1"})]


def test_a_retry_of_an_unknown_entity_fails(sync, estate):
    with pytest.raises(ValueError, match="entity"):
        dispatch(DOMAIN, sync, retry_body(mapping_body(), entity="csip-factor"))
    assert called(estate) == []


# --- updated -----------------------------------------------------------------------------------


def test_update_sends_mapped_ids_and_maps_only_the_children_nomis_created(sync, estate, sink):
    mapped = mapping_body(
        factorMappings=[child(6111, FACTOR)],
        interviewMappings=[child(6222, INTERVIEW)],
        planMappings=[child(6333, NEED)],
        reviewMappings=[child(6444, REVIEW)],
    )
    estate.get(MAPPING_GET).respond(200, json=mapped)
    estate.get(DPS_GET).respond(200, json=full_record())
    put = estate.put(NOMIS_PUT).respond(200, json=upsert_response(("ATTENDEE", 6555, ATTENDEE)))
    children = estate.post(CHILDREN_POST).respond(201)
    dispatch(DOMAIN, sync, csip_event(UPDATED))
    assert called(estate) == [
        ("GET", MAPPING_GET),
        ("GET", DPS_GET),
        ("PUT", NOMIS_PUT),
        ("POST", CHILDREN_POST),
    ]
    assert sent(put).body == full_request(
        report=NOMIS_ID, factor=6111, interview=6222, plan=6333, review=6444
    )
    assert sent(children).body == mapping_body(attendeeMappings=[child(6555, ATTENDEE)])
    assert sink.events == [("csip-children-create-success", WITH_NOMIS)]


def test_update_with_every_child_mapped_posts_no_child_mapping(sync, estate, sink):
    estate.get(MAPPING_GET).respond(200, json=FULL_MAPPING)
    estate.get(DPS_GET).respond(200, json=full_record())
    put = estate.put(NOMIS_PUT).respond(200, json=upsert_response())
    children = estate.post(CHILDREN_POST).respond(201)
    dispatch(DOMAIN, sync, csip_event(UPDATED))
    assert sent(put).body == full_request(
        report=NOMIS_ID, factor=6111, interview=6222, plan=6333, review=6444, attendee=6555
    )
    assert not children.called
    assert sink.events == [("csip-children-create-success", WITH_NOMIS)]


def test_update_before_its_create_fails_so_it_is_retried_until_the_create_lands(sync, estate, sink):
    estate.get(MAPPING_GET).respond(404, json=error(404, "not found"))
    with pytest.raises(LookupError, match="never been created"):
        dispatch(DOMAIN, sync, csip_event(UPDATED))
    assert called(estate) == [("GET", MAPPING_GET)]
    assert sink.events == [("csip-children-create-failed", BASE)]


@pytest.mark.parametrize(
    ("dps_status", "nomis_status", "raised"),
    [(404, None, NotFound), (200, 500, ServerError)],
    ids=["DPS 404", "NOMIS error"],
)
def test_a_dps_or_nomis_failure_fails_the_update(
    sync, estate, sink, dps_status, nomis_status, raised
):
    estate.get(MAPPING_GET).respond(200, json=mapping_body())
    estate.get(DPS_GET).respond(
        dps_status, json=full_record() if dps_status == 200 else error(404, "gone")
    )
    put = estate.put(NOMIS_PUT).respond(nomis_status or 200, json=error(500, "NOMIS down"))
    with pytest.raises(raised):
        dispatch(DOMAIN, sync, csip_event(UPDATED))
    assert put.call_count == (0 if nomis_status is None else 1)
    assert sink.events == [("csip-children-create-failed", WITH_NOMIS)]  # no reason, as upstream


def test_a_children_mapping_409_is_a_duplicate_alert_and_the_update_succeeds(
    sync, estate, sink, queue
):
    estate.get(MAPPING_GET).respond(200, json=mapping_body())
    estate.get(DPS_GET).respond(200, json=full_record())
    estate.put(NOMIS_PUT).respond(200, json=upsert_response(("FACTOR", 6111, FACTOR)))
    estate.post(CHILDREN_POST).respond(
        409,
        json=duplicate_mapping({"dpsId": FACTOR, "nomisId": 6111}, {"dpsId": FACTOR, "nomisId": 5}),
    )
    dispatch(DOMAIN, sync, csip_event(UPDATED))
    assert queue.sent == []
    assert sink.names() == [
        "csip-children-mapping-create-failed",
        "to-nomis-synch-csip-children-duplicate",
        "csip-children-create-success",
    ]
    name, dims = sink.alerts[0]
    assert name == "to-nomis-synch-csip-children-duplicate"
    assert (dims["duplicateNomisId"], dims["existingNomisId"]) == ("6111", "5")
    assert dims["dpsCSIPReportId"] == RECORD_UUID


def test_a_children_mapping_failure_queues_a_children_retry_and_the_update_succeeds(
    sync, estate, sink, queue
):
    estate.get(MAPPING_GET).respond(200, json=mapping_body())
    estate.get(DPS_GET).respond(200, json=full_record())
    put = estate.put(NOMIS_PUT).respond(200, json=upsert_response(("REVIEW", 6444, REVIEW)))
    estate.post(CHILDREN_POST).respond(500, json=error(500, "mapping down"))
    dispatch(DOMAIN, sync, csip_event(UPDATED))
    assert put.call_count == 1
    [message] = queue.sent
    inner = json.loads(json.loads(message.body)["Message"])
    assert inner["entityName"] == "csip-children"
    assert inner["mapping"] == mapping_body(reviewMappings=[child(6444, REVIEW)])
    assert inner["telemetryAttributes"] == WITH_NOMIS
    assert sink.names() == [
        "csip-children-mapping-create-failed",
        "csip-create-mapping-retry",
        "csip-children-create-success",
    ]


def test_a_children_mapping_that_cannot_be_queued_either_is_not_retried(sync, estate, queue):
    estate.get(MAPPING_GET).respond(200, json=mapping_body())
    estate.get(DPS_GET).respond(200, json=full_record())
    estate.put(NOMIS_PUT).respond(200, json=upsert_response(("REVIEW", 6444, REVIEW)))
    estate.post(CHILDREN_POST).respond(500, json=error(500, "mapping down"))
    queue.fail_sends = True
    with pytest.raises(NonRetryableError):
        dispatch(DOMAIN, sync, csip_event(UPDATED))


# --- deleted -----------------------------------------------------------------------------------


def test_delete_deletes_the_nomis_report_then_every_mapping(sync, estate, sink):
    estate.get(MAPPING_GET).respond(200, json=FULL_MAPPING)
    delete = estate.delete(NOMIS_DELETE).respond(204)
    unmap = estate.delete(MAPPING_GET).respond(204)
    dispatch(DOMAIN, sync, csip_event(DELETED))
    assert called(estate) == [
        ("GET", MAPPING_GET),
        ("DELETE", NOMIS_DELETE),
        ("DELETE", MAPPING_GET),
    ]
    assert delete.called and unmap.called  # no DPS call
    assert sink.events == [("csip-deleted-success", BASE)]


def test_delete_of_an_unmapped_report_is_skipped(sync, estate, sink):
    estate.get(MAPPING_GET).respond(404, json=error(404, "not found"))
    dispatch(DOMAIN, sync, csip_event(DELETED))
    assert called(estate) == [("GET", MAPPING_GET)]
    assert sink.events == [("csip-deleted-skipped", BASE)]


def test_a_nomis_failure_fails_the_delete_and_keeps_the_mapping(sync, estate, sink):
    estate.get(MAPPING_GET).respond(200, json=mapping_body())
    estate.delete(NOMIS_DELETE).respond(500, json=error(500, "NOMIS down"))
    unmap = estate.delete(MAPPING_GET).respond(204)
    with pytest.raises(ServerError):
        dispatch(DOMAIN, sync, csip_event(DELETED))
    assert not unmap.called
    assert sink.events == [("csip-deleted-failed", BASE)]


def test_a_mapping_delete_failure_is_only_reported(sync, estate, sink):
    estate.get(MAPPING_GET).respond(200, json=mapping_body())
    estate.delete(NOMIS_DELETE).respond(204)
    estate.delete(MAPPING_GET).respond(500, json=error(500, "mapping down"))
    dispatch(DOMAIN, sync, csip_event(DELETED))
    assert sink.events == [
        ("csip-mapping-deleted-failed", {"dpsCSIPReportId": RECORD_UUID}),
        ("csip-deleted-success", BASE),
    ]
