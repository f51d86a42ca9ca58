"""Registry of the domains this service syncs: one row per DPS domain queue."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel

from dagster_project.events import RetryMappingMessage
from dagster_project.sync import activities, adjustments, incentives, visits
from dagster_project.sync.activities_upsert import ActivitiesUpserter
from dagster_project.sync.apis import SyncApis
from dagster_project.sync.payloads import EventPayload
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.telemetry import Telemetry
from resources.dps.activities import ActivitiesClient
from resources.dps.activity_schedules import ActivitySchedulesClient
from resources.dps.incentives import IncentivesClient
from resources.dps.visits import VisitsClient
from resources.nomis_mapping.client import NomisMappingClient
from resources.nomis_prisoner.activities import NomisActivitiesClient
from resources.nomis_prisoner.client import NomisPrisonerClient
from resources.nomis_prisoner.course_activities import NomisCourseActivitiesClient


class DomainSync(Protocol):
    """What a sync run needs from a domain: apply one event, or retry one mapping."""

    def handle(self, payload: EventPayload) -> None: ...

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None: ...


SyncFactory = Callable[[SyncApis, Telemetry, MappingRetryQueue], DomainSync]


def _incentives(apis: SyncApis, telemetry: Telemetry, retry: MappingRetryQueue) -> DomainSync:
    return incentives.IncentivesSync(
        NomisPrisonerClient(apis.nomis()),
        NomisMappingClient(apis.mapping()),
        IncentivesClient(apis.dps()),
        telemetry,
        retry,
    )


def _activities(apis: SyncApis, telemetry: Telemetry, retry: MappingRetryQueue) -> DomainSync:
    mapping = NomisMappingClient(apis.mapping())
    upserter = ActivitiesUpserter(
        NomisActivitiesClient(apis.nomis()), mapping, ActivitiesClient(apis.dps()), telemetry
    )
    return activities.ActivitiesSync(
        NomisCourseActivitiesClient(apis.nomis()),
        mapping,
        ActivitySchedulesClient(apis.dps()),
        upserter,
        telemetry,
        retry,
    )


def _visits(apis: SyncApis, telemetry: Telemetry, retry: MappingRetryQueue) -> DomainSync:
    return visits.VisitsSync(
        NomisPrisonerClient(apis.nomis()),
        NomisMappingClient(apis.mapping()),
        VisitsClient(apis.dps()),
        telemetry,
        retry,
    )


@dataclass(frozen=True)
class Domain:
    """A DPS domain: its queue, the DPS API it reads, its event types and its sync service."""

    name: str
    queue_id: str
    dps_resource_key: str
    payloads: Mapping[str, type[EventPayload]]
    retry_mapping: type[BaseModel]
    build_sync: SyncFactory
    # subscribed but deliberately not handled: acknowledged and dropped with telemetry
    also_subscribed: frozenset[str] = frozenset()

    @property
    def sensor_name(self) -> str:
        return f"{self.name}_events_sensor"

    @property
    def job_name(self) -> str:
        return f"{self.name}_sync_job"

    @property
    def event_types(self) -> frozenset[str]:
        return frozenset(self.payloads)


INCENTIVES = Domain(
    name="incentives",
    queue_id="incentive",
    dps_resource_key="incentives_api",
    payloads=incentives.PAYLOADS,
    retry_mapping=incentives.RetryIncentiveMapping,
    build_sync=_incentives,
)

VISITS = Domain(
    name="visits",
    queue_id="visit",
    dps_resource_key="visits_api",
    payloads=visits.PAYLOADS,
    retry_mapping=visits.RetryVisitMapping,
    build_sync=_visits,
)

ACTIVITIES = Domain(
    name="activities",
    queue_id="activity",
    dps_resource_key="activities_api",
    payloads=activities.PAYLOADS,
    retry_mapping=activities.RetryActivityMapping,
    build_sync=_activities,
    also_subscribed=frozenset({"activities.prisoner.deallocated"}),
)

SENTENCING = Domain(
    name="sentencing",
    queue_id="sentencing",
    dps_resource_key="adjustments_api",
    payloads=adjustments.PAYLOADS,
    retry_mapping=adjustments.RetryAdjustmentMapping,
    build_sync=adjustments.build_adjustments_sync,
)

DOMAINS: tuple[Domain, ...] = (INCENTIVES, VISITS, ACTIVITIES, SENTENCING)


def domain_named(name: str) -> Domain:
    """Look a domain up by name; raises ValueError listing the known ones."""
    for domain in DOMAINS:
        if domain.name == name:
            return domain
    raise ValueError(f"unknown domain {name!r}; known: {', '.join(d.name for d in DOMAINS)}")
