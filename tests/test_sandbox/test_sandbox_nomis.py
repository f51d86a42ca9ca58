"""NOMIS prisoner API: incentives, reference codes, prison levels, visits and active ids."""

from concurrent.futures import ThreadPoolExecutor

import httpx

from dagster_project.sandbox.domains.incentives.seed import PLANTED_INCENTIVE_MISMATCHES
from dagster_project.sandbox.domains.visits.seed import SEEDED_VISITS

VISIT = {
    "startDateTime": "2027-01-05T09:00:00",
    "endTime": "10:00",
    "prisonId": "MDI",
    "visitorPersonIds": [11, 12],
    "visitType": "SCON",
    "issueDate": "2026-11-27",
    "visitComment": "DPS booking reference: zz-yy-xx-ww",
    "visitOrderComment": "DPS booking reference: zz-yy-xx-ww",
    "room": "Visits Main Hall",
    "openClosedStatus": "OPEN",
}


def test_create_incentive_adds_next_sequence_and_becomes_current(api: httpx.Client) -> None:
    before = api.get("/nomis/incentives/booking-id/1000009/current").json()
    response = api.post(
        "/nomis/prisoners/A1008AA/incentives",
        json={
            "iepLevel": "ENH",
            "iepDateTime": "2026-11-20T10:00:00",
            "prisonId": "MDI",
            "userId": "JSMITH",
            "comments": "Good behaviour",
        },
    )
    assert response.status_code == 201
    assert response.json() == {"bookingId": 1000009, "sequence": before["incentiveSequence"] + 1}
    current = api.get("/nomis/incentives/booking-id/1000009/current").json()
    assert current["iepLevel"] == {"code": "ENH", "description": "Enhanced"}
    assert current["offenderNo"] == "A1008AA"
    assert current["iepDateTime"] == "2026-11-20T10:00:00"
    assert current["commentText"] == "Good behaviour"
    assert current["currentIep"] is True


def test_create_incentive_errors(api: httpx.Client) -> None:
    body = {"iepLevel": "STD", "iepDateTime": "2026-11-20T10:00", "prisonId": "MDI"}
    assert api.post("/nomis/prisoners/Z9999ZZ/incentives", json=body).status_code == 404
    unknown_level = api.post(
        "/nomis/prisoners/A1000AA/incentives", json={**body, "iepLevel": "XXX"}
    )
    assert unknown_level.status_code == 400
    missing = api.post("/nomis/prisoners/A1000AA/incentives", json={"iepLevel": "STD"})
    assert missing.status_code == 400
    assert missing.json()["status"] == 400
    assert "iepDateTime" in missing.json()["userMessage"]


def test_current_incentive_reflects_planted_mismatch(api: httpx.Client) -> None:
    planted = PLANTED_INCENTIVE_MISMATCHES[0]
    current = api.get(f"/nomis/incentives/booking-id/{planted.booking_id}/current").json()
    assert current["iepLevel"]["code"] == planted.nomis_level


def test_current_incentive_404(api: httpx.Client) -> None:
    response = api.get("/nomis/incentives/booking-id/42/current")
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_reference_codes_crud_and_reorder(api: httpx.Client, fresh: None) -> None:
    std = api.get("/nomis/incentives/reference-codes/STD")
    assert std.json() == {
        "code": "STD",
        "domain": "IEP_LEVEL",
        "description": "Standard",
        "active": True,
        "sequence": 2,
        "systemDataFlag": False,
    }
    assert api.get("/nomis/incentives/reference-codes/NOPE").status_code == 404
    created = api.post(
        "/nomis/incentives/reference-codes",
        json={"code": "ENT", "description": "Entry", "active": True},
    )
    assert created.status_code == 201
    assert created.json()["sequence"] == 6
    dup = api.post(
        "/nomis/incentives/reference-codes",
        json={"code": "ENT", "description": "E", "active": True},
    )
    assert dup.status_code == 409
    updated = api.put(
        "/nomis/incentives/reference-codes/ENT",
        json={"description": "Entry level", "active": False},
    )
    assert updated.status_code == 200
    assert updated.json()["description"] == "Entry level"
    assert updated.json()["active"] is False
    missing = api.put(
        "/nomis/incentives/reference-codes/NOPE", json={"description": "x", "active": True}
    )
    assert missing.status_code == 404
    reorder = api.post(
        "/nomis/incentives/reference-codes/reorder",
        json={"codeList": ["ENT", "BAS", "STD", "ENH", "EN2", "EN3"]},
    )
    assert reorder.status_code == 200
    assert api.get("/nomis/incentives/reference-codes/ENT").json()["sequence"] == 1
    assert api.get("/nomis/incentives/reference-codes/EN3").json()["sequence"] == 6


