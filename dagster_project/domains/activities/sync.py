"""Activities sync: schedules -> NOMIS course activities, sessions, allocations, attendances.

Every handler re-reads the current DPS state, so replays and out-of-order events converge on
DPS (activities.md §1.7). `activities.prisoner.deallocated` is not handled: a deallocation
arrives as an allocation amendment with status ENDED, so the event is acknowledged and dropped.
"""

from __future__ import annotations

import datetime as dt

from dagster_project.domains.activities.dps import ACTIVITIES_API, ActivitiesClient
from dagster_project.domains.activities.dps_schedules import (
    Activity,
    ActivitySchedule,
    ActivitySchedulesClient,
)
from dagster_project.domains.activities.events import (
    AllocationEvent,
    AttendanceDeleted,
    AttendanceEvent,
    InstanceAmended,
    ScheduleAmended,
    ScheduleCreated,
)
from dagster_project.domains.activities.mapping import (
    ActivityMapping,
    ActivityMappingClient,
    ScheduledInstanceMapping,
)
from dagster_project.domains.activities.nomis import NomisActivitiesClient
from dagster_project.domains.activities.nomis_courses import (
    ActivityFields,
    ActivityResponse,
    CourseSchedule,
    CreateActivityRequest,
    NomisCourseActivitiesClient,
    PayRate,
    ScheduleRule,
)
from dagster_project.domains.activities.upsert import ActivitiesUpserter
from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.events import RetryMappingMessage
from dagster_project.sync.domain import SyncWiring
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.synchronise import synchronise_create
from dagster_project.telemetry import Telemetry

DESCRIPTION_LENGTH = 40


def _clock(value: str) -> str:
    """`09:00` and `09:00:00` are the same clock time."""
    return value[:5]


def activity_fields(
    schedule: ActivitySchedule,
    activity: Activity,
    location_id: int | None,
    description: str,
    course_schedule_ids: dict[int, int] | None = None,
) -> ActivityFields:
    """The body NOMIS needs for a course activity (pay in pounds, 40-char description)."""
    ids = course_schedule_ids or {}
    return ActivityFields(
        start_date=schedule.start_date,
        end_date=schedule.end_date,
        internal_location_id=location_id,
        capacity=schedule.capacity,
        pay_rates=[
            PayRate(
                incentive_level=pay.incentive_nomis_code,
                pay_band=str(pay.prison_pay_band.nomis_pay_band),
                rate=_pounds(pay.rate),
                start_date=pay.start_date,
            )
            for pay in activity.pay
        ],
        description=description[:DESCRIPTION_LENGTH],
        program_code=activity.category.code,
        pay_per_session=schedule.activity.pay_per_session,
        schedules=[
            CourseSchedule(
                id=ids.get(instance.id),
                date=instance.date,
                start_time=instance.start_time,
                end_time=instance.end_time,
                cancelled=instance.cancelled,
            )
            for instance in schedule.instances
        ],
        schedule_rules=[
            ScheduleRule(
                start_time=slot.start_time,
                end_time=slot.end_time,
                monday=slot.monday_flag,
                tuesday=slot.tuesday_flag,
                wednesday=slot.wednesday_flag,
                thursday=slot.thursday_flag,
                friday=slot.friday_flag,
                saturday=slot.saturday_flag,
                sunday=slot.sunday_flag,
            )
            for slot in schedule.slots
        ],
        exclude_bank_holidays=not schedule.runs_on_bank_holiday,
        outside_work=activity.outside_work,
    )


def _pounds(pence: int | None) -> float:
    if pence is None:
        raise ValueError("pay rate without a rate")
    return round(pence / 100, 2)


def instance_mappings(
    schedule: ActivitySchedule,
    response: ActivityResponse,
    mapping_type: str,
    existing: dict[int, int] | None = None,
) -> list[ScheduledInstanceMapping]:
    """Pair each NOMIS course schedule with a DPS session: kept mapping, else date + times."""
    by_nomis_id = existing or {}
    result = []
    for course in response.course_schedules:
        instance_id = by_nomis_id.get(course.course_schedule_id)
        if instance_id is None:
            instance_id = next(
                (
                    i.id
                    for i in schedule.instances
                    if i.date == course.date
                    and _clock(i.start_time) == _clock(course.start_time)
                    and _clock(i.end_time) == _clock(course.end_time)
                ),
                None,
            )
        if instance_id is None:
            raise LookupError(
                f"no DPS session for NOMIS course schedule {course.course_schedule_id} "
                f"on {course.date} {course.start_time}-{course.end_time}"
            )
        result.append(
            ScheduledInstanceMapping(
                scheduled_instance_id=instance_id,
                nomis_course_schedule_id=course.course_schedule_id,
                mapping_type=mapping_type,
            )
        )
    return result


