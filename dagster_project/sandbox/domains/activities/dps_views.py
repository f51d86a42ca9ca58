"""Render stored DPS activities rows as the API's bodies.

Shared by the DPS router and the admin API, so an admin read answers in exactly the shape the
DPS GET would return.
"""

from typing import Any, cast

from dagster_project.sandbox.core.estate import PRISONS
from dagster_project.sandbox.domains.activities.dps_models import (
    ATTENDANCE_REASONS,
    DAYS,
    Allocation,
    AllocationStatus,
    Attendance,
    AttendanceReason,
    AttendanceSync,
    DeallocationReason,
    PrisonPayBand,
    Slot,
)
from dagster_project.sandbox.domains.activities.seed_rows import DEALLOCATION_REASON, SEED_USER
from dagster_project.sandbox.domains.activities.tables import (
    DpsActivitySchedule,
    DpsAllocation,
    DpsAttendance,
    DpsScheduledInstance,
)


def pay_band(band: int | None, prison_code: str) -> PrisonPayBand | None:
    """The prison's pay band numbered ``band`` (ids are made up from the prison and band)."""
    if band is None:
        return None
    prison_index = next((i for i, (pid, _) in enumerate(PRISONS) if pid == prison_code), 9)
    return PrisonPayBand(
        id=(prison_index + 1) * 100 + band,
        display_sequence=band,
        alias=f"Pay band {band}",
        description=f"Pay band {band}",
        nomis_pay_band=band,
        prison_code=prison_code,
    )


def _slot(exclusion: dict[str, Any]) -> Slot:
    days = [d for d in DAYS if d in exclusion.get("daysOfWeek", [])]
    return Slot(
        week_number=exclusion.get("weekNumber", 1),
        time_slot=exclusion["timeSlot"],
        monday="MONDAY" in days,
        tuesday="TUESDAY" in days,
        wednesday="WEDNESDAY" in days,
        thursday="THURSDAY" in days,
        friday="FRIDAY" in days,
        saturday="SATURDAY" in days,
        sunday="SUNDAY" in days,
        days_of_week=days,
    )


def allocation_view(row: DpsAllocation, schedule: DpsActivitySchedule) -> Allocation:
    """Render a stored allocation (with its schedule) as the spec's ``Allocation``."""
    ended = row.deallocated_time is not None
    return Allocation(
        id=row.id,
        prisoner_number=row.prisoner_number,
        booking_id=row.booking_id,
        activity_summary=schedule.summary,
        activity_id=schedule.activity_id,
        schedule_id=row.schedule_id,
        schedule_description=schedule.description,
        is_unemployment=False,
        prison_pay_band=pay_band(row.pay_band, row.prison_code),
        start_date=row.start_date,
        end_date=row.end_date,
        allocated_time=row.allocated_time,
        allocated_by=SEED_USER,
        deallocated_time=row.deallocated_time,
        deallocated_by=SEED_USER if ended else None,
        deallocated_reason=(
            DeallocationReason(code=DEALLOCATION_REASON[0], description=DEALLOCATION_REASON[1])
            if ended
            else None
        ),
        suspended_time=row.suspended_time,
        suspended_by=SEED_USER if row.suspended_time else None,
        suspended_reason=row.suspended_reason,
        status=cast(AllocationStatus, row.status),
        exclusions=[_slot(e) for e in row.exclusions],
    )


def attendance_sync_view(row: DpsAttendance, instance: DpsScheduledInstance) -> AttendanceSync:
    """Render a stored attendance (with its session) as the spec's ``AttendanceSync``."""
    return AttendanceSync(
        attendance_id=row.id,
        scheduled_instance_id=row.scheduled_instance_id,
        activity_schedule_id=row.schedule_id,
        session_date=instance.session_date,
        session_start_time=instance.start_time.strftime("%H:%M"),
        session_end_time=instance.end_time.strftime("%H:%M"),
        prisoner_number=row.prisoner_number,
        booking_id=row.booking_id,
        attendance_reason_code=row.attendance_reason_code,
        comment=row.comment,
        status=row.status,
        issue_payment=row.issue_payment,
    )


def _reason(code: str | None) -> AttendanceReason | None:
    if code is None or code not in ATTENDANCE_REASONS:
        return None
    reason_id, description, attended, capture_pay = ATTENDANCE_REASONS[code]
    return AttendanceReason(
        id=reason_id,
        code=code,
        description=description,
        attended=attended,
        capture_pay=capture_pay,
        capture_more_detail=False,
        capture_case_note=code == "REFUSED",
        capture_incentive_level_warning=code == "REFUSED",
        capture_other_text=code == "OTHER",
        display_in_absence=not attended,
        display_sequence=reason_id,
        notes=description,
    )


def attendance_view(row: DpsAttendance) -> Attendance:
    """Render a stored attendance as the integration API's ``Attendance``."""
    recorded = row.recorded_time is not None
    return Attendance(
        id=row.id,
        schedule_instance_id=row.scheduled_instance_id,
        prisoner_number=row.prisoner_number,
        attendance_reason=_reason(row.attendance_reason_code),
        comment=row.comment,
        recorded_time=row.recorded_time,
        recorded_by=SEED_USER if recorded else None,
        status=row.status,
        issue_payment=row.issue_payment,
        editable=row.status != "LOCKED",
        payable=True,
    )
