"""Sentencing adjustments on all three sides: seed, DPS admin changes, NOMIS writes, mappings."""

import uuid

import httpx
import pytest

from dagster_project.sandbox.domains.sentencing.planted import (
    PLANTED_ADJUSTMENT_MISMATCHES,
    PLANTED_ADJUSTMENTS,
)
from dagster_project.sandbox.domains.sentencing.seed import (
    FIRST_NOMIS_ADJUSTMENT_ID,
    SEEDED_ADJUSTMENTS,
    SEEDED_KEY_DATE_ADJUSTMENTS,
    SEEDED_SENTENCE_ADJUSTMENTS,
)

RX, UAL = SEEDED_ADJUSTMENTS[0], SEEDED_ADJUSTMENTS[1]
BOOKING = RX.booking_id
MAPPINGS = "/mapping-api/mapping/sentencing/adjustments"


def test_seeded_adjustments_are_synced(api: httpx.Client, admin: httpx.Client) -> None:
    assert [a.offender_no for a in SEEDED_ADJUSTMENTS] == ["A1000AA"] * 2 + ["A1001AA", "A1002AA"]
    assert {(a.adjustment_type, a.category) for a in SEEDED_SENTENCE_ADJUSTMENTS} == {
        ("RX", "SENTENCE")
    }
    assert {a.adjustment_type for a in SEEDED_KEY_DATE_ADJUSTMENTS} == {"UAL"}
    legacy = api.get(f"/adjustments/legacy/adjustments/{RX.adjustment_id}")
    assert legacy.status_code == 200
    assert legacy.headers["content-type"] == "application/json"
    assert legacy.json() == {
        "bookingId": BOOKING,
        "sentenceSequence": 1,
        "offenderNo": "A1000AA",
        "adjustmentType": "RX",
        "adjustmentDate": "2025-02-01",
        "adjustmentFromDate": "2024-11-01",
        "adjustmentDays": 10,
        "comment": "Seeded RX adjustment",
        "active": True,
        "bookingReleased": False,
        "agencyId": "MDI",
        "currentTerm": True,
    }
    key_date = api.get(f"/adjustments/legacy/adjustments/{UAL.adjustment_id}").json()
    assert key_date["sentenceSequence"] is None and key_date["adjustmentType"] == "UAL"
    dtos = api.get("/adjustments/adjustments", params={"person": "A1000AA"}).json()
    assert [(d["adjustmentType"], d["effectiveDays"], d["bookingId"]) for d in dtos] == [
        ("REMAND", 10, BOOKING),
        ("UNLAWFULLY_AT_LARGE", 5, BOOKING),
    ]
    assert dtos[1]["fromDate"] == "2025-03-01" and dtos[1]["toDate"] == "2025-03-05"
    nomis = api.get(
        f"/nomis/prisoners/booking-id/{BOOKING}/sentencing-adjustments",
        params={"active-only": "true"},
    ).json()
    [sentence], [kd] = nomis["sentenceAdjustments"], nomis["keyDateAdjustments"]
    assert sentence["id"] == kd["id"] == FIRST_NOMIS_ADJUSTMENT_ID, "ids are per category"
    assert sentence["adjustmentType"] == {"code": "RX", "description": "Remand"}
    assert sentence["sentenceSequence"] == 1 and sentence["hiddenFromUsers"] is False
    assert kd["adjustmentFromDate"] == "2025-03-01" and "sentenceSequence" not in kd
    mapping = api.get(f"{MAPPINGS}/adjustment-id/{UAL.adjustment_id}").json()
    assert mapping == {
        "nomisAdjustmentId": FIRST_NOMIS_ADJUSTMENT_ID,
        "nomisAdjustmentCategory": "KEY-DATE",
        "adjustmentId": UAL.adjustment_id,
        "label": None,
        "mappingType": "MIGRATED",
        "whenCreated": "2025-01-01T08:00:00",
    }
    rows = admin.get("/mappings/adjustments").json()
    planted = {a.adjustment_id for a in PLANTED_ADJUSTMENTS if a.mapped}
    assert {r["adjustmentId"] for r in rows} == {
        a.adjustment_id for a in SEEDED_ADJUSTMENTS
    } | planted
    assert len(admin.get("/nomis/adjustments", params={"bookingId": BOOKING}).json()) == 2


