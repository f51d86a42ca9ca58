"""Non-associations: DPS non-associations into NOMIS, and prisoner merges and booking moves.

The merge and booking-moved events are published by prison-offender-events (NOMIS), not by the
non-associations API; this domain subscribes them to fix its mappings, as the old service did.
"""

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.non_associations.dps import NON_ASSOCIATIONS_API
from dagster_project.domains.non_associations.events import (
    BookingMoved,
    NonAssociationAmended,
    NonAssociationClosed,
    NonAssociationCreated,
    NonAssociationDeleted,
    PrisonerMerged,
    RetryNonAssociationMapping,
)
from dagster_project.domains.non_associations.operations import REPAIR_NON_ASSOCIATIONS
from dagster_project.domains.non_associations.reconciliation import (
    NON_ASSOCIATIONS_RECONCILIATION,
)
from dagster_project.domains.non_associations.sync import NonAssociationsSync, build_sync
from dagster_project.sync.domain import Domain, Event

NON_ASSOCIATION = {
    "version": "1.0",
    "description": "A non-association has been changed",
    "additionalInformation": {"id": 12345, "source": "DPS"},
}
MERGED = {
    "additionalInformation": {
        "reason": "MERGE",
        "nomsNumber": "A1000AA",
        "removedNomsNumber": "A1001AA",
    },
}
BOOKING_MOVED = {
    "additionalInformation": {
        "bookingId": "1000002",
        "movedFromNomsNumber": "A1001AA",
        "movedToNomsNumber": "A1000AA",
        "bookingStartDateTime": "2026-11-20T10:15:00",
    },
}

DOMAIN: Domain[NonAssociationsSync] = Domain(
    name="non_associations",
    queue="nonassociation",
    telemetry_prefix="nonassociation",
    api=NON_ASSOCIATIONS_API,
    apis=(NOMIS_API, MAPPING_API, NON_ASSOCIATIONS_API),
    events=(
        Event(
            "non-associations.created",
            NonAssociationCreated,
            NonAssociationsSync.created,
            NON_ASSOCIATION,
        ),
        Event(
            "non-associations.amended",
            NonAssociationAmended,
            NonAssociationsSync.amended,
            NON_ASSOCIATION,
        ),
        Event(
            "non-associations.closed",
            NonAssociationClosed,
            NonAssociationsSync.closed,
            NON_ASSOCIATION,
        ),
        Event(
            "non-associations.deleted",
            NonAssociationDeleted,
            NonAssociationsSync.deleted,
            NON_ASSOCIATION,
        ),
        Event(
            "prison-offender-events.prisoner.merged",
            PrisonerMerged,
            NonAssociationsSync.prisoner_merged,
            MERGED,
        ),
        Event(
            "prison-offender-events.prisoner.booking.moved",
            BookingMoved,
            NonAssociationsSync.booking_moved,
            BOOKING_MOVED,
        ),
    ),
    retry_mapping=RetryNonAssociationMapping,
    build_sync=build_sync,
    description=(
        "Non-associations (DPS non-associations API) into NOMIS, with prisoner merges and "
        "booking moves."
    ),
    operations=(REPAIR_NON_ASSOCIATIONS,),
    reconciliations=(NON_ASSOCIATIONS_RECONCILIATION,),
)
