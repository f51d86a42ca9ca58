"""Sentencing adjustment mappings, a create flow round trip, faults, journal and auth."""

import uuid

import httpx
import pytest

from dagster_project.sandbox.domains.sentencing.seed import SEEDED_ADJUSTMENTS
from dagster_project.sandbox.server import SandboxServer

RX, UAL = SEEDED_ADJUSTMENTS[0], SEEDED_ADJUSTMENTS[1]
BOOKING = RX.booking_id
MAPPINGS = "/mapping-api/mapping/sentencing/adjustments"


def test_adjustment_mappings(api: httpx.Client, fresh: None) -> None:
    new_id = str(uuid.uuid4())
    mapping = {
        "nomisAdjustmentId": 9100,
        "nomisAdjustmentCategory": "SENTENCE",
        "adjustmentId": new_id,
        "mappingType": "SENTENCING_CREATED",
    }
    assert api.post(MAPPINGS, json=mapping).status_code == 201
    assert api.post(MAPPINGS, json=mapping).status_code == 201, "identical re-post"
    clash = api.post(MAPPINGS, json={**mapping, "nomisAdjustmentId": 9101})
    assert clash.status_code == 409
    body = clash.json()
    assert body["status"] == "409 CONFLICT" and body["errorCode"] == 1409
    assert body["moreInfo"]["existing"]["nomisAdjustmentId"] == 9100
    assert body["moreInfo"]["existing"]["whenCreated"]
    assert body["moreInfo"]["duplicate"] == {
        **mapping,
        "nomisAdjustmentId": 9101,
        "label": None,
    }
    seeded = {
        **mapping,
        "adjustmentId": str(uuid.uuid4()),
        "nomisAdjustmentId": RX.nomis_adjustment_id,
    }
    taken = api.post(MAPPINGS, json=seeded)
    assert taken.status_code == 409
    assert taken.json()["moreInfo"]["existing"]["adjustmentId"] == RX.adjustment_id
    other_category = {**seeded, "nomisAdjustmentCategory": "KEY-DATE", "nomisAdjustmentId": 9100}
    assert api.post(MAPPINGS, json=other_category).status_code == 201, "same id, other category"
    got = api.get(f"{MAPPINGS}/adjustment-id/{new_id}").json()
    assert got["mappingType"] == "SENTENCING_CREATED" and got["nomisAdjustmentId"] == 9100
    assert api.delete(f"{MAPPINGS}/adjustment-id/{new_id}").status_code == 204
    assert api.delete(f"{MAPPINGS}/adjustment-id/{new_id}").status_code == 204
    assert api.get(f"{MAPPINGS}/adjustment-id/{new_id}").status_code == 404


def test_create_flow_round_trip(api: httpx.Client, admin: httpx.Client, fresh: None) -> None:
    """The create flow of upstream §3.3, then the reconciliation counts agree."""
    dps = admin.post(
        "/dps/adjustments",
        json={
            "offenderNo": "A1004AA",
            "adjustmentType": "UAL",
            "adjustmentDays": 2,
            "adjustmentDate": "2026-03-01",
        },
    ).json()
    adjustment_id = dps["adjustmentId"]
    assert api.get(f"{MAPPINGS}/adjustment-id/{adjustment_id}").status_code == 404
    legacy = api.get(f"/adjustments/legacy/adjustments/{adjustment_id}").json()
    request = {
        "adjustmentTypeCode": legacy["adjustmentType"],
        "adjustmentDate": legacy["adjustmentDate"],
        "adjustmentFromDate": legacy["adjustmentFromDate"] or legacy["adjustmentDate"],
        "adjustmentDays": legacy["adjustmentDays"],
    }
    created = api.post(
        f"/nomis/prisoners/booking-id/{legacy['bookingId']}/adjustments", json=request
    )
    mapping = {
        "nomisAdjustmentId": created.json()["id"],
        "nomisAdjustmentCategory": "KEY-DATE",
        "adjustmentId": adjustment_id,
        "mappingType": "SENTENCING_CREATED",
    }
    assert api.post(MAPPINGS, json=mapping).status_code == 201
    nomis = api.get(
        f"/nomis/prisoners/booking-id/{legacy['bookingId']}/sentencing-adjustments",
        params={"active-only": "true"},
    ).json()
    dps_list = api.get("/adjustments/adjustments", params={"person": "A1004AA"}).json()
    assert [a["adjustmentType"]["code"] for a in nomis["keyDateAdjustments"]] == ["UAL"]
    assert [a["adjustmentType"] for a in dps_list] == ["UNLAWFULLY_AT_LARGE"]


@pytest.mark.contract_exempt("deliberately sends no bearer token")
@pytest.mark.parametrize(
    "path",
    [
        f"/adjustments/legacy/adjustments/{RX.adjustment_id}",
        "/adjustments/adjustments?person=A1000AA",
        f"/nomis/prisoners/booking-id/{BOOKING}/sentencing-adjustments?active-only=true",
        f"{MAPPINGS}/adjustment-id/{RX.adjustment_id}",
    ],
)
def test_adjustments_apis_require_a_bearer_token(sandbox: SandboxServer, path: str) -> None:
    response = httpx.get(f"{sandbox.base_url}{path}")
    assert response.status_code == 401
    assert response.json()["status"] == 401
