"""In-memory rows of the activities seed, with NOMIS written the way the sync would have.

Every row sits in a dict keyed by its id, so the planting step can replace or drop a single
allocation or attendance before anything touches the database.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from dagster_project.sandbox.core.estate import booking_id, offender_no
from dagster_project.sandbox.domains.activities.seed_data import (
    SESSION_END,
    SESSION_OFFSETS,
    SESSION_START,
    SeededSchedule,
    attendance_id,
    dps_allocation_id,
    event_id,
    nomis_allocation_id,
)

SEED_USER = "SANDBOX_SEED"
MAPPED_AT = datetime(2025, 1, 1, 8, 0)
SUSPENDED_STATUSES = frozenset({"SUSPENDED", "AUTO_SUSPENDED", "SUSPENDED_WITH_PAY"})
DEALLOCATION_REASON = ("OTHER", "Other")
SUSPENSION_REASON = "Suspended in DPS"
# DPS reason -> (NOMIS outcome, unexcused absence, authorised absence), for paid sessions
NOMIS_OUTCOMES: dict[str, tuple[str, bool, bool]] = {
    "ATTENDED": ("ATT", False, False),
    "REFUSED": ("UNACAB", True, False),
    "SICK": ("ACCAB", False, True),
}
NomisSide = Literal["mirror", "none", "allocated", "suspended"]


def default_attendance(position: int, day_offset: int) -> tuple[str, bool]:
    """(DPS reason, paid) for an unplanted session: mostly attended, a few refusals and sick."""
    if (position + day_offset) % 9 == 0:
        return "REFUSED", False
    if (position + day_offset) % 13 == 0:
        return "SICK", True
    return "ATTENDED", True


def _when(day: date, at: time) -> datetime:
    return datetime.combine(day, at)


@dataclass
class SeedRows:
    """Rows to insert for both sides, keyed by id so planting can replace or drop one."""

    today: date
    dps_allocations: dict[int, dict[str, Any]] = field(default_factory=dict)
    nomis_allocations: dict[int, dict[str, Any]] = field(default_factory=dict)
    dps_attendances: dict[int, dict[str, Any]] = field(default_factory=dict)
    nomis_attendances: dict[int, dict[str, Any]] = field(default_factory=dict)

    def allocate(
        self,
        prisoner: tuple[int, int],
        schedule: SeededSchedule,
        status: str = "ACTIVE",
        start: date | None = None,
        extra: bool = False,
        nomis: NomisSide = "mirror",
    ) -> None:
        """Allocate a prisoner in DPS, in NOMIS as ``nomis`` says, with their past sessions."""
        p, j = prisoner
        booking, number = booking_id(p, j), offender_no(p, j)
        start = start or self.today - timedelta(days=30 + j % 10)
        ended, suspended = status == "ENDED", status in SUSPENDED_STATUSES
        end = self.today - timedelta(days=3) if ended else None
        dealloc_time = _when(end, time(16, 0)) if end else None
        suspend_time = _when(self.today - timedelta(days=2), time(10, 0)) if suspended else None
        weekend = j % 10 == 9
        self.dps_allocations[dps_allocation_id(p, j, extra)] = {
            "id": dps_allocation_id(p, j, extra),
            "prisoner_number": number,
            "booking_id": booking,
            "schedule_id": schedule.schedule_id,
            "prison_code": schedule.prison_id,
            "status": status,
            "start_date": start,
            "end_date": end,
            "pay_band": 1 + j % 3,
            "allocated_time": _when(start, time(10, 0)),
            "deallocated_time": dealloc_time,
            "deallocated_reason": DEALLOCATION_REASON[0] if ended else None,
            "suspended_time": suspend_time,
            "suspended_reason": SUSPENSION_REASON if suspended else None,
            "exclusions": (
                [{"weekNumber": 1, "timeSlot": "PM", "daysOfWeek": ["SATURDAY", "SUNDAY"]}]
                if weekend
                else []
            ),
        }
        if nomis != "none":
            mirror = nomis == "mirror"
            self.nomis_allocations[nomis_allocation_id(p, j, extra)] = {
                "offender_program_reference_id": nomis_allocation_id(p, j, extra),
                "booking_id": booking,
                "course_activity_id": schedule.course_activity_id,
                "prison_id": schedule.prison_id,
                "program_status": "END" if ended and mirror else "ALLOC",
                "suspended": suspended if mirror else nomis == "suspended",
                "start_date": start,
                "end_date": end if mirror else None,
                "pay_band_code": str(1 + j % 3),
                "end_reason": "OTH" if ended and mirror else None,
                "end_comment": (
                    f"Deallocated in DPS by {SEED_USER} at {dealloc_time} for reason "
                    f"{DEALLOCATION_REASON[1]}"
                    if ended and mirror
                    else None
                ),
                "suspended_comment": (
                    f"{status} in DPS by {SEED_USER} at {suspend_time} for reason "
                    f"{SUSPENSION_REASON}"
                    if suspended and mirror
                    else None
                ),
                "exclusions": [{"day": "SAT", "slot": "PM"}, {"day": "SUN", "slot": "PM"}]
                if weekend
                else [],
            }
        if status != "ACTIVE":
            return
        for offset in SESSION_OFFSETS:
            if offset < 0 and self.today + timedelta(days=offset) >= start:
                reason, paid = default_attendance(j, offset)
                self.attend(prisoner, schedule, offset, dps=(reason, paid), nomis=(reason, paid))

    def attend(
        self,
        prisoner: tuple[int, int],
        schedule: SeededSchedule,
        offset: int,
        dps: tuple[str, bool] | None,
        nomis: tuple[str, bool] | None,
    ) -> None:
        """Record a completed session: ``None`` leaves that side without a record.

        A NOMIS reason of ``"SCH"`` leaves the NOMIS record scheduled (not yet marked).
        """
        p, j = prisoner
        booking, day = booking_id(p, j), self.today + timedelta(days=offset)
        instance = schedule.instance_id(offset)
        course_schedule = schedule.course_schedule_id(offset)
        self.dps_attendances.pop(attendance_id(instance, booking), None)
        self.nomis_attendances.pop(event_id(course_schedule, booking), None)
        if dps is not None:
            self.dps_attendances[attendance_id(instance, booking)] = {
                "id": attendance_id(instance, booking),
                "scheduled_instance_id": instance,
                "schedule_id": schedule.schedule_id,
                "prison_code": schedule.prison_id,
                "session_date": day,
                "prisoner_number": offender_no(p, j),
                "booking_id": booking,
                "attendance_reason_code": dps[0],
                "status": "COMPLETED",
                "issue_payment": dps[1],
                "comment": None,
                "recorded_time": _when(day, time(12, 0)),
            }
        if nomis is not None:
            marked = nomis[0] != "SCH"
            outcome, unexcused, authorised = NOMIS_OUTCOMES.get(nomis[0], (None, False, False))
            self.nomis_attendances[event_id(course_schedule, booking)] = {
                "event_id": event_id(course_schedule, booking),
                "course_schedule_id": course_schedule,
                "course_activity_id": schedule.course_activity_id,
                "booking_id": booking,
                "prison_id": schedule.prison_id,
                "event_date": day,
                "start_time": SESSION_START,
                "end_time": SESSION_END,
                "event_status_code": "COMP" if marked else "SCH",
                "event_outcome_code": outcome if marked else None,
                "comments": None,
                "unexcused_absence": unexcused,
                "authorised_absence": authorised,
                "paid": nomis[1] and marked,
                "bonus_pay": None,
            }


def default_status(position: int) -> str:
    """Unplanted allocations: mostly active, a few ended or suspended (in agreement)."""
    if position % 11 == 10:
        return "ENDED"
    if position % 12 == 11:
        return "SUSPENDED"
    return "ACTIVE"
