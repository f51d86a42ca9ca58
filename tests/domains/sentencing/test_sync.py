"""Sentencing adjustment events: call sequences, NOMIS bodies field by field, telemetry.

Events are applied as a sync run applies them: `dispatch` triages the SQS body against the
domain's event table and calls the row's handler on the service `build_sync` wired.
"""

import datetime as dt
import json
from typing import Any

import pytest

from dagster_project.domains.sentencing import DOMAIN
from dagster_project.domains.sentencing.dps import LEGACY_CONTENT_TYPE, AdjustmentsClient
from dagster_project.domains.sentencing.events import (
    AdjustmentDeleted,
    AdjustmentInserted,
    AdjustmentUpdated,
)
from dagster_project.domains.sentencing.mapping import NomisAdjustmentMappingClient
from dagster_project.domains.sentencing.nomis import NomisAdjustmentsClient
from dagster_project.domains.sentencing.sync import AdjustmentsSync
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.errors import NonRetryableError
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.triage import Accepted, Ignored, Poison, triage
from tests.domains.sentencing.payloads import (
    ADJUSTMENT_ID,
    KEY_DATE_ADJUSTMENT,
    OFFENDER,
    SENTENCE_ADJUSTMENT,
    adjustment_mapping,
)
from tests.estate import dispatch
from tests.messages import event, retry_body, sns_body, visit_event
from tests.wire import duplicate_mapping, error, sent

TODAY = dt.date(2026, 11, 21)
BASE = {"adjustmentId": ADJUSTMENT_ID, "offenderNo": OFFENDER}

INSERTED = "release-date-adjustments.adjustment.inserted"
UPDATED = "release-date-adjustments.adjustment.updated"
DELETED = "release-date-adjustments.adjustment.deleted"

MAPPING_GET = f"/mapping-api/mapping/sentencing/adjustments/adjustment-id/{ADJUSTMENT_ID}"
MAPPING_POST = "/mapping-api/mapping/sentencing/adjustments"
DPS_GET = f"/adjustments/legacy/adjustments/{ADJUSTMENT_ID}"
NOMIS_KEY_DATE_POST = "/nomis/prisoners/booking-id/1234567/adjustments"
NOMIS_SENTENCE_POST = "/nomis/prisoners/booking-id/1234567/sentences/2/adjustments"


def adjustment_event(event_type: str, source: str = "DPS", **info: Any) -> str:
    details = {"id": ADJUSTMENT_ID, "offenderNo": OFFENDER, "source": source, **info}
    return sns_body(event(event_type, details))


def accepted(body: str) -> Accepted:
    decision = triage(DOMAIN, body, frozenset())
    assert isinstance(decision, Accepted), decision
    return decision


def payload(body: str) -> Any:
    return accepted(body).payload


def called(estate) -> list[tuple[str, str]]:
    """(method, path) of every API call in order, token requests left out."""
    return [
        (call.request.method, call.request.url.path)
        for call in estate.calls
        if call.request.url.path != "/auth/oauth/token"
    ]


@pytest.fixture
def sync(wired) -> AdjustmentsSync:
    return wired(DOMAIN)


@pytest.fixture
def dated(nomis, mapping, dps, telemetry, queue) -> AdjustmentsSync:
    """The service with a fixed `today`, built by hand on the clients `build_sync` would make."""
    retry = MappingRetryQueue(queue, DOMAIN.name, DOMAIN.telemetry_prefix, telemetry)
    return AdjustmentsSync(nomis, mapping, dps, telemetry, retry, today=lambda: TODAY)


# --- payloads ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "model", "handler"),
    [
        (INSERTED, AdjustmentInserted, AdjustmentsSync.inserted),
        (UPDATED, AdjustmentUpdated, AdjustmentsSync.updated),
        (DELETED, AdjustmentDeleted, AdjustmentsSync.deleted),
    ],
)
def test_each_event_type_has_its_payload_and_handler(event_type, model, handler):
    decision = accepted(adjustment_event(event_type))
    assert isinstance(decision.payload, model)
    assert decision.handle is handler
    assert decision.entity_key == f"adjustment:{ADJUSTMENT_ID}"
    assert decision.payload.telemetry() == BASE


