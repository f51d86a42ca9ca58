"""Locations: DPS Locations Inside Prison (wings, landings, cells, rooms) into NOMIS.

Each DPS location is one NOMIS internal location under its mapped parent; see `sync.py` for
the flows and `reconciliation.py` for the weekly check.
"""

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.locations.dps import LOCATIONS_API
from dagster_project.domains.locations.events import (
    LocationAmended,
    LocationCreated,
    LocationDeactivated,
    LocationDeleted,
    LocationReactivated,
    RetryLocationMapping,
)
from dagster_project.domains.locations.operations import REPAIR_LOCATION
from dagster_project.domains.locations.reconciliation import LOCATIONS_RECONCILIATION
from dagster_project.domains.locations.sync import LocationsSync, build_sync
from dagster_project.sync.domain import Domain, Event
from dagster_project.sync.payloads import EventPayload

EXAMPLE = {
    "additionalInformation": {
        "id": "57718979-573c-433a-9e51-2d83f887c11c",
        "key": "MDI-A-1-001",
        "source": "DPS",
    },
    "version": "1.0",
    "description": "description",
    "occurredAt": "2024-04-02T10:58:01.531693442+01:00",
}
RESENT_BY_AMEND = "an amend re-sends the location's capacity and certification whole"

DOMAIN: Domain[LocationsSync] = Domain(
    name="locations",
    queue="location",
    telemetry_prefix="location",
    api=LOCATIONS_API,
    apis=(NOMIS_API, MAPPING_API, LOCATIONS_API),
    events=(
        Event("location.inside.prison.created", LocationCreated, LocationsSync.created, EXAMPLE),
        Event("location.inside.prison.amended", LocationAmended, LocationsSync.amended, EXAMPLE),
        Event(
            "location.inside.prison.deactivated",
            LocationDeactivated,
            LocationsSync.deactivated,
            EXAMPLE,
        ),
        Event(
            "location.inside.prison.reactivated",
            LocationReactivated,
            LocationsSync.reactivated,
            EXAMPLE,
        ),
        Event("location.inside.prison.deleted", LocationDeleted, LocationsSync.deleted, EXAMPLE),
        Event(
            "location.inside.prison.capacity.changed",
            EventPayload,
            None,
            EXAMPLE,
            dropped_because=RESENT_BY_AMEND,
        ),
        Event(
            "location.inside.prison.certification.changed",
            EventPayload,
            None,
            EXAMPLE,
            dropped_because=RESENT_BY_AMEND,
        ),
    ),
    retry_mapping=RetryLocationMapping,
    build_sync=build_sync,
    description="Internal locations (DPS Locations Inside Prison API) into NOMIS.",
    operations=(REPAIR_LOCATION,),
    reconciliations=(LOCATIONS_RECONCILIATION,),
)
