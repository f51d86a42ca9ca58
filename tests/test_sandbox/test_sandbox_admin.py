"""Admin API: DPS changes visible through the DPS GETs, raw reads and reset."""

import httpx

from dagster_project.sandbox.domains.incentives.seed import PLANTED_INCENTIVE_MISMATCHES
from dagster_project.sandbox.domains.visits.seed import SEEDED_VISITS


def test_create_review_becomes_current(api: httpx.Client, admin: httpx.Client) -> None:
    created = admin.post(
        "/dps/incentive-reviews",
        json={"prisonerNumber": "A2007AA", "iepCode": "ENH", "comments": "Promoted"},
    )
    assert created.status_code == 201
    review = created.json()
    assert review["iepLevel"] == "Enhanced"
    assert review["bookingId"] == 1001008
    assert review["agencyId"] == "LEI"
    assert review["reviewType"] == "REVIEW"
    assert review["userId"] is None
    assert api.get(f"/incentives/incentive-reviews/id/{review['id']}").json() == review
    summary = api.get("/incentives/incentive-reviews/prisoner/A2007AA").json()
    assert summary["id"] == review["id"]
    assert summary["iepCode"] == "ENH"
    assert summary["iepDetails"][0] == review
    assert len(summary["iepDetails"]) == 2
    assert summary["daysSinceReview"] == 0


def test_create_review_errors(admin: httpx.Client) -> None:
    unknown = admin.post(
        "/dps/incentive-reviews", json={"prisonerNumber": "Z9999ZZ", "iepCode": "STD"}
    )
    assert unknown.status_code == 404
    bad_level = admin.post(
        "/dps/incentive-reviews", json={"prisonerNumber": "A1000AA", "iepCode": "X"}
    )
    assert bad_level.status_code == 400


def test_levels_and_order(api: httpx.Client, admin: httpx.Client, fresh: None) -> None:
    created = admin.put("/dps/incentive-levels/ENT", json={"name": "Entry", "active": True})
    assert created.json() == {"code": "ENT", "name": "Entry", "active": True, "required": False}
    assert api.get("/incentives/incentive/levels/ENT").json() == created.json()
    renamed = admin.put("/dps/incentive-levels/ENH", json={"name": "Enhanced Plus", "active": True})
    assert renamed.json()["name"] == "Enhanced Plus"
    prison_level = api.get("/incentives/incentive/prison-levels/MDI/level/ENH").json()
    assert prison_level["levelName"] == "Enhanced Plus"
    order = ["ENT", "BAS", "STD", "ENH", "EN2", "EN3"]
    reordered = admin.put("/dps/incentive-levels-order", json={"codes": order})
    assert [level["code"] for level in reordered.json()] == order
    every = api.get("/incentives/incentive/levels", params={"with-inactive": "true"}).json()
    assert [level["code"] for level in every] == order
    bad = admin.put("/dps/incentive-levels-order", json={"codes": ["NOPE"]})
    assert bad.status_code == 400


def test_prison_levels_partial_update_and_create(
    api: httpx.Client, admin: httpx.Client, fresh: None
) -> None:
    changed = admin.put("/dps/prison-levels/BXI/STD", json={"visitOrders": 5})
    assert changed.status_code == 200
    assert changed.json()["visitOrders"] == 5
    assert changed.json()["privilegedVisitOrders"] == 1, "unchanged fields are kept"
    got = api.get("/incentives/incentive/prison-levels/BXI/level/STD").json()
    assert got == changed.json()
    created = admin.put("/dps/prison-levels/BXI/EN3", json={"active": False})
    assert created.json()["levelName"] == "Enhanced 3"
    assert created.json()["active"] is False
    assert api.get("/incentives/incentive/prison-levels/BXI/level/EN3").status_code == 200
    assert admin.put("/dps/prison-levels/BXI/NOPE", json={}).status_code == 400


