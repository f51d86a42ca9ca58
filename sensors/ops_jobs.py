"""Runbook operations as jobs: typed config, dry run by default, a summary at the end.

They replace the old service's manual endpoints and the curl commands of the runbook, and call
the same sync code as the event runs.
"""

import datetime as dt

import dagster as dg
from pydantic import Field

from dagster_project.sync.activities import ActivitiesSync, ScheduleAmended, ScheduleCreated
from dagster_project.sync.activities_upsert import ActivitiesUpserter
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.visits import VisitBooked, VisitsSync
from dagster_project.telemetry import Telemetry
from resources.dps.activities import ActivitiesApi, ActivitiesClient
from resources.dps.activity_schedules import ActivitySchedulesClient
from resources.dps.visits import VisitsApi
from resources.nomis_mapping.client import NomisMappingClient
from resources.nomis_mapping.resource import NomisMappingApi
from resources.nomis_prisoner.activities import NomisActivitiesClient
from resources.nomis_prisoner.course_activities import NomisCourseActivitiesClient
from resources.nomis_prisoner.models import CancelVisitRequest
from resources.nomis_prisoner.resource import NomisPrisonerApi
from resources.queues import EventQueue
from resources.store import Store
from sensors.config_rules import PositiveId, PrisonerNumber, VisitReference
from sensors.repair import apply


class OpsConfig(dg.Config):
    dry_run: bool = Field(default=True, description="Only list what would be written")
    max_writes: int = Field(default=50, ge=1, description="Refuse to write more than this many")


class ResyncScheduleConfig(OpsConfig):
    activity_schedule_ids: list[PositiveId] = Field(
        min_length=1, description="DPS activity schedule ids"
    )


class RepairVisitConfig(OpsConfig):
    offender_no: PrisonerNumber = Field(description="Prisoner number, e.g. A1234BC")
    visit_references: list[VisitReference] = Field(
        min_length=1, description="VSIP visit references to resynchronise"
    )


class CancelDuplicateVisitConfig(OpsConfig):
    offender_no: PrisonerNumber = Field(description="Prisoner number of the duplicate visit")
    nomis_visit_ids: list[PositiveId] = Field(
        min_length=1, description="The duplicate NOMIS visit ids to cancel"
    )


@dg.op(out=dg.Out(dg.Nothing))
def resync_activity_schedules(
    context: dg.OpExecutionContext,
    config: ResyncScheduleConfig,
    nomis_prisoner_api: NomisPrisonerApi,
    nomis_mapping_api: NomisMappingApi,
    activities_api: ActivitiesApi,
    event_queue: EventQueue,
    store: Store,
) -> dg.Output[None]:
    """Create (no mapping yet) or amend each DPS activity schedule in NOMIS."""
    telemetry = Telemetry(store.get_client(), context.log, run_id=context.run_id)
    nomis_http, mapping_http, dps_http = (
        nomis_prisoner_api.build_http(),
        nomis_mapping_api.build_http(),
        activities_api.build_http(),
    )
    mapping = NomisMappingClient(mapping_http)
    sync = ActivitiesSync(
        NomisCourseActivitiesClient(nomis_http),
        mapping,
        ActivitySchedulesClient(dps_http),
        ActivitiesUpserter(
            NomisActivitiesClient(nomis_http), mapping, ActivitiesClient(dps_http), telemetry
        ),
        telemetry,
        MappingRetryQueue(event_queue.get_client(), "activities", "activity", telemetry),
    )

    def write(target: str) -> None:
        info = {"eventType": "", "additionalInformation": {"activityScheduleId": int(target)}}
        if mapping.get_activity_mapping(int(target)) is None:
            info["eventType"] = "activities.activity-schedule.created"
            sync.schedule_created(ScheduleCreated.model_validate(info))
        else:
            info["eventType"] = "activities.activity-schedule.amended"
            sync.schedule_amended(ScheduleAmended.model_validate(info))

    return apply(context, config, [str(i) for i in config.activity_schedule_ids], write)


@dg.op(out=dg.Out(dg.Nothing))
def repair_visits(
    context: dg.OpExecutionContext,
    config: RepairVisitConfig,
    nomis_prisoner_api: NomisPrisonerApi,
    nomis_mapping_api: NomisMappingApi,
    visits_api: VisitsApi,
    event_queue: EventQueue,
    store: Store,
) -> dg.Output[None]:
    """Run the booked flow for each visit (an existing mapping makes it a no-op duplicate)."""
    telemetry = Telemetry(store.get_client(), context.log, run_id=context.run_id)
    sync = VisitsSync(
        nomis_prisoner_api.get_client(),
        nomis_mapping_api.get_client(),
        visits_api.get_client(),
        telemetry,
        MappingRetryQueue(event_queue.get_client(), "visits", "visit", telemetry),
    )

    def write(reference: str) -> None:
        sync.booked(
            VisitBooked(
                event_type="prison-visit.booked",
                prisoner_id=config.offender_no,
                occurred_at=dt.datetime.now(dt.UTC),
                additional_information={"reference": reference},
            )
        )
        telemetry.track(
            "to-nomis-synch-visit-resynchronisation-repair",
            {"offenderNo": config.offender_no, "visitId": reference},
        )

    return apply(context, config, list(config.visit_references), write)