@pytest.mark.parametrize(
    ("info", "reason"),
    [
        ({"id": ADJUSTMENT_ID, "offenderNo": OFFENDER}, "source"),
        ({"id": "12345", "offenderNo": OFFENDER, "source": "DPS"}, "id"),
        ({"id": ADJUSTMENT_ID, "source": "DPS"}, "offenderNo"),
    ],
)
def test_an_event_missing_a_required_field_is_poison(info, reason):
    decision = triage(DOMAIN, sns_body(event(INSERTED, info)), frozenset())
    assert isinstance(decision, Poison) and reason in decision.reason


def test_a_retry_message_is_keyed_by_its_mapping():
    body = retry_body(adjustment_mapping(), entity="sentencing-adjustment")
    decision = accepted(body)
    assert decision.retry is not None and decision.entity_key.startswith("retry:")


# --- created in NOMIS: ignored with no calls -----------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "name"),
    [
        (INSERTED, "sentencing-adjustment-create-ignored"),
        (UPDATED, "sentencing-adjustment-updated-ignored"),
        (DELETED, "sentencing-adjustment-deleted-ignored"),
    ],
)
def test_an_event_from_nomis_is_ignored_without_any_call(sync, estate, sink, event_type, name):
    dispatch(DOMAIN, sync, adjustment_event(event_type, source="NOMIS"))
    assert called(estate) == []
    assert sink.events == [(name, BASE)]


# --- inserted -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dps_body", "nomis_path", "category", "expected"),
    [
        pytest.param(
            KEY_DATE_ADJUSTMENT,
            NOMIS_KEY_DATE_POST,
            "KEY-DATE",
            {
                "adjustmentTypeCode": "UAL",
                "adjustmentDate": "2026-11-20",
                "adjustmentFromDate": "2026-10-01",
                "adjustmentDays": 3,
                "comment": "Absconded",
            },
            id="key-date",
        ),
        pytest.param(
            {**KEY_DATE_ADJUSTMENT, "adjustmentDate": None, "adjustmentFromDate": None},
            NOMIS_KEY_DATE_POST,
            "KEY-DATE",
            {
                "adjustmentTypeCode": "UAL",
                "adjustmentDate": "2026-11-21",
                "adjustmentFromDate": "2026-11-21",
                "adjustmentDays": 3,
                "comment": "Absconded",
            },
            id="key-date-dates-default-to-today",
        ),
        pytest.param(
            {**KEY_DATE_ADJUSTMENT, "adjustmentFromDate": None, "comment": None},
            NOMIS_KEY_DATE_POST,
            "KEY-DATE",
            {
                "adjustmentTypeCode": "UAL",
                "adjustmentDate": "2026-11-20",
                "adjustmentFromDate": "2026-11-20",
                "adjustmentDays": 3,
            },
            id="key-date-from-date-defaults-to-adjustment-date",
        ),
        pytest.param(
            SENTENCE_ADJUSTMENT,
            NOMIS_SENTENCE_POST,
            "SENTENCE",
            {
                "adjustmentTypeCode": "RX",
                "adjustmentDate": "2026-11-20",
                "adjustmentFromDate": "2026-10-01",
                "adjustmentDays": 12,
                "comment": "Remand",
            },
            id="sentence",
        ),
        pytest.param(
            {**SENTENCE_ADJUSTMENT, "adjustmentDate": None, "adjustmentFromDate": None},
            NOMIS_SENTENCE_POST,
            "SENTENCE",
            {
                "adjustmentTypeCode": "RX",
                "adjustmentDate": "2026-11-21",
                "adjustmentDays": 12,
                "comment": "Remand",
            },
            id="sentence-from-date-left-empty",
        ),
    ],
)
def test_inserted_creates_the_nomis_adjustment_then_the_mapping(
    dated, estate, sink, dps_body, nomis_path, category, expected
):
    estate.get(MAPPING_GET).respond(404, json={"status": 404})
    dps_get = estate.get(DPS_GET).respond(200, json=dps_body)
    nomis = estate.post(nomis_path).respond(201, json={"id": 9001})
    mapping = estate.post(MAPPING_POST).respond(201)
    dispatch(DOMAIN, dated, adjustment_event(INSERTED))
    assert sent(nomis).body == expected
    assert sent(dps_get).headers["Content-Type"] == LEGACY_CONTENT_TYPE
    assert sent(mapping).body == {
        "nomisAdjustmentId": 9001,
        "nomisAdjustmentCategory": category,
        "adjustmentId": ADJUSTMENT_ID,
        "mappingType": "SENTENCING_CREATED",
    }
    assert called(estate) == [
        ("GET", MAPPING_GET),
        ("GET", DPS_GET),
        ("POST", nomis_path),
        ("POST", MAPPING_POST),
    ]
    assert sink.events == [
        (
            "sentencing-adjustment-create-success",
            {
                **BASE,
                "nomisAdjustmentId": "9001",
                "nomisAdjustmentCategory": category,
                "adjustmentId": ADJUSTMENT_ID,
                "mappingType": "SENTENCING_CREATED",
            },
        )
    ]


