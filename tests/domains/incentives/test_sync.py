"""Incentive events: call sequences, NOMIS bodies field by field, telemetry names and dims."""

import json

import httpx
import pytest

from dagster_project.domains.incentives import DOMAIN
from dagster_project.domains.incentives.dps import IncentivesClient
from dagster_project.domains.incentives.mapping import IncentiveMappingClient
from dagster_project.domains.incentives.nomis import NomisIncentivesClient
from dagster_project.domains.incentives.sync import IncentivesSync
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.domain import Api, SyncWiring
from dagster_project.sync.retry_queue import MappingRetryQueue
from tests.estate import EstateClients, dispatch
from tests.messages import event, review_inserted, sns_body

REVIEW = {
    "id": 101,
    "iepLevel": "Enhanced",
    "iepCode": "ENH",
    "comments": "Good behaviour",
    "prisonerNumber": "A1000AA",
    "bookingId": 1000001,
    "iepDate": "2026-11-20",
    "iepTime": "2026-11-20T09:30:15",
    "agencyId": "MDI",
    "userId": "JSMITH",
    "reviewType": "REVIEW",
    "auditModuleName": "INCENTIVES_API",
    "isRealReview": True,
}
MAPPING_URL = "/mapping-api/mapping/incentives"


@pytest.fixture
def sync(wired) -> IncentivesSync:
    return wired(DOMAIN)


@pytest.fixture
def happy(estate):
    estate.get("/mapping-api/mapping/incentives/incentive-id/101", name="mapping_get").respond(404)
    estate.get("/incentives/incentive-reviews/id/101", name="review").respond(200, json=REVIEW)
    estate.post("/nomis/prisoners/A1000AA/incentives", name="nomis").respond(
        201, json={"bookingId": 1000001, "sequence": 7}
    )
    return estate


def test_review_inserted_creates_nomis_iep_then_mapping(sync, happy, sink):
    happy.post(MAPPING_URL, name="mapping_post").respond(201)
    dispatch(DOMAIN, sync, review_inserted(101, "A1000AA"))
    body = json.loads(happy["nomis"].calls.last.request.content)
    assert body == {
        "iepLevel": "ENH",
        "iepDateTime": "2026-11-20T09:30:15",
        "prisonId": "MDI",
        "userId": "JSMITH",
        "comments": "Good behaviour",
    }
    assert json.loads(happy["mapping_post"].calls.last.request.content) == {
        "nomisBookingId": 1000001,
        "nomisIncentiveSequence": 7,
        "incentiveId": 101,
        "mappingType": "INCENTIVE_CREATED",
    }
    assert sink.one("incentive-create-success") == {
        "id": "101",
        "offenderNo": "A1000AA",
        "prisonId": "MDI",
        "iep": "ENH",
        "iepDate": "2026-11-20",
        "iepTime": "09:30:15",
        "nomisBookingId": "1000001",
        "nomisIncentiveSequence": "7",
        "incentiveId": "101",
        "mappingType": "INCENTIVE_CREATED",
    }


def test_review_already_mapped_is_a_duplicate_with_no_writes(sync, estate, sink):
    estate.get("/mapping-api/mapping/incentives/incentive-id/101").respond(
        200,
        json={
            "nomisBookingId": 1,
            "nomisIncentiveSequence": 1,
            "incentiveId": 101,
            "mappingType": "MIGRATED",
        },
    )
    nomis = estate.post("/nomis/prisoners/A1000AA/incentives")
    dispatch(DOMAIN, sync, review_inserted(101))
    assert sink.names() == ["incentive-create-duplicate"] and not nomis.called


def test_review_created_in_nomis_is_ignored_after_reading_dps(sync, happy, sink):
    dispatch(DOMAIN, sync, review_inserted(101, reason="USER_CREATED_NOMIS"))
    assert happy["review"].called and not happy["nomis"].called
    assert sink.one("incentive-create-ignored") == {"id": "101", "offenderNo": "A1000AA"}


def test_dps_404_fails_the_event_with_reason(sync, estate, sink):
    estate.get("/mapping-api/mapping/incentives/incentive-id/101").respond(404)
    estate.get("/incentives/incentive-reviews/id/101").respond(404, json={"status": 404})
    with pytest.raises(Exception, match="404"):
        dispatch(DOMAIN, sync, review_inserted(101))
    assert "404" in sink.one("incentive-create-failed")["reason"]


