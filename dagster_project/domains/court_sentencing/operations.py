"""Court sentencing operations: the reconciliations' repairs and the old manual endpoints.

Each is a dry run by default with a `max_writes` guard. The old endpoints become:
- `POST /prisoners/{o}/court-sentencing/court-case/{dpsCaseId}/booking-repair` ->
  `clone_court_case_to_latest_booking_job` (NOMIS copies the case onto the latest booking;
  the mappings follow the clone);
- `POST /prisoners/{o}/court-sentencing/court-case/{caseId}/repair` ->
  `resynchronise_court_case_job`: the case sent whole through the sync's handlers. A
  deliberate difference: the old endpoint deleted the case's mappings and rebuilt the case in
  NOMIS (`POST …/court-cases/{id}/repair`), refusing a case with sentences; here every write
  is an update of the mapped records or a create of the unmapped ones, so it is safe to re-run
  and also repairs sentenced cases;
- the per-entity POST/PUT `…/repair` endpoints (appearance, charge, sentence, term created or
  updated) -> `resynchronise_court_sentencing_entity_job`, the event handler for one entity
  (`force_clone` / `force_prevent_clone` for an appearance create, as the old query params).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any, Literal

from pydantic import Field

from dagster_project.domains.court_sentencing.events import (
    ChargeEvent,
    CourtAppearanceEvent,
    PeriodLengthEvent,
    SentenceEvent,
)
from dagster_project.domains.court_sentencing.repair import (
    PrisonerRepair,
    repair_event,
    resynchronise_case,
)
from dagster_project.domains.court_sentencing.sync import CourtSentencingSync
from dagster_project.operations.config import OperationConfig, RepairConfig
from dagster_project.operations.rules import PrisonerNumber
from dagster_project.sync.domain import Operation, OperationRun

FULL_RECONCILIATION = "court_cases_reconciliation"
ACTIVE_RECONCILIATION = "court_cases_active_reconciliation"


class RepairCourtCasesConfig(RepairConfig):
    cadence = "weekly"
    targets_field = "offender_nos"

    offender_nos: list[PrisonerNumber] = Field(default=[], description="Prisoner numbers to repair")


class RepairActiveCourtCasesConfig(RepairConfig):
    cadence = "daily_state"
    targets_field = "offender_nos"

    offender_nos: list[PrisonerNumber] = Field(default=[], description="Prisoner numbers to repair")


def _targets_of(
    reconciliation: str,
) -> Callable[[OperationRun[CourtSentencingSync], Any], list[str]]:
    def targets(run: OperationRun[CourtSentencingSync], config: Any) -> list[str]:
        """The given prisoners, then those of the partition's open mismatches."""
        found = list(dict.fromkeys(config.offender_nos))
        if config.partition_key:
            for mismatch in run.history.open_for(reconciliation, config.partition_key):
                if mismatch.offender_no and mismatch.offender_no not in found:
                    found.append(mismatch.offender_no)
        return found

    return targets


def _repair(run: OperationRun[CourtSentencingSync], _config: Any, offender_no: str) -> None:
    """Make NOMIS hold the prisoner's DPS court cases (`court-sentencing-prisoner-repair`)."""
    PrisonerRepair(run.sync, run.telemetry).apply(offender_no)


REPAIR_COURT_CASES: Operation[CourtSentencingSync, RepairCourtCasesConfig] = Operation(
    job="repair_court_cases_job",
    op="repair_court_cases",
    config=RepairCourtCasesConfig,
    targets=_targets_of(FULL_RECONCILIATION),
    write=_repair,
    description=(
        "Make NOMIS hold the DPS court cases of a week's mismatched prisoners, or of given "
        "prisoners: create unmapped cases, re-send mapped ones whole, delete cases DPS dropped."
    ),
    tags={"reconciliation": FULL_RECONCILIATION},
)

REPAIR_ACTIVE_COURT_CASES: Operation[CourtSentencingSync, RepairActiveCourtCasesConfig] = Operation(
    job="repair_active_court_cases_job",
    op="repair_active_court_cases",
    config=RepairActiveCourtCasesConfig,
    targets=_targets_of(ACTIVE_RECONCILIATION),
    write=_repair,
    description=(
        "Make NOMIS hold the DPS court cases of a day's mismatched active prisoners, or of "
        "given prisoners (as repair_court_cases_job)."
    ),
    tags={"reconciliation": ACTIVE_RECONCILIATION},
)


class CaseConfig(OperationConfig):
    """One or more DPS court cases, each `"A1234BC,<DPS court case uuid>"`."""

    cases: list[str] = Field(description='Cases, each "A1234BC,<DPS court case uuid>"')


def _case_targets(_run: OperationRun[CourtSentencingSync], config: CaseConfig) -> list[str]:
    for case in config.cases:
        offender, _, uuid = case.partition(",")
        if not offender or not uuid:
            raise ValueError(f"{case!r} is not 'A1234BC,<DPS court case uuid>'")
    return list(dict.fromkeys(config.cases))


def _clone(run: OperationRun[CourtSentencingSync], _config: CaseConfig, target: str) -> None:
    offender_no, dps_case_id = target.split(",", 1)
    run.sync.clone_case_to_latest_booking(offender_no, dps_case_id)


