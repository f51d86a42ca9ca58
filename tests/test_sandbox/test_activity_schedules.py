"""DPS activity schedule, activity and session reads, and the admin changes behind them."""

from datetime import date, timedelta

import httpx
import pytest

from dagster_project.sandbox.domains.activities.seed_data import SEEDED_SCHEDULES
from dagster_project.sandbox.domains.activities.seed_details import SEEDED_LOCATIONS, SEEDED_PAY
from tests.test_sandbox.activity_helpers import seeded_on

WOODWORK = SEEDED_SCHEDULES[0]
NEW_SCHEDULE = {
    "prisonCode": "LEI",
    "description": "Gardening PM",
    "summary": "Gardening",
    "categoryCode": "SAA_PRISON_JOBS",
    "capacity": 8,
    "startDate": date.today().isoformat(),
    "slots": [{"startTime": "13:30", "endTime": "16:00", "days": ["MON", "WED"]}],
    "pay": [{"incentiveNomisCode": "STD", "nomisPayBand": 2, "ratePence": 175}],
}


def test_seeded_schedule(api: httpx.Client, admin: httpx.Client) -> None:
    today = seeded_on(admin)
    path = f"/activities/schedules/{WOODWORK.schedule_id}"
    body = api.get(path, params={"earliestSessionDate": today.isoformat()}).json()
    assert (body["id"], body["description"], body["capacity"]) == (101, "Woodwork AM", 20)
    assert body["startDate"] == (today - timedelta(days=60)).isoformat()
    assert body["endDate"] is None and body["runsOnBankHoliday"] is False
    assert len(body["instances"]) == 8, "today and the next 7 days"
    first = body["instances"][0]
    assert first == {
        "id": WOODWORK.instance_id(0),
        "date": today.isoformat(),
        "startTime": "09:00",
        "endTime": "11:30",
        "timeSlot": "AM",
        "cancelled": False,
        "attendances": [],
        "advanceAttendances": [],
    }
    [slot] = body["slots"]
    assert (slot["startTime"], slot["endTime"], slot["timeSlot"]) == ("09:00", "11:30", "AM")
    assert all(slot[f"{d}Flag"] for d in ("monday", "wednesday", "saturday", "sunday"))
    assert slot["daysOfWeek"] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert body["internalLocation"] == {
        "id": SEEDED_LOCATIONS[0].nomis_location_id,
        "code": "MDI-ACT-WOODWORK",
        "description": "Woodwork workshop",
        "dpsLocationId": SEEDED_LOCATIONS[0].dps_location_id,
    }
    activity = body["activity"]
    assert (activity["id"], activity["prisonCode"], activity["payPerSession"]) == (501, "MDI", "H")
    assert activity["category"]["code"] == "SAA_INDUSTRIES"
    assert body["allocations"] and {a["scheduleId"] for a in body["allocations"]} == {101}
    assert len(api.get(path).json()["instances"]) == 15, "no earliestSessionDate: every session"
    assert api.get("/activities/schedules/999").status_code == 404


def test_filtered_activity(api: httpx.Client, admin: httpx.Client) -> None:
    today = seeded_on(admin).isoformat()
    path = f"/activities/activities/{WOODWORK.activity_id}/filtered"
    body = api.get(path, params={"earliestSessionDate": today}).json()
    assert (body["id"], body["prisonCode"], body["summary"]) == (501, "MDI", "Woodwork")
    assert body["category"] == {
        "id": 2,
        "code": "SAA_INDUSTRIES",
        "name": "Industries",
        "description": "Industries",
    }
    assert body["outsideWork"] is False and body["endDate"] is None
    assert [
        (p["incentiveNomisCode"], p["prisonPayBand"]["nomisPayBand"], p["rate"])
        for p in body["pay"]
    ] == list(SEEDED_PAY)
    assert body["pay"][1]["incentiveLevel"] == "Standard"
    assert [s["id"] for s in body["schedules"]] == [101]
    assert len(body["schedules"][0]["instances"]) == 8
    bare = api.get(path, params={"includeScheduledInstances": "false"}).json()
    assert bare["schedules"][0]["instances"] == []
    assert api.get("/activities/activities/999/filtered").status_code == 404