def test_any_source_but_nomis_is_processed(sync, estate, sink):
    estate.get(MAPPING_GET).respond(404, json={"status": 404})
    estate.get(DPS_GET).respond(200, json=KEY_DATE_ADJUSTMENT)
    estate.post(NOMIS_KEY_DATE_POST).respond(201, json={"id": 9001})
    estate.post(MAPPING_POST).respond(201)
    dispatch(DOMAIN, sync, adjustment_event(INSERTED, source="nomis"))
    assert sink.names() == ["sentencing-adjustment-create-success"]


@pytest.mark.parametrize("mapping_type", ["SENTENCING_CREATED", "MIGRATED", "NOMIS_CREATED"])
def test_inserted_already_mapped_is_a_duplicate_with_no_writes(sync, estate, sink, mapping_type):
    estate.get(MAPPING_GET).respond(200, json={**adjustment_mapping(), "mappingType": mapping_type})
    dispatch(DOMAIN, sync, adjustment_event(INSERTED))
    assert called(estate) == [("GET", MAPPING_GET)]
    assert sink.events == [("sentencing-adjustment-create-duplicate", BASE)]


def test_inserted_after_dps_deleted_it_is_skipped_and_ignored(sync, estate, sink):
    estate.get(MAPPING_GET).respond(404, json={"status": 404})
    estate.get(DPS_GET).respond(404, json={"status": 404})
    dispatch(DOMAIN, sync, adjustment_event(INSERTED))
    assert called(estate) == [("GET", MAPPING_GET), ("GET", DPS_GET)]
    assert sink.events == [
        ("sentencing-adjustment-create-skipped", BASE),
        ("sentencing-adjustment-create-ignored", BASE),
    ]


@pytest.mark.parametrize(
    ("dps_status", "nomis_status", "dps_body", "reason"),
    [
        pytest.param(503, None, KEY_DATE_ADJUSTMENT, "HTTP 503", id="dps-error"),
        pytest.param(200, 500, KEY_DATE_ADJUSTMENT, "db down", id="nomis-error"),
        pytest.param(
            200,
            None,
            {**SENTENCE_ADJUSTMENT, "sentenceSequence": None},
            "adjustment_type_code",
            id="sentence-type-without-a-sentence",
        ),
        pytest.param(
            200,
            None,
            {**KEY_DATE_ADJUSTMENT, "sentenceSequence": 2},
            "adjustment_type_code",
            id="key-date-type-with-a-sentence",
        ),
    ],
)
def test_inserted_failure_is_reported_and_raised_for_retry(
    sync, estate, sink, queue, dps_status, nomis_status, dps_body, reason
):
    estate.get(MAPPING_GET).respond(404, json={"status": 404})
    estate.get(DPS_GET).respond(dps_status, json=dps_body if dps_status == 200 else {"status": 503})
    key_date = estate.post(NOMIS_KEY_DATE_POST).respond(
        nomis_status or 201, json=error(500, "db down")
    )
    sentence = estate.post(NOMIS_SENTENCE_POST).respond(201, json={"id": 1})
    mapping = estate.post(MAPPING_POST).respond(201)
    with pytest.raises(Exception, match=reason):
        dispatch(DOMAIN, sync, adjustment_event(INSERTED))
    failed = sink.one("sentencing-adjustment-create-failed")
    assert reason in failed.pop("reason") and failed == BASE
    assert key_date.call_count == (1 if nomis_status else 0)  # a POST is never retried blindly
    assert not sentence.called and not mapping.called and queue.sent == []


