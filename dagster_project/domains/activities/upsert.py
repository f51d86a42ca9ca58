"""Upsert one DPS allocation or attendance into NOMIS (activities.md §1.4, §1.5).

Called by the allocation and attendance events and by the resync repair operations alike.

NOMIS refuses two attendance changes that are nevertheless fine to drop, as the old service
does (§1.5): a change to an attendance its payroll has already paid (400, errorCode 1001) when
the session is today (same-day early pay, e.g. a discharge), and a new attendance for a prisoner
whose allocation ended and who has moved prison (400, errorCode 1002, any date). Those are
acknowledged with `activity-attendance-<create|update>-ignored` and the old `reason`; a 1001 on
any other day, or any other refusal, fails the event as before.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from dagster_project.domains.activities.dps import ActivitiesClient, Allocation, AttendanceSync
from dagster_project.domains.activities.mapping import ActivityMappingClient
from dagster_project.domains.activities.nomis import (
    AllocationExclusion,
    NomisActivitiesClient,
    UpsertAllocationRequest,
    UpsertAttendanceRequest,
)
from dagster_project.telemetry import Telemetry
from resources.errors import ApiError

SUSPENDED = frozenset({"SUSPENDED", "AUTO_SUSPENDED", "SUSPENDED_WITH_PAY"})
WHOLE_DAY = frozenset({"AM", "PM", "ED"})
# reason -> (outcome when paid, outcome when not paid, unexcused, authorised)
OUTCOMES = {
    "ATTENDED": ("ATT", "ATT", False, False),
    "CANCELLED": ("CANC", "CANC", False, True),
    "SUSPENDED": ("SUS", "SUS", False, True),
    "AUTO_SUSPENDED": ("SUS", "SUS", False, True),
    "SICK": ("ACCAB", "REST", False, True),
    "REFUSED": ("UNACAB", "UNACAB", True, False),
    "NOT_REQUIRED": ("NREQ", "NREQ", False, True),
    "REST": ("ACCAB", "REST", False, True),
    "CLASH": ("ACCAB", "ACCAB", False, True),
}
# NOMIS ErrorResponse.errorCode of the two attendance refusals the old service ignores
ATTENDANCE_PAID = 1001
PRISONER_MOVED_ALLOCATION_ENDED = 1002


def _timestamp(value: str | None) -> str:
    """`yyyy-MM-dd HH:mm:ss` from the wall-clock value as received (no zone conversion)."""
    if value is None:
        return "null"
    return value.replace("T", " ").split(".")[0].removesuffix("Z")[:19]


def exclusions(allocation: Allocation) -> list[AllocationExclusion]:
    """DPS slots -> NOMIS day/slot pairs; a day with AM, PM and ED becomes a whole-day exclusion."""
    slots: dict[str, list[str]] = defaultdict(list)
    for slot in allocation.exclusions:
        for day in slot.days_of_week:
            slots[day[:3].upper()].append(slot.time_slot)
    result: list[AllocationExclusion] = []
    for day, day_slots in slots.items():
        if WHOLE_DAY <= set(day_slots):
            result.append(AllocationExclusion(day=day))
        else:
            result += [AllocationExclusion(day=day, slot=s) for s in day_slots]
    return result


def allocation_request(allocation: Allocation) -> UpsertAllocationRequest:
    ended = allocation.status == "ENDED"
    suspended = allocation.status in SUSPENDED
    end_comment = None
    if ended:
        planned = allocation.planned_deallocation
        by = planned.planned_by if planned else allocation.deallocated_by
        at = planned.planned_at if planned else allocation.deallocated_time
        reason = planned.planned_reason if planned else allocation.deallocated_reason
        end_comment = (
            f"Deallocated in DPS by {by} at {_timestamp(at)} for reason "
            f"{reason.description if reason else None}"
        )
    return UpsertAllocationRequest(
        booking_id=allocation.booking_id,
        start_date=allocation.start_date,
        end_date=allocation.end_date,
        program_status_code="END" if ended else "ALLOC",
        pay_band_code=(
            str(allocation.prison_pay_band.nomis_pay_band) if allocation.prison_pay_band else None
        ),
        end_reason="OTH" if ended else None,
        end_comment=end_comment,
        suspended=suspended,
        suspended_comment=(
            f"{allocation.status} in DPS by {allocation.suspended_by} at "
            f"{_timestamp(allocation.suspended_time)} for reason {allocation.suspended_reason}"
            if suspended
            else None
        ),
        exclusions=exclusions(allocation),
    )


def attendance_request(attendance: AttendanceSync, today: dt.date) -> UpsertAttendanceRequest:
    """NOMIS attendance body; raises ValueError for a reason/status NOMIS cannot express."""
    reason, paid = attendance.attendance_reason_code, attendance.issue_payment is True
    outcome, unexcused, authorised = None, False, False
    if reason is not None:
        if reason == "OTHER":
            outcome, unexcused, authorised = (
                ("ACCAB", False, True) if paid else ("UNACAB", True, False)
            )
        elif reason in OUTCOMES:
            when_paid, when_unpaid, unexcused, authorised = OUTCOMES[reason]
            outcome = when_paid if paid else when_unpaid
        else:
            raise ValueError(f"Unable to handle attendance reason code={reason} and paid={paid}")
    if attendance.status == "WAITING":
        status = "SCH" if attendance.session_date >= today else "EXP"
    elif attendance.status == "COMPLETED":
        status = "CANC" if reason == "CANCELLED" else "COMP"
    else:
        raise ValueError(
            f"Unable to handle attendance status code={attendance.status} and attendance "
            f"reason code={reason}"
        )
    bonus = attendance.bonus_amount
    return UpsertAttendanceRequest(
        schedule_date=attendance.session_date,
        start_time=attendance.session_start_time,
        end_time=attendance.session_end_time,
        event_status_code=status,
        event_outcome_code=outcome,
        comments=attendance.comment,
        unexcused_absence=unexcused,
        authorised_absence=authorised,
        paid=paid,
        # Decision: bonusAmount is sent as-is (100 -> 100.0, the old "100.000"), with no pence ->
        # pounds conversion, as the old service and its tests do; converting would silently move
        # NOMIS pay by a factor of 100 for records already synced. Revisit with the DPS team.
        bonus_pay=None if bonus is None else float(bonus),
    )


def ignored_reason(error: ApiError, attendance: AttendanceSync, today: dt.date) -> str | None:
    """The old `reason` when NOMIS refused the attendance for a reason to accept, else None."""
    if error.status != 400:
        return None
    if error.error_code == ATTENDANCE_PAID and attendance.session_date == today:
        return (
            f"Attendance update ignored as already paid session on {attendance.session_date} "
            f"at {attendance.session_start_time}"
        )
    if error.error_code == PRISONER_MOVED_ALLOCATION_ENDED:
        return (
            "Attendance update ignored as the prisoner is deallocated and has moved from the prison"
        )
    return None


class ActivitiesUpserter:
    """Copies one DPS allocation/attendance into NOMIS through the activity mappings."""

    def __init__(
        self,
        nomis: NomisActivitiesClient,
        mapping: ActivityMappingClient,
        dps: ActivitiesClient,
        telemetry: Telemetry,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.nomis, self.mapping, self.dps, self._telemetry = nomis, mapping, dps, telemetry
        self._today = today

    def _course_activity(self, schedule_id: int, dims: dict[str, object]) -> int:
        mapping = self.mapping.get_activity_mapping(schedule_id)
        if mapping is None:
            raise LookupError(f"no NOMIS course activity is mapped to schedule {schedule_id}")
        dims["nomisCourseActivityId"] = mapping.nomis_course_activity_id
        return mapping.nomis_course_activity_id

    def upsert_allocation(self, allocation_id: int) -> None:
        dims: dict[str, object] = {"dpsAllocationId": allocation_id}
        try:
            allocation = self.dps.get_allocation(allocation_id)
            dims.update(
                offenderNo=allocation.prisoner_number,
                bookingId=allocation.booking_id,
                dpsActivityScheduleId=allocation.schedule_id,
            )
            course = self._course_activity(allocation.schedule_id, dims)
            response = self.nomis.upsert_allocation(course, allocation_request(allocation))
            dims.update(
                nomisAllocationId=response.offender_program_reference_id,
                prisonId=response.prison_id,
            )
        except Exception as error:
            self._telemetry.track("activity-allocation-failed", {**dims, "reason": str(error)})
            raise
        self._telemetry.track("activity-allocation-success", dims)

    def upsert_attendance(self, attendance_id: int, verb: str = "update") -> None:
        dims: dict[str, object] = {"dpsAttendanceId": attendance_id}
        try:
            attendance = self.dps.get_attendance(attendance_id)
            dims.update(
                dpsActivityScheduleId=attendance.activity_schedule_id,
                dpsScheduleInstanceId=attendance.scheduled_instance_id,
                sessionDate=attendance.session_date.isoformat(),
                sessionStartTime=attendance.session_start_time,
                sessionEndTime=attendance.session_end_time,
                offenderNo=attendance.prisoner_number,
                bookingId=attendance.booking_id,
            )
            mapping = self.mapping.get_activity_mapping(attendance.activity_schedule_id)
            if mapping is None:
                raise LookupError(f"no mapping for schedule {attendance.activity_schedule_id}")
            dims["nomisCourseActivityId"] = mapping.nomis_course_activity_id
            instance = next(
                (
                    m
                    for m in mapping.scheduled_instance_mappings
                    if m.scheduled_instance_id == attendance.scheduled_instance_id
                ),
                None,
            )
            if instance is None:
                raise LookupError(
                    f"no NOMIS course schedule for instance {attendance.scheduled_instance_id}"
                )
            dims["nomisCourseScheduleId"] = instance.nomis_course_schedule_id
            today = self._today()
            request = attendance_request(attendance, today)
            try:
                response = self.nomis.upsert_attendance(
                    instance.nomis_course_schedule_id, attendance.booking_id, request
                )
            except ApiError as refused:
                reason = ignored_reason(refused, attendance, today)
                if reason is None:
                    raise
                self._telemetry.track(
                    f"activity-attendance-{verb}-ignored", {**dims, "reason": reason}
                )
                return
            dims.update(
                nomisAttendanceEventId=response.event_id,
                created=response.created,
                prisonId=response.prison_id,
            )
        except Exception as error:
            self._telemetry.track(
                f"activity-attendance-{verb}-failed", {**dims, "reason": str(error)}
            )
            raise
        self._telemetry.track(f"activity-attendance-{verb}-success", dims)