def test_prison_levels(api: httpx.Client, fresh: None) -> None:
    got = api.get("/nomis/incentives/prison/MDI/code/STD")
    assert got.status_code == 200
    assert got.json()["iepLevelCode"] == "STD"
    assert got.json()["defaultOnAdmission"] is True
    assert api.get("/nomis/incentives/prison/MDI/code/EN3").status_code == 404
    levels = {
        "active": True,
        "defaultOnAdmission": False,
        "visitOrderAllowance": 4,
        "privilegedVisitOrderAllowance": 3,
        "remandTransferLimitInPence": 100,
        "remandSpendLimitInPence": 200,
        "convictedTransferLimitInPence": 300,
        "convictedSpendLimitInPence": 400,
    }
    created = api.post("/nomis/incentives/prison/MDI", json={**levels, "levelCode": "EN3"})
    assert created.status_code == 201
    assert created.json()["visitOrderAllowance"] == 4
    assert (
        api.post("/nomis/incentives/prison/MDI", json={**levels, "levelCode": "EN3"}).status_code
        == 409
    )
    updated = api.put(
        "/nomis/incentives/prison/MDI/code/EN3",
        json={"active": False, "defaultOnAdmission": False, "levelCode": "EN3"},
    )
    assert updated.status_code == 200
    assert updated.json()["active"] is False
    assert "visitOrderAllowance" not in updated.json()
    assert api.put("/nomis/incentives/prison/XXX/code/STD", json=levels).status_code == 404


def test_visit_lifecycle(api: httpx.Client) -> None:
    body = {**VISIT, "startDateTime": "2027-02-01T14:00:00", "endTime": "15:00"}
    created = api.post("/nomis/prisoners/A1002AA/visits", json=body)
    assert created.status_code == 201
    visit_id = created.json()["visitId"]

    again = api.post("/nomis/prisoners/A1002AA/visits", json=body)
    assert again.status_code == 409
    assert again.json()["moreInfo"] == str(visit_id)
    assert again.json()["status"] == 409

    got = api.get(f"/nomis/visits/{visit_id}").json()
    assert got["startDateTime"] == "2027-02-01T14:00:00"
    assert got["endDateTime"] == "2027-02-01T15:00:00"
    assert got["visitStatus"]["code"] == "SCH"
    assert [v["personId"] for v in got["visitors"]] == [11, 12]

    update = {
        "startDateTime": "2027-02-01T15:00:00",
        "endTime": "16:30:00",
        "visitorPersonIds": [13],
        "room": "Room 2",
        "openClosedStatus": "CLOSED",
    }
    assert api.put(f"/nomis/prisoners/A1002AA/visits/{visit_id}", json=update).status_code == 200
    got = api.get(f"/nomis/visits/{visit_id}").json()
    assert got["endDateTime"] == "2027-02-01T16:30:00"
    assert got["agencyInternalLocation"]["code"] == "Room 2"

    cancel_url = f"/nomis/prisoners/A1002AA/visits/{visit_id}/cancel"
    assert api.put(cancel_url, json={"outcome": "VO_CANCEL"}).status_code == 200
    got = api.get(f"/nomis/visits/{visit_id}").json()
    assert got["visitStatus"]["code"] == "CANC"
    assert got["visitOutcome"]["code"] == "VO_CANCEL"
    twice = api.put(cancel_url, json={"outcome": "ADMIN"})
    assert twice.status_code == 409
    assert twice.json()["status"] == 409

    rebook = api.post(
        "/nomis/prisoners/A1002AA/visits", json={**body, "startDateTime": "2027-02-01T15:00:00"}
    )
    assert rebook.status_code == 201, "a cancelled visit does not block the slot"


