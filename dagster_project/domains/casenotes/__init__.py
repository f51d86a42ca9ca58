"""Case notes: DPS case notes into NOMIS, every NOMIS copy of a merged prisoner's note included.

Only notes DPS made and marks for NOMIS (`source` DPS, `syncToNomis` true) are written; the
others are NOMIS's own (synchronised the other way) or DPS-only sub-types.
"""

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.casenotes.dps import CASENOTES_API
from dagster_project.domains.casenotes.events import (
    CaseNoteCreated,
    CaseNoteDeleted,
    CaseNoteUpdated,
    RetryCaseNoteMapping,
)
from dagster_project.domains.casenotes.operations import (
    REPAIR_ACTIVE_CASENOTES,
    REPAIR_ALL_CASENOTES,
    RESYNCHRONISE_CASENOTES,
)
from dagster_project.domains.casenotes.reconciliation import (
    CASENOTES_ACTIVE_RECONCILIATION,
    CASENOTES_FULL_RECONCILIATION,
)
from dagster_project.domains.casenotes.sync import CaseNotesSync, build_sync
from dagster_project.sync.domain import Domain, Event

CASE_NOTE = {
    "version": "1",
    "description": "A case note has been changed",
    "detailUrl": "https://offender-case-notes.example/case-notes/A1000AA/0b1c2d3e",
    "occurredAt": "2026-11-20T10:15:00+00:00",
    "personReference": {"identifiers": [{"type": "NOMS", "value": "A1000AA"}]},
    "additionalInformation": {
        "id": "0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f",
        "legacyId": 1000001,
        "type": "GEN",
        "subType": "OSE",
        "source": "DPS",
        "syncToNomis": True,
        "systemGenerated": False,
    },
}

DOMAIN: Domain[CaseNotesSync] = Domain(
    name="casenotes",
    queue="casenotes",
    telemetry_prefix="casenotes",
    api=CASENOTES_API,
    apis=(NOMIS_API, MAPPING_API, CASENOTES_API),
    events=(
        Event("person.case-note.created", CaseNoteCreated, CaseNotesSync.created, CASE_NOTE),
        Event("person.case-note.updated", CaseNoteUpdated, CaseNotesSync.updated, CASE_NOTE),
        Event("person.case-note.deleted", CaseNoteDeleted, CaseNotesSync.deleted, CASE_NOTE),
    ),
    retry_mapping=RetryCaseNoteMapping,
    build_sync=build_sync,
    description="Case notes (DPS Case Notes API) into NOMIS.",
    operations=(RESYNCHRONISE_CASENOTES, REPAIR_ACTIVE_CASENOTES, REPAIR_ALL_CASENOTES),
    reconciliations=(CASENOTES_ACTIVE_RECONCILIATION, CASENOTES_FULL_RECONCILIATION),
)