def test_mapping_conflict_raises_the_duplicate_alert_and_is_not_retried(sync, estate, sink, queue):
    estate.get(MAPPING_GET).respond(404, json={"status": 404})
    estate.get(DPS_GET).respond(200, json=SENTENCE_ADJUSTMENT)
    estate.post(NOMIS_SENTENCE_POST).respond(201, json={"id": 9001})
    existing_id = "0a0b0c0d-1111-2222-3333-444455556666"
    estate.post(MAPPING_POST).respond(
        409,
        json=duplicate_mapping(
            {**adjustment_mapping(9001, "SENTENCE"), "whenCreated": None},
            {**adjustment_mapping(9001, "SENTENCE"), "adjustmentId": existing_id},
        ),
    )
    dispatch(DOMAIN, sync, adjustment_event(INSERTED))
    assert sink.names() == [
        "sentencing-adjustment-mapping-create-failed",
        "to-nomis-synch-sentencing-adjustment-duplicate",
    ]
    alert_name, dims = sink.alerts[0]
    assert alert_name == "to-nomis-synch-sentencing-adjustment-duplicate"
    assert dims["existingAdjustmentId"] == existing_id
    assert dims["existingNomisAdjustmentId"] == "9001"
    assert dims["existingNomisAdjustmentCategory"] == "SENTENCE"
    assert dims["duplicateAdjustmentId"] == ADJUSTMENT_ID
    assert dims["offenderNo"] == OFFENDER
    assert queue.sent == []


def test_mapping_failure_queues_a_retry_and_never_repeats_the_nomis_write(
    sync, estate, sink, queue
):
    estate.get(MAPPING_GET).respond(404, json={"status": 404})
    estate.get(DPS_GET).respond(200, json=KEY_DATE_ADJUSTMENT)
    nomis = estate.post(NOMIS_KEY_DATE_POST).respond(201, json={"id": 9001})
    estate.post(MAPPING_POST).respond(500, json=error(500, "mapping down"))
    dispatch(DOMAIN, sync, adjustment_event(INSERTED))
    assert nomis.call_count == 1
    assert len(queue.sent) == 1
    message = queue.sent[0]
    assert (message.domain, message.event_type) == ("sentencing", "RETRY_CREATE_MAPPING")
    envelope = json.loads(message.body)
    inner = json.loads(envelope["Message"])
    assert envelope["Type"] == "RETRY_CREATE_MAPPING"
    assert inner["entityName"] == "sentencing-adjustment"
    assert inner["mapping"] == {
        "nomisAdjustmentId": 9001,
        "nomisAdjustmentCategory": "KEY-DATE",
        "adjustmentId": ADJUSTMENT_ID,
        "mappingType": "SENTENCING_CREATED",
    }
    assert inner["telemetryAttributes"]["offenderNo"] == OFFENDER
    assert sink.one("sentencing-create-mapping-retry")["messageId"] == "sent-1"
    assert "mapping down" in sink.one("sentencing-adjustment-mapping-create-failed")["reason"]
    assert "sentencing-adjustment-create-success" not in sink.names()


def test_retry_message_reposts_the_carried_mapping_and_reports_create_success(sync, estate, sink):
    post = estate.post(MAPPING_POST).respond(201)
    carried = {**BASE, "nomisAdjustmentId": "9001", "mappingType": "SENTENCING_CREATED"}
    retry = RetryMappingMessage(
        mapping={
            "nomisAdjustmentId": 9001,
            "nomisAdjustmentCategory": "SENTENCE",
            "adjustmentId": ADJUSTMENT_ID,
            "mappingType": "SENTENCING_CREATED",
        },
        telemetry_attributes=carried,
        entity_name="sentencing-adjustment",
    )
    sync.retry_create_mapping(retry)
    assert sent(post).body == retry.mapping
    assert called(estate) == [("POST", MAPPING_POST)]
    assert sink.events == [("sentencing-adjustment-create-success", carried)]