@dg.op(out=dg.Out(dg.Nothing))
def cancel_duplicate_visits(
    context: dg.OpExecutionContext,
    config: CancelDuplicateVisitConfig,
    nomis_prisoner_api: NomisPrisonerApi,
    store: Store,
) -> dg.Output[None]:
    """Cancel duplicate NOMIS visits with outcome ADMIN (the runbook's duplicate-visit step)."""
    telemetry = Telemetry(store.get_client(), context.log, run_id=context.run_id)
    nomis = nomis_prisoner_api.get_client()

    def write(visit_id: str) -> None:
        nomis.cancel_visit(config.offender_no, int(visit_id), CancelVisitRequest(outcome="ADMIN"))
        telemetry.track(
            "visit-duplicate-cancelled",
            {"offenderNo": config.offender_no, "nomisVisitId": visit_id},
        )

    return apply(context, config, [str(v) for v in config.nomis_visit_ids], write)


@dg.job(description="Create or amend DPS activity schedules in NOMIS (old manual endpoints).")
def resync_activity_schedule_job() -> None:
    resync_activity_schedules()


@dg.job(description="Resynchronise VSIP visits into NOMIS (old visit repair endpoint).")
def repair_visit_job() -> None:
    repair_visits()


@dg.job(description="Cancel duplicate NOMIS visits with outcome ADMIN (destructive).")
def cancel_duplicate_visit_job() -> None:
    cancel_duplicate_visits()


OPS_JOBS = [resync_activity_schedule_job, repair_visit_job, cancel_duplicate_visit_job]


class DeleteDuplicateCourseActivityConfig(OpsConfig):
    nomis_course_activity_ids: list[PositiveId] = Field(
        min_length=1, description="Duplicate NOMIS course activities (no mapping points at them)"
    )


class DeleteMappingsAboveConfig(OpsConfig):
    max_nomis_course_schedule_id: PositiveId | None = Field(
        default=None, description="Ceiling; empty = read the highest id from NOMIS"
    )


@dg.op(out=dg.Out(dg.Nothing))
def delete_duplicate_course_activities(
    context: dg.OpExecutionContext,
    config: DeleteDuplicateCourseActivityConfig,
    nomis_prisoner_api: NomisPrisonerApi,
    store: Store,
) -> dg.Output[None]:
    """Delete duplicate NOMIS course activities (the runbook's duplicate-activity step)."""
    telemetry = Telemetry(store.get_client(), context.log, run_id=context.run_id)
    nomis = NomisCourseActivitiesClient(nomis_prisoner_api.build_http())

    def write(course_id: str) -> None:
        nomis.delete_activity(int(course_id))
        telemetry.track("activity-duplicate-deleted", {"nomisCourseActivityId": course_id})

    return apply(context, config, [str(i) for i in config.nomis_course_activity_ids], write)


@dg.op(out=dg.Out(dg.Nothing))
def delete_mappings_above(
    context: dg.OpExecutionContext,
    config: DeleteMappingsAboveConfig,
    nomis_prisoner_api: NomisPrisonerApi,
    nomis_mapping_api: NomisMappingApi,
    store: Store,
) -> dg.Output[None]:
    """Preprod refresh: drop session mappings above NOMIS's highest course schedule id."""
    telemetry = Telemetry(store.get_client(), context.log, run_id=context.run_id)
    ceiling = config.max_nomis_course_schedule_id
    if ceiling is None:
        nomis = NomisCourseActivitiesClient(nomis_prisoner_api.build_http())
        ceiling = nomis.max_course_schedule_id()
    mapping = NomisMappingClient(nomis_mapping_api.build_http())

    def write(target: str) -> None:
        mapping.delete_schedule_mappings_above(int(target))
        telemetry.track("activity-schedule-mappings-above-deleted", {"maxCourseScheduleId": target})

    return apply(context, config, [str(ceiling)], write)


@dg.job(description="Delete duplicate NOMIS course activities (destructive).")
def delete_duplicate_course_activity_job() -> None:
    delete_duplicate_course_activities()


@dg.job(description="Preprod refresh: delete mappings above NOMIS's id ceiling (destructive).")
def delete_mappings_above_job() -> None:
    delete_mappings_above()


OPS_JOBS += [delete_duplicate_course_activity_job, delete_mappings_above_job]