def test_scheduled_instance(api: httpx.Client, admin: httpx.Client) -> None:
    instance = WOODWORK.instance_id(1)
    body = api.get(f"/activities/scheduled-instances/{instance}").json()
    assert body["date"] == (seeded_on(admin) + timedelta(days=1)).isoformat()
    assert (body["startTime"], body["endTime"], body["cancelled"]) == ("09:00", "11:30", False)
    schedule = body["activitySchedule"]
    assert (schedule["id"], schedule["activity"]["id"], schedule["activity"]["prisonCode"]) == (
        101,
        501,
        "MDI",
    )
    assert api.get("/activities/scheduled-instances/1").status_code == 404


def test_admin_creates_a_schedule(api: httpx.Client, admin: httpx.Client, fresh: None) -> None:
    created = admin.post("/dps/activity-schedules", json=NEW_SCHEDULE)
    assert created.status_code == 201
    body = created.json()
    assert (body["id"], body["activity"]["id"]) == (107, 507)
    today = date.today()
    days = [today + timedelta(days=n) for n in range(14)]
    expected = [d.isoformat() for d in days if d.weekday() in (0, 2)]
    assert [i["date"] for i in body["instances"]] == expected
    assert {(i["startTime"], i["timeSlot"]) for i in body["instances"]} == {("13:30", "PM")}
    assert len({i["id"] for i in body["instances"]}) == len(expected)
    [slot] = body["slots"]
    assert slot["mondayFlag"] and slot["wednesdayFlag"] and not slot["tuesdayFlag"]
    assert body["internalLocation"] is None and body["allocations"] == []
    assert api.get("/activities/schedules/107").json() == body
    activity = api.get("/activities/activities/507/filtered").json()
    [pay] = activity["pay"]
    assert (pay["incentiveNomisCode"], pay["prisonPayBand"]["nomisPayBand"], pay["rate"]) == (
        "STD",
        2,
        175,
    )
    assert activity["prisonCode"] == "LEI" and activity["category"]["code"] == "SAA_PRISON_JOBS"


@pytest.mark.parametrize(
    "change",
    [
        {"categoryCode": "NOPE"},
        {"prisonCode": "XXX"},
        {"slots": []},
        {"slots": [{"startTime": "9am", "endTime": "10:00", "days": ["MON"]}]},
        {"endDate": "2000-01-01"},
    ],
)
def test_admin_rejects_bad_schedules(admin: httpx.Client, change: dict[str, object]) -> None:
    assert admin.post("/dps/activity-schedules", json={**NEW_SCHEDULE, **change}).status_code == 400


def test_admin_amends_schedule_and_session(
    api: httpx.Client, admin: httpx.Client, fresh: None
) -> None:
    end = (date.today() + timedelta(days=30)).isoformat()
    change = {"description": "Woodwork (moved)", "capacity": 12, "endDate": end}
    amended = admin.put("/dps/activity-schedules/101", json=change)
    assert amended.status_code == 200
    body = api.get("/activities/schedules/101").json()
    assert (body["description"], body["capacity"], body["endDate"]) == (
        "Woodwork (moved)",
        12,
        end,
    )
    assert body == amended.json()
    assert api.get("/activities/activities/501/filtered").json()["endDate"] == end
    assert admin.put("/dps/activity-schedules/999", json=change).status_code == 404
    instance = WOODWORK.instance_id(2)
    moved = {"startTime": "10:00", "endTime": "12:15", "cancelled": True}
    assert admin.put(f"/dps/scheduled-instances/{instance}", json=moved).status_code == 200
    got = api.get(f"/activities/scheduled-instances/{instance}").json()
    assert (got["startTime"], got["endTime"], got["cancelled"]) == ("10:00", "12:15", True)
    backwards = {"startTime": "13:00"}
    assert admin.put(f"/dps/scheduled-instances/{instance}", json=backwards).status_code == 400
    assert admin.put("/dps/scheduled-instances/1", json=moved).status_code == 404
