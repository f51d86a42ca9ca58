"""Non-association events: call sequences, NOMIS bodies field by field, telemetry.

Events are applied as a sync run applies them: `dispatch` triages the SQS body against the
domain's event table and calls the row's handler on the service `build_sync` wired.
"""

import json
from typing import Any

import pytest

from dagster_project.domains.non_associations import DOMAIN
from dagster_project.domains.non_associations.events import (
    BookingMoved,
    NonAssociationAmended,
    NonAssociationClosed,
    NonAssociationCreated,
    NonAssociationDeleted,
    PrisonerMerged,
)
from dagster_project.domains.non_associations.sync import NonAssociationsSync
from dagster_project.sync.triage import Accepted, Ignored, Poison, triage
from tests.domains.non_associations.payloads import (
    LEGACY,
    NA_ID,
    NS_OFFENDER,
    OFFENDER,
    mapping_body,
)
from tests.estate import dispatch
from tests.messages import event, retry_body, sns_body, visit_event
from tests.wire import duplicate_mapping, error, sent

CREATED = "non-associations.created"
AMENDED = "non-associations.amended"
CLOSED = "non-associations.closed"
DELETED = "non-associations.deleted"
BASE = {"nonAssociationId": str(NA_ID)}
MAPPED = {**BASE, "offender1": NS_OFFENDER, "offender2": OFFENDER, "sequence": "2"}

MAPPING_GET = f"/mapping-api/mapping/non-associations/non-association-id/{NA_ID}"
MAPPING_POST = "/mapping-api/mapping/non-associations"
DPS_GET = f"/non-associations/legacy/api/non-associations/{NA_ID}"
NOMIS_POST = "/nomis/non-associations"
# the mapping's sorted pair, not DPS's or the NOMIS record's own order
NOMIS_DETAIL = f"/nomis/non-associations/offender/{NS_OFFENDER}/ns-offender/{OFFENDER}/sequence/2"
DETAIL_FIELDS = {
    "reason": "VIC",
    "recipReason": "PER",
    "type": "WING",
    "effectiveDate": "2021-07-05",
    "authorisedBy": "Officer Alice B.",
    "comment": "Mr. Bloggs assaulted Mr. Hall",
}
CREATE_SUCCESS = {
    **BASE,
    "offenderNo": OFFENDER,
    "nsOffenderNo": NS_OFFENDER,
    "firstOffenderNo": NS_OFFENDER,
    "secondOffenderNo": OFFENDER,
    "nomisTypeSequence": "2",
    "mappingType": "NON_ASSOCIATION_CREATED",
}


def na_event(event_type: str, source: str | None = "DPS", na_id: Any = NA_ID) -> str:
    info: dict[str, Any] = {"id": na_id}
    if source is not None:
        info["source"] = source
    return sns_body(event(event_type, info, description="A non-association changed"))


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
def sync(wired) -> NonAssociationsSync:
    return wired(DOMAIN)


# --- payloads ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "model", "handler"),
    [
        (CREATED, NonAssociationCreated, NonAssociationsSync.created),
        (AMENDED, NonAssociationAmended, NonAssociationsSync.amended),
        (CLOSED, NonAssociationClosed, NonAssociationsSync.closed),
        (DELETED, NonAssociationDeleted, NonAssociationsSync.deleted),
    ],
)
def test_each_non_association_event_has_its_payload_and_handler(event_type, model, handler):
    decision = triage(DOMAIN, na_event(event_type, na_id="12345"), frozenset())
    assert isinstance(decision, Accepted)
    assert isinstance(decision.payload, model) and decision.handle is handler
    assert decision.entity_key == f"non-association:{NA_ID}"  # the string id is read as a number
    assert decision.payload.telemetry() == BASE