def test_retry_from_the_queue_round_trips(sync, estate, sink):
    post = estate.post(MAPPING_POST).respond(201)
    decision = accepted(
        retry_body(adjustment_mapping(7, "KEY-DATE"), entity="sentencing-adjustment")
    )
    assert decision.retry is not None
    sync.retry_create_mapping(decision.retry)
    assert sent(post).body == {
        "nomisAdjustmentId": 7,
        "nomisAdjustmentCategory": "KEY-DATE",
        "adjustmentId": ADJUSTMENT_ID,
        "mappingType": "SENTENCING_CREATED",
    }
    assert sink.names() == ["sentencing-adjustment-create-success"]


def test_retry_failure_is_raised(sync, estate, sink):
    estate.post(MAPPING_POST).respond(500, json={"status": 500})
    retry = RetryMappingMessage(mapping=adjustment_mapping())
    with pytest.raises(Exception, match="500"):
        sync.retry_create_mapping(retry)
    assert sink.events == []


# --- updated --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dps_body", "category", "nomis_path", "expected"),
    [
        pytest.param(
            {**KEY_DATE_ADJUSTMENT, "adjustmentFromDate": None},
            "KEY-DATE",
            "/nomis/key-date-adjustments/9001",
            {
                "adjustmentTypeCode": "UAL",
                "adjustmentDate": "2026-11-20",
                "adjustmentFromDate": "2026-11-20",
                "adjustmentDays": 3,
                "comment": "Absconded",
            },
            id="key-date",
        ),
        pytest.param(
            {**SENTENCE_ADJUSTMENT, "adjustmentDate": None},
            "SENTENCE",
            "/nomis/sentence-adjustments/9001",
            {
                "adjustmentTypeCode": "RX",
                "adjustmentDate": "2026-11-21",
                "adjustmentFromDate": "2026-10-01",
                "adjustmentDays": 12,
                "comment": "Remand",
                "sentenceSequence": 2,
            },
            id="sentence",
        ),
    ],
)
def test_updated_overwrites_the_mapped_nomis_adjustment(
    dated, estate, sink, dps_body, category, nomis_path, expected
):
    estate.get(MAPPING_GET).respond(200, json=adjustment_mapping(9001, category))
    estate.get(DPS_GET).respond(200, json=dps_body)
    put = estate.put(nomis_path).respond(200)
    dispatch(DOMAIN, dated, adjustment_event(UPDATED))
    assert sent(put).body == expected  # `active` is never sent for an event
    assert sink.events == [
        ("sentencing-adjustment-updated-success", {**BASE, "nomisAdjustmentId": "9001"})
    ]


def test_updated_when_both_mapping_and_dps_are_gone_is_skipped(sync, estate, sink):
    estate.get(MAPPING_GET).respond(404, json={"status": 404})
    estate.get(DPS_GET).respond(404, json={"status": 404})
    dispatch(DOMAIN, sync, adjustment_event(UPDATED))
    assert called(estate) == [("GET", MAPPING_GET), ("GET", DPS_GET)]
    assert sink.events == [("sentencing-adjustment-updated-skipped", BASE)]


@pytest.mark.parametrize(
    ("mapping_status", "dps_status", "missing"),
    [(404, 200, "mapping"), (200, 404, "DPS adjustment")],
)
def test_updated_with_only_one_side_present_fails_for_retry(
    sync, estate, sink, mapping_status, dps_status, missing
):
    estate.get(MAPPING_GET).respond(mapping_status, json=adjustment_mapping())
    estate.get(DPS_GET).respond(dps_status, json=KEY_DATE_ADJUSTMENT)
    with pytest.raises(LookupError, match=missing):
        dispatch(DOMAIN, sync, adjustment_event(UPDATED))
    assert called(estate) == [("GET", MAPPING_GET), ("GET", DPS_GET)]
    failed = sink.one("sentencing-adjustment-updated-failed")
    assert missing in failed["reason"] and failed["offenderNo"] == OFFENDER


