"""Mapping service: incentive and visit mappings, including the 409 duplicate contract."""

import httpx

from dagster_project.sandbox.domains.visits.seed import SEEDED_VISITS


def test_seeded_incentive_mapping(api: httpx.Client) -> None:
    response = api.get("/mapping-api/mapping/incentives/incentive-id/1")
    assert response.status_code == 200
    assert response.json() == {
        "nomisBookingId": 1000001,
        "nomisIncentiveSequence": 1,
        "incentiveId": 1,
        "label": None,
        "mappingType": "MIGRATED",
        "whenCreated": "2025-01-01T08:00:00",
    }


def test_incentive_mapping_404(api: httpx.Client) -> None:
    response = api.get("/mapping-api/mapping/incentives/incentive-id/999999")
    assert response.status_code == 404
    assert response.json() == {"status": 404, "userMessage": "Not Found: Incentive id=999999"}


def test_create_incentive_mapping_and_duplicates(api: httpx.Client) -> None:
    mapping = {
        "nomisBookingId": 1000003,
        "nomisIncentiveSequence": 7,
        "incentiveId": 5001,
        "mappingType": "INCENTIVE_CREATED",
    }
    created = api.post("/mapping-api/mapping/incentives", json=mapping)
    assert created.status_code == 201
    assert created.content == b""
    stored = api.get("/mapping-api/mapping/incentives/incentive-id/5001").json()
    assert stored["nomisIncentiveSequence"] == 7
    assert stored["mappingType"] == "INCENTIVE_CREATED"

    identical = api.post("/mapping-api/mapping/incentives", json=mapping)
    assert identical.status_code == 201, "re-posting the same mapping is idempotent"

    same_nomis = api.post("/mapping-api/mapping/incentives", json={**mapping, "incentiveId": 5002})
    assert same_nomis.status_code == 409
    body = same_nomis.json()
    assert body["status"] == "409 CONFLICT"
    assert body["errorCode"] == 1409
    assert body["userMessage"].startswith("Conflict: Incentive mapping already exists")
    assert body["moreInfo"]["duplicate"] == {**mapping, "incentiveId": 5002, "label": None}
    assert body["moreInfo"]["existing"]["incentiveId"] == 5001
    assert body["moreInfo"]["existing"]["whenCreated"]

    same_dps = api.post(
        "/mapping-api/mapping/incentives", json={**mapping, "nomisBookingId": 1000004}
    )
    assert same_dps.status_code == 409
    assert same_dps.json()["moreInfo"]["existing"]["nomisBookingId"] == 1000003
    assert same_dps.json()["moreInfo"]["duplicate"]["nomisBookingId"] == 1000004


def test_create_incentive_mapping_validation(api: httpx.Client) -> None:
    bad_type = {
        "nomisBookingId": 1,
        "nomisIncentiveSequence": 1,
        "incentiveId": 6001,
        "mappingType": "ONLINE",
    }
    response = api.post("/mapping-api/mapping/incentives", json=bad_type)
    assert response.status_code == 400
    assert response.json()["status"] == 400


def test_visit_mappings(api: httpx.Client) -> None:
    seeded = SEEDED_VISITS[0]
    by_vsip = api.get(f"/mapping-api/mapping/visits/vsipId/{seeded.reference}")
    assert by_vsip.status_code == 200
    assert by_vsip.json()["nomisId"] == seeded.nomis_visit_id
    by_nomis = api.get(f"/mapping-api/mapping/visits/nomisId/{seeded.nomis_visit_id}")
    assert by_nomis.json()["vsipId"] == seeded.reference
    assert api.get("/mapping-api/mapping/visits/vsipId/no-such-ref").status_code == 404
    assert api.get("/mapping-api/mapping/visits/nomisId/1").status_code == 404

    mapping = {"nomisId": "70000001", "vsipId": "ab-cd-ef-gh", "mappingType": "ONLINE"}
    assert api.post("/mapping-api/mapping/visits", json=mapping).status_code == 201
    assert api.get("/mapping-api/mapping/visits/nomisId/70000001").json()["vsipId"] == "ab-cd-ef-gh"
    assert api.post("/mapping-api/mapping/visits", json=mapping).status_code == 201

    clash = api.post("/mapping-api/mapping/visits", json={**mapping, "nomisId": 70000002})
    assert clash.status_code == 409
    body = clash.json()
    assert body["status"] == "409 CONFLICT"
    assert body["moreInfo"]["duplicate"]["nomisId"] == 70000002
    assert body["moreInfo"]["existing"]["nomisId"] == 70000001
    assert body["moreInfo"]["existing"]["vsipId"] == "ab-cd-ef-gh"

    clash_nomis = api.post("/mapping-api/mapping/visits", json={**mapping, "vsipId": "zz-zz-zz-zz"})
    assert clash_nomis.status_code == 409
    assert clash_nomis.json()["moreInfo"]["existing"]["vsipId"] == "ab-cd-ef-gh"
