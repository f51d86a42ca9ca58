"""Core person: a Core Person Record (CPR) prison record merge writes religions to NOMIS.

Only the merge writes NOMIS (the surviving record's religion end dates on the mapped beliefs);
a new CPR religion is recorded as telemetry only, as the old service does. Nothing else of the
person record is synced to NOMIS by this service: religions, names, nationality and the rest
flow from NOMIS to CPR (another service), and the CPR-to-NOMIS religion write is unfinished
upstream.
"""

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.core_person.cpr import CORE_PERSON_API
from dagster_project.domains.core_person.events import (
    NoMappingToRetry,
    PersonMerged,
    ReligionCreated,
)
from dagster_project.domains.core_person.operations import MERGE_RELIGIONS
from dagster_project.domains.core_person.reconciliation import CORE_PERSON_RECONCILIATION
from dagster_project.domains.core_person.sync import CorePersonSync, build_sync
from dagster_project.sync.domain import Domain, Event

RELIGION_CREATED = {
    "version": 1,
    "description": "A religion has been created for a prison record",
    "occurredAt": "2026-11-20T10:15:00+00:00",
    "additionalInformation": {"cprReligionId": "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"},
    "personReference": {"identifiers": [{"type": "prisonNumber", "value": "A1000AA"}]},
}
MERGED = {
    "version": 1,
    "description": "A prison record has been merged",
    "occurredAt": "2026-11-20T10:15:00+00:00",
    "personReferenceTo": {"identifiers": [{"type": "prisonNumber", "value": "A1000AA"}]},
}

DOMAIN: Domain[CorePersonSync] = Domain(
    name="core_person",
    queue="coreperson",
    telemetry_prefix="coreperson",
    api=CORE_PERSON_API,
    apis=(NOMIS_API, MAPPING_API, CORE_PERSON_API),
    events=(
        Event(
            "core-person-record.prison.religion.created",
            ReligionCreated,
            CorePersonSync.religion_created,
            RELIGION_CREATED,
        ),
        Event("core-person-record.prison.merged", PersonMerged, CorePersonSync.merged, MERGED),
    ),
    retry_mapping=NoMappingToRetry,
    build_sync=build_sync,
    description="Core person record prison merges (religions) into NOMIS.",
    operations=(MERGE_RELIGIONS,),
    reconciliations=(CORE_PERSON_RECONCILIATION,),
)
