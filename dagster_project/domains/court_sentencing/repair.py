"""Repair one prisoner, or one case: make NOMIS hold DPS's cases, through the sync's handlers.

A DPS case with no mapping is created (case, then charges, appearances, sentences and terms);
a mapped one is re-sent whole: the case's status and references, each charge, appearance,
sentence and term updated when mapped, created when not (every write is an idempotent PUT or a
create after its mapping check). A NOMIS case whose mapping names a case DPS no longer holds
is deleted with its mapping; a NOMIS case with no mapping is left for a person and fails the
prisoner, naming it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from dagster_project.domains.court_sentencing.dps import ReconciliationCourtCase
from dagster_project.domains.court_sentencing.events import (
    ChargeEvent,
    CourtAppearanceEvent,
    CourtCaseEvent,
    PeriodLengthEvent,
    SentenceEvent,
)
from dagster_project.domains.court_sentencing.sync import CourtSentencingSync
from dagster_project.telemetry import Telemetry

REPAIR_TELEMETRY = "court-sentencing-prisoner-repair"


def repair_event(kind: type[Any], event_type: str, offender_no: str, **info: Any) -> Any:
    """The event a repair acts as: DPS as the source, the prisoner as its NOMS number."""
    return kind.model_validate(
        {
            "eventType": event_type,
            "additionalInformation": {**info, "source": "DPS"},
            "personReference": {"identifiers": [{"type": "NOMS", "value": offender_no}]},
        }
    )


def resynchronise_case(
    sync: CourtSentencingSync, offender_no: str, case: ReconciliationCourtCase, done: Counter[str]
) -> None:
    """Send a DPS case whole to NOMIS (create what is unmapped, update the rest)."""
    case_id = case.court_case_uuid
    event = repair_event(CourtCaseEvent, "court-case.repair", offender_no, courtCaseId=case_id)
    if sync.mapping.case(case_id) is None:
        sync.court_case_inserted(event)
        done["cases created"] += 1
    else:
        sync.court_case_updated(event)
        done["cases updated"] += 1
    sync.case_references_updated(event)
    seen: set[str] = set()
    for appearance in case.appearances:
        ids = {"courtCaseId": case_id, "courtAppearanceId": appearance.appearance_uuid}
        for charge in appearance.charges:
            if charge.charge_uuid in seen:
                continue
            seen.add(charge.charge_uuid)
            charge_event = repair_event(
                ChargeEvent, "charge.repair", offender_no, courtChargeId=charge.charge_uuid, **ids
            )
            if sync.mapping.charge(charge.charge_uuid) is None:
                sync.charge_inserted(charge_event)
            else:
                sync.charge_updated(charge_event)
        appearance_event = repair_event(
            CourtAppearanceEvent,
            "court-appearance.repair",
            offender_no,
            isOnFutureCourtAppearance=False,
            **ids,
        )
        if sync.mapping.appearance(appearance.appearance_uuid) is None:
            sync.court_appearance_inserted(appearance_event)
        else:
            sync.court_appearance_updated(appearance_event)
    for appearance in case.appearances:
        ids = {"courtCaseId": case_id, "courtAppearanceId": appearance.appearance_uuid}
        for charge in appearance.charges:
            sentence = charge.sentence
            if sentence is None:
                continue
            sentence_event = repair_event(
                SentenceEvent,
                "sentence.repair",
                offender_no,
                sentenceId=sentence.sentence_uuid,
                **ids,
            )
            if sync.mapping.sentence(sentence.sentence_uuid) is None:
                sync.sentence_inserted(sentence_event)
            else:
                sync.sentence_updated(sentence_event)
            for period in sentence.period_lengths:
                term_event = repair_event(
                    PeriodLengthEvent,
                    "sentence.period-length.repair",
                    offender_no,
                    periodLengthId=period.period_length_uuid,
                    sentenceId=sentence.sentence_uuid,
                    **ids,
                )
                if sync.mapping.term(period.period_length_uuid) is None:
                    sync.period_length_inserted(term_event)
                else:
                    sync.period_length_updated(term_event)


class PrisonerRepair:
    """One prisoner; `done` counts what was written, `problems` what was left for a person."""

    def __init__(self, sync: CourtSentencingSync, telemetry: Telemetry) -> None:
        self._sync = sync
        self._telemetry = telemetry
        self.done: Counter[str] = Counter()
        self.problems: list[str] = []

    def apply(self, offender_no: str) -> None:
        """Raises LookupError naming the problems once everything else was repaired."""
        sync = self._sync
        dps_ids = sync.dps.case_uuids_of(offender_no)
        for case_id in dps_ids:
            resynchronise_case(sync, offender_no, sync.dps.reconciliation_case(case_id), self.done)
        mapped = {
            m.nomis_court_case_id: m.dps_court_case_id
            for m in sync.mapping.cases_by_nomis_ids(sync.nomis.case_ids_of(offender_no))
        }
        for nomis_id in sync.nomis.case_ids_of(offender_no):
            dps_id = mapped.get(nomis_id)
            if dps_id is None:
                self.problems.append(f"NOMIS court case {nomis_id} has no mapping; not deleted")
            elif dps_id not in dps_ids and sync.dps.court_case(dps_id) is None:
                event = repair_event(
                    CourtCaseEvent, "court-case.repair", offender_no, courtCaseId=dps_id
                )
                sync.court_case_deleted(event)
                self.done["cases deleted"] += 1
        self._telemetry.track(
            REPAIR_TELEMETRY,
            {"offenderNo": offender_no, **{k: str(v) for k, v in self.done.items()}},
        )
        if self.problems:
            raise LookupError(f"{offender_no}: " + "; ".join(self.problems))
