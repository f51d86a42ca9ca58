"""NOMIS course activities and activity mappings, driven the way the event sync drives them."""

from datetime import date, time, timedelta
from typing import Any

import httpx

from dagster_project.sandbox.domains.activities.seed_data import SEEDED_SCHEDULES
from dagster_project.sandbox.domains.activities.seed_details import SEEDED_LOCATIONS
from tests.test_sandbox.test_activity_schedules import NEW_SCHEDULE

WOODWORK = SEEDED_SCHEDULES[0]
TOMORROW = (date.today() + timedelta(days=1)).isoformat()
COURSE = {
    "code": "900",
    "startDate": date.today().isoformat(),
    "prisonId": "MDI",
    "capacity": 5,
    "payRates": [{"incentiveLevel": "STD", "payBand": "2", "rate": 1.75}],
    "description": "Sandbox course",
    "programCode": "SAA_EDUCATION",
    "payPerSession": "H",
    "schedules": [{"date": TOMORROW, "startTime": "09:00", "endTime": "11:00", "cancelled": False}],
    "scheduleRules": [
        {
            "startTime": "09:00",
            "endTime": "11:00",
            **dict.fromkeys(("monday", "tuesday", "wednesday", "thursday", "friday"), True),
            "saturday": False,
            "sunday": False,
        }
    ],
    "excludeBankHolidays": True,
    "outsideWork": False,
}
UPDATE = {k: v for k, v in COURSE.items() if k not in ("code", "prisonId")}


def test_nomis_course_activity_writes(api: httpx.Client, admin: httpx.Client, fresh: None) -> None:
    created = api.post("/nomis/activities", json=COURSE)
    assert created.status_code == 201
    body = created.json()
    course_id = body["courseActivityId"]
    [first] = body["courseSchedules"]
    assert (first["date"], first["startTime"], first["endTime"]) == (
        TOMORROW,
        "09:00:00",
        "11:00:00",
    )
    later = (date.today() + timedelta(days=2)).isoformat()
    schedules = [
        {
            "id": first["courseScheduleId"],
            "date": TOMORROW,
            "startTime": "10:00",
            "endTime": "12:00",
            "cancelled": False,
        },
        {"date": later, "startTime": "09:00:00", "endTime": "11:00:00", "cancelled": False},
    ]
    updated = api.put(f"/nomis/activities/{course_id}", json={**UPDATE, "schedules": schedules})
    assert updated.status_code == 200
    times = [
        (s["date"], s["startTime"], s["courseScheduleId"])
        for s in updated.json()["courseSchedules"]
    ]
    assert times[0] == (TOMORROW, "10:00:00", first["courseScheduleId"])
    assert times[1][:2] == (later, "09:00:00")
    kept = api.put(f"/nomis/activities/{course_id}", json={**UPDATE, "schedules": []}).json()
    assert len(kept["courseSchedules"]) == 2, "unmentioned course schedules are kept"
    cancel = {
        "id": first["courseScheduleId"],
        "date": TOMORROW,
        "startTime": "10:00",
        "endTime": "12:00",
        "cancelled": True,
    }
    one = api.put(f"/nomis/activities/{course_id}/schedule", json=cancel)
    assert one.json() == {"courseScheduleId": first["courseScheduleId"]}
    stored = admin.get(f"/nomis/course-activities/{course_id}").json()
    assert stored["schedules"][0]["cancelled"] is True
    assert stored["payRates"] == [{"incentiveLevel": "STD", "payBand": "2", "rate": 1.75}]
    assert stored["scheduleRules"][0]["monday"] is True and stored["code"] == "900"
    assert admin.get("/nomis/course-activities/1").status_code == 404
    assert api.put("/nomis/activities/1", json=UPDATE).status_code == 404
    foreign = {**cancel, "id": WOODWORK.course_schedule_id(0)}
    assert (
        api.put(
            f"/nomis/activities/{course_id}", json={**UPDATE, "schedules": [foreign]}
        ).status_code
        == 400
    )
    assert api.put(f"/nomis/activities/{course_id}/schedule", json=foreign).status_code == 404
    assert api.put("/nomis/activities/1/schedule", json=cancel).status_code == 404
    assert api.post("/nomis/activities", json={**COURSE, "prisonId": "XXX"}).status_code == 400
    assert api.post("/nomis/activities", json={**COURSE, "capacity": 1000}).status_code == 400
    bad_level = {**COURSE, "payRates": [{"incentiveLevel": "NOPE", "payBand": "1", "rate": 1}]}
    assert api.post("/nomis/activities", json=bad_level).status_code == 400


