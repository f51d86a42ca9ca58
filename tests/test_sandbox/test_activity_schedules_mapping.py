"""Activity mapping writes and conflicts, location mappings, and reset of the schedules."""

import httpx
import pytest

from dagster_project.sandbox.domains.activities.seed_data import SEEDED_SCHEDULES
from dagster_project.sandbox.domains.activities.seed_details import SEEDED_LOCATIONS
from tests.test_sandbox.test_activity_schedules import NEW_SCHEDULE
from tests.test_sandbox.test_activity_schedules_sync import COURSE

WOODWORK = SEEDED_SCHEDULES[0]


def test_location_mappings(api: httpx.Client) -> None:
    for location in SEEDED_LOCATIONS:
        body = api.get(f"/mapping-api/mapping/locations/dps/{location.dps_location_id}").json()
        assert body == {
            "dpsLocationId": location.dps_location_id,
            "nomisLocationId": location.nomis_location_id,
            "label": None,
            "mappingType": "MIGRATED",
            "whenCreated": "2025-01-01T08:00:00",
        }
    assert api.get("/mapping-api/mapping/locations/dps/nope").status_code == 404


@pytest.mark.contract_exempt("POST /mapping/activities documents no 409 (see contract.py)")
def test_activity_mapping_conflicts(api: httpx.Client, fresh: None) -> None:
    url = "/mapping-api/mapping/activities"
    child = {
        "scheduledInstanceId": 77001,
        "nomisCourseScheduleId": 88001,
        "mappingType": "ACTIVITY_CREATED",
    }
    mapping = {
        "activityScheduleId": 700,
        "activityId": 800,
        "nomisCourseActivityId": 30700,
        "mappingType": "ACTIVITY_CREATED",
        "scheduledInstanceMappings": [child],
    }
    assert api.post(url, json=mapping).status_code == 201
    assert api.post(url, json=mapping).status_code == 201, "identical re-post"
    same_course = api.post(
        url, json={**mapping, "activityScheduleId": 701, "scheduledInstanceMappings": []}
    )
    assert same_course.status_code == 409
    body = same_course.json()
    assert (body["status"], body["errorCode"]) == ("409 CONFLICT", 1409)
    assert body["moreInfo"]["existing"]["activityScheduleId"] == 700
    assert body["moreInfo"]["duplicate"]["activityScheduleId"] == 701
    seeded = api.post(
        url, json={**mapping, "activityScheduleId": 101, "nomisCourseActivityId": 30701}
    )
    assert (
        seeded.json()["moreInfo"]["existing"]["nomisCourseActivityId"]
        == WOODWORK.course_activity_id
    )
    taken_child = {**child, "scheduledInstanceId": WOODWORK.instance_id(0)}
    clash = api.post(
        url,
        json={
            **mapping,
            "activityScheduleId": 702,
            "nomisCourseActivityId": 30702,
            "scheduledInstanceMappings": [taken_child],
        },
    )
    assert clash.status_code == 409
    assert clash.json()["moreInfo"]["existing"]["activityScheduleId"] == 101
    missing = api.put(url, json={**mapping, "activityScheduleId": 703})
    assert missing.status_code == 404
    replaced = api.put(
        url,
        json={
            **mapping,
            "scheduledInstanceMappings": [
                {**child, "scheduledInstanceId": 77002, "nomisCourseScheduleId": 88002}
            ],
        },
    )
    assert [c["scheduledInstanceId"] for c in replaced.json()["scheduledInstanceMappings"]] == [
        77002
    ]
    stolen = api.put(url, json={**mapping, "nomisCourseActivityId": WOODWORK.course_activity_id})
    assert stolen.status_code == 409


def test_reset_reseeds_schedules(api: httpx.Client, admin: httpx.Client) -> None:
    admin.post("/dps/activity-schedules", json=NEW_SCHEDULE).raise_for_status()
    admin.put("/dps/activity-schedules/101", json={"description": "Changed"}).raise_for_status()
    api.post("/nomis/activities", json=COURSE).raise_for_status()
    admin.post("/reset").raise_for_status()
    assert api.get("/activities/schedules/107").status_code == 404
    assert api.get("/activities/schedules/101").json()["description"] == "Woodwork AM"
    assert admin.get("/nomis/course-activities/30001").status_code == 404
    assert admin.get(f"/nomis/course-activities/{WOODWORK.course_activity_id}").status_code == 200