@pytest.mark.parametrize("missing", ["version", "description"])
def test_a_non_association_event_without_version_or_description_is_poison(missing):
    body = event(CREATED, {"id": NA_ID}, description="d")
    del body[missing]
    decision = triage(DOMAIN, sns_body(body), frozenset())
    assert isinstance(decision, Poison) and missing in decision.reason


def test_a_foreign_event_is_not_dispatched(estate):
    decision = triage(DOMAIN, visit_event("booked", "ab-cd-ef-gh"), frozenset())
    assert isinstance(decision, Ignored)
    assert called(estate) == []


# --- from NOMIS: ignored with no calls -----------------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "name"),
    [
        (CREATED, "non-association-create-ignored"),
        (AMENDED, "non-association-amend-ignored"),
        (CLOSED, "non-association-close-ignored"),
        (DELETED, "non-association-delete-ignored"),
    ],
)
def test_an_event_from_nomis_is_ignored_without_any_call(sync, estate, sink, event_type, name):
    dispatch(DOMAIN, sync, na_event(event_type, source="NOMIS"))
    assert called(estate) == []
    assert sink.events == [(name, BASE)]


# --- created -------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["DPS", None, "nomis"])
def test_created_writes_nomis_in_dps_order_then_the_sorted_mapping(sync, estate, sink, source):
    unmapped(estate)
    estate.get(DPS_GET).respond(200, json=LEGACY)
    nomis = estate.post(NOMIS_POST).respond(201, json={"typeSequence": 2})
    post = estate.post(MAPPING_POST).respond(201)
    dispatch(DOMAIN, sync, na_event(CREATED, source=source))
    assert called(estate) == [
        ("GET", MAPPING_GET),
        ("GET", DPS_GET),
        ("POST", NOMIS_POST),
        ("POST", MAPPING_POST),
    ]
    assert sent(nomis).body == {
        "offenderNo": OFFENDER,
        "nsOffenderNo": NS_OFFENDER,
        **DETAIL_FIELDS,
    }
    assert sent(post).body == {
        "nonAssociationId": NA_ID,
        "firstOffenderNo": NS_OFFENDER,
        "secondOffenderNo": OFFENDER,
        "nomisTypeSequence": 2,
        "mappingType": "NON_ASSOCIATION_CREATED",
    }
    assert sink.events == [("non-association-create-success", CREATE_SUCCESS)]


def test_created_omits_what_dps_leaves_empty(sync, estate):
    unmapped(estate)
    estate.get(DPS_GET).respond(200, json={k: v for k, v in LEGACY.items() if k != "authorisedBy"})
    nomis = estate.post(NOMIS_POST).respond(201, json={"typeSequence": 1})
    estate.post(MAPPING_POST).respond(201)
    dispatch(DOMAIN, sync, na_event(CREATED))
    assert "authorisedBy" not in sent(nomis).body


@pytest.mark.parametrize(
    ("case", "dps_status", "nomis_status", "failed", "nomis_calls"),
    [
        ("dps-404", 404, None, BASE, 0),
        ("dps-500", 500, None, BASE, 0),
        ("nomis-error", 200, 500, {**BASE, "offenderNo": OFFENDER, "nsOffenderNo": NS_OFFENDER}, 1),
    ],
)
def test_created_failure_is_reported_and_raised_for_retry(
    sync, estate, sink, queue, case, dps_status, nomis_status, failed, nomis_calls
):
    unmapped(estate)
    estate.get(DPS_GET).respond(
        dps_status, json=LEGACY if dps_status == 200 else error(dps_status, case)
    )
    nomis = estate.post(NOMIS_POST).respond(nomis_status or 201, json=error(500, case))
    mapping_post = estate.post(MAPPING_POST).respond(201)
    with pytest.raises(Exception, match=str(dps_status if dps_status != 200 else nomis_status)):
        dispatch(DOMAIN, sync, na_event(CREATED))
    dims = sink.one("non-association-create-failed")
    assert dims.pop("reason") and dims == failed
    assert nomis.call_count == nomis_calls and not mapping_post.called and queue.sent == []