def test_nomis_error_fails_the_event_and_is_not_retried_by_http(sync, happy, sink):
    happy["nomis"].respond(500, json={"status": 500, "userMessage": "db down"})
    with pytest.raises(Exception, match="db down"):
        dispatch(DOMAIN, sync, review_inserted(101))
    assert happy["nomis"].call_count == 1  # a POST is never retried blindly
    failed = sink.one("incentive-create-failed")
    assert failed["iep"] == "ENH" and "db down" in failed["reason"]


def test_mapping_conflict_raises_duplicate_alert_and_no_retry(sync, happy, sink, queue):
    happy.post(MAPPING_URL).respond(
        409,
        json={
            "status": "409 CONFLICT",
            "userMessage": "duplicate",
            "moreInfo": {
                "duplicate": {"incentiveId": 101, "nomisBookingId": 1000001},
                "existing": {"incentiveId": 99, "nomisBookingId": 1000001},
            },
        },
    )
    dispatch(DOMAIN, sync, review_inserted(101))
    assert "incentive-mapping-create-failed" in sink.names()
    alert_name, dims = sink.alerts[0]
    assert alert_name == "to-nomis-synch-incentive-duplicate"
    assert dims["existingIncentiveId"] == "99" and dims["duplicateIncentiveId"] == "101"
    assert queue.sent == [] and "incentive-create-success" not in sink.names()


def test_mapping_failure_queues_a_retry_message(sync, happy, sink, queue):
    happy.post(MAPPING_URL).respond(500, json={"status": 500})
    dispatch(DOMAIN, sync, review_inserted(101))
    assert len(queue.sent) == 1 and queue.sent[0].event_type == "RETRY_CREATE_MAPPING"
    envelope = json.loads(queue.sent[0].body)
    inner = json.loads(envelope["Message"])
    assert envelope["Type"] == "RETRY_CREATE_MAPPING"
    assert inner["entityName"] == "incentive"
    assert inner["mapping"]["nomisIncentiveSequence"] == 7
    assert inner["telemetryAttributes"]["offenderNo"] == "A1000AA"
    assert sink.one("incentive-create-mapping-retry")["messageId"] == "sent-1"
    assert "incentive-create-success" not in sink.names()


def test_retry_message_reposts_mapping_only(sync, estate, sink):
    post = estate.post(MAPPING_URL).respond(201)
    retry = RetryMappingMessage(
        mapping={"nomisBookingId": 5, "nomisIncentiveSequence": "2", "incentiveId": 101}
    )
    sync.retry_create_mapping(retry)
    assert json.loads(post.calls.last.request.content)["mappingType"] == "INCENTIVE_CREATED"
    assert sink.one("incentive-retry-success")["id"] == (
        "IncentiveMapping(nomisBookingId=5, nomisIncentiveSequence=2, incentiveId=101)"
    )


@pytest.mark.parametrize("exists", [True, False])
def test_global_level_changed_updates_or_inserts(sync, estate, sink, exists):
    estate.get("/nomis/incentives/reference-codes/EN3").respond(
        200 if exists else 404,
        json={
            "code": "EN3",
            "domain": "IEP_LEVEL",
            "description": "Old",
            "active": True,
            "systemDataFlag": False,
        }
        if exists
        else {"status": 404},
    )
    estate.get("/incentives/incentive/levels/EN3").respond(
        200, json={"code": "EN3", "name": "Enhanced 3", "active": False, "required": False}
    )
    put = estate.put("/nomis/incentives/reference-codes/EN3").respond(200, json={})
    post = estate.post("/nomis/incentives/reference-codes").respond(201, json={})
    dispatch(DOMAIN, sync, sns_body(event("incentives.level.changed", {"incentiveLevel": "EN3"})))
    if exists:
        assert json.loads(put.calls.last.request.content) == {
            "description": "Enhanced 3",
            "active": False,
        }
        dims = sink.one("global-incentive-level-updated")
    else:
        assert json.loads(post.calls.last.request.content) == {
            "code": "EN3",
            "description": "Enhanced 3",
            "active": False,
        }
        dims = sink.one("global-incentive-level-inserted")
    assert dims == {"code": "EN3", "description": "Enhanced 3", "active": "false"}


