"""Activities: schedules -> NOMIS course activities, sessions, allocations and attendances."""

from dagster_project.domains.activities.dps import ACTIVITIES_API
from dagster_project.domains.activities.events import (
    AllocationEvent,
    AttendanceDeleted,
    AttendanceEvent,
    InstanceAmended,
    RetryActivityMapping,
    ScheduleAmended,
    ScheduleCreated,
)
from dagster_project.domains.activities.operations import (
    DELETE_DUPLICATE_COURSE_ACTIVITY,
    DELETE_MAPPINGS_ABOVE,
    RESYNC_ACTIVITY_SCHEDULE,
    RESYNC_ALLOCATIONS,
    RESYNC_ATTENDANCES,
)
from dagster_project.domains.activities.reconciliation import (
    ALLOCATION_RECONCILIATION,
    ATTENDANCE_RECONCILIATION,
    SUSPENDED_ALLOCATION_RECONCILIATION,
)
from dagster_project.domains.activities.sync import ActivitiesSync, build_sync
from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.sync.domain import Domain, Event
from dagster_project.sync.payloads import EventPayload

SCHEDULE = {"additionalInformation": {"activityScheduleId": 1}}
ALLOCATION = {
    "additionalInformation": {"allocationId": 1, "scheduleId": 1},
    "personReference": {"identifiers": [{"type": "NOMS", "value": "A1000AA"}]},
}
ATTENDANCE = {"additionalInformation": {"attendanceId": 1}}

DOMAIN: Domain[ActivitiesSync] = Domain(
    name="activities",
    queue="activity",
    telemetry_prefix="activity",
    api=ACTIVITIES_API,
    apis=(NOMIS_API, MAPPING_API, ACTIVITIES_API),
    events=(
        Event(
            "activities.activity-schedule.created",
            ScheduleCreated,
            ActivitiesSync.schedule_created,
            SCHEDULE,
        ),
        Event(
            "activities.activity-schedule.amended",
            ScheduleAmended,
            ActivitiesSync.schedule_amended,
            SCHEDULE,
        ),
        Event(
            "activities.scheduled-instance.amended",
            InstanceAmended,
            ActivitiesSync.instance_amended,
            {"additionalInformation": {"scheduledInstanceId": 1}},
        ),
        Event(
            "activities.prisoner.allocated",
            AllocationEvent,
            ActivitiesSync.allocation_changed,
            ALLOCATION,
        ),
        Event(
            "activities.prisoner.allocation-amended",
            AllocationEvent,
            ActivitiesSync.allocation_changed,
            ALLOCATION,
        ),
        Event(
            "activities.prisoner.attendance-created",
            AttendanceEvent,
            ActivitiesSync.attendance_created,
            ATTENDANCE,
        ),
        Event(
            "activities.prisoner.attendance-amended",
            AttendanceEvent,
            ActivitiesSync.attendance_changed,
            ATTENDANCE,
        ),
        Event(
            "activities.prisoner.attendance-expired",
            AttendanceEvent,
            ActivitiesSync.attendance_changed,
            ATTENDANCE,
        ),
        Event(
            "activities.prisoner.attendance-deleted",
            AttendanceDeleted,
            ActivitiesSync.attendance_deleted,
            {"additionalInformation": {"scheduledInstanceId": 1, "bookingId": 1}},
        ),
        Event(
            "activities.prisoner.deallocated",
            EventPayload,
            None,
            {"additionalInformation": {"allocationId": 1}},
            dropped_because=(
                "a deallocation also arrives as activities.prisoner.allocation-amended "
                "(status ENDED), which is synced"
            ),
        ),
    ),
    retry_mapping=RetryActivityMapping,
    build_sync=build_sync,
    description="Activities (DPS activities API) into NOMIS course activities.",
    operations=(
        RESYNC_ACTIVITY_SCHEDULE,
        RESYNC_ALLOCATIONS,
        RESYNC_ATTENDANCES,
        DELETE_DUPLICATE_COURSE_ACTIVITY,
        DELETE_MAPPINGS_ABOVE,
    ),
    reconciliations=(
        ALLOCATION_RECONCILIATION,
        SUSPENDED_ALLOCATION_RECONCILIATION,
        ATTENDANCE_RECONCILIATION,
    ),
)
