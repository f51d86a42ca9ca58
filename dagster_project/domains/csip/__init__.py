"""CSIP: DPS CSIP reports (Challenge, Support and Intervention Plans) into NOMIS.

Three events, one per report change; a change to any child re-sends the whole report. A daily
reconciliation compares every active prisoner's reports.
"""

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.csip.dps import CSIP_API
from dagster_project.domains.csip.events import (
    CsipCreated,
    CsipDeleted,
    CsipUpdated,
    RetryCsipMapping,
)
from dagster_project.domains.csip.operations import REPAIR_CSIP, RESYNCHRONISE_CSIP
from dagster_project.domains.csip.reconciliation import CSIP_RECONCILIATION
from dagster_project.domains.csip.sync import CsipSync, build_sync
from dagster_project.sync.domain import Domain, Event

CSIP_RECORD = {
    "version": 1,
    "description": "A CSIP record change in the CSIP service",
    "detailUrl": "https://somecallback",
    "additionalInformation": {"recordUuid": "8cdadcf3-b003-4116-9956-c99bd8df6a00"},
    "personReference": {"identifiers": [{"type": "NOMS", "value": "A1234KT"}]},
}

DOMAIN: Domain[CsipSync] = Domain(
    name="csip",
    queue="csip",
    telemetry_prefix="csip",
    api=CSIP_API,
    apis=(NOMIS_API, MAPPING_API, CSIP_API),
    events=(
        Event("person.csip-record.created", CsipCreated, CsipSync.created, CSIP_RECORD),
        Event("person.csip-record.updated", CsipUpdated, CsipSync.updated, CSIP_RECORD),
        Event("person.csip-record.deleted", CsipDeleted, CsipSync.deleted, CSIP_RECORD),
    ),
    retry_mapping=RetryCsipMapping,
    build_sync=build_sync,
    description="CSIP reports (DPS CSIP API) into NOMIS, each change re-sending the whole report.",
    operations=(REPAIR_CSIP, RESYNCHRONISE_CSIP),
    reconciliations=(CSIP_RECONCILIATION,),
)