class ActivitiesSync:
    """Applies activities events to NOMIS; telemetry names and dimensions as the old service."""

    def __init__(
        self,
        nomis: NomisCourseActivitiesClient,
        mapping: ActivityMappingClient,
        dps: ActivitySchedulesClient,
        upserter: ActivitiesUpserter,
        telemetry: Telemetry,
        retry_queue: MappingRetryQueue,
        today: dt.date | None = None,
    ) -> None:
        self.nomis, self.mapping, self.dps = nomis, mapping, dps
        self.upserter, self._telemetry, self._retry_queue = upserter, telemetry, retry_queue
        self._today = today

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def allocation_changed(self, event: AllocationEvent) -> None:
        """Allocated or amended (deallocation included): upsert the DPS allocation."""
        self.upserter.upsert_allocation(event.additional_information.allocation_id)

    def attendance_created(self, event: AttendanceEvent) -> None:
        self.upserter.upsert_attendance(event.additional_information.attendance_id, "create")

    def attendance_changed(self, event: AttendanceEvent) -> None:
        """Amended or expired: upsert the DPS attendance (telemetry `-update-`)."""
        self.upserter.upsert_attendance(event.additional_information.attendance_id, "update")

    def _location(self, schedule: ActivitySchedule) -> int | None:
        location = schedule.internal_location
        if location is None:
            return None
        if location.dps_location_id is None:
            raise ValueError(f"schedule {schedule.id} has a location without a DPS location id")
        return self.mapping.get_nomis_location_id(location.dps_location_id)

    def schedule_created(self, event: ScheduleCreated) -> None:
        """Create the NOMIS course activity and its mapping (see `synchronise_create`).

        Not resumable (no `find_written`): the NOMIS prisoner API has no read that finds a
        course activity by its code (the DPS schedule id), `GET /activities/ids` lists only
        activities with allocated prisoners (a new one has none), and `GET /activities/{id}`
        returns no course schedule ids, which the session mappings need. An interrupted
        create is dead-lettered for a person to check NOMIS.
        """
        schedule_id = event.additional_information.activity_schedule_id

        def transform(dimensions: dict[str, str]) -> ActivityMapping:
            schedule = self.dps.get_schedule(schedule_id, self.today)
            dimensions.update(
                description=schedule.description,
                dpsActivityId=str(schedule.activity.id),
                prisonId=schedule.activity.prison_code,
            )
            activity = self.dps.get_activity(schedule.activity.id, self.today)
            fields = activity_fields(schedule, activity, self._location(schedule), activity.summary)
            request = CreateActivityRequest(
                code=str(schedule.id),
                prison_id=activity.prison_code,
                **fields.model_dump(exclude={"start_date", "end_date"}),
                start_date=activity.start_date,
                end_date=activity.end_date,
            )
            created = self.nomis.create_activity(request)
            dimensions["nomisCourseActivityId"] = str(created.course_activity_id)
            return ActivityMapping(
                activity_schedule_id=schedule.id,
                activity_id=schedule.activity.id,
                nomis_course_activity_id=created.course_activity_id,
                mapping_type="ACTIVITY_CREATED",
                scheduled_instance_mappings=instance_mappings(
                    schedule, created, "ACTIVITY_CREATED"
                ),
            )

        synchronise_create(
            name="activity",
            telemetry=self._telemetry,
            dimensions=event.telemetry(),
            mapping_exists=lambda: self.mapping.get_activity_mapping(schedule_id) is not None,
            transform=transform,
            save_mapping=self.mapping.create_activity_mapping,
            retry_queue=self._retry_queue,
        )

    def schedule_amended(self, event: ScheduleAmended) -> None:
        """Re-PUT the whole course activity and its mapping, as the old service (no diffing).

        Deviation: the old service marks the parent mapping ACTIVITY_UPDATED, but the mapping
        spec's `ActivityMappingDto.mappingType` allows only NOMIS_CREATED and ACTIVITY_CREATED
        (still so in the current spec), so the parent keeps its stored type; the sessions become
        ACTIVITY_UPDATED, which their own enum allows.
        """
        schedule_id = event.additional_information.activity_schedule_id
        dimensions = event.telemetry()
        try:
            existing = self.mapping.get_activity_mapping(schedule_id)
            if existing is None:
                raise LookupError(f"no NOMIS course activity is mapped to schedule {schedule_id}")
            course_id = existing.nomis_course_activity_id
            dimensions["nomisCourseActivityId"] = str(course_id)
            schedule = self.dps.get_schedule(schedule_id, self.today)
            dimensions.update(
                dpsActivityId=str(schedule.activity.id), prisonId=schedule.activity.prison_code
            )
            activity = self.dps.get_activity(schedule.activity.id, self.today)
            by_instance = {
                m.scheduled_instance_id: m.nomis_course_schedule_id
                for m in existing.scheduled_instance_mappings
            }
            fields = activity_fields(
                schedule, activity, self._location(schedule), schedule.description, by_instance
            )
            updated = self.nomis.update_activity(course_id, fields)
            by_nomis = {v: k for k, v in by_instance.items()}
            self.mapping.update_activity_mapping(
                ActivityMapping(
                    activity_schedule_id=schedule.id,
                    activity_id=schedule.activity.id,
                    nomis_course_activity_id=course_id,
                    mapping_type=existing.mapping_type,  # not ACTIVITY_UPDATED: see docstring
                    scheduled_instance_mappings=instance_mappings(
                        schedule, updated, "ACTIVITY_UPDATED", by_nomis
                    ),
                )
            )
        except Exception:
            self._telemetry.track("activity-amend-failed", dimensions)
            raise
        self._telemetry.track("activity-amend-success", dimensions)

    def instance_amended(self, event: InstanceAmended) -> None:
        instance_id = event.additional_information.scheduled_instance_id
        dimensions: dict[str, object] = {"dpsScheduledInstanceId": instance_id}
        try:
            instance = self.dps.get_scheduled_instance(instance_id)
            schedule = instance.activity_schedule
            dimensions.update(
                dpsActivityScheduleId=schedule.id,
                scheduleDate=instance.date.isoformat(),
                startTime=instance.start_time,
                endTime=instance.end_time,
                prisonId=schedule.activity.prison_code,
            )
            mapping = self.mapping.get_activity_mapping(schedule.id)
            if mapping is None:
                raise LookupError(f"no NOMIS course activity is mapped to schedule {schedule.id}")
            dimensions["nomisCourseActivityId"] = mapping.nomis_course_activity_id
            child = next(
                (
                    m
                    for m in mapping.scheduled_instance_mappings
                    if m.scheduled_instance_id == instance_id
                ),
                None,
            )
            if child is None:
                raise LookupError(
                    f"Mapping for Activity's scheduled instance id not found: {instance_id}"
                )
            dimensions["nomisCourseScheduleId"] = child.nomis_course_schedule_id
            self.nomis.update_course_schedule(
                mapping.nomis_course_activity_id,
                CourseSchedule(
                    id=child.nomis_course_schedule_id,
                    date=instance.date,
                    start_time=instance.start_time,
                    end_time=instance.end_time,
                    cancelled=instance.cancelled,
                ),
            )
        except Exception:
            self._telemetry.track("activity-scheduled-instance-amend-failed", dimensions)
            raise
        self._telemetry.track("activity-scheduled-instance-amend-success", dimensions)

    def attendance_deleted(self, event: AttendanceDeleted) -> None:
        """Delete the booking's NOMIS attendance at the session (activities.md §1.6).

        Only the session's own mapping is read, no DPS call: the session may be gone from DPS
        by now. An unmapped session fails (retried, then dead-lettered); NOMIS 404 (nothing to
        delete) is `activity-attendance-delete-ignored`.
        """
        instance_id = event.additional_information.scheduled_instance_id
        booking_id = event.additional_information.booking_id
        dimensions: dict[str, object] = {
            "dpsScheduledInstanceId": instance_id,
            "bookingId": booking_id,
        }
        try:
            child = self.mapping.get_scheduled_instance_mapping(instance_id)
            if child is None:
                raise LookupError(
                    f"Mapping for Activity's scheduled instance id not found: {instance_id}"
                )
            dimensions["nomisCourseScheduleId"] = child.nomis_course_schedule_id
            deleted = self.nomis.delete_attendance(child.nomis_course_schedule_id, booking_id)
        except Exception:
            self._telemetry.track("activity-attendance-delete-failed", dimensions)
            raise
        name = (
            "activity-attendance-delete-success"
            if deleted
            else ("activity-attendance-delete-ignored")
        )
        self._telemetry.track(name, dimensions)

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        """Re-POST an activity mapping whose first save failed; NOMIS is not called again."""
        mapping = ActivityMapping.model_validate(retry.mapping)
        self.mapping.create_activity_mapping(mapping)
        self._telemetry.track(
            "activity-create-mapping-retry-success",
            {"activityScheduleId": mapping.activity_schedule_id},
        )


def build_sync(wiring: SyncWiring) -> ActivitiesSync:
    """The domain's one wiring: typed clients on the run's shared HTTP clients."""
    nomis, mapping = wiring.http(NOMIS_API), ActivityMappingClient(wiring.http(MAPPING_API))
    dps = wiring.http(ACTIVITIES_API)
    upserter = ActivitiesUpserter(
        NomisActivitiesClient(nomis), mapping, ActivitiesClient(dps), wiring.telemetry
    )
    return ActivitiesSync(
        NomisCourseActivitiesClient(nomis),
        mapping,
        ActivitySchedulesClient(dps),
        upserter,
        wiring.telemetry,
        wiring.retry_queue,
    )
