"""Read one prisoner's case notes from the mapping service, DPS and NOMIS, as the old check did.

A note created while the prisoner is read can show in one service and not yet in another, so
when the counts disagree the reads are made again after `retry_delay` seconds (the mapping and
DPS when the mapped DPS ids and DPS's notes differ; all three when the mappings and NOMIS's
notes differ) before the counts are believed.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from dagster_project.domains.casenotes.compare import PrisonerNotes
from dagster_project.domains.casenotes.dps import CaseNotesClient
from dagster_project.domains.casenotes.mapping import CaseNoteMappingClient
from dagster_project.domains.casenotes.nomis import NomisCaseNotesClient
from dagster_project.reconciliation.window import InFlightCap

RETRY_DELAY_SECONDS = 5.0
T = TypeVar("T")


@dataclass
class PrisonerReader:
    """The three reads of a prisoner, each under its API's in-flight cap when given."""

    mapping: CaseNoteMappingClient
    dps: CaseNotesClient
    nomis: NomisCaseNotesClient
    retry_delay: float | None = None  # None: RETRY_DELAY_SECONDS
    mapping_cap: InFlightCap | None = None
    dps_cap: InFlightCap | None = None
    nomis_cap: InFlightCap | None = None
    requests: Counter[str] = field(default_factory=Counter)  # per API: mapping, dps, nomis

    def _call(self, api: str, call: Callable[[], T]) -> T:
        cap = {"mapping": self.mapping_cap, "dps": self.dps_cap, "nomis": self.nomis_cap}[api]
        self.requests[api] += 1
        return call() if cap is None else cap.call(call)

    def _wait(self) -> None:
        time.sleep(RETRY_DELAY_SECONDS if self.retry_delay is None else self.retry_delay)

    def read(self, offender_no: str) -> PrisonerNotes:
        mappings = self._call("mapping", partial(self.mapping.mappings_for, offender_no))
        dps = self._call("dps", partial(self.dps.case_notes_for, offender_no))
        nomis = self._call("nomis", partial(self.nomis.case_notes_of, offender_no))
        notes = PrisonerNotes(mappings, dps, nomis)
        if len(notes.dps_ids_mapped) != len(dps):
            self._wait()
            mappings = self._call("mapping", partial(self.mapping.mappings_for, offender_no))
            dps = self._call("dps", partial(self.dps.case_notes_for, offender_no))
            notes = PrisonerNotes(mappings, dps, nomis)
        if len(mappings) != len(nomis):
            self._wait()
            mappings = self._call("mapping", partial(self.mapping.mappings_for, offender_no))
            dps = self._call("dps", partial(self.dps.case_notes_for, offender_no))
            nomis = self._call("nomis", partial(self.nomis.case_notes_of, offender_no))
            notes = PrisonerNotes(mappings, dps, nomis)
        return notes
