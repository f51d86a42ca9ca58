"""Activities runbook and repair operations.

Resync schedules, allocations and attendances; delete a duplicate course activity; drop stale
session mappings after a preprod refresh.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from dagster_project.domains.activities.events import ScheduleAmended, ScheduleCreated
from dagster_project.domains.activities.sync import ActivitiesSync
from dagster_project.operations.config import OperationConfig, RepairConfig
from dagster_project.operations.rules import PositiveId
from dagster_project.sync.domain import Operation, OperationRun

ALLOCATIONS = "allocation_reconciliation"
SUSPENDED_ALLOCATIONS = "suspended_allocation_reconciliation"
ATTENDANCES = "attendance_reconciliation"


class ResyncScheduleConfig(OperationConfig):
    activity_schedule_ids: list[PositiveId] = Field(
        min_length=1, description="DPS activity schedule ids"
    )


class DeleteDuplicateCourseActivityConfig(OperationConfig):
    nomis_course_activity_ids: list[PositiveId] = Field(
        min_length=1, description="Duplicate NOMIS course activities (no mapping points at them)"
    )


class DeleteMappingsAboveConfig(OperationConfig):
    max_nomis_course_schedule_id: PositiveId | None = Field(
        default=None, description="Ceiling; empty = read the highest id from NOMIS"
    )


class ResyncAllocationsConfig(RepairConfig):
    cadence = "daily_state"
    targets_field = "allocation_ids"

    suspended: bool = Field(default=False, description="Use the suspended reconciliation")
    allocation_ids: list[PositiveId] = Field(default=[], description="DPS allocation ids to resync")


class ResyncAttendancesConfig(RepairConfig):
    cadence = "daily"
    targets_field = "attendance_ids"

    attendance_ids: list[PositiveId] = Field(default=[], description="DPS attendance ids to resync")


def _resync_schedule(
    run: OperationRun[ActivitiesSync], _config: ResyncScheduleConfig, target: str
) -> None:
    """Create (no mapping yet) or amend one DPS activity schedule in NOMIS."""
    info = {"eventType": "", "additionalInformation": {"activityScheduleId": int(target)}}
    if run.sync.mapping.get_activity_mapping(int(target)) is None:
        info["eventType"] = "activities.activity-schedule.created"
        run.sync.schedule_created(ScheduleCreated.model_validate(info))
    else:
        info["eventType"] = "activities.activity-schedule.amended"
        run.sync.schedule_amended(ScheduleAmended.model_validate(info))


def _delete_course_activity(
    run: OperationRun[ActivitiesSync], _config: DeleteDuplicateCourseActivityConfig, course: str
) -> None:
    """Delete one duplicate NOMIS course activity (the runbook's duplicate-activity step)."""
    run.sync.nomis.delete_activity(int(course))
    run.telemetry.track("activity-duplicate-deleted", {"nomisCourseActivityId": course})


def _ceiling(run: OperationRun[ActivitiesSync], config: DeleteMappingsAboveConfig) -> list[str]:
    """The ceiling given, or NOMIS's highest course schedule id."""
    ceiling = config.max_nomis_course_schedule_id
    return [str(ceiling if ceiling is not None else run.sync.nomis.max_course_schedule_id())]


def _delete_mappings_above(
    run: OperationRun[ActivitiesSync], _config: DeleteMappingsAboveConfig, ceiling: str
) -> None:
    """Preprod refresh: drop session mappings above NOMIS's highest course schedule id."""
    run.sync.mapping.delete_schedule_mappings_above(int(ceiling))
    run.telemetry.track(
        "activity-schedule-mappings-above-deleted", {"maxCourseScheduleId": ceiling}
    )


def _allocation_targets(
    run: OperationRun[ActivitiesSync], config: ResyncAllocationsConfig
) -> list[str]:
    """Given ids, or every DPS allocation of each mismatched booking in the partition."""
    ids = list(config.allocation_ids)
    if config.partition_key:
        name = SUSPENDED_ALLOCATIONS if config.suspended else ALLOCATIONS
        dps = run.sync.upserter.dps
        for mismatch in run.history.open_for(name, config.partition_key):
            if not mismatch.prison_id or not mismatch.offender_no:
                continue
            for prisoner in dps.prisoner_allocations(mismatch.prison_id, [mismatch.offender_no]):
                ids += [
                    a.id
                    for a in prisoner.allocations
                    if str(a.booking_id) == mismatch.booking_id and a.id not in ids
                ]
    return [str(i) for i in ids]


def _attendance_targets(
    run: OperationRun[ActivitiesSync], config: ResyncAttendancesConfig
) -> list[str]:
    """Given ids, or the mismatched bookings' DPS attendances on the partition's date."""
    ids = list(config.attendance_ids)
    if config.partition_key:
        date = dt.date.fromisoformat(config.partition_key)
        dps = run.sync.upserter.dps
        for mismatch in run.history.open_for(ATTENDANCES, config.partition_key):
            if mismatch.offender_no:
                found = dps.prisoner_attendances(mismatch.offender_no, date, mismatch.prison_id)
                ids += [a.id for a in found if a.id not in ids]
    return [str(i) for i in ids]


RESYNC_ACTIVITY_SCHEDULE: Operation[ActivitiesSync, ResyncScheduleConfig] = Operation(
    job="resync_activity_schedule_job",
    op="resync_activity_schedules",
    config=ResyncScheduleConfig,
    targets=lambda _run, config: [str(i) for i in config.activity_schedule_ids],
    write=_resync_schedule,
    description="Create or amend DPS activity schedules in NOMIS (old manual endpoints).",
)

DELETE_DUPLICATE_COURSE_ACTIVITY: Operation[ActivitiesSync, DeleteDuplicateCourseActivityConfig] = (
    Operation(
        job="delete_duplicate_course_activity_job",
        op="delete_duplicate_course_activities",
        config=DeleteDuplicateCourseActivityConfig,
        targets=lambda _run, config: [str(i) for i in config.nomis_course_activity_ids],
        write=_delete_course_activity,
        description="Delete duplicate NOMIS course activities (destructive).",
        destructive=True,
    )
)

DELETE_MAPPINGS_ABOVE: Operation[ActivitiesSync, DeleteMappingsAboveConfig] = Operation(
    job="delete_mappings_above_job",
    op="delete_mappings_above",
    config=DeleteMappingsAboveConfig,
    targets=_ceiling,
    write=_delete_mappings_above,
    description="Preprod refresh: delete mappings above NOMIS's id ceiling (destructive).",
    destructive=True,
)

RESYNC_ALLOCATIONS: Operation[ActivitiesSync, ResyncAllocationsConfig] = Operation(
    job="resync_allocations_job",
    op="resync_allocations",
    config=ResyncAllocationsConfig,
    targets=_allocation_targets,
    write=lambda run, _config, target: run.sync.upserter.upsert_allocation(int(target)),
    description="Upsert DPS allocations into NOMIS for a partition's mismatches or given ids.",
    tags={"reconciliation": ALLOCATIONS},
)

RESYNC_ATTENDANCES: Operation[ActivitiesSync, ResyncAttendancesConfig] = Operation(
    job="resync_attendances_job",
    op="resync_attendances",
    config=ResyncAttendancesConfig,
    targets=_attendance_targets,
    write=lambda run, _config, target: run.sync.upserter.upsert_attendance(int(target)),
    description="Upsert DPS attendances into NOMIS for a partition's mismatches or given ids.",
    tags={"reconciliation": ATTENDANCES},
)