CLONE_COURT_CASE: Operation[CourtSentencingSync, CaseConfig] = Operation(
    job="clone_court_case_to_latest_booking_job",
    op="clone_court_case_to_latest_booking",
    config=CaseConfig,
    targets=_case_targets,
    write=_clone,
    description=(
        "The old booking-repair: NOMIS copies a mapped court case onto the prisoner's latest "
        "booking; the case's mappings are moved to the copies (court-case-cloned-repair)."
    ),
)


def _resynchronise(
    run: OperationRun[CourtSentencingSync], _config: CaseConfig, target: str
) -> None:
    offender_no, dps_case_id = target.split(",", 1)
    done: Counter[str] = Counter()
    resynchronise_case(run.sync, offender_no, run.sync.dps.reconciliation_case(dps_case_id), done)
    run.telemetry.track(
        "court-sentencing-repair-court-case",
        {
            "offenderNo": offender_no,
            "dpsCourtCaseId": dps_case_id,
            **{k: str(v) for k, v in done.items()},
        },
    )


RESYNCHRONISE_COURT_CASE: Operation[CourtSentencingSync, CaseConfig] = Operation(
    job="resynchronise_court_case_job",
    op="resynchronise_court_cases",
    config=CaseConfig,
    targets=_case_targets,
    write=_resynchronise,
    description=(
        "The old case repair: send DPS court cases whole to NOMIS (create the unmapped "
        "records, update the mapped ones)."
    ),
)

Action = Literal[
    "appearance-created",
    "appearance-updated",
    "charge-created",
    "charge-updated",
    "sentence-created",
    "sentence-updated",
    "term-created",
    "term-updated",
]


class EntityConfig(OperationConfig):
    """One entity's event handler, as the old per-entity repair endpoints ran it."""

    action: Action = Field(description="What to run, e.g. sentence-created")
    offender_no: PrisonerNumber = Field(description="The prisoner")
    court_case_id: str = Field(description="DPS court case uuid")
    appearance_id: str = Field(description="DPS court appearance uuid")
    charge_id: str | None = Field(default=None, description="DPS charge uuid (charges)")
    sentence_id: str | None = Field(
        default=None, description="DPS sentence uuid (sentences, terms)"
    )
    period_length_id: str | None = Field(default=None, description="DPS period length uuid (terms)")
    force_clone: bool = Field(default=False, description="Appearance create: clone the case")
    force_prevent_clone: bool = Field(default=False, description="Appearance create: never clone")


def _entity_targets(_run: OperationRun[CourtSentencingSync], config: EntityConfig) -> list[str]:
    needed = {
        "charge": config.charge_id,
        "sentence": config.sentence_id,
        "term": config.period_length_id,
    }
    kind = config.action.split("-")[0]
    if kind in needed and not needed[kind]:
        raise ValueError(f"{config.action} needs the {kind} id")
    if kind == "term" and not config.sentence_id:
        raise ValueError(f"{config.action} needs the sentence id")
    ids = [config.court_case_id, config.appearance_id, config.charge_id, config.sentence_id]
    ids.append(config.period_length_id)
    return [f"{config.action} {config.offender_no} " + ",".join(i for i in ids if i)]


def _entity(run: OperationRun[CourtSentencingSync], config: EntityConfig, _target: str) -> None:
    sync, o = run.sync, config.offender_no
    ids = {"courtCaseId": config.court_case_id, "courtAppearanceId": config.appearance_id}
    kind, _, verb = config.action.partition("-")
    if kind == "appearance":
        event = repair_event(
            CourtAppearanceEvent,
            "court-appearance.repair",
            o,
            isOnFutureCourtAppearance=False,
            **ids,
        )
        if verb == "created":
            sync.court_appearance_inserted(event, config.force_clone, config.force_prevent_clone)
        else:
            sync.court_appearance_updated(event)
    elif kind == "charge":
        event = repair_event(ChargeEvent, "charge.repair", o, courtChargeId=config.charge_id, **ids)
        (sync.charge_inserted if verb == "created" else sync.charge_updated)(event)
    elif kind == "sentence":
        event = repair_event(
            SentenceEvent, "sentence.repair", o, sentenceId=config.sentence_id, **ids
        )
        (sync.sentence_inserted if verb == "created" else sync.sentence_updated)(event)
    else:
        event = repair_event(
            PeriodLengthEvent,
            "sentence.period-length.repair",
            o,
            periodLengthId=config.period_length_id,
            sentenceId=config.sentence_id,
            **ids,
        )
        (sync.period_length_inserted if verb == "created" else sync.period_length_updated)(event)
    run.telemetry.track(
        f"court-sentencing-repair-{kind.replace('term', 'sentence-term')}-{verb}",
        {"offenderNo": o, **{k: str(v) for k, v in ids.items()}},
    )


RESYNCHRONISE_ENTITY: Operation[CourtSentencingSync, EntityConfig] = Operation(
    job="resynchronise_court_sentencing_entity_job",
    op="resynchronise_court_sentencing_entity",
    config=EntityConfig,
    targets=_entity_targets,
    write=_entity,
    description=(
        "The old per-entity repair endpoints: run the create or update handler of one "
        "appearance, charge, sentence or sentence term."
    ),
)

OPERATIONS = (
    REPAIR_COURT_CASES,
    REPAIR_ACTIVE_COURT_CASES,
    CLONE_COURT_CASE,
    RESYNCHRONISE_COURT_CASE,
    RESYNCHRONISE_ENTITY,
)
