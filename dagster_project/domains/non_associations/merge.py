"""A prisoner merge in NOMIS: repoint the mappings of third parties both prisoners shared.

NOMIS has already merged `removed` into `survivor`: a third party who had a non-association with
each of them now has both detail records under one NOMIS pair, renumbered. Both DPS records'
mappings still carry the same old sequence, so the one that no longer matches is pointed at the
other detail record, by effective date. When NOMIS then holds two open details but DPS closed
one of the two, that detail is closed in NOMIS too. Data that cannot be matched up raises
(the event is retried, then dead-lettered), as in the old service.
"""

from __future__ import annotations

import datetime as dt

from dagster_project.domains.non_associations.dps import LegacyNonAssociation, NonAssociationsClient
from dagster_project.domains.non_associations.mapping import (
    NonAssociationMapping,
    NonAssociationMappingClient,
)
from dagster_project.domains.non_associations.nomis import (
    NomisNonAssociationsClient,
    NonAssociationDetail,
)
from dagster_project.domains.non_associations.rules import closed_in_dps, closed_in_nomis


class MergeConflict(Exception):
    """DPS, NOMIS and the mappings cannot be matched up for one third party."""


def third_party(mapping: NonAssociationMapping, removed: str, survivor: str) -> str:
    """The prisoner of the mapping who is neither of the merged two."""
    for offender in (mapping.first_offender_no, mapping.second_offender_no):
        if offender not in (removed, survivor):
            return offender
    raise MergeConflict(f"mapping {mapping.non_association_id} is between the merged prisoners")


class PrisonerMerge:
    """One merge: the report (telemetry dimensions) is filled in as third parties are fixed."""

    def __init__(
        self,
        nomis: NomisNonAssociationsClient,
        mapping: NonAssociationMappingClient,
        dps: NonAssociationsClient,
        today: dt.date,
    ) -> None:
        self._nomis = nomis
        self._mapping = mapping
        self._dps = dps
        self._today = today
        self.report: dict[str, str] = {}

    def apply(self, removed: str, survivor: str) -> None:
        """Fix every shared third party, then replace `removed` by `survivor` in every mapping.

        Raises:
            MergeConflict: a third party's records cannot be matched up.
        """
        groups: dict[str, list[NonAssociationMapping]] = {}
        for found in self._mapping.common_between(removed, survivor):
            groups.setdefault(third_party(found, removed, survivor), []).append(found)
        for third, records in groups.items():  # in the order the mapping service listed them
            self._fix(third, survivor, records)
        self._mapping.merge(removed, survivor)

    def _fix(self, third: str, survivor: str, records: list[NonAssociationMapping]) -> None:
        if len(records) != 2:
            raise MergeConflict(f"Entry not size 2 for {third}: {len(records)} mappings")
        first, second = records
        if first.nomis_type_sequence != second.nomis_type_sequence:
            raise MergeConflict(
                f"Entry sequences not equal for {third}: "
                f"{first.nomis_type_sequence} and {second.nomis_type_sequence}"
            )
        sequence = first.nomis_type_sequence
        dps_first = self._dps.get_legacy(first.non_association_id)
        dps_second = self._dps.get_legacy(second.non_association_id)
        details = self._nomis.details(third, survivor)
        matching = next((d for d in details if d.type_sequence == sequence), None)
        same_date = matching is not None and _date(dps_first) == matching.effective_date
        other = dps_second if same_date else dps_first
        not_matching = next(
            (
                d
                for d in details
                if d.type_sequence != sequence and d.effective_date == _date(other)
            ),
            None,
        )
        if not_matching is None:
            raise MergeConflict(
                f"Cannot match up DPS and Nomis NAs for {third}: no other NOMIS detail "
                f"effective {_date(other)}"
            )
        self._mapping.set_sequence(other.id, not_matching.type_sequence)
        self.report[third] = (
            f"Reset nonAssociationId {other.id} sequence from {sequence} "
            f"to {not_matching.type_sequence}"
        )
        if matching is None or not self._both_open(matching, not_matching):
            return
        self._close_the_one_dps_closed(third, details, dps_first, dps_second)

    def _both_open(self, one: NonAssociationDetail, other: NonAssociationDetail) -> bool:
        return not closed_in_nomis(one, self._today) and not closed_in_nomis(other, self._today)

    def _close_the_one_dps_closed(
        self,
        third: str,
        details: list[NonAssociationDetail],
        one: LegacyNonAssociation,
        other: LegacyNonAssociation,
    ) -> None:
        one_closed, other_closed = (
            closed_in_dps(one, self._today),
            closed_in_dps(other, self._today),
        )
        if one_closed == other_closed:
            self.report[f"{third}-warning"] = "Found both non-associations open or closed in DPS"
            return
        closed = one if one_closed else other
        detail = next((d for d in details if d.effective_date == _date(closed)), None)
        if detail is None:
            raise MergeConflict(
                f"Cannot match up DPS and Nomis NAs for {third}: no NOMIS detail "
                f"effective {_date(closed)} to close"
            )
        self._nomis.close_detail(detail.offender_no, detail.ns_offender_no, detail.type_sequence)
        self.report[f"{third}-closed"] = (
            f"Closed non-association between {detail.offender_no} and {detail.ns_offender_no} "
            f"with sequence {detail.type_sequence}"
        )


def _date(legacy: LegacyNonAssociation) -> dt.date:
    return legacy.effective_date.date()
