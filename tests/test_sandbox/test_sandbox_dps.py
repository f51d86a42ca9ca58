"""DPS incentives API and DPS visit scheduler reads."""

import httpx

from dagster_project.sandbox.domains.incentives.seed import PLANTED_INCENTIVE_MISMATCHES
from dagster_project.sandbox.domains.visits.seed import SEEDED_VISITS


def test_review_by_id(api: httpx.Client) -> None:
    response = api.get("/incentives/incentive-reviews/id/1")
    assert response.status_code == 200
    body = response.json()
    assert body["prisonerNumber"] == "A1000AA"
    assert body["bookingId"] == 1000001
    assert body["iepCode"] == "STD"
    assert body["iepLevel"] == "Standard"
    assert body["agencyId"] == "MDI"
    assert {"userId", "comments", "reviewType", "auditModuleName", "isRealReview"} <= body.keys()
    assert api.get("/incentives/incentive-reviews/id/999999").status_code == 404


def test_prisoner_summary(api: httpx.Client) -> None:
    planted = PLANTED_INCENTIVE_MISMATCHES[1]
    response = api.get(f"/incentives/incentive-reviews/prisoner/{planted.offender_no}")
    assert response.status_code == 200
    body = response.json()
    assert body["iepCode"] == planted.dps_level
    assert body["bookingId"] == planted.booking_id
    assert body["iepDetails"][0]["id"] == body["id"]
    assert isinstance(body["daysSinceReview"], int)
    assert body["nextReviewDate"] > body["iepDate"]
    missing = api.get("/incentives/incentive-reviews/prisoner/Z9999ZZ")
    assert missing.status_code == 404
    assert missing.json()["status"] == 404


def test_levels(api: httpx.Client) -> None:
    active = api.get("/incentives/incentive/levels").json()
    assert [level["code"] for level in active] == ["BAS", "STD", "ENH", "EN2"]
    every = api.get("/incentives/incentive/levels", params={"with-inactive": "true"}).json()
    assert [level["code"] for level in every][-1] == "EN3"
    assert every[-1]["active"] is False
    assert api.get("/incentives/incentive/levels/EN3").json() == {
        "code": "EN3",
        "name": "Enhanced 3",
        "active": False,
        "required": False,
    }
    assert api.get("/incentives/incentive/levels/NOPE").status_code == 404


def test_prison_level(api: httpx.Client) -> None:
    body = api.get("/incentives/incentive/prison-levels/LEI/level/ENH").json()
    assert body["levelName"] == "Enhanced"
    assert body["visitOrders"] == 2
    assert body["privilegedVisitOrders"] == 2
    assert body["defaultOnAdmission"] is False
    assert api.get("/incentives/incentive/prison-levels/LEI/level/EN3").status_code == 404


def test_visit_scheduler_get(api: httpx.Client) -> None:
    seeded = SEEDED_VISITS[1]
    response = api.get(f"/visits-api/visits/{seeded.reference}")
    assert response.status_code == 200
    assert response.json() == {
        "reference": seeded.reference,
        "prisonerId": seeded.offender_no,
        "prisonId": seeded.prison_id,
        "visitors": [{"nomisPersonId": 4729571}],
        "visitType": "SOCIAL",
        "startTimestamp": "2026-12-02T14:00:00",
        "endTimestamp": "2026-12-02T15:30:00",
        "visitStatus": "BOOKED",
        "visitRoom": "Visits Main Hall",
        "visitRestriction": "OPEN",
        "visitorSupport": {"description": "Wheelchair access"},
    }
    missing = api.get("/visits-api/visits/no-such-ref")
    assert missing.status_code == 404
    assert missing.json()["status"] == 404
