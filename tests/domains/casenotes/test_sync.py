"""Case note events: call sequences, NOMIS bodies field by field, telemetry.

Events are applied as a sync run applies them: `dispatch` triages the SQS body against the
domain's event table and calls the row's handler on the service `build_sync` wired.
"""

import json

import pytest

from dagster_project.domains.casenotes import DOMAIN
from dagster_project.domains.casenotes.events import (
    CaseNoteCreated,
    CaseNoteDeleted,
    CaseNoteUpdated,
)
from dagster_project.domains.casenotes.sync import CaseNotesSync
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.triage import Accepted, Poison, triage
from tests.domains.casenotes.payloads import (
    AMENDMENT,
    BASE,
    DPS_ID,
    OFFENDER,
    case_note_event,
    dps_case_note,
    mapping,
)
from tests.estate import dispatch
from tests.messages import retry_body
from tests.wire import duplicate_mapping, error, sent

CREATED = "person.case-note.created"
UPDATED = "person.case-note.updated"
DELETED = "person.case-note.deleted"

MAPPING_ALL = f"/mapping-api/mapping/casenotes/dps-casenote-id/{DPS_ID}/all"
MAPPING_DELETE = f"/mapping-api/mapping/casenotes/dps-casenote-id/{DPS_ID}"
MAPPING_POST = "/mapping-api/mapping/casenotes"
DPS_GET = f"/casenotes/case-notes/{OFFENDER}/{DPS_ID}"
NOMIS_POST = f"/nomis/prisoners/{OFFENDER}/casenotes"
CREATED_BODY = {
    "caseNoteType": "GEN",
    "caseNoteSubType": "OSE",
    "occurrenceDateTime": "2026-11-20T08:30:00",
    "creationDateTime": "2026-11-20T09:00:00",
    "authorUsername": "JBLOGGS",
    "caseNoteText": "Seen on the wing",
}
MAPPED = {
    "dpsCaseNoteId": DPS_ID,
    "nomisBookingId": "1234567",
    "nomisCaseNoteId": "9001",
    "offenderNo": OFFENDER,
    "mappingType": "DPS_CREATED",
}


def nomis_note(nomis_id: int) -> str:
    return f"/nomis/casenotes/{nomis_id}"


def called(estate) -> list[tuple[str, str]]:
    return [
        (call.request.method, call.request.url.path)
        for call in estate.calls
        if call.request.url.path != "/auth/oauth/token"
    ]


@pytest.fixture
def sync(wired) -> CaseNotesSync:
    return wired(DOMAIN)


# --- payloads ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "model", "handler"),
    [
        (CREATED, CaseNoteCreated, CaseNotesSync.created),
        (UPDATED, CaseNoteUpdated, CaseNotesSync.updated),
        (DELETED, CaseNoteDeleted, CaseNotesSync.deleted),
    ],
)
def test_each_event_type_has_its_payload_and_handler(event_type, model, handler):
    decision = triage(DOMAIN, case_note_event(event_type), frozenset())
    assert isinstance(decision, Accepted)
    assert isinstance(decision.payload, model)
    assert decision.handle is handler
    assert decision.entity_key == f"casenote:{DPS_ID}"
    assert decision.payload.telemetry() == BASE


def test_the_id_is_read_as_its_canonical_lower_case():
    decision = triage(DOMAIN, case_note_event(CREATED, dps_id=DPS_ID.upper()), frozenset())
    assert isinstance(decision, Accepted)
    assert decision.payload.dps_case_note_id == DPS_ID


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"personReference": {"identifiers": [{"type": "CRN", "value": "X1"}]}}, "NOMS"),
        ({"additionalInformation": {"id": "12"}}, "id"),
    ],
)
def test_an_unreadable_event_is_poison(change, reason):
    body = json.loads(json.loads(case_note_event(CREATED))["Message"])
    if "additionalInformation" in change:
        body["additionalInformation"].update(change["additionalInformation"])
    else:
        body.update(change)
    decision = triage(
        DOMAIN, json.dumps({"Type": "Notification", "Message": json.dumps(body)}), frozenset()
    )
    assert isinstance(decision, Poison) and reason in decision.reason


# --- not for NOMIS: ignored with no calls --------------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "name"),
    [
        (CREATED, "casenotes-create-ignored"),
        (UPDATED, "casenotes-amend-ignored"),
        (DELETED, "casenotes-deleted-ignored"),
    ],
)
@pytest.mark.parametrize(
    ("source", "sync_to_nomis"), [("NOMIS", True), ("DPS", False), ("NOMIS", False)]
)
def test_an_event_not_from_dps_for_nomis_is_ignored_without_any_call(
    sync, estate, sink, event_type, name, source, sync_to_nomis
):
    dispatch(DOMAIN, sync, case_note_event(event_type, source, sync_to_nomis))
    assert called(estate) == []
    assert sink.events == [(name, BASE)]


