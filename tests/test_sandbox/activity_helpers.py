"""Helpers for the activities tests: both sides' counts, their differences, and a repair.

The repair is written the way the sync maps DPS into NOMIS (upstream §1.4 and §1.5, reduced
to the reasons the seed uses), so "repair fixes the planted mismatch" is a real round trip
through the DPS reads, the mapping look-ups and the NOMIS upserts.
"""

from datetime import date
from typing import Any

import httpx

from dagster_project.sandbox.domains.activities.seed_data import PlantedActivityMismatch

RECONCILIATIONS = ("allocation", "suspended-allocation", "attendance")
SUSPENDED = {"SUSPENDED", "AUTO_SUSPENDED", "SUSPENDED_WITH_PAY"}
# DPS reason -> (NOMIS outcome when paid, when unpaid, unexcused, authorised)
OUTCOMES = {
    "ATTENDED": ("ATT", "ATT", False, False),
    "REFUSED": ("UNACAB", "UNACAB", True, False),
    "SICK": ("ACCAB", "REST", False, True),
}
Row = tuple[str, str, int, str, str, int, int]


def seeded_on(admin: httpx.Client) -> date:
    return date.fromisoformat(admin.get("/planted").json()["seededOn"])


def _by_booking(response: httpx.Response) -> dict[int, int]:
    response.raise_for_status()
    return {b["bookingId"]: b["count"] for b in response.json()["bookings"]}


def counts(
    api: httpx.Client, reconciliation: str, prison: str, on: date | None = None
) -> tuple[dict[int, int], dict[int, int]]:
    """(NOMIS, DPS) counts per booking for one reconciliation at one prison."""
    if reconciliation == "attendance":
        assert on is not None
        params = {"date": on.isoformat()}
        nomis = api.get(f"/nomis/attendances/reconciliation/{prison}", params=params)
        path = f"/activities/synchronisation/reconciliation/attendances/{prison}"
        return _by_booking(nomis), _by_booking(api.get(path, params=params))
    suspended = reconciliation == "suspended-allocation"
    nomis = api.get(
        f"/nomis/allocations/reconciliation/{prison}",
        params={"suspended": "true"} if suspended else None,
    )
    kind = "suspended-allocations" if suspended else "allocations"
    dps = api.get(f"/activities/synchronisation/reconciliation/{kind}/{prison}")
    return _by_booking(nomis), _by_booking(dps)


def differences(nomis: dict[int, int], dps: dict[int, int]) -> dict[int, str]:
    """Booking -> NOMIS_only / DPS_only / different_count, for bookings that disagree."""
    found = {}
    for booking in sorted(nomis.keys() | dps.keys()):
        if booking not in dps:
            found[booking] = "NOMIS_only"
        elif booking not in nomis:
            found[booking] = "DPS_only"
        elif nomis[booking] != dps[booking]:
            found[booking] = "different_count"
    return found


def reconcile(api: httpx.Client, reconciliation: str, on: date) -> tuple[set[Row], set[Row]]:
    """(reported, ignored-as-elsewhere) rows across every ACTIVITY prison, as upstream §3."""
    prisons = [a["agencyId"] for a in api.get("/nomis/agency-switches/ACTIVITY").json()]
    reported: set[Row] = set()
    ignored: set[Row] = set()
    for prison in prisons:
        nomis, dps = counts(api, reconciliation, prison, on)
        diff = differences(nomis, dps)
        if not diff:
            continue
        details = {
            d["bookingId"]: d for d in api.post("/nomis/prisoners/bookings", json=list(diff)).json()
        }
        for booking, kind in diff.items():
            row = (
                reconciliation,
                prison,
                booking,
                details[booking]["offenderNo"],
                kind,
                nomis.get(booking, 0),
                dps.get(booking, 0),
            )
            moved = details[booking]["location"] != prison
            (ignored if moved and reconciliation != "allocation" else reported).add(row)
    return reported, ignored


