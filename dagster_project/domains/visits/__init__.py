"""Social visits: VSIP bookings, changes and cancellations into NOMIS visits."""

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.visits.dps import VISITS_API
from dagster_project.domains.visits.events import (
    RetryVisitMapping,
    VisitBooked,
    VisitCancelled,
    VisitChanged,
)
from dagster_project.domains.visits.operations import CANCEL_DUPLICATE_VISIT, REPAIR_VISIT
from dagster_project.domains.visits.sync import VisitsSync, build_sync
from dagster_project.sync.domain import Domain, Event

EXAMPLE = {
    "prisonerId": "A1000AA",
    "occurredAt": "2026-03-02T10:15:30Z",
    "additionalInformation": {"reference": "ab-cd-ef-gh"},
}

DOMAIN: Domain[VisitsSync] = Domain(
    name="visits",
    queue="visit",
    telemetry_prefix="visit",
    api=VISITS_API,
    apis=(NOMIS_API, MAPPING_API, VISITS_API),
    events=(
        Event("prison-visit.booked", VisitBooked, VisitsSync.booked, EXAMPLE),
        Event("prison-visit.changed", VisitChanged, VisitsSync.changed, EXAMPLE),
        Event("prison-visit.cancelled", VisitCancelled, VisitsSync.cancelled, EXAMPLE),
    ),
    retry_mapping=RetryVisitMapping,
    build_sync=build_sync,
    description="Social visits (DPS visit scheduler) into NOMIS.",
    operations=(REPAIR_VISIT, CANCEL_DUPLICATE_VISIT),
)
