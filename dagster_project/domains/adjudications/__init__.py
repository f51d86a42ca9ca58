"""Adjudications: DPS adjudications (charges, hearings, results, punishments) into NOMIS.

26 events, one family per NOMIS part: the adjudication (with its repairs and evidence), its
hearings, hearing and referral results (routed by whether the event names a hearing), awards,
quash and unquash. A weekly reconciliation compares every active prisoner's ADA awards.
"""

from typing import Any

from dagster_project.domains.adjudications.dps import ADJUDICATIONS_API
from dagster_project.domains.adjudications.events import (
    AdjudicationCreated,
    DamagesUpdated,
    EvidenceUpdated,
    HearingCreated,
    HearingDeleted,
    HearingUpdated,
    OutcomeDeleted,
    OutcomeQuashed,
    OutcomeUnquashed,
    OutcomeUpserted,
    PunishmentsCreated,
    PunishmentsDeleted,
    PunishmentsUpdated,
    RetryAdjudicationMapping,
)
from dagster_project.domains.adjudications.operations import (
    DELETE_HEARING_RESULT,
    REPAIR_ADA,
    REPAIR_ADJUDICATION,
    REPAIR_HEARING,
    REPAIR_OUTCOME,
    REPAIR_PUNISHMENTS,
)
from dagster_project.domains.adjudications.reconciliation import ADJUDICATIONS_RECONCILIATION
from dagster_project.domains.adjudications.sync import AdjudicationsSync, build_sync
from dagster_project.domains.apis import MAPPING_API, NOMIS_API
from dagster_project.sync.domain import Domain, Event


def example(hearing: bool = False) -> dict[str, Any]:
    """A domain event body as DPS publishes it (`hearingId` on hearing events)."""
    info: dict[str, Any] = {
        "chargeNumber": "12345-1",
        "prisonId": "MDI",
        "prisonerNumber": "A1234AA",
    }
    if hearing:
        info["hearingId"] = "345"
    return {
        "version": 1,
        "description": "An adjudication change",
        "additionalInformation": info,
    }


CHARGE, HEARING = example(), example(hearing=True)
OUTCOME_UPSERTS = (
    "adjudication.hearingCompleted.created",
    "adjudication.hearingAdjourn.created",
    "adjudication.hearingReferral.created",
    "adjudication.referral.outcome.prosecution",
    "adjudication.referral.outcome.notProceed",
    "adjudication.referral.outcome.referGov",
    "adjudication.outcome.referPolice",
    "adjudication.outcome.notProceed",
    "adjudication.hearingOutcome.updated",
)
OUTCOME_DELETES = (
    "adjudication.hearingCompleted.deleted",
    "adjudication.hearingAdjourn.deleted",
    "adjudication.hearingReferral.deleted",
    "adjudication.referral.outcome.deleted",
    "adjudication.referral.deleted",
    "adjudication.outcome.notProceed.deleted",
)
S = AdjudicationsSync

DOMAIN: Domain[AdjudicationsSync] = Domain(
    name="adjudications",
    queue="adjudication",
    telemetry_prefix="adjudication",
    api=ADJUDICATIONS_API,
    apis=(NOMIS_API, MAPPING_API, ADJUDICATIONS_API),
    events=(
        Event("adjudication.report.created", AdjudicationCreated, S.created, CHARGE),
        Event("adjudication.damages.updated", DamagesUpdated, S.damages_updated, CHARGE),
        Event("adjudication.evidence.updated", EvidenceUpdated, S.evidence_updated, CHARGE),
        Event("adjudication.hearing.created", HearingCreated, S.hearing_created, HEARING),
        Event("adjudication.hearing.updated", HearingUpdated, S.hearing_updated, HEARING),
        Event("adjudication.hearing.deleted", HearingDeleted, S.hearing_deleted, HEARING),
        *(Event(t, OutcomeUpserted, S.outcome_upserted, HEARING) for t in OUTCOME_UPSERTS),
        *(Event(t, OutcomeDeleted, S.outcome_deleted, HEARING) for t in OUTCOME_DELETES),
        Event(
            "adjudication.punishments.created", PunishmentsCreated, S.punishments_created, CHARGE
        ),
        Event(
            "adjudication.punishments.updated", PunishmentsUpdated, S.punishments_updated, CHARGE
        ),
        Event(
            "adjudication.punishments.deleted", PunishmentsDeleted, S.punishments_deleted, CHARGE
        ),
        Event("adjudication.outcome.quashed", OutcomeQuashed, S.outcome_quashed, CHARGE),
        Event("adjudication.outcome.unquashed", OutcomeUnquashed, S.outcome_unquashed, CHARGE),
    ),
    retry_mapping=RetryAdjudicationMapping,
    build_sync=build_sync,
    description=(
        "Adjudications (DPS Manage Adjudications API) into NOMIS: charges, hearings, hearing and "
        "referral results, awards, quash and unquash."
    ),
    operations=(
        REPAIR_ADA,
        REPAIR_ADJUDICATION,
        REPAIR_PUNISHMENTS,
        DELETE_HEARING_RESULT,
        REPAIR_OUTCOME,
        REPAIR_HEARING,
    ),
    reconciliations=(ADJUDICATIONS_RECONCILIATION,),
)