# --- created ------------------------------------------------------------------------------------


def test_created_writes_nomis_then_the_mapping(sync, estate, sink, queue):
    estate.get(MAPPING_ALL).respond(404, json=error(404, "not found"))
    estate.get(DPS_GET).respond(200, json=dps_case_note(amendments=[AMENDMENT]))
    nomis = estate.post(NOMIS_POST).respond(201, json={"id": 9001, "bookingId": 1234567})
    saved = estate.post(MAPPING_POST).respond(201)
    dispatch(DOMAIN, sync, case_note_event(CREATED))
    assert sent(nomis).body == CREATED_BODY  # amendments are not sent on create
    assert sent(saved).body == {
        "dpsCaseNoteId": DPS_ID,
        "nomisBookingId": 1234567,
        "nomisCaseNoteId": 9001,
        "offenderNo": OFFENDER,
        "mappingType": "DPS_CREATED",
    }
    assert called(estate) == [
        ("GET", MAPPING_ALL),
        ("GET", DPS_GET),
        ("POST", NOMIS_POST),
        ("POST", MAPPING_POST),
    ]
    assert sink.events == [("casenotes-create-success", {**BASE, **MAPPED})]
    assert queue.sent == []


@pytest.mark.parametrize("mappings", [[mapping()], [], [mapping(9001), mapping(9002)]])
def test_created_any_mapping_answer_is_a_duplicate_with_no_writes(sync, estate, sink, mappings):
    estate.get(MAPPING_ALL).respond(200, json=mappings)
    dispatch(DOMAIN, sync, case_note_event(CREATED))
    assert called(estate) == [("GET", MAPPING_ALL)]
    assert sink.events == [("casenotes-create-duplicate", BASE)]


@pytest.mark.parametrize(
    ("dps_status", "nomis_status", "writes"),
    [(404, None, 0), (500, None, 0), (200, 500, 1), (200, 404, 1)],
    ids=["dps-404", "dps-500", "nomis-500", "nomis-404"],
)
def test_created_fails_on_dps_or_nomis_error_with_no_mapping(
    sync, estate, sink, queue, dps_status, nomis_status, writes
):
    estate.get(MAPPING_ALL).respond(404, json=error(404, "not found"))
    dps_body = dps_case_note() if dps_status == 200 else error(dps_status, "dps says no")
    estate.get(DPS_GET).respond(dps_status, json=dps_body)
    nomis = estate.post(NOMIS_POST).respond(nomis_status or 201, json=error(500, "nomis says no"))
    saved = estate.post(MAPPING_POST).respond(201)
    with pytest.raises(Exception, match="says no"):
        dispatch(DOMAIN, sync, case_note_event(CREATED))
    assert nomis.call_count == writes and not saved.called
    failed = sink.one("casenotes-create-failed")
    assert {k: failed[k] for k in BASE} == BASE and "says no" in failed["reason"]
    assert sink.names() == ["casenotes-create-failed"]
    assert queue.sent == []


def test_created_mapping_409_alerts_a_duplicate_and_queues_no_retry(sync, estate, sink, queue):
    estate.get(MAPPING_ALL).respond(404, json=error(404, "not found"))
    estate.get(DPS_GET).respond(200, json=dps_case_note())
    estate.post(NOMIS_POST).respond(201, json={"id": 9001, "bookingId": 1234567})
    estate.post(MAPPING_POST).respond(
        409, json=duplicate_mapping(mapping(), mapping(nomis_id=8000))
    )
    dispatch(DOMAIN, sync, case_note_event(CREATED))
    assert sink.names() == ["casenotes-mapping-create-failed", "to-nomis-synch-casenotes-duplicate"]
    name, dims = sink.alerts[0]
    assert name == "to-nomis-synch-casenotes-duplicate"
    assert dims["existingNomisCaseNoteId"] == "8000"
    assert dims["duplicateNomisCaseNoteId"] == "9001"
    assert dims["dpsCaseNoteId"] == DPS_ID
    assert queue.sent == []


