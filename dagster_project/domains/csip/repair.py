"""Repair one prisoner: make NOMIS hold the prisoner's DPS CSIP reports, through the sync.

Each DPS report is created in NOMIS when unmapped, otherwise re-sent whole (the old repair
endpoint's update flow, `csip-resynchronisation-repair`); a NOMIS report whose mapping names a
DPS report that DPS no longer has is deleted with its mapping. A NOMIS report with no mapping,
or mapped to a report DPS holds for another prisoner, is left alone and fails the prisoner,
naming it.
"""

from __future__ import annotations

from collections import Counter

from dagster_project.domains.csip.events import CsipCreated, CsipDeleted
from dagster_project.domains.csip.sync import CsipSync, repair_event
from dagster_project.telemetry import Telemetry
from resources.errors import NotFound

REPAIR_TELEMETRY = "csip-prisoner-repair"


class PrisonerRepair:
    """One prisoner; `done` counts what was written, `problems` what was left for a person."""

    def __init__(self, sync: CsipSync, telemetry: Telemetry) -> None:
        self._sync = sync
        self._telemetry = telemetry
        self.done: Counter[str] = Counter()
        self.problems: list[str] = []

    def apply(self, offender_no: str) -> None:
        """Raises LookupError naming the problems once everything else was repaired."""
        records = self._sync.dps.records_of(offender_no)
        mapped: set[int] = set()
        for record in records:
            mapping = self._sync.mapping.get(record.record_uuid)
            if mapping is None:
                self._sync.created(repair_event(CsipCreated, offender_no, record.record_uuid))
                self.done["created"] += 1
            else:
                self._sync.resynchronise(offender_no, record.record_uuid, False)
                mapped.add(mapping.nomis_csip_report_id)
                self.done["updated"] += 1
        dps_ids = {record.record_uuid for record in records}
        for report in self._sync.nomis.reports_of(offender_no):
            if report.id not in mapped:
                self._surplus(offender_no, report.id, dps_ids)
        self._telemetry.track(REPAIR_TELEMETRY, {"offenderNo": offender_no, **self.done})
        if self.problems:
            raise LookupError(f"{offender_no}: " + "; ".join(self.problems))

    def _surplus(self, offender_no: str, nomis_id: int, dps_ids: set[str]) -> None:
        mapping = self._sync.mapping.get_by_nomis_id(nomis_id)
        if mapping is None:
            self.problems.append(f"NOMIS CSIP {nomis_id} has no mapping; not deleted")
            return
        if mapping.dps_csip_report_id in dps_ids:
            return  # created just now, or mapped twice: repaired through its DPS report
        try:
            self._sync.dps.get_record(mapping.dps_csip_report_id)
        except NotFound:
            event = repair_event(CsipDeleted, offender_no, mapping.dps_csip_report_id)
            self._sync.deleted(event)
            self.done["deleted"] += 1
            return
        self.problems.append(
            f"NOMIS CSIP {nomis_id} is mapped to DPS {mapping.dps_csip_report_id}, which DPS "
            "holds for another prisoner; not deleted"
        )