def test_created_already_mapped_is_a_duplicate_with_no_writes(sync, estate, sink):
    mapped(estate)
    dispatch(DOMAIN, sync, na_event(CREATED))
    assert called(estate) == [("GET", MAPPING_GET)]
    assert sink.events == [("non-association-create-duplicate", BASE)]


def test_mapping_conflict_raises_the_duplicate_alert_and_is_not_retried(sync, estate, sink, queue):
    unmapped(estate)
    estate.get(DPS_GET).respond(200, json=LEGACY)
    estate.post(NOMIS_POST).respond(201, json={"typeSequence": 2})
    estate.post(MAPPING_POST).respond(
        409,
        json=duplicate_mapping(
            {k: v for k, v in mapping_body().items() if k != "whenCreated"},
            mapping_body(non_association_id=999),
        ),
    )
    dispatch(DOMAIN, sync, na_event(CREATED))
    assert sink.names() == [
        "non-association-mapping-create-failed",
        "to-nomis-synch-non-association-duplicate",
    ]
    name, dims = sink.alerts[0]
    assert name == "to-nomis-synch-non-association-duplicate"
    assert dims["existingNonAssociationId"] == "999" and dims["duplicateNonAssociationId"] == str(
        NA_ID
    )
    assert dims["nsOffenderNo"] == NS_OFFENDER and dims["nomisTypeSequence"] == "2"
    assert queue.sent == []


def test_mapping_failure_queues_a_retry_and_never_repeats_the_nomis_write(
    sync, estate, sink, queue
):
    unmapped(estate)
    estate.get(DPS_GET).respond(200, json=LEGACY)
    nomis = estate.post(NOMIS_POST).respond(201, json={"typeSequence": 2})
    estate.post(MAPPING_POST).respond(500, json=error(500, "mapping down"))
    dispatch(DOMAIN, sync, na_event(CREATED))
    assert nomis.call_count == 1
    [message] = queue.sent
    assert (message.domain, message.event_type) == ("non_associations", "RETRY_CREATE_MAPPING")
    inner = json.loads(json.loads(message.body)["Message"])
    assert inner["entityName"] == "non-association"
    assert inner["mapping"] == {
        "nonAssociationId": NA_ID,
        "firstOffenderNo": NS_OFFENDER,
        "secondOffenderNo": OFFENDER,
        "nomisTypeSequence": 2,
        "mappingType": "NON_ASSOCIATION_CREATED",
    }
    assert inner["telemetryAttributes"] == CREATE_SUCCESS
    assert sink.one("nonassociation-create-mapping-retry") == {
        "messageId": "sent-1",
        **CREATE_SUCCESS,
    }
    assert "mapping down" in sink.one("non-association-mapping-create-failed")["reason"]


def test_a_retry_reposts_the_carried_mapping_only(sync, estate, sink):
    post = estate.post(MAPPING_POST).respond(201)
    carried = {k: v for k, v in mapping_body().items() if k != "whenCreated"}
    dispatch(DOMAIN, sync, retry_body(carried, entity="non-association"))
    assert called(estate) == [("POST", MAPPING_POST)]
    assert sent(post).body == carried
    assert sink.events == [("non-association-create-mapping-retry-success", {"id": "1"})]


def test_a_retry_that_fails_again_is_raised(sync, estate, sink):
    estate.post(MAPPING_POST).respond(500, json=error(500, "still down"))
    with pytest.raises(Exception, match="still down"):
        dispatch(DOMAIN, sync, retry_body(mapping_body(), entity="non-association"))
    assert sink.events == []


# --- amended, closed, deleted: the mapping's sorted pair ------------------------------------------