def test_created_mapping_failure_queues_a_retry_and_never_repeats_the_nomis_write(
    sync, estate, sink, queue
):
    estate.get(MAPPING_ALL).respond(404, json=error(404, "not found"))
    estate.get(DPS_GET).respond(200, json=dps_case_note())
    nomis = estate.post(NOMIS_POST).respond(201, json={"id": 9001, "bookingId": 1234567})
    estate.post(MAPPING_POST).respond(500, json=error(500, "mapping down"))
    dispatch(DOMAIN, sync, case_note_event(CREATED))
    assert nomis.call_count == 1
    assert len(queue.sent) == 1
    message = queue.sent[0]
    assert (message.domain, message.event_type) == ("casenotes", "RETRY_CREATE_MAPPING")
    inner = json.loads(json.loads(message.body)["Message"])
    assert inner["entityName"] == "casenotes"
    assert inner["mapping"] == {
        "dpsCaseNoteId": DPS_ID,
        "nomisBookingId": 1234567,
        "nomisCaseNoteId": 9001,
        "offenderNo": OFFENDER,
        "mappingType": "DPS_CREATED",
    }
    assert inner["telemetryAttributes"] == {**BASE, **MAPPED}
    assert sink.one("casenotes-create-mapping-retry")["messageId"] == "sent-1"
    assert "mapping down" in sink.one("casenotes-mapping-create-failed")["reason"]
    assert "casenotes-create-success" not in sink.names()


def test_retry_message_reposts_the_carried_mapping_and_reports_create_success(sync, estate, sink):
    post = estate.post(MAPPING_POST).respond(201)
    decision = triage(DOMAIN, retry_body(mapping(), entity="casenotes"), frozenset())
    assert isinstance(decision, Accepted) and decision.retry is not None
    carried = {**BASE, **MAPPED}
    sync.retry_create_mapping(
        RetryMappingMessage(mapping=decision.retry.mapping, telemetry_attributes=carried)
    )
    assert sent(post).body == mapping()
    assert called(estate) == [("POST", MAPPING_POST)]
    assert sink.events == [("casenotes-create-success", carried)]


def test_retry_failure_is_raised(sync, estate, sink):
    estate.post(MAPPING_POST).respond(500, json=error(500, "still down"))
    with pytest.raises(Exception, match="still down"):
        sync.retry_create_mapping(RetryMappingMessage(mapping=mapping()))
    assert sink.events == []


# --- updated ------------------------------------------------------------------------------------


def update_body(amendments: list[dict] | None = None) -> dict:
    return {"text": "Seen on the wing", "amendments": amendments or []}


@pytest.mark.parametrize("copies", [1, 2, 3])
def test_updated_rewrites_every_mapped_copy_with_text_and_amendments(sync, estate, sink, copies):
    mappings = [mapping(9000 + i, 1234560 + i) for i in range(1, copies + 1)]
    estate.get(MAPPING_ALL).respond(200, json=mappings)
    estate.get(DPS_GET).respond(200, json=dps_case_note(amendments=[AMENDMENT]))
    puts = [estate.put(nomis_note(9000 + i)).respond(200) for i in range(1, copies + 1)]
    dispatch(DOMAIN, sync, case_note_event(UPDATED))
    for put in puts:
        assert sent(put).body == update_body(
            [
                {
                    "text": "Later: all fine",
                    "authorUsername": "ASMITH",
                    "createdDateTime": "2026-11-21T10:00:00",
                }
            ]
        )
    assert called(estate) == [("GET", MAPPING_ALL), ("GET", DPS_GET)] + [
        ("PUT", nomis_note(9000 + i)) for i in range(1, copies + 1)
    ]
    expected = dict(BASE)
    for i in range(1, copies + 1):
        expected[f"nomisBookingId-{i}"] = str(1234560 + i)
        expected[f"nomisCaseNoteId-{i}"] = str(9000 + i)
    assert sink.events == [("casenotes-amend-success", expected)]


def test_updated_with_no_mapping_fails_without_reading_dps(sync, estate, sink):
    estate.get(MAPPING_ALL).respond(404, json=error(404, "not found"))
    dps = estate.get(DPS_GET).respond(200, json=dps_case_note())
    with pytest.raises(LookupError, match="no mapping"):
        dispatch(DOMAIN, sync, case_note_event(UPDATED))
    assert not dps.called
    assert sink.events == [("casenotes-amend-failed", BASE)]


@pytest.mark.parametrize("status", [404, 500])
def test_updated_dps_error_fails_with_no_nomis_write(sync, estate, sink, status):
    estate.get(MAPPING_ALL).respond(200, json=[mapping()])
    estate.get(DPS_GET).respond(status, json=error(status, "dps says no"))
    put = estate.put(nomis_note(9001)).respond(200)
    with pytest.raises(Exception, match="dps says no"):
        dispatch(DOMAIN, sync, case_note_event(UPDATED))
    assert not put.called
    assert sink.events == [("casenotes-amend-failed", BASE)]


def test_updated_nomis_error_on_the_second_copy_reports_the_keys_so_far(sync, estate, sink):
    estate.get(MAPPING_ALL).respond(200, json=[mapping(9001, 1), mapping(9002, 2)])
    estate.get(DPS_GET).respond(200, json=dps_case_note())
    estate.put(nomis_note(9001)).respond(200)
    estate.put(nomis_note(9002)).respond(500, json=error(500, "nomis down"))
    with pytest.raises(Exception, match="nomis down"):
        dispatch(DOMAIN, sync, case_note_event(UPDATED))
    assert sink.events == [
        (
            "casenotes-amend-failed",
            {
                **BASE,
                "nomisBookingId-1": "1",
                "nomisCaseNoteId-1": "9001",
                "nomisBookingId-2": "2",
                "nomisCaseNoteId-2": "9002",
            },
        )
    ]