def test_updated_nomis_error_fails_for_retry(sync, estate, sink):
    estate.get(MAPPING_GET).respond(200, json=adjustment_mapping(9001, "KEY-DATE"))
    estate.get(DPS_GET).respond(200, json=KEY_DATE_ADJUSTMENT)
    estate.put("/nomis/key-date-adjustments/9001").respond(500, json=error(500, "db down"))
    with pytest.raises(Exception, match="db down"):
        dispatch(DOMAIN, sync, adjustment_event(UPDATED))
    failed = sink.one("sentencing-adjustment-updated-failed")
    assert failed["nomisAdjustmentId"] == "9001" and "db down" in failed["reason"]
    assert "sentencing-adjustment-updated-success" not in sink.names()


@pytest.mark.parametrize("mapping_type", ["SENTENCING_CREATED", "MIGRATED", "NOMIS_CREATED"])
def test_a_key_date_adjustment_updated_in_dps_updates_the_nomis_key_date_adjustment(
    sync, estate, sink, mapping_type
):
    """No sentence sequence in DPS + a KEY-DATE mapping (however made): the key-date PUT."""
    estate.get(MAPPING_GET).respond(
        200, json={**adjustment_mapping(9001, "KEY-DATE"), "mappingType": mapping_type}
    )
    estate.get(DPS_GET).respond(200, json={**KEY_DATE_ADJUSTMENT, "adjustmentDays": 8})
    put = estate.put("/nomis/key-date-adjustments/9001").respond(200)
    dispatch(DOMAIN, sync, adjustment_event(UPDATED))
    assert called(estate) == [
        ("GET", MAPPING_GET),
        ("GET", DPS_GET),
        ("PUT", "/nomis/key-date-adjustments/9001"),
    ]
    assert sent(put).body["adjustmentDays"] == 8 and "sentenceSequence" not in sent(put).body
    assert sink.names() == ["sentencing-adjustment-updated-success"]


@pytest.mark.parametrize(
    ("mapped", "dps", "message"),
    [
        (
            "KEY-DATE",
            SENTENCE_ADJUSTMENT,
            "now a SENTENCE adjustment but is mapped to NOMIS KEY-DATE",
        ),
        (
            "SENTENCE",
            KEY_DATE_ADJUSTMENT,
            "now a KEY-DATE adjustment but is mapped to NOMIS SENTENCE",
        ),
    ],
    ids=["gained-a-sentence", "lost-its-sentence"],
)
def test_updated_whose_category_changed_is_refused_without_writing(
    sync, estate, sink, mapped, dps, message
):
    estate.get(MAPPING_GET).respond(200, json=adjustment_mapping(9001, mapped))
    estate.get(DPS_GET).respond(200, json=dps)
    with pytest.raises(NonRetryableError, match=message):
        dispatch(DOMAIN, sync, adjustment_event(UPDATED))
    assert called(estate) == [("GET", MAPPING_GET), ("GET", DPS_GET)]
    assert message in sink.one("sentencing-adjustment-updated-failed")["reason"]


@pytest.mark.parametrize(
    ("flags", "active"),
    [({"force_status": True}, False), ({"set_active": True}, True)],
)
def test_a_repair_update_can_send_the_active_flag(sync, estate, flags, active):
    estate.get(MAPPING_GET).respond(200, json=adjustment_mapping(9001, "SENTENCE"))
    estate.get(DPS_GET).respond(200, json=SENTENCE_ADJUSTMENT)  # DPS active: false
    put = estate.put("/nomis/sentence-adjustments/9001").respond(200)
    sync.updated(payload(adjustment_event(UPDATED)), **flags)
    assert sent(put).body["active"] is active