def test_visit_errors(api: httpx.Client) -> None:
    assert api.post("/nomis/prisoners/Z9999ZZ/visits", json=VISIT).status_code == 404
    assert (
        api.post("/nomis/prisoners/A1000AA/visits", json={**VISIT, "visitType": "XX"}).status_code
        == 400
    )
    assert (
        api.post("/nomis/prisoners/A1000AA/visits", json={**VISIT, "endTime": "25:00"}).status_code
        == 400
    )
    assert api.post("/nomis/prisoners/bad/visits", json=VISIT).status_code == 400
    update = {**VISIT, "room": "R"}
    assert api.put("/nomis/prisoners/A1000AA/visits/99", json=update).status_code == 404
    seeded = SEEDED_VISITS[0]
    other = api.put(f"/nomis/prisoners/A1001AA/visits/{seeded.nomis_visit_id}", json=update)
    assert other.status_code == 404, "visit belongs to another prisoner"
    cancel = api.put("/nomis/prisoners/A1000AA/visits/99/cancel", json={"outcome": "ADMIN"})
    assert cancel.status_code == 404
    empty = api.put(
        f"/nomis/prisoners/A1000AA/visits/{seeded.nomis_visit_id}/cancel", json={"outcome": ""}
    )
    assert empty.status_code == 400
    assert api.get("/nomis/visits/99").status_code == 404


def test_seeded_visit_conflicts_with_same_slot(api: httpx.Client) -> None:
    seeded = SEEDED_VISITS[0]
    body = {**VISIT, "prisonId": seeded.prison_id, "startDateTime": seeded.start.isoformat()}
    response = api.post(f"/nomis/prisoners/{seeded.offender_no}/visits", json=body)
    assert response.status_code == 409
    assert response.json()["moreInfo"] == str(seeded.nomis_visit_id)


def test_active_prisoner_ids_paging(api: httpx.Client) -> None:
    first = api.get("/nomis/prisoners/ids/active", params={"page": 0, "size": 4}).json()
    assert first["totalElements"] == 27, "3 prisons x 10, minus the last of each (inactive)"
    assert first["totalPages"] == 7
    assert first["first"] is True and first["last"] is False
    assert first["content"][0] == {"bookingId": 1000001, "offenderNo": "A1000AA"}
    assert first["numberOfElements"] == 4
    last = api.get("/nomis/prisoners/ids/active", params={"page": 6, "size": 4}).json()
    assert last["last"] is True
    assert last["numberOfElements"] == 3
    booking_ids = [p["bookingId"] for p in last["content"]]
    assert booking_ids == sorted(booking_ids)
    assert 1000010 not in booking_ids and 1002010 not in booking_ids
    beyond = api.get("/nomis/prisoners/ids/active", params={"page": 99, "size": 4}).json()
    assert beyond["empty"] is True
    assert api.get("/nomis/prisoners/ids/active", params={"size": 0}).status_code == 400


def test_concurrent_duplicate_visits_create_exactly_one(api: httpx.Client) -> None:
    body = {**VISIT, "startDateTime": "2027-05-05T09:00:00"}
    headers = dict(api.headers)

    def book(_: int) -> httpx.Response:
        url = f"{api.base_url}/nomis/prisoners/A3001AA/visits"
        return httpx.post(url, json=body, headers=headers)

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(book, range(8)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 7
    [created] = [r for r in responses if r.status_code == 201]
    assert {r.json()["moreInfo"] for r in responses if r.status_code == 409} == {
        str(created.json()["visitId"])
    }
