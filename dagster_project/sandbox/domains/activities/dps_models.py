"""Bodies of the DPS activities API operations the sandbox serves.

Field names and required-ness follow ``activities-api-docs.json``; only what a reconciliation
or a repair reads is filled beyond the required fields. Nullable fields the real service
always sends (as ``null``) are listed in ``nullable_fields`` so clients see the same keys.
"""

from datetime import date, datetime
from typing import Any, Literal

from dagster_project.sandbox.core.common import CamelModel

AllocationStatus = Literal[
    "ACTIVE", "PENDING", "SUSPENDED", "AUTO_SUSPENDED", "ENDED", "SUSPENDED_WITH_PAY"
]
DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
# code -> (id, description, attended, capture pay)
ATTENDANCE_REASONS: dict[str, tuple[int, str, bool, bool]] = {
    "SICK": (1, "Sick", False, True),
    "REFUSED": (2, "Refused to attend", False, False),
    "NOT_REQUIRED": (3, "Not required or excused", False, True),
    "REST": (4, "Rest day", False, True),
    "CLASH": (5, "Prisoner's schedule shows another activity", False, False),
    "OTHER": (6, "Other absence reason not listed", False, True),
    "SUSPENDED": (7, "Suspended", False, False),
    "CANCELLED": (8, "Cancelled", False, False),
    "ATTENDED": (9, "Attended", True, False),
    "AUTO_SUSPENDED": (10, "Temporarily absent", False, False),
}


class BookingCount(CamelModel):
    booking_id: int
    count: int


class AllocationReconciliationResponse(CamelModel):
    prison_code: str
    bookings: list[BookingCount]


class AttendanceReconciliationResponse(CamelModel):
    prison_code: str
    date: date
    bookings: list[BookingCount]


class PrisonPayBand(CamelModel):
    id: int
    display_sequence: int
    alias: str
    description: str
    nomis_pay_band: int
    prison_code: str


class DeallocationReason(CamelModel):
    code: str
    description: str


class Slot(CamelModel):
    week_number: int
    time_slot: Literal["AM", "PM", "ED"]
    monday: bool
    tuesday: bool
    wednesday: bool
    thursday: bool
    friday: bool
    saturday: bool
    sunday: bool
    days_of_week: list[str]


class Allocation(CamelModel):
    nullable_fields = frozenset(
        {
            "prison_pay_band",
            "end_date",
            "deallocated_time",
            "deallocated_by",
            "deallocated_reason",
            "suspended_time",
            "suspended_by",
            "suspended_reason",
            "planned_deallocation",
            "planned_suspension",
        }
    )

    id: int
    prisoner_number: str
    booking_id: int
    activity_summary: str
    activity_id: int
    schedule_id: int
    schedule_description: str
    is_unemployment: bool
    prison_pay_band: PrisonPayBand | None = None
    start_date: date
    end_date: date | None = None
    allocated_time: datetime | None = None
    allocated_by: str | None = None
    deallocated_time: datetime | None = None
    deallocated_by: str | None = None
    deallocated_reason: DeallocationReason | None = None
    suspended_time: datetime | None = None
    suspended_by: str | None = None
    suspended_reason: str | None = None
    status: AllocationStatus
    planned_deallocation: dict[str, Any] | None = None
    planned_suspension: dict[str, Any] | None = None
    exclusions: list[Slot]


class PrisonerAllocations(CamelModel):
    prisoner_number: str
    allocations: list[Allocation]


class AttendanceSync(CamelModel):
    nullable_fields = frozenset(
        {"attendance_reason_code", "comment", "pay_amount", "bonus_amount", "issue_payment"}
    )

    attendance_id: int
    scheduled_instance_id: int
    activity_schedule_id: int
    session_date: date
    session_start_time: str
    session_end_time: str
    prisoner_number: str
    booking_id: int
    attendance_reason_code: str | None = None
    comment: str | None = None
    status: str
    pay_amount: int | None = None
    bonus_amount: int | None = None
    issue_payment: bool | None = None


class AttendanceReason(CamelModel):
    id: int
    code: str
    description: str
    attended: bool
    capture_pay: bool
    capture_more_detail: bool
    capture_case_note: bool
    capture_incentive_level_warning: bool
    capture_other_text: bool
    display_in_absence: bool
    display_sequence: int | None = None
    notes: str


class Attendance(CamelModel):
    """The integration API's attendance: note the spec's ``scheduleInstanceId`` spelling."""

    nullable_fields = frozenset({"attendance_reason", "comment", "issue_payment"})

    id: int
    schedule_instance_id: int
    prisoner_number: str
    attendance_reason: AttendanceReason | None = None
    comment: str | None = None
    recorded_time: datetime | None = None
    recorded_by: str | None = None
    status: str
    issue_payment: bool | None = None
    attendance_history: list[dict[str, Any]] = []
    editable: bool
    payable: bool