# --- deleted --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "nomis_path"),
    [
        ("SENTENCE", "/nomis/sentence-adjustments/9001"),
        ("KEY-DATE", "/nomis/key-date-adjustments/9001"),
    ],
)
def test_deleted_removes_the_nomis_adjustment_then_the_mapping(
    sync, estate, sink, category, nomis_path
):
    estate.get(MAPPING_GET).respond(200, json=adjustment_mapping(9001, category))
    estate.delete(nomis_path).respond(204)
    estate.delete(MAPPING_GET).respond(204)
    dispatch(DOMAIN, sync, adjustment_event(DELETED))
    assert called(estate) == [
        ("GET", MAPPING_GET),
        ("DELETE", nomis_path),
        ("DELETE", MAPPING_GET),
    ]
    assert sink.events == [
        (
            "sentencing-adjustment-deleted-success",
            {**BASE, "nomisAdjustmentId": "9001", "nomisAdjustmentCategory": category},
        )
    ]


def test_deleted_without_a_mapping_is_ignored_and_reported_as_success(sync, estate, sink):
    estate.get(MAPPING_GET).respond(404, json={"status": 404})
    dispatch(DOMAIN, sync, adjustment_event(DELETED))
    assert called(estate) == [("GET", MAPPING_GET)]  # DPS is never asked on delete
    assert sink.events == [
        ("sentencing-adjustment-deleted-ignored", {**BASE, "reason": "mapping-already-deleted"}),
        ("sentencing-adjustment-deleted-success", BASE),
    ]


def test_deleted_nomis_failure_keeps_the_mapping(sync, estate, sink):
    estate.get(MAPPING_GET).respond(200, json=adjustment_mapping(9001, "SENTENCE"))
    estate.delete("/nomis/sentence-adjustments/9001").respond(500, json=error(500, "db down"))
    mapping_delete = estate.delete(MAPPING_GET).respond(204)
    with pytest.raises(Exception, match="db down"):
        dispatch(DOMAIN, sync, adjustment_event(DELETED))
    assert not mapping_delete.called
    failed = sink.one("sentencing-adjustment-deleted-failed")
    assert failed["nomisAdjustmentCategory"] == "SENTENCE" and "db down" in failed["reason"]
    assert "sentencing-adjustment-deleted-success" not in sink.names()


def test_deleted_mapping_failure_fails_for_retry(sync, estate, sink):
    estate.get(MAPPING_GET).respond(200, json=adjustment_mapping(9001, "KEY-DATE"))
    estate.delete("/nomis/key-date-adjustments/9001").respond(204)
    estate.delete(MAPPING_GET).respond(500, json={"status": 500})
    with pytest.raises(Exception, match="500"):
        dispatch(DOMAIN, sync, adjustment_event(DELETED))
    assert sink.names() == ["sentencing-adjustment-deleted-failed"]


# --- wiring ---------------------------------------------------------------------------------


def test_the_domain_wiring_puts_each_client_on_its_api(wired, estate, sink):
    estate.get(MAPPING_GET).respond(404, json={"status": 404})
    dps_get = estate.get(DPS_GET).respond(200, json=KEY_DATE_ADJUSTMENT)
    nomis = estate.post(NOMIS_KEY_DATE_POST).respond(201, json={"id": 9001})
    estate.post(MAPPING_POST).respond(201)
    sync = wired(DOMAIN)
    assert isinstance(sync, AdjustmentsSync)
    assert isinstance(sync.nomis, NomisAdjustmentsClient)
    assert isinstance(sync.mapping, NomisAdjustmentMappingClient)
    assert isinstance(sync.dps, AdjustmentsClient)
    dispatch(DOMAIN, sync, adjustment_event(INSERTED))
    assert dps_get.called and nomis.called
    assert sink.names() == ["sentencing-adjustment-create-success"]


def test_a_foreign_event_is_not_dispatched(estate):
    """The engine only calls a handler from the domain's event table; a visit event has none."""
    assert DOMAIN.event("prison-visit.booked") is None
    decision = triage(DOMAIN, visit_event("booked", "ab-cd-ef-gh"), frozenset())
    assert isinstance(decision, Ignored) and decision.event_type == "prison-visit.booked"
    assert called(estate) == []