def test_dps_admin_changes_show_in_dps_reads(
    api: httpx.Client, admin: httpx.Client, fresh: None
) -> None:
    created = admin.post(
        "/dps/adjustments",
        json={"offenderNo": "A1003AA", "adjustmentType": "UAL", "adjustmentDays": 4},
    )
    assert created.status_code == 201
    body = created.json()
    adjustment_id = body.pop("adjustmentId")
    assert uuid.UUID(adjustment_id)
    legacy = f"/adjustments/legacy/adjustments/{adjustment_id}"
    assert api.get(legacy).json() == body
    assert body["bookingId"] == 1000004 and body["sentenceSequence"] is None
    assert body["adjustmentDate"] is None and body["active"] is True
    change = {"adjustmentDays": 6, "comment": "Longer", "adjustmentFromDate": "2026-01-02"}
    changed = admin.put(f"/dps/adjustments/{adjustment_id}", json=change)
    assert changed.status_code == 200
    got = api.get(legacy).json()
    assert (got["adjustmentDays"], got["comment"], got["adjustmentFromDate"]) == (
        6,
        "Longer",
        "2026-01-02",
    )
    admin.put(f"/dps/adjustments/{adjustment_id}", json={"active": False}).raise_for_status()
    person = {"person": "A1003AA"}
    assert api.get("/adjustments/adjustments", params=person).json() == []
    inactive = api.get("/adjustments/adjustments", params={**person, "status": "INACTIVE"})
    assert [d["status"] for d in inactive.json()] == ["INACTIVE"]
    assert admin.delete(f"/dps/adjustments/{adjustment_id}").status_code == 204
    gone = api.get(legacy)
    assert gone.status_code == 404
    assert gone.json()["status"] == 404 and gone.json()["userMessage"].endswith("not found")
    assert admin.delete(f"/dps/adjustments/{adjustment_id}").status_code == 404
    assert admin.put(f"/dps/adjustments/{adjustment_id}", json=change).status_code == 404
    sentence = {"offenderNo": "A1003AA", "adjustmentType": "RX", "adjustmentDays": 2}
    with_sequence = admin.post("/dps/adjustments", json={**sentence, "sentenceSequence": 2})
    assert with_sequence.json()["sentenceSequence"] == 2
    unknown = admin.post("/dps/adjustments", json={**sentence, "offenderNo": "Z9999ZZ"})
    assert unknown.status_code == 404
    assert (
        admin.post("/dps/adjustments", json={**sentence, "adjustmentType": "XX"}).status_code == 400
    )
    assert admin.put("/dps/adjustments/not-a-uuid", json=change).status_code == 400
    assert api.get("/adjustments/adjustments", params={"person": "Z9999ZZ"}).json() == []