def test_levels_reordered_sends_dps_order_including_inactive(sync, estate, sink):
    levels = [
        {"code": c, "name": c, "active": c != "EN3", "required": False}
        for c in ["BAS", "STD", "ENH", "EN2", "EN3"]
    ]
    estate.get("/incentives/incentive/levels", params={"with-inactive": "true"}).respond(
        200, json=levels
    )
    reorder = estate.post("/nomis/incentives/reference-codes/reorder").respond(200)
    dispatch(DOMAIN, sync, sns_body(event("incentives.levels.reordered")))
    assert json.loads(reorder.calls.last.request.content) == {
        "codeList": ["BAS", "STD", "ENH", "EN2", "EN3"]
    }
    assert sink.one("global-incentive-levels-reordered") == {
        "orderedIepCodes": "[BAS, STD, ENH, EN2, EN3]"
    }


PRISON_LEVEL = {
    "levelCode": "STD",
    "levelName": "Standard",
    "prisonId": "MDI",
    "active": True,
    "defaultOnAdmission": True,
    "remandTransferLimitInPence": 5500,
    "remandSpendLimitInPence": 55000,
    "convictedTransferLimitInPence": 1800,
    "convictedSpendLimitInPence": 18000,
    "visitOrders": 2,
    "privilegedVisitOrders": 1,
}


@pytest.mark.parametrize("exists", [True, False])
def test_prison_level_changed_updates_or_inserts(sync, estate, sink, exists):
    estate.get("/nomis/incentives/prison/MDI/code/STD").respond(
        200 if exists else 404,
        json={"prisonId": "MDI", "iepLevelCode": "STD", "active": True, "defaultOnAdmission": True}
        if exists
        else {"status": 404},
    )
    estate.get("/incentives/incentive/prison-levels/MDI/level/STD").respond(200, json=PRISON_LEVEL)
    put = estate.put("/nomis/incentives/prison/MDI/code/STD").respond(200, json={})
    post = estate.post("/nomis/incentives/prison/MDI").respond(201, json={})
    info = {"incentiveLevel": "STD", "prisonId": "MDI"}
    dispatch(DOMAIN, sync, sns_body(event("incentives.prison-level.changed", info)))
    expected = {
        "active": True,
        "defaultOnAdmission": True,
        "visitOrderAllowance": 2,
        "privilegedVisitOrderAllowance": 1,
        "remandTransferLimitInPence": 5500,
        "remandSpendLimitInPence": 55000,
        "convictedTransferLimitInPence": 1800,
        "convictedSpendLimitInPence": 18000,
    }
    if exists:
        # the old service's PUT carries levelCode too (contracts.toml: extra_request_properties)
        assert json.loads(put.calls.last.request.content) == {**expected, "levelCode": "STD"}
        dims = sink.one("prison-incentive-level-updated")
    else:
        assert json.loads(post.calls.last.request.content) == {**expected, "levelCode": "STD"}
        dims = sink.one("prison-incentive-level-inserted")
    assert dims["prison"] == "MDI" and dims["visitOrders"] == "2" and dims["active"] == "true"


def test_http_get_is_retried_on_503(sync, happy, estate):
    happy["review"].side_effect = [
        httpx.Response(503, json={"status": 503}),
        httpx.Response(200, json=REVIEW),
    ]
    happy.post(MAPPING_URL).respond(201)
    dispatch(DOMAIN, sync, review_inserted(101))
    assert happy["review"].call_count == 2 and happy["nomis"].call_count == 1


def test_build_sync_points_each_client_at_its_own_api(happy, telemetry, queue):
    """The domain's one wiring: NOMIS, mapping and DPS clients each on the API they call."""
    clients, asked = EstateClients(), []

    def http(api: Api) -> httpx.Client:
        asked.append(api.key)
        return clients.http(api)

    retry = MappingRetryQueue(queue, DOMAIN.name, DOMAIN.telemetry_prefix, telemetry)
    try:
        sync = DOMAIN.build_sync(SyncWiring(http, telemetry, retry))
        assert isinstance(sync.nomis, NomisIncentivesClient)
        assert isinstance(sync.mapping, IncentiveMappingClient)
        assert isinstance(sync.dps, IncentivesClient)
        assert sorted(asked) == sorted(api.key for api in DOMAIN.apis)
        happy.post(MAPPING_URL, name="mapping_post").respond(201)
        dispatch(DOMAIN, sync, review_inserted(101, "A1000AA"))
    finally:
        clients.close()
    # each route is under one API's prefix: a client on the wrong API would miss its route
    assert happy["mapping_get"].call_count == 1  # /mapping-api
    assert happy["review"].call_count == 1  # /incentives
    assert happy["nomis"].call_count == 1  # /nomis
    assert happy["mapping_post"].call_count == 1  # /mapping-api
