"""Core person events: call sequences, the NOMIS merge body field by field, telemetry.

Events are applied as a sync run applies them: `dispatch` triages the SQS body against the
domain's event table and calls the row's handler on the service `build_sync` wired. The domain
creates no mapping, so the table's "mapping exists", "mapping 409" and "mapping failure ->
retry" rows become: the mapping look-up fails (the event is retried) and a stray
RETRY_CREATE_MAPPING is refused.
"""

import json

import pytest

from dagster_project.domains.core_person import DOMAIN
from dagster_project.domains.core_person.events import PersonMerged, ReligionCreated
from dagster_project.domains.core_person.nomis import CorePersonMergeRequest, ReligionEnd
from dagster_project.domains.core_person.sync import CorePersonSync, MissingReligionMappings
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.triage import Accepted, Poison, triage
from resources.http import dump_body
from tests.domains.core_person.payloads import (
    CURRENT,
    OLDER,
    PRISONER,
    mapping,
    merged,
    record,
    religion,
    religion_created,
)
from tests.estate import dispatch
from tests.wire import error, sent

CPR_GET = f"/core-person/person/prison/dps/{PRISONER}"
MAPPINGS = "/mapping-api/mapping/core-person-religion/religion/cpr-ids"
NOMIS_MERGE = f"/nomis/core-person/{PRISONER}/merge"
MERGED_OK = [
    ("cpr-religions-merged-success", {"prisonNumber": PRISONER}),
    ("cpr-person-merged-success", {"prisonNumber": PRISONER}),
]
HISTORY = [
    religion(CURRENT, "RC", True, startDate="2024-03-01"),
    religion(OLDER, "COFE", False, endDate="2024-02-29"),
]


def called(estate) -> list[tuple[str, str]]:
    return [
        (call.request.method, call.request.url.path)
        for call in estate.calls
        if call.request.url.path != "/auth/oauth/token"
    ]


@pytest.fixture
def sync(wired) -> CorePersonSync:
    return wired(DOMAIN)


# --- payloads ----------------------------------------------------------------------------------


def test_each_event_type_has_its_payload_handler_and_prisoner_key():
    created = triage(DOMAIN, religion_created(), frozenset())
    assert isinstance(created, Accepted) and isinstance(created.payload, ReligionCreated)
    assert created.handle is CorePersonSync.religion_created
    merge = triage(DOMAIN, merged(), frozenset())
    assert isinstance(merge, Accepted) and isinstance(merge.payload, PersonMerged)
    assert merge.handle is CorePersonSync.merged
    assert created.entity_key == merge.entity_key == f"core-person:{PRISONER}"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (religion_created(identifiers=[{"type": "CRN", "value": "X1"}]), "prisonNumber"),
        (religion_created(religion_id="12"), "cprReligionId"),
    ],
    ids=["no-prison-number", "not-a-uuid"],
)
def test_an_unreadable_religion_created_event_is_poison(body, reason):
    decision = triage(DOMAIN, body, frozenset())
    assert isinstance(decision, Poison) and reason in decision.reason


# --- religion created: telemetry only -----------------------------------------------------------


def test_religion_created_is_recorded_with_no_call(sync, estate, sink):
    dispatch(DOMAIN, sync, religion_created())
    assert called(estate) == []
    assert sink.events == [
        ("cpr-religion-created-success", {"prisonNumber": PRISONER, "cprReligionId": CURRENT})
    ]


# --- merged ------------------------------------------------------------------------------------


def test_merged_writes_the_end_dates_in_the_mapping_services_order(sync, estate, sink):
    estate.get(CPR_GET).respond(200, json=record(HISTORY))
    lookup = estate.get(MAPPINGS).respond(200, json=[mapping(OLDER, 702), mapping(CURRENT, 701)])
    write = estate.post(NOMIS_MERGE).respond(204)
    dispatch(DOMAIN, sync, merged())
    assert sent(lookup).params == {"ids": [CURRENT, OLDER]}
    assert sent(write).body == {
        "religions": [{"beliefId": 702, "endDate": "2024-02-29"}, {"beliefId": 701}]
    }
    assert called(estate) == [("GET", CPR_GET), ("GET", MAPPINGS), ("POST", NOMIS_MERGE)]
    assert sink.events == MERGED_OK