def test_nomis_adjustment_writes(api: httpx.Client, admin: httpx.Client, fresh: None) -> None:
    base = f"/nomis/prisoners/booking-id/{BOOKING}"
    sentence = {"adjustmentTypeCode": "RSR", "adjustmentDays": 7, "comment": "Remand"}
    created = api.post(f"{base}/sentences/2/adjustments", json=sentence)
    assert created.status_code == 201
    assert created.json() == {"id": FIRST_NOMIS_ADJUSTMENT_ID + 2}
    key_date = {
        "adjustmentTypeCode": "LAL",
        "adjustmentDays": 3,
        "adjustmentFromDate": "2026-02-01",
    }
    kd = api.post(f"{base}/adjustments", json=key_date)
    assert kd.status_code == 201 and kd.json() == {"id": FIRST_NOMIS_ADJUSTMENT_ID + 2}
    sentence_id, kd_id = created.json()["id"], kd.json()["id"]
    update = {**sentence, "adjustmentDays": 9, "sentenceSequence": 2, "active": False}
    put = api.put(f"/nomis/sentence-adjustments/{sentence_id}", json=update)
    assert put.status_code == 200 and put.content == b""
    key_update = {**key_date, "adjustmentDays": 0, "comment": "zeroed"}
    assert api.put(f"/nomis/key-date-adjustments/{kd_id}", json=key_update).status_code == 200
    rows = admin.get("/nomis/adjustments", params={"bookingId": BOOKING}).json()
    by_key = {(r["category"], r["adjustmentId"]): r for r in rows}
    assert by_key[("SENTENCE", sentence_id)]["adjustmentDays"] == 9
    assert by_key[("SENTENCE", sentence_id)]["active"] is False
    assert by_key[("SENTENCE", sentence_id)]["adjustmentDate"] is not None, "defaults to today"
    assert by_key[("KEY-DATE", kd_id)]["comment"] == "zeroed"
    assert by_key[("KEY-DATE", kd_id)]["active"] is True, "an omitted active keeps the flag"
    listing = f"{base}/sentencing-adjustments"
    active = api.get(listing, params={"active-only": "true"}).json()
    every = api.get(listing, params={"active-only": "false"}).json()
    assert len(active["sentenceAdjustments"]) == 1 and len(every["sentenceAdjustments"]) == 2
    assert len(every["keyDateAdjustments"]) == 2
    assert api.delete(f"/nomis/sentence-adjustments/{sentence_id}").status_code == 204
    assert api.delete(f"/nomis/sentence-adjustments/{sentence_id}").status_code == 404
    assert api.delete(f"/nomis/key-date-adjustments/{kd_id}").status_code == 204
    assert api.put(f"/nomis/key-date-adjustments/{kd_id}", json=key_date).status_code == 404
    assert api.put(f"/nomis/sentence-adjustments/{sentence_id}", json=update).status_code == 404
    assert api.post("/nomis/prisoners/booking-id/7/adjustments", json=key_date).status_code == 404
    assert api.post(f"{base}/sentences/4/adjustments", json=sentence).status_code == 404
    assert (
        api.get(
            "/nomis/prisoners/booking-id/7/sentencing-adjustments", params={"active-only": "true"}
        ).status_code
        == 404
    )


@pytest.mark.contract_exempt("deliberately sends requests the spec forbids")
def test_nomis_rejects_bad_adjustments(api: httpx.Client) -> None:
    base = f"/nomis/prisoners/booking-id/{BOOKING}"
    no_from = {"adjustmentTypeCode": "UAL", "adjustmentDays": 3}
    assert api.post(f"{base}/adjustments", json=no_from).status_code == 400
    wrong_type = {"adjustmentTypeCode": "UAL", "adjustmentDays": 3}
    assert api.post(f"{base}/sentences/1/adjustments", json=wrong_type).status_code == 400
    negative = {"adjustmentTypeCode": "RX", "adjustmentDays": -1}
    assert api.post(f"{base}/sentences/1/adjustments", json=negative).status_code == 400
    assert api.get(f"{base}/sentencing-adjustments").status_code == 400, "active-only required"


def test_reset_reseeds_adjustments(api: httpx.Client, admin: httpx.Client) -> None:
    assert admin.delete(f"/dps/adjustments/{RX.adjustment_id}").status_code == 204
    nomis_path = f"/nomis/sentence-adjustments/{RX.nomis_adjustment_id}"
    assert api.delete(nomis_path).status_code == 204
    api.delete(f"{MAPPINGS}/adjustment-id/{RX.adjustment_id}")
    admin.post("/reset").raise_for_status()
    assert api.get(f"/adjustments/legacy/adjustments/{RX.adjustment_id}").status_code == 200
    assert api.get(f"{MAPPINGS}/adjustment-id/{RX.adjustment_id}").status_code == 200
    assert api.delete(nomis_path).status_code == 204, "the reset brought the NOMIS row back"
    admin.post("/reset").raise_for_status()