def as_row(planted: PlantedActivityMismatch) -> Row:
    return (
        planted.reconciliation,
        planted.prison_id,
        planted.booking_id,
        planted.offender_no,
        planted.kind,
        planted.nomis_count,
        planted.dps_count,
    )


def allocation_request(allocation: dict[str, Any]) -> dict[str, Any]:
    ended = allocation["status"] == "ENDED"
    body: dict[str, Any] = {
        "bookingId": allocation["bookingId"],
        "startDate": allocation["startDate"],
        "programStatusCode": "END" if ended else "ALLOC",
        "suspended": allocation["status"] in SUSPENDED,
        "exclusions": [
            {"day": day[:3], "slot": slot["timeSlot"]}
            for slot in allocation["exclusions"]
            for day in slot["daysOfWeek"]
        ],
    }
    if allocation["endDate"]:
        body["endDate"] = allocation["endDate"]
    if allocation["prisonPayBand"]:
        body["payBandCode"] = str(allocation["prisonPayBand"]["nomisPayBand"])
    if ended:
        body["endReason"] = "OTH"
        body["endComment"] = f"Deallocated in DPS by {allocation['deallocatedBy']}"
    if body["suspended"]:
        body["suspendedComment"] = f"{allocation['status']} in DPS"
    return body


def attendance_request(sync: dict[str, Any], today: date) -> dict[str, Any]:
    paid = bool(sync["issuePayment"])
    session_date = date.fromisoformat(sync["sessionDate"])
    body: dict[str, Any] = {
        "scheduleDate": sync["sessionDate"],
        "startTime": sync["sessionStartTime"],
        "endTime": sync["sessionEndTime"],
        "eventStatusCode": "SCH" if session_date >= today else "EXP",
        "paid": paid,
    }
    if sync["status"] == "COMPLETED":
        body["eventStatusCode"] = "COMP"
    if sync["attendanceReasonCode"]:
        when_paid, when_unpaid, unexcused, authorised = OUTCOMES[sync["attendanceReasonCode"]]
        body["eventOutcomeCode"] = when_paid if paid else when_unpaid
        body["unexcusedAbsence"], body["authorisedAbsence"] = unexcused, authorised
    return body


def repair(api: httpx.Client, planted: PlantedActivityMismatch, today: date) -> list[dict]:
    """Upsert every DPS allocation (or attendance on the date) of the booking into NOMIS."""
    prison, offender = planted.prison_id, planted.offender_no
    written = []
    if planted.reconciliation != "attendance":
        found = api.post(
            f"/activities/prisons/{prison}/prisoner-allocations",
            params={"activeOnly": "false"},
            json=[offender],
        ).json()
        for summary in (a for group in found for a in group["allocations"]):
            allocation = api.get(f"/activities/allocations/id/{summary['id']}").json()
            schedule = allocation["scheduleId"]
            mapping = api.get(f"/mapping-api/mapping/activities/activity-schedule-id/{schedule}")
            path = f"/nomis/activities/{mapping.json()['nomisCourseActivityId']}/allocation"
            response = api.put(path, json=allocation_request(allocation))
            response.raise_for_status()
            written.append(response.json())
        return written
    on = planted.report_date(today)
    assert on is not None
    found = api.get(
        f"/activities/integration-api/attendances/prisoner/{offender}",
        params={"startDate": on.isoformat(), "endDate": on.isoformat(), "prisonCode": prison},
    ).json()
    for summary in found:
        sync = api.get(f"/activities/synchronisation/attendance/{summary['id']}").json()
        instance = sync["scheduledInstanceId"]
        child = api.get(
            f"/mapping-api/mapping/activities/schedules/scheduled-instance-id/{instance}"
        )
        course_schedule = child.json()["nomisCourseScheduleId"]
        path = f"/nomis/schedules/{course_schedule}/booking/{sync['bookingId']}/attendance"
        response = api.put(path, json=attendance_request(sync, today))
        response.raise_for_status()
        written.append(response.json())
    return written
