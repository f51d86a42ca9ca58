"""Case notes runbook operations: resynchronise DPS notes, and repair a reconciliation's prisoners.

`resynchronise_casenotes_job` is the old `PUT /casenotes/{offenderNo}/{dpsId}/resynchronise`:
the update flow without the source rule, telemetry `casenotes-repair-success` / `-failed`,
then `to-nomis-synch-casenotes-resynchronisation-repair`. The two repair jobs (one per
reconciliation) re-read each prisoner and fix what can be decided from DPS (see `repair.py`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from dagster_project.domains.casenotes.repair import repair_prisoner
from dagster_project.domains.casenotes.sync import CaseNotesSync
from dagster_project.operations.config import OperationConfig, RepairConfig
from dagster_project.operations.rules import PrisonerNumber
from dagster_project.sync.domain import Operation, OperationRun

ACTIVE_RECONCILIATION = "casenotes_active_reconciliation"
FULL_RECONCILIATION = "casenotes_full_reconciliation"
RESYNCHRONISED = "to-nomis-synch-casenotes-resynchronisation-repair"


def case_note_id(value: str) -> str:
    """A DPS case note id: a UUID, returned in canonical lower case."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ValueError(f"{value!r} is not a DPS case note id (a UUID)") from None


CaseNoteId = Annotated[str, AfterValidator(case_note_id)]


class ResynchroniseCaseNotesConfig(OperationConfig):
    offender_no: PrisonerNumber = Field(description="Prisoner number, e.g. A1234BC")
    dps_case_note_ids: list[CaseNoteId] = Field(
        min_length=1, description="DPS case note ids (UUIDs) to write again to every NOMIS copy"
    )


def _resynchronise(
    run: OperationRun[CaseNotesSync], config: ResynchroniseCaseNotesConfig, dps_id: str
) -> None:
    run.sync.amend(config.offender_no, dps_id, "repair")
    run.telemetry.track(RESYNCHRONISED, {"dpsId": dps_id})


RESYNCHRONISE_CASENOTES: Operation[CaseNotesSync, ResynchroniseCaseNotesConfig] = Operation(
    job="resynchronise_casenotes_job",
    op="resynchronise_casenotes",
    config=ResynchroniseCaseNotesConfig,
    targets=lambda _run, config: list(dict.fromkeys(config.dps_case_note_ids)),
    write=_resynchronise,
    description=(
        "Write DPS case notes again to every mapped NOMIS copy: text and amendments (old "
        "resynchronise endpoint; no source check)."
    ),
)


class RepairActiveCaseNotesConfig(RepairConfig):
    cadence = "daily_state"
    targets_field = "offender_nos"

    offender_nos: list[PrisonerNumber] = Field(default=[], description="Prisoner numbers to repair")


class RepairAllCaseNotesConfig(RepairConfig):
    cadence = "weekly"
    targets_field = "offender_nos"

    offender_nos: list[PrisonerNumber] = Field(default=[], description="Prisoner numbers to repair")


def _targets_of(reconciliation: str) -> Callable[[OperationRun[CaseNotesSync], Any], list[str]]:
    def targets(
        run: OperationRun[CaseNotesSync],
        config: RepairActiveCaseNotesConfig | RepairAllCaseNotesConfig,
    ) -> list[str]:
        """The given prisoners, then those of the partition's open mismatches."""
        found = list(dict.fromkeys(config.offender_nos))
        if config.partition_key:
            for mismatch in run.history.open_for(reconciliation, config.partition_key):
                if mismatch.offender_no and mismatch.offender_no not in found:
                    found.append(mismatch.offender_no)
        return found

    return targets


def _repair(
    run: OperationRun[CaseNotesSync],
    _config: RepairActiveCaseNotesConfig | RepairAllCaseNotesConfig,
    offender_no: str,
) -> None:
    repair_prisoner(run.sync, run.telemetry, offender_no)


REPAIR_ACTIVE_CASENOTES: Operation[CaseNotesSync, RepairActiveCaseNotesConfig] = Operation(
    job="repair_active_casenotes_job",
    op="repair_active_casenotes",
    config=RepairActiveCaseNotesConfig,
    targets=_targets_of(ACTIVE_RECONCILIATION),
    write=_repair,
    description=(
        "Fix the case notes of a partition's mismatched active prisoners, or of given "
        "prisoners: resynchronise differing notes, delete safe NOMIS duplicates."
    ),
    tags={"reconciliation": ACTIVE_RECONCILIATION},
)

REPAIR_ALL_CASENOTES: Operation[CaseNotesSync, RepairAllCaseNotesConfig] = Operation(
    job="repair_all_casenotes_job",
    op="repair_all_casenotes",
    config=RepairAllCaseNotesConfig,
    targets=_targets_of(FULL_RECONCILIATION),
    write=_repair,
    description=(
        "Fix the case notes of a week's mismatched prisoners (full reconciliation), or of "
        "given prisoners: resynchronise differing notes, delete safe NOMIS duplicates."
    ),
    tags={"reconciliation": FULL_RECONCILIATION},
)
