"""Activities admin reads, the planted constants over HTTP, reset, auth, faults, journal."""

from datetime import date, timedelta

import httpx
import pytest

from dagster_project.sandbox.domains.activities.seed_data import (
    PLANTED_ACTIVITY_MISMATCHES,
    PLANTED_ELSEWHERE,
    schedule_for,
)
from dagster_project.sandbox.server import SandboxServer
from tests.test_sandbox.activity_helpers import seeded_on


def test_planted_over_http(acts_admin: httpx.Client) -> None:
    body = acts_admin.get("/planted").json()
    today = date.fromisoformat(body["seededOn"])
    assert today == date.today() or today == date.today() - timedelta(days=1)
    assert len(body["activityMismatches"]) == len(PLANTED_ACTIVITY_MISMATCHES)
    first = body["activityMismatches"][0]
    planted = PLANTED_ACTIVITY_MISMATCHES[0]
    assert first == {
        "reconciliation": planted.reconciliation,
        "prisonId": planted.prison_id,
        "bookingId": planted.booking_id,
        "offenderNo": planted.offender_no,
        "kind": planted.kind,
        "nomisCount": planted.nomis_count,
        "dpsCount": planted.dps_count,
        "date": None,
    }
    dates = {m["date"] for m in body["activityMismatches"] if m["reconciliation"] == "attendance"}
    assert dates == {(today - timedelta(days=1)).isoformat()}
    assert [m["bookingId"] for m in body["elsewhere"]] == [m.booking_id for m in PLANTED_ELSEWHERE]
    assert len(body["incentiveMismatches"]) == 5


def test_raw_rows_show_the_planted_disagreement(acts_admin: httpx.Client, acts_fresh: None) -> None:
    yesterday = seeded_on(acts_admin) - timedelta(days=1)
    [planted] = [
        m
        for m in PLANTED_ACTIVITY_MISMATCHES
        if (m.reconciliation, m.kind) == ("attendance", "different_count")
    ]
    params = {"bookingId": planted.booking_id, "date": yesterday.isoformat()}
    dps = acts_admin.get("/dps/attendances", params=params).json()
    nomis = acts_admin.get("/nomis/attendances", params=params).json()
    assert [a["issuePayment"] for a in dps] == [True, True]
    assert sorted((a["eventStatusCode"], a["paid"]) for a in nomis) == [
        ("COMP", True),
        ("SCH", False),
    ]
    assert nomis[0]["eventOutcomeCode"] in {"ATT", None}
    assert {a["prisonCode"] for a in dps} == {"MDI"}
    allocations = acts_admin.get("/dps/allocations", params={"bookingId": planted.booking_id})
    assert [a["status"] for a in allocations.json()] == ["ACTIVE", "ACTIVE"]
    nomis_allocations = acts_admin.get(
        "/nomis/allocations", params={"bookingId": planted.booking_id}
    ).json()
    assert [a["programStatus"] for a in nomis_allocations] == ["ALLOC", "ALLOC"]
    assert nomis_allocations[0]["endDate"] is None, "admin rows keep null fields"
    [ended] = acts_admin.get("/dps/allocations", params={"bookingId": 1000002}).json()
    assert ended["status"] == "ENDED" and ended["prisonCode"] == "MDI"
    assert len(acts_admin.get("/dps/allocations").json()) > 60


def test_reset_reseeds_activities(
    acts: httpx.Client, acts_admin: httpx.Client, acts_fresh: None
) -> None:
    schedule = schedule_for(0, 0)
    path = f"/nomis/schedules/{schedule.course_schedule_id(-1)}/booking/1000001/attendance"
    assert acts.delete(path).status_code == 204
    assert acts.delete(path).status_code == 404
    acts_admin.post("/reset").raise_for_status()
    assert acts.delete(path).status_code == 204, "the reset brought the attendance back"
    acts_admin.post("/reset").raise_for_status()


def test_faults_and_journal_cover_activities(acts: httpx.Client, acts_admin: httpx.Client) -> None:
    acts_admin.delete("/requests")
    rule = {"service": "activities", "method": "GET", "pathPattern": "^/synchronisation/"}
    assert acts_admin.post("/faults", json={**rule, "status": 503, "times": 1}).status_code == 201
    failed = acts.get("/activities/synchronisation/reconciliation/allocations/MDI")
    assert failed.status_code == 503
    assert failed.headers["X-Sandbox-Fault"] == "true"
    assert failed.json() == {"status": 503, "userMessage": "injected fault"}
    assert acts.get("/activities/synchronisation/reconciliation/allocations/MDI").status_code == 200
    acts_admin.post(
        "/faults", json={"service": "nomis", "pathPattern": "/allocation$", "status": 500}
    )
    upsert = {"bookingId": 1000001, "startDate": "2026-11-01", "programStatusCode": "ALLOC"}
    assert acts.put("/nomis/activities/20001/allocation", json=upsert).status_code == 500
    acts_admin.delete("/faults")
    assert acts.put("/nomis/activities/20001/allocation", json=upsert).status_code == 200
    entries = acts_admin.get("/requests", params={"service": "activities"}).json()
    assert [(e["path"], e["status"], e["faultInjected"]) for e in entries] == [
        ("/synchronisation/reconciliation/allocations/MDI", 503, True),
        ("/synchronisation/reconciliation/allocations/MDI", 200, False),
    ]
    puts = acts_admin.get("/requests", params={"service": "nomis", "method": "PUT"}).json()
    assert [e["status"] for e in puts] == [500, 200]
    assert puts[-1]["body"] == upsert
    acts_admin.post("/reset").raise_for_status()


@pytest.mark.contract_exempt("deliberately sends no bearer token")
@pytest.mark.parametrize(
    "path",
    [
        "/nomis/agency-switches/ACTIVITY",
        "/nomis/allocations/reconciliation/MDI",
        "/mapping-api/mapping/activities/activity-schedule-id/101",
        "/activities/synchronisation/reconciliation/allocations/MDI",
        "/activities/allocations/id/10000",
    ],
)
def test_activities_apis_require_a_bearer_token(activity_sandbox: SandboxServer, path: str) -> None:
    response = httpx.get(f"{activity_sandbox.base_url}{path}")
    assert response.status_code == 401
    assert response.json()["status"] == 401
