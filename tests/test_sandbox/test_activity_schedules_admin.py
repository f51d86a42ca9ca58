"""DPS allocations and attendances made through the admin API, read back through DPS."""

import httpx

from dagster_project.sandbox.domains.activities.seed_data import SEEDED_SCHEDULES

WOODWORK = SEEDED_SCHEDULES[0]


def test_admin_allocations(api: httpx.Client, admin: httpx.Client, fresh: None) -> None:
    new = {"prisonerNumber": "A1008AA", "scheduleId": 102, "startDate": "2026-01-05"}
    created = admin.post("/dps/allocations", json=new)
    assert created.status_code == 201
    body = created.json()
    assert (body["prisonerNumber"], body["bookingId"], body["scheduleId"]) == (
        "A1008AA",
        1000009,
        102,
    )
    assert (body["status"], body["startDate"], body["activityId"]) == ("ACTIVE", "2026-01-05", 502)
    read = f"/activities/allocations/id/{body['id']}"
    assert api.get(read).json() == body
    ended = admin.put(f"/dps/allocations/{body['id']}", json={"status": "ENDED"}).json()
    assert ended["status"] == "ENDED" and ended["deallocatedTime"] and ended["endDate"]
    assert ended["deallocatedReason"] == {"code": "OTHER", "description": "Other"}
    assert api.get(read).json() == ended
    suspended = admin.put(
        f"/dps/allocations/{body['id']}", json={"status": "SUSPENDED", "endDate": None}
    ).json()
    assert suspended["suspendedTime"] and suspended["deallocatedTime"] is None
    assert suspended["endDate"] is None
    assert admin.put("/dps/allocations/1", json={"status": "ENDED"}).status_code == 404
    assert admin.post("/dps/allocations", json={**new, "scheduleId": 999}).status_code == 404
    assert admin.post("/dps/allocations", json={**new, "status": "NOPE"}).status_code == 400


def test_admin_attendances(api: httpx.Client, admin: httpx.Client, fresh: None) -> None:
    instance = WOODWORK.instance_id(1)
    new = {"scheduledInstanceId": instance, "prisonerNumber": "A1008AA"}
    created = admin.post("/dps/attendances", json=new)
    assert created.status_code == 201
    body = created.json()
    assert (body["scheduledInstanceId"], body["activityScheduleId"], body["status"]) == (
        instance,
        101,
        "WAITING",
    )
    assert (body["sessionStartTime"], body["bookingId"], body["issuePayment"]) == (
        "09:00",
        1000009,
        None,
    )
    read = f"/activities/synchronisation/attendance/{body['attendanceId']}"
    assert api.get(read).json() == body
    marked = {"status": "COMPLETED", "attendanceReasonCode": "ATTENDED", "issuePayment": True}
    changed = admin.put(f"/dps/attendances/{body['attendanceId']}", json=marked)
    assert changed.status_code == 200
    assert api.get(read).json() == changed.json()
    assert changed.json()["attendanceReasonCode"] == "ATTENDED"
    assert admin.post("/dps/attendances", json=new).status_code == 409
    bad_reason = {"attendanceReasonCode": "NAPPING"}
    assert admin.put(f"/dps/attendances/{body['attendanceId']}", json=bad_reason).status_code == 400
    assert admin.delete(f"/dps/attendances/{body['attendanceId']}").status_code == 204
    assert api.get(read).status_code == 404
    assert admin.delete(f"/dps/attendances/{body['attendanceId']}").status_code == 404
    assert admin.put("/dps/attendances/1", json=marked).status_code == 404
    unknown = {**new, "prisonerNumber": "Z9999ZZ"}
    assert admin.post("/dps/attendances", json=unknown).status_code == 404