def test_amended_reads_dps_first_then_puts_every_field_but_expiry(sync, estate, sink):
    dps = estate.get(DPS_GET).respond(200, json=LEGACY)
    mapped(estate)
    put = estate.put(NOMIS_DETAIL).respond(200)
    dispatch(DOMAIN, sync, na_event(AMENDED))
    assert called(estate) == [("GET", DPS_GET), ("GET", MAPPING_GET), ("PUT", NOMIS_DETAIL)]
    assert sent(put).body == DETAIL_FIELDS and dps.called
    assert sink.events == [("non-association-amend-success", MAPPED)]


@pytest.mark.parametrize(
    ("case", "dps_status", "mapping_status", "nomis_status", "dims"),
    [
        ("dps-404", 404, 200, 200, BASE),
        ("not-mapped-yet", 200, 404, 200, BASE),
        ("nomis-error", 200, 200, 503, MAPPED),
    ],
)
def test_amended_failure_reports_what_it_gathered_and_is_retried(
    sync, estate, sink, case, dps_status, mapping_status, nomis_status, dims
):
    estate.get(DPS_GET).respond(dps_status, json=LEGACY if dps_status == 200 else error(404, case))
    estate.get(MAPPING_GET).respond(
        mapping_status, json=mapping_body() if mapping_status == 200 else error(404, case)
    )
    estate.put(NOMIS_DETAIL).respond(nomis_status, json=error(nomis_status, case))
    with pytest.raises(Exception):  # noqa: B017 - any failure is retried
        dispatch(DOMAIN, sync, na_event(AMENDED))
    assert sink.events == [("non-association-amend-failed", dims)]  # no reason, as upstream


def test_closed_closes_the_mapped_detail_without_reading_dps(sync, estate, sink):
    mapped(estate)
    close = estate.put(f"{NOMIS_DETAIL}/close").respond(200)
    dispatch(DOMAIN, sync, na_event(CLOSED))
    assert called(estate) == [("GET", MAPPING_GET), ("PUT", f"{NOMIS_DETAIL}/close")]
    assert sent(close).body is None
    assert sink.events == [("non-association-close-success", MAPPED)]


@pytest.mark.parametrize(
    ("mapping_status", "nomis_status", "dims"), [(404, 200, BASE), (200, 500, MAPPED)]
)
def test_closed_failure_is_retried(sync, estate, sink, mapping_status, nomis_status, dims):
    estate.get(MAPPING_GET).respond(
        mapping_status, json=mapping_body() if mapping_status == 200 else error(404, "x")
    )
    estate.put(f"{NOMIS_DETAIL}/close").respond(nomis_status, json=error(500, "db down"))
    with pytest.raises(Exception):  # noqa: B017 - any failure is retried
        dispatch(DOMAIN, sync, na_event(CLOSED))
    assert sink.events == [("non-association-close-failed", dims)]


def test_deleted_deletes_the_detail_then_the_mapping(sync, estate, sink):
    mapped(estate)
    estate.delete(NOMIS_DETAIL).respond(200)
    estate.delete(MAPPING_GET).respond(204)
    dispatch(DOMAIN, sync, na_event(DELETED))
    assert called(estate) == [
        ("GET", MAPPING_GET),
        ("DELETE", NOMIS_DETAIL),
        ("DELETE", MAPPING_GET),
    ]
    assert sink.events == [("non-association-delete-success", MAPPED)]


def test_deleted_when_nomis_already_deleted_it_deletes_the_mapping(sync, estate, sink):
    """Deliberate deviation: the retry after a failed mapping DELETE succeeds."""
    mapped(estate)
    estate.delete(NOMIS_DETAIL).respond(404, json=error(404, "not found"))
    mapping_delete = estate.delete(MAPPING_GET).respond(204)
    dispatch(DOMAIN, sync, na_event(DELETED))
    assert mapping_delete.called
    assert sink.events == [("non-association-delete-success", MAPPED)]