def test_visit_booking_change_and_cancel(api: httpx.Client, admin: httpx.Client) -> None:
    booked = admin.post(
        "/dps/visits",
        json={
            "prisonerId": "A3005AA",
            "prisonId": "BXI",
            "visitors": [101, 102],
            "startTimestamp": "2027-03-01T09:00:00",
            "endTimestamp": "2027-03-01T10:00:00",
            "visitRoom": "Hall A",
            "visitorSupportDescription": "Hearing loop",
        },
    )
    assert booked.status_code == 201
    visit = booked.json()
    reference = visit["reference"]
    assert len(reference) == 11 and reference.count("-") == 3
    assert visit["visitType"] == "SOCIAL"
    assert visit["visitRestriction"] == "OPEN"
    assert visit["visitStatus"] == "BOOKED"
    assert visit["visitorSupport"] == {"description": "Hearing loop"}
    assert api.get(f"/visits-api/visits/{reference}").json() == visit

    changed = admin.put(
        f"/dps/visits/{reference}",
        json={"startTimestamp": "2027-03-01T11:00:00", "endTimestamp": "2027-03-01T12:00:00"},
    )
    assert changed.json()["startTimestamp"] == "2027-03-01T11:00:00"
    assert changed.json()["visitRoom"] == "Hall A"
    assert api.get(f"/visits-api/visits/{reference}").json() == changed.json()
    bad_times = admin.put(f"/dps/visits/{reference}", json={"endTimestamp": "2027-03-01T10:00:00"})
    assert bad_times.status_code == 400

    cancelled = admin.post(
        f"/dps/visits/{reference}/cancel", json={"outcomeStatus": "VISITOR_CANCELLED"}
    )
    assert cancelled.json()["visitStatus"] == "CANCELLED"
    assert cancelled.json()["outcomeStatus"] == "VISITOR_CANCELLED"
    assert api.get(f"/visits-api/visits/{reference}").json() == cancelled.json()

    assert admin.put("/dps/visits/no-such-ref", json={}).status_code == 404
    missing = admin.post("/dps/visits/no-such-ref/cancel", json={"outcomeStatus": "X"})
    assert missing.status_code == 404


def test_raw_reads(admin: httpx.Client, fresh: None) -> None:
    prisoners = admin.get("/prisoners", params={"prisonId": "LEI", "limit": 3}).json()
    assert prisoners == [
        {"offenderNo": f"A200{i}AA", "bookingId": 1001001 + i, "prisonId": "LEI", "active": True}
        for i in range(3)
    ]
    planted = PLANTED_INCENTIVE_MISMATCHES[0]
    rows = admin.get("/nomis/incentives", params={"offenderNo": planted.offender_no}).json()
    assert [(r["sequence"], r["iepLevel"], r["current"]) for r in rows] == [
        (1, planted.dps_level, False),
        (2, planted.nomis_level, True),
    ]
    assert admin.get("/nomis/incentives", params={"bookingId": planted.booking_id}).json() == rows
    seeded = SEEDED_VISITS[2]
    [visit] = admin.get("/nomis/visits", params={"offenderNo": seeded.offender_no}).json()
    assert visit["visitId"] == seeded.nomis_visit_id
    assert visit["openClosedStatus"] == "CLOSED"
    assert visit["visitComment"] == f"DPS booking reference: {seeded.reference}"
    codes = admin.get("/nomis/reference-codes").json()
    assert [c["code"] for c in codes] == ["BAS", "STD", "ENH", "EN2", "EN3"]
    levels = admin.get("/nomis/prison-levels", params={"prisonId": "MDI"}).json()
    assert {lvl["levelCode"] for lvl in levels} == {"BAS", "STD", "ENH", "EN2"}
    [mapping] = admin.get("/mappings/incentives", params={"incentiveId": 2}).json()
    assert mapping["nomisBookingId"] == 1000002
    [vmap] = admin.get("/mappings/visits", params={"vsipId": seeded.reference}).json()
    assert vmap["nomisId"] == seeded.nomis_visit_id
    assert vmap["mappingType"] == "MIGRATED"
    assert len(admin.get("/dps/visits").json()) == len(SEEDED_VISITS)
    assert (
        len(admin.get("/dps/incentive-reviews", params={"prisonerNumber": "A1000AA"}).json()) == 1
    )


def test_reset_restores_seed_and_clears_faults_and_journal(
    api: httpx.Client, admin: httpx.Client
) -> None:
    admin.post("/dps/incentive-reviews", json={"prisonerNumber": "A1003AA", "iepCode": "BAS"})
    api.post(
        "/mapping-api/mapping/incentives",
        json={
            "nomisBookingId": 9,
            "nomisIncentiveSequence": 9,
            "incentiveId": 90909,
            "mappingType": "NOMIS_CREATED",
        },
    )
    admin.post("/faults", json={"service": "nomis", "status": 500})
    assert admin.post("/reset").status_code == 200
    assert admin.get("/faults").json() == []
    assert admin.get("/requests").json() == []
    assert api.get("/mapping-api/mapping/incentives/incentive-id/90909").status_code == 404
    assert (
        len(admin.get("/dps/incentive-reviews", params={"prisonerNumber": "A1003AA"}).json()) == 1
    )
    assert api.get("/nomis/incentives/reference-codes/STD").status_code == 200, "token survives"