def _create_in_nomis(api: httpx.Client, schedule: dict[str, Any], activity: dict[str, Any]) -> dict:
    """§1.1 step 5: the CreateActivityRequest built from the DPS schedule and activity."""
    location = api.get(
        f"/mapping-api/mapping/locations/dps/{schedule['internalLocation']['dpsLocationId']}"
    ).json()
    request = {
        "code": str(schedule["id"]),
        "startDate": activity["startDate"],
        "prisonId": activity["prisonCode"],
        "internalLocationId": location["nomisLocationId"],
        "capacity": schedule["capacity"],
        "payRates": [
            {
                "incentiveLevel": p["incentiveNomisCode"],
                "payBand": str(p["prisonPayBand"]["nomisPayBand"]),
                "rate": p["rate"] / 100,
            }
            for p in activity["pay"]
        ],
        "description": activity["summary"][:40],
        "programCode": activity["category"]["code"],
        "payPerSession": schedule["activity"]["payPerSession"],
        "schedules": [
            {k: i[k] for k in ("date", "startTime", "endTime", "cancelled")}
            for i in schedule["instances"]
        ],
        "scheduleRules": [
            {
                "startTime": s["startTime"],
                "endTime": s["endTime"],
                **{
                    d: s[f"{d}Flag"]
                    for d in (
                        "monday",
                        "tuesday",
                        "wednesday",
                        "thursday",
                        "friday",
                        "saturday",
                        "sunday",
                    )
                },
            }
            for s in schedule["slots"]
        ],
        "excludeBankHolidays": not schedule["runsOnBankHoliday"],
        "outsideWork": activity["outsideWork"],
    }
    response = api.post("/nomis/activities", json=request)
    assert response.status_code == 201
    return response.json()


def test_create_and_amend_flow(api: httpx.Client, admin: httpx.Client, fresh: None) -> None:
    location = SEEDED_LOCATIONS[3]
    internal = {
        "id": location.nomis_location_id,
        "code": location.code,
        "description": location.description,
        "dpsLocationId": location.dps_location_id,
    }
    dps = admin.post(
        "/dps/activity-schedules", json={**NEW_SCHEDULE, "internalLocation": internal}
    ).json()
    schedule_id, today = dps["id"], date.today().isoformat()
    assert (
        api.get(f"/mapping-api/mapping/activities/activity-schedule-id/{schedule_id}").status_code
        == 404
    )
    schedule = api.get(
        f"/activities/schedules/{schedule_id}", params={"earliestSessionDate": today}
    ).json()
    activity = api.get(f"/activities/activities/{schedule['activity']['id']}/filtered").json()
    nomis = _create_in_nomis(api, schedule, activity)
    instances = {
        (i["date"], time.fromisoformat(i["startTime"])): i["id"] for i in schedule["instances"]
    }
    children = [
        {
            "scheduledInstanceId": instances[(c["date"], time.fromisoformat(c["startTime"]))],
            "nomisCourseScheduleId": c["courseScheduleId"],
            "mappingType": "ACTIVITY_CREATED",
        }
        for c in nomis["courseSchedules"]
    ]
    mapping = {
        "activityScheduleId": schedule_id,
        "activityId": activity["id"],
        "nomisCourseActivityId": nomis["courseActivityId"],
        "mappingType": "ACTIVITY_CREATED",
        "scheduledInstanceMappings": children,
    }
    assert api.post("/mapping-api/mapping/activities", json=mapping).status_code == 201
    stored = api.get(f"/mapping-api/mapping/activities/activity-schedule-id/{schedule_id}").json()
    assert len(stored["scheduledInstanceMappings"]) == len(schedule["instances"]) > 0
    # §1.3: one session moves
    moved = children[0]["scheduledInstanceId"]
    admin.put(f"/dps/scheduled-instances/{moved}", json={"startTime": "14:00"}).raise_for_status()
    instance = api.get(f"/activities/scheduled-instances/{moved}").json()
    course_schedule = children[0]["nomisCourseScheduleId"]
    request = {
        "id": course_schedule,
        **{k: instance[k] for k in ("date", "startTime", "endTime", "cancelled")},
    }
    path = f"/nomis/activities/{nomis['courseActivityId']}/schedule"
    assert api.put(path, json=request).json() == {"courseScheduleId": course_schedule}
    stored_course = admin.get(f"/nomis/course-activities/{nomis['courseActivityId']}").json()
    assert stored_course["schedules"][0]["startTime"] == "14:00:00"
    # §1.2: the mapping is rebuilt with ACTIVITY_UPDATED
    rebuilt = {
        **mapping,
        "mappingType": "ACTIVITY_UPDATED",
        "scheduledInstanceMappings": [{**c, "mappingType": "ACTIVITY_UPDATED"} for c in children],
    }
    replaced = api.put("/mapping-api/mapping/activities", json=rebuilt)
    assert replaced.status_code == 200
    assert replaced.json()["mappingType"] == "ACTIVITY_CREATED", "the spec's parent enum"
    assert {c["mappingType"] for c in replaced.json()["scheduledInstanceMappings"]} == {
        "ACTIVITY_UPDATED"
    }