def test_merged_without_a_prison_number_is_recorded_and_acknowledged(sync, estate, sink):
    identifiers = [{"type": "CRN", "value": "X123456"}, {"type": "PNC", "value": "2001/1X"}]
    dispatch(DOMAIN, sync, merged(identifiers))
    assert called(estate) == []
    assert sink.events == [
        ("cpr-person-merged-no-prison-number", {"CRN": "X123456", "PNC": "2001/1X"})
    ]


@pytest.mark.parametrize("answer", ["404", "empty"])
def test_merged_with_no_religion_history_writes_nothing(sync, estate, sink, answer):
    if answer == "404":
        estate.get(CPR_GET).respond(404, json=error(404, "not found"))
    else:
        estate.get(CPR_GET).respond(200, json=record([], current=None))
    dispatch(DOMAIN, sync, merged())
    assert called(estate) == [("GET", CPR_GET)]  # no mapping look-up: see sync.py
    assert sink.events == MERGED_OK


def test_merged_with_an_unmapped_religion_fails_with_no_write(sync, estate, sink):
    estate.get(CPR_GET).respond(200, json=record(HISTORY))
    estate.get(MAPPINGS).respond(200, json=[mapping(CURRENT, 701)])
    write = estate.post(NOMIS_MERGE).respond(204)
    with pytest.raises(MissingReligionMappings, match=f"cpr religion ids: {OLDER}"):
        dispatch(DOMAIN, sync, merged())
    assert not write.called and sink.events == []


def test_merged_with_a_religion_without_an_id_fails_before_the_mappings(sync, estate, sink):
    estate.get(CPR_GET).respond(200, json=record([religion(None, "RC", True)]))
    lookup = estate.get(MAPPINGS).respond(200, json=[])
    with pytest.raises(MissingReligionMappings, match="no cprReligionId"):
        dispatch(DOMAIN, sync, merged())
    assert not lookup.called and sink.events == []


@pytest.mark.parametrize(
    ("failing", "calls"),
    [
        ("cpr", [("GET", CPR_GET)]),
        ("mapping", [("GET", CPR_GET), ("GET", MAPPINGS)]),
        ("nomis-500", [("GET", CPR_GET), ("GET", MAPPINGS), ("POST", NOMIS_MERGE)]),
        ("nomis-404", [("GET", CPR_GET), ("GET", MAPPINGS), ("POST", NOMIS_MERGE)]),
    ],
)
def test_merged_fails_on_any_api_error_with_no_telemetry(sync, estate, sink, failing, calls):
    cpr_status = 500 if failing == "cpr" else 200
    estate.get(CPR_GET).respond(
        cpr_status, json=record(HISTORY) if cpr_status == 200 else error(500, "cpr says no")
    )
    mapping_status = 500 if failing == "mapping" else 200
    estate.get(MAPPINGS).respond(
        mapping_status,
        json=[mapping(OLDER, 702), mapping(CURRENT, 701)]
        if mapping_status == 200
        else error(500, "mapping says no"),
    )
    nomis_status = {"nomis-500": 500, "nomis-404": 404}.get(failing, 204)
    estate.post(NOMIS_MERGE).respond(nomis_status, json=error(nomis_status, "nomis says no"))
    with pytest.raises(Exception, match="says no"):
        dispatch(DOMAIN, sync, merged())
    assert called(estate) == calls
    assert sink.events == []  # no failure telemetry: the error propagates, as upstream


def test_merged_replayed_sends_the_same_write_again(sync, estate, sink):
    estate.get(CPR_GET).respond(200, json=record(HISTORY))
    estate.get(MAPPINGS).respond(200, json=[mapping(OLDER, 702), mapping(CURRENT, 701)])
    write = estate.post(NOMIS_MERGE).respond(204)
    dispatch(DOMAIN, sync, merged())
    dispatch(DOMAIN, sync, merged())
    assert write.call_count == 2 and sent(write, 0).body == sent(write, 1).body
    assert sink.events == MERGED_OK * 2


# --- no mappings, no retries -------------------------------------------------------------------


def test_a_stray_mapping_retry_is_refused_without_a_call(sync, estate):
    with pytest.raises(ValueError, match="no mappings"):
        sync.retry_create_mapping(RetryMappingMessage(mapping={"cprId": OLDER}))
    assert called(estate) == []


def test_the_merge_body_omits_a_null_end_date():
    request = CorePersonMergeRequest(religions=[ReligionEnd(belief_id=1)])
    assert json.loads(json.dumps(dump_body(request))) == {"religions": [{"beliefId": 1}]}
