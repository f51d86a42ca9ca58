"""Repair one pair of prisoners: make NOMIS hold what DPS holds for them, through the sync.

Every DPS non-association of the pair is created in NOMIS when unmapped, otherwise amended,
then closed when DPS has closed it; a NOMIS detail record whose mapping names a DPS
non-association that DPS no longer has is deleted with its mapping. What cannot be decided from
DPS is left alone and fails the pair, naming it: a NOMIS detail record with no mapping, one
mapped to a DPS record of other prisoners, and a record open in DPS but closed in NOMIS (NOMIS
has no call to reopen one).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from dagster_project.domains.non_associations.compare import dps_in_order
from dagster_project.domains.non_associations.dps import NonAssociation
from dagster_project.domains.non_associations.events import (
    NonAssociationAmended,
    NonAssociationClosed,
    NonAssociationCreated,
    NonAssociationDeleted,
)
from dagster_project.domains.non_associations.mapping import NonAssociationMapping
from dagster_project.domains.non_associations.nomis import NonAssociationDetail
from dagster_project.domains.non_associations.rules import closed_in_nomis
from dagster_project.domains.non_associations.sync import NonAssociationsSync
from dagster_project.telemetry import Telemetry
from resources.errors import NotFound

REPAIR_TELEMETRY = "to-nomis-synch-non-association-repair"


def event_body(event_type: str, non_association_id: int) -> dict[str, Any]:
    """The event DPS would have sent for this change, as the repair's own source."""
    return {
        "eventType": f"non-associations.{event_type}",
        "version": "1.0",
        "description": "prisoner-to-nomis-sync repair",
        "additionalInformation": {"id": non_association_id, "source": "DPS"},
    }


class PairRepair:
    """One pair; `done` counts what was written, `problems` what was left for a person."""

    def __init__(self, sync: NonAssociationsSync, telemetry: Telemetry, today: dt.date) -> None:
        self._sync = sync
        self._telemetry = telemetry
        self._today = today
        self.done: Counter[str] = Counter()
        self.problems: list[str] = []

    def apply(self, first: str, second: str) -> None:
        """Raises LookupError naming the problems once everything else was repaired."""
        records = dps_in_order(self._sync.dps.between(first, second))
        details = {d.type_sequence: d for d in self._sync.nomis.details(first, second)}
        wanted: set[int] = set()
        for record in records:
            mapping = self._repair_record(record, details)
            if mapping is not None:
                wanted.add(mapping.nomis_type_sequence)
        dps_ids = {record.id for record in records}
        for sequence in sorted(details.keys() - wanted):
            self._repair_surplus(first, second, sequence, dps_ids)
        self._telemetry.track(
            REPAIR_TELEMETRY,
            {"offenderNo1": first, "offenderNo2": second, **{k: v for k, v in self.done.items()}},
        )
        if self.problems:
            raise LookupError(f"{first}/{second}: " + "; ".join(self.problems))

    def _repair_record(
        self, record: NonAssociation, details: dict[int, NonAssociationDetail]
    ) -> NonAssociationMapping | None:
        mapping = self._sync.mapping.get(record.id)
        if mapping is None:
            self._sync.created(
                NonAssociationCreated.model_validate(event_body("created", record.id))
            )
            self.done["created"] += 1
            mapping = self._sync.mapping.get(record.id)
            if mapping is None:
                self.problems.append(f"the mapping of DPS {record.id} was not saved yet")
                return None
            detail = None
        else:
            self._sync.amended(
                NonAssociationAmended.model_validate(event_body("amended", record.id))
            )
            self.done["amended"] += 1
            detail = details.get(mapping.nomis_type_sequence)
        open_in_nomis = detail is None or not closed_in_nomis(detail, self._today)
        if record.is_closed and open_in_nomis:
            self._sync.closed(NonAssociationClosed.model_validate(event_body("closed", record.id)))
            self.done["closed"] += 1
        elif not record.is_closed and not open_in_nomis:
            self.problems.append(
                f"DPS {record.id} is open but NOMIS sequence {mapping.nomis_type_sequence} is "
                "closed, and NOMIS cannot reopen it"
            )
        return mapping

    def _repair_surplus(self, first: str, second: str, sequence: int, dps_ids: set[int]) -> None:
        mapping = self._sync.mapping.get_by_detail(first, second, sequence)
        if mapping is None:
            self.problems.append(f"NOMIS sequence {sequence} has no mapping; not deleted")
            return
        if mapping.non_association_id in dps_ids:
            return  # mapped twice: already repaired through its DPS record
        try:
            self._sync.dps.get_legacy(mapping.non_association_id)
        except NotFound:
            event = event_body("deleted", mapping.non_association_id)
            self._sync.deleted(NonAssociationDeleted.model_validate(event))
            self.done["deleted"] += 1
            return
        self.problems.append(
            f"NOMIS sequence {sequence} is mapped to DPS {mapping.non_association_id}, "
            "which DPS holds between other prisoners; not deleted"
        )
