"""Court sentencing: DPS Remand and Sentencing court cases into NOMIS, with everything under them.

Nineteen events: court cases (and their references), appearances (NOMIS court events),
charges, sentences, sentence terms (DPS period lengths) and recalls. A child arriving before
its parent waits (`*-awaiting-parent`, retried) instead of failing for good. When NOMIS clones
a case onto the latest booking, the mappings follow the clone. Two reconciliations (weekly,
every prisoner; daily, active prisoners) compare each prisoner's cases. See `sync.py` for the
rules kept and changed, notably the from-NOMIS resync messages, which are reported not sent.
"""

from typing import Any

from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.domains.court_sentencing.dps import COURT_SENTENCING_API
from dagster_project.domains.court_sentencing.events import (
    ChargeEvent,
    CourtAppearanceEvent,
    CourtCaseEvent,
    PeriodLengthEvent,
    RecallEvent,
    RetryCourtSentencingMapping,
    SentenceEvent,
)
from dagster_project.domains.court_sentencing.operations import OPERATIONS
from dagster_project.domains.court_sentencing.reconciliation import RECONCILIATIONS
from dagster_project.domains.court_sentencing.sync import CourtSentencingSync, build_sync
from dagster_project.sync.domain import Domain, Event

PERSON = {"personReference": {"identifiers": [{"type": "NOMS", "value": "A1234KT"}]}}
CASE = "4321b0f8-9c6a-4b8e-b2f4-1f8bb3c0a001"


def example(info: dict[str, Any]) -> dict[str, Any]:
    """A valid event body: DPS as the source, the ids in `additionalInformation`."""
    return {"version": 1, "additionalInformation": {**info, "source": "DPS"}, **PERSON}


CASE_EVENT = example({"courtCaseId": CASE})
APPEARANCE_EVENT = example(
    {"courtAppearanceId": "a-1", "courtCaseId": CASE, "isOnFutureCourtAppearance": False}
)
CHARGE_EVENT = example({"courtChargeId": "c-1", "courtCaseId": CASE, "courtAppearanceId": "a-1"})
SENTENCE_EVENT = example({"sentenceId": "s-1", "courtAppearanceId": "a-1", "courtCaseId": CASE})
TERM_EVENT = example(
    {"periodLengthId": "p-1", "sentenceId": "s-1", "courtAppearanceId": "a-1", "courtCaseId": CASE}
)
RECALL_EVENT = example({"recallId": "r-1", "sentenceIds": ["s-1"]})

S = CourtSentencingSync
DOMAIN: Domain[CourtSentencingSync] = Domain(
    name="court_sentencing",
    queue="court_sentencing",
    telemetry_prefix="courtsentencing",
    api=COURT_SENTENCING_API,
    apis=(NOMIS_API, MAPPING_API, COURT_SENTENCING_API),
    events=(
        Event("court-case.inserted", CourtCaseEvent, S.court_case_inserted, CASE_EVENT),
        Event("court-case.updated", CourtCaseEvent, S.court_case_updated, CASE_EVENT),
        Event("court-case.deleted", CourtCaseEvent, S.court_case_deleted, CASE_EVENT),
        Event(
            "legacy.court-case-references.updated",
            CourtCaseEvent,
            S.case_references_updated,
            CASE_EVENT,
        ),
        Event(
            "court-appearance.inserted",
            CourtAppearanceEvent,
            S.court_appearance_inserted,
            APPEARANCE_EVENT,
        ),
        Event(
            "court-appearance.updated",
            CourtAppearanceEvent,
            S.court_appearance_updated,
            APPEARANCE_EVENT,
        ),
        Event(
            "court-appearance.deleted",
            CourtAppearanceEvent,
            S.court_appearance_deleted,
            APPEARANCE_EVENT,
        ),
        Event("charge.inserted", ChargeEvent, S.charge_inserted, CHARGE_EVENT),
        Event("charge.updated", ChargeEvent, S.charge_updated, CHARGE_EVENT),
        Event("sentence.inserted", SentenceEvent, S.sentence_inserted, SENTENCE_EVENT),
        Event(
            "sentence.fix-single-charge.inserted",
            SentenceEvent,
            S.sentence_inserted,
            SENTENCE_EVENT,
        ),
        Event("sentence.updated", SentenceEvent, S.sentence_updated, SENTENCE_EVENT),
        Event("sentence.deleted", SentenceEvent, S.sentence_deleted, SENTENCE_EVENT),
        Event(
            "sentence.period-length.inserted",
            PeriodLengthEvent,
            S.period_length_inserted,
            TERM_EVENT,
        ),
        Event(
            "sentence.period-length.updated",
            PeriodLengthEvent,
            S.period_length_updated,
            TERM_EVENT,
        ),
        Event(
            "sentence.period-length.deleted",
            PeriodLengthEvent,
            S.period_length_deleted,
            TERM_EVENT,
        ),
        Event("recall.inserted", RecallEvent, S.recall_inserted, RECALL_EVENT),
        Event("recall.updated", RecallEvent, S.recall_updated, RECALL_EVENT),
        Event("recall.deleted", RecallEvent, S.recall_deleted, RECALL_EVENT),
    ),
    retry_mapping=RetryCourtSentencingMapping,
    build_sync=build_sync,
    description=(
        "Court cases, appearances, charges, sentences, terms and recalls (DPS Remand and "
        "Sentencing API) into NOMIS; children wait for their parents."
    ),
    operations=OPERATIONS,
    reconciliations=RECONCILIATIONS,
)