def test_faults_and_journal_cover_adjustments(api: httpx.Client, admin: httpx.Client) -> None:
    admin.delete("/requests")
    rule = {"service": "adjustments", "pathPattern": "^/legacy/", "status": 503, "times": 1}
    assert admin.post("/faults", json=rule).status_code == 201
    path = f"/adjustments/legacy/adjustments/{UAL.adjustment_id}"
    failed = api.get(path)
    assert failed.status_code == 503 and failed.headers["X-Sandbox-Fault"] == "true"
    assert api.get(path).status_code == 200
    entries = admin.get("/requests", params={"service": "adjustments"}).json()
    assert [(e["path"], e["status"], e["faultInjected"]) for e in entries] == [
        (f"/legacy/adjustments/{UAL.adjustment_id}", 503, True),
        (f"/legacy/adjustments/{UAL.adjustment_id}", 200, False),
    ]


def test_latest_bookings_are_paged_after_a_booking_id(
    api: httpx.Client, admin: httpx.Client
) -> None:
    everyone = admin.get("/prisoners").json()
    path = "/nomis/bookings/ids/latest-from-id"
    first = api.get(path, params={"pageSize": 3}).json()
    assert first == {
        "prisonerIds": [
            {"bookingId": p["bookingId"], "offenderNo": p["offenderNo"]} for p in everyone[:3]
        ],
        "lastBookingId": everyone[2]["bookingId"],
    }
    after = everyone[-3]["bookingId"]
    tail = api.get(path, params={"bookingId": after, "pageSize": 5}).json()
    assert [p["bookingId"] for p in tail["prisonerIds"]] == [p["bookingId"] for p in everyone[-2:]]
    assert tail["lastBookingId"] == everyone[-1]["bookingId"], "a short page is the last"
    released = [p["bookingId"] for p in everyone if not p["active"]]
    every = api.get(path, params={"pageSize": len(everyone)}).json()["prisonerIds"]
    assert {p["bookingId"] for p in every} >= set(released), "released prisoners by default"
    active = api.get(path, params={"pageSize": len(everyone), "activeOnly": "true"}).json()
    assert set(released).isdisjoint(p["bookingId"] for p in active["prisonerIds"])
    empty = api.get(path, params={"bookingId": everyone[-1]["bookingId"]}).json()
    assert empty == {"prisonerIds": [], "lastBookingId": everyone[-1]["bookingId"]}


def test_planted_adjustment_mismatches_are_listed_and_seeded(
    api: httpx.Client, admin: httpx.Client
) -> None:
    listed = admin.get("/planted").json()["adjustmentMismatches"]
    assert [(m["bookingId"], m["kind"]) for m in listed] == [
        (m.booking_id, m.kind) for m in PLANTED_ADJUSTMENT_MISMATCHES
    ]
    ual = api.get(
        f"/nomis/prisoners/booking-id/{listed[2]['bookingId']}/sentencing-adjustments",
        params={"active-only": "true"},
    ).json()
    assert [a["adjustmentType"]["code"] for a in ual["keyDateAdjustments"]] == ["UAL"]
    assert [
        (a["adjustmentType"]["code"], a["adjustmentDays"]) for a in ual["sentenceAdjustments"]
    ] == [("RSR", 0)]
    dps = api.get("/adjustments/adjustments", params={"person": listed[2]["offenderNo"]}).json()
    assert sorted((d["adjustmentType"], d["effectiveDays"]) for d in dps) == [
        ("LAWFULLY_AT_LARGE", 3),
        ("UNUSED_DEDUCTIONS", 0),
    ]
    inactive = admin.get("/nomis/adjustments", params={"bookingId": listed[1]["bookingId"]}).json()
    assert sorted((r["adjustmentType"], r["active"]) for r in inactive) == [
        ("ADA", False),
        ("S240A", True),
    ]