@pytest.mark.parametrize(
    ("case", "mapping_status", "nomis_status", "mapping_delete_status", "dims", "mapping_deleted"),
    [
        ("no-mapping", 404, 200, 204, BASE, False),
        ("nomis-error", 200, 500, 204, MAPPED, False),
        ("mapping-delete-error", 200, 200, 500, MAPPED, True),
    ],
)
def test_deleted_failure_is_retried(
    sync,
    estate,
    sink,
    case,
    mapping_status,
    nomis_status,
    mapping_delete_status,
    dims,
    mapping_deleted,
):
    estate.get(MAPPING_GET).respond(
        mapping_status, json=mapping_body() if mapping_status == 200 else error(404, case)
    )
    estate.delete(NOMIS_DETAIL).respond(nomis_status, json=error(500, case))
    delete = estate.delete(MAPPING_GET).respond(mapping_delete_status, json=error(500, case))
    with pytest.raises(Exception):  # noqa: B017 - any failure is retried
        dispatch(DOMAIN, sync, na_event(DELETED))
    assert delete.called is mapping_deleted
    assert sink.events == [("non-association-delete-failed", dims)]


# --- booking moved -------------------------------------------------------------------------------


def moved_event(
    booking_id: Any = "1234567", start: str | None = "2019-10-21T15:00:25.489964"
) -> str:
    info = {
        "movedToNomsNumber": "A1234KT",
        "movedFromNomsNumber": "A1000KT",
        "bookingId": booking_id,
    }
    if start:
        info["bookingStartDateTime"] = start
    return sns_body(event("prison-offender-events.prisoner.booking.moved", info))


def test_booking_moved_moves_the_other_prisoners_mappings(sync, estate, sink):
    estate.get("/nomis/non-associations/booking/1234567").respond(
        200,
        json=[
            {"offenderNo1": "A1234KT", "offenderNo2": "SOME-OTHER"},
            {"offenderNo1": "THIRD", "offenderNo2": "A1234KT"},
        ],
    )
    move = estate.put(
        "/mapping-api/mapping/non-associations/update-list/from/A1000KT/to/A1234KT"
    ).respond(200)
    decision = triage(DOMAIN, moved_event(), frozenset())
    assert isinstance(decision, Accepted) and isinstance(decision.payload, BookingMoved)
    dispatch(DOMAIN, sync, moved_event())
    assert sent(move).body == ["SOME-OTHER", "THIRD"]
    assert sink.events == [
        (
            "non-association-booking-moved-success",
            {
                "movedFromNomsNumber": "A1000KT",
                "movedToNomsNumber": "A1234KT",
                "bookingId": "1234567",
                "bookingStartDateTime": "2019-10-21T15:00:25.489964",
                "count": "2",
            },
        )
    ]


def test_booking_moved_with_no_non_association_touches_no_mapping(sync, estate, sink):
    estate.get("/nomis/non-associations/booking/1234567").respond(200, json=[])
    dispatch(DOMAIN, sync, moved_event(1234567, start=None))
    assert called(estate) == [("GET", "/nomis/non-associations/booking/1234567")]
    assert sink.one("non-association-booking-moved-success")["count"] == "0"


def test_booking_moved_nomis_error_is_retried_without_telemetry(sync, estate, sink):
    estate.get("/nomis/non-associations/booking/1234567").respond(500, json=error(500, "down"))
    with pytest.raises(Exception, match="down"):
        dispatch(DOMAIN, sync, moved_event())
    assert sink.events == []


# --- merged: only reason MERGE -------------------------------------------------------------------


def test_a_merge_for_another_reason_does_nothing_at_all(sync, estate, sink):
    body = sns_body(
        event(
            "prison-offender-events.prisoner.merged",
            {"reason": "MERGE_REVERSED", "nomsNumber": "A7869AW", "removedNomsNumber": "A4567ZQ"},
        )
    )
    decision = triage(DOMAIN, body, frozenset())
    assert isinstance(decision, Accepted) and isinstance(decision.payload, PrisonerMerged)
    dispatch(DOMAIN, sync, body)
    assert called(estate) == [] and sink.events == []
