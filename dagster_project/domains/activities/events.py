"""The activities events: schedules, sessions, allocations and attendances."""

from __future__ import annotations

from dagster_project.sync.payloads import EventPayload, Info


class ScheduleInfo(Info):
    activity_schedule_id: int


class ScheduleEvent(EventPayload):
    additional_information: ScheduleInfo

    def entity_key(self) -> str:
        return f"schedule:{self.additional_information.activity_schedule_id}"

    def telemetry(self) -> dict[str, str]:
        return {"dpsActivityScheduleId": str(self.additional_information.activity_schedule_id)}


class ScheduleCreated(ScheduleEvent):
    pass


class ScheduleAmended(ScheduleEvent):
    pass


class InstanceInfo(Info):
    scheduled_instance_id: int


class InstanceAmended(EventPayload):
    additional_information: InstanceInfo

    def entity_key(self) -> str:
        return f"scheduled-instance:{self.additional_information.scheduled_instance_id}"


class AllocationInfo(Info):
    allocation_id: int


class AllocationEvent(EventPayload):
    additional_information: AllocationInfo

    def entity_key(self) -> str:
        return f"allocation:{self.additional_information.allocation_id}"


class AttendanceInfo(Info):
    attendance_id: int


class AttendanceEvent(EventPayload):
    additional_information: AttendanceInfo

    def entity_key(self) -> str:
        return f"attendance:{self.additional_information.attendance_id}"


class AttendanceDeletedInfo(Info):
    scheduled_instance_id: int
    booking_id: int


class AttendanceDeleted(EventPayload):
    additional_information: AttendanceDeletedInfo

    def entity_key(self) -> str:
        info = self.additional_information
        return f"attendance-slot:{info.scheduled_instance_id}:{info.booking_id}"


class RetryActivityMapping(Info):
    """The ids a RETRY_CREATE_MAPPING for an activity carries."""

    activity_schedule_id: int
    nomis_course_activity_id: int
