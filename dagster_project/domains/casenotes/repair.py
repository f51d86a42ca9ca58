"""Repair one prisoner's case notes: what can be decided from DPS, through the sync's own calls.

The prisoner is read again and checked (`compare.check_prisoner`):
- a mapped pair that differs is resynchronised (the update flow, `casenotes-repair-*`, then
  `to-nomis-synch-casenotes-resynchronisation-repair`), so NOMIS gets DPS's text and amendments;
- an unmapped NOMIS copy that is a safe duplicate is deleted
  (`casenotes-reports-reconciliation-deleted`, as the old reconciliation's own auto-repair);
- any other size difference (a DPS note with no mapping, an unmapped NOMIS note) is left for a
  person and fails the prisoner naming it: whether NOMIS should hold a DPS-only note cannot be
  told from DPS's note (`syncToNomis` is on the event only).
"""

from __future__ import annotations

from dagster_project.domains.casenotes.compare import (
    CONTENT,
    NOMIS_DUPLICATE,
    check_prisoner,
)
from dagster_project.domains.casenotes.prisoner import PrisonerReader
from dagster_project.domains.casenotes.sync import CaseNotesSync
from dagster_project.telemetry import Telemetry

RESYNCHRONISED = "to-nomis-synch-casenotes-resynchronisation-repair"
DELETED = "casenotes-reports-reconciliation-deleted"


def repair_prisoner(sync: CaseNotesSync, telemetry: Telemetry, offender_no: str) -> None:
    """Raises LookupError naming what was left once everything else was repaired."""
    notes = PrisonerReader(sync.mapping, sync.dps, sync.nomis).read(offender_no)
    problems = []
    for mismatch in check_prisoner(offender_no, notes):
        if mismatch.kind == CONTENT and mismatch.dps_case_note_id is not None:
            sync.amend(offender_no, mismatch.dps_case_note_id, "repair")
            telemetry.track(RESYNCHRONISED, {"dpsId": mismatch.dps_case_note_id})
        elif mismatch.kind == NOMIS_DUPLICATE and mismatch.nomis_case_note_id is not None:
            sync.nomis.delete_case_note(mismatch.nomis_case_note_id)
            telemetry.track(
                DELETED, {"offenderNo": offender_no, "nomisId": str(mismatch.nomis_case_note_id)}
            )
        else:
            problems.append(f"{mismatch.kind}: nomis={mismatch.nomis} dps={mismatch.dps}")
    if problems:
        raise LookupError(f"{offender_no}: " + "; ".join(problems))