def test_updated_amendment_without_a_date_fails(sync, estate, sink):
    estate.get(MAPPING_ALL).respond(200, json=[mapping()])
    undated = {k: v for k, v in AMENDMENT.items() if k != "creationDateTime"}
    estate.get(DPS_GET).respond(200, json=dps_case_note(amendments=[undated]))
    put = estate.put(nomis_note(9001)).respond(200)
    with pytest.raises(ValueError, match="no date"):
        dispatch(DOMAIN, sync, case_note_event(UPDATED))
    assert not put.called
    assert sink.names() == ["casenotes-amend-failed"]


# --- deleted ------------------------------------------------------------------------------------


@pytest.mark.parametrize("copies", [0, 1, 2])
def test_deleted_removes_every_copy_then_the_mapping(sync, estate, sink, copies):
    mappings = [mapping(9000 + i, 100 + i) for i in range(1, copies + 1)]
    estate.get(MAPPING_ALL).respond(200, json=mappings)
    deletes = [estate.delete(nomis_note(9000 + i)).respond(204) for i in range(1, copies + 1)]
    gone = estate.delete(MAPPING_DELETE).respond(204)
    dispatch(DOMAIN, sync, case_note_event(DELETED))
    assert all(d.call_count == 1 for d in deletes) and gone.call_count == 1
    assert called(estate) == (
        [("GET", MAPPING_ALL)]
        + [("DELETE", nomis_note(9000 + i)) for i in range(1, copies + 1)]
        + [("DELETE", MAPPING_DELETE)]
    )
    expected = dict(BASE)
    for i in range(1, copies + 1):
        expected[f"nomisBookingId-{i}"] = str(100 + i)
        expected[f"nomisCaseNoteId-{i}"] = str(9000 + i)
    assert sink.events == [("casenotes-deleted-success", expected)]


def test_deleted_with_no_mapping_is_skipped(sync, estate, sink):
    estate.get(MAPPING_ALL).respond(404, json=error(404, "not found"))
    dispatch(DOMAIN, sync, case_note_event(DELETED))
    assert called(estate) == [("GET", MAPPING_ALL)]
    assert sink.events == [("casenotes-deleted-skipped", BASE)]


def test_deleted_a_copy_nomis_no_longer_has_is_already_deleted(sync, estate, sink):
    estate.get(MAPPING_ALL).respond(200, json=[mapping(9001, 1), mapping(9002, 2)])
    estate.delete(nomis_note(9001)).respond(404, json=error(404, "no such note"))
    second = estate.delete(nomis_note(9002)).respond(204)
    estate.delete(MAPPING_DELETE).respond(204)
    dispatch(DOMAIN, sync, case_note_event(DELETED))
    assert second.called
    assert sink.names() == ["casenotes-deleted-success"]


def test_deleted_nomis_error_fails_and_keeps_the_mapping(sync, estate, sink):
    estate.get(MAPPING_ALL).respond(200, json=[mapping()])
    estate.delete(nomis_note(9001)).respond(500, json=error(500, "nomis down"))
    gone = estate.delete(MAPPING_DELETE).respond(204)
    with pytest.raises(Exception, match="nomis down"):
        dispatch(DOMAIN, sync, case_note_event(DELETED))
    assert not gone.called
    assert sink.events == [
        (
            "casenotes-deleted-failed",
            {**BASE, "nomisBookingId-1": "1234567", "nomisCaseNoteId-1": "9001"},
        )
    ]


def test_deleted_mapping_lookup_error_fails(sync, estate, sink):
    estate.get(MAPPING_ALL).respond(500, json=error(500, "mapping down"))
    with pytest.raises(Exception, match="mapping down"):
        dispatch(DOMAIN, sync, case_note_event(DELETED))
    assert sink.events == [("casenotes-deleted-failed", BASE)]


def test_deleted_mapping_delete_failure_is_swallowed(sync, estate, sink):
    estate.get(MAPPING_ALL).respond(200, json=[mapping()])
    estate.delete(nomis_note(9001)).respond(204)
    estate.delete(MAPPING_DELETE).respond(500, json=error(500, "mapping down"))
    dispatch(DOMAIN, sync, case_note_event(DELETED))
    assert sink.names() == ["casenotes-mapping-deleted-failed", "casenotes-deleted-success"]
    assert sink.one("casenotes-mapping-deleted-failed") == {"dpsCaseNoteId": DPS_ID}
