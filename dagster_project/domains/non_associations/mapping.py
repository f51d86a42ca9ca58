"""Mapping service: which NOMIS detail record (sorted pair + type sequence) each DPS id became.

The mapping holds the two prisoner numbers sorted (`firstOffenderNo` < `secondOffenderNo`),
whatever order DPS or NOMIS use; amend, close and delete address NOMIS in that order.
"""

from __future__ import annotations

from typing import Literal

from resources.http import ApiClient, dump_body
from resources.wire import WireModel

MappingType = Literal["MIGRATED", "NOMIS_CREATED", "NON_ASSOCIATION_CREATED"]


class NonAssociationMapping(WireModel):
    """`NonAssociationMappingDto`."""

    non_association_id: int
    first_offender_no: str
    second_offender_no: str
    nomis_type_sequence: int
    mapping_type: MappingType
    label: str | None = None


def sorted_pair(one: str, other: str) -> tuple[str, str]:
    """The pair as the mapping stores it: the lexicographically smaller number first."""
    return (one, other) if one <= other else (other, one)


class NonAssociationMappingClient(ApiClient):
    """Look-ups return None when no mapping exists; a create raises Conflict on a duplicate."""

    api_name = "nomis-mapping-api"

    def get(self, non_association_id: int) -> NonAssociationMapping | None:
        response = self._get_or_none(
            f"/mapping/non-associations/non-association-id/{non_association_id}"
        )
        return None if response is None else NonAssociationMapping.model_validate(response.json())

    def get_by_detail(self, first: str, second: str, sequence: int) -> NonAssociationMapping | None:
        """The mapping of one NOMIS detail record (sorted pair), or None."""
        response = self._get_or_none(
            f"/mapping/non-associations/first-offender-no/{first}"
            f"/second-offender-no/{second}/type-sequence/{sequence}"
        )
        return None if response is None else NonAssociationMapping.model_validate(response.json())

    def create(self, mapping: NonAssociationMapping) -> None:
        """Raises Conflict when the DPS id or the NOMIS detail record is already mapped."""
        self._send("POST", "/mapping/non-associations", json=dump_body(mapping))

    def delete(self, non_association_id: int) -> None:
        self._send("DELETE", f"/mapping/non-associations/non-association-id/{non_association_id}")

    def common_between(self, old: str, new: str) -> list[NonAssociationMapping]:
        """Mappings where both prisoners have a non-association with the same third prisoner."""
        response = self._send(
            "GET", f"/mapping/non-associations/find/common-between/{old}/and/{new}"
        )
        return [NonAssociationMapping.model_validate(item) for item in response.json()]

    def set_sequence(self, non_association_id: int, sequence: int) -> None:
        """Point a mapping at another NOMIS detail record of the same pair."""
        self._send(
            "PUT",
            f"/mapping/non-associations/non-association-id/{non_association_id}"
            f"/sequence/{sequence}",
        )

    def merge(self, old: str, new: str) -> None:
        """Replace prisoner `old` by `new` in every mapping (after a NOMIS merge)."""
        self._send("PUT", f"/mapping/non-associations/merge/from/{old}/to/{new}")

    def move(self, old: str, new: str, others: list[str]) -> None:
        """Replace `old` by `new` in the mappings of `old` with each of `others`."""
        self._send("PUT", f"/mapping/non-associations/update-list/from/{old}/to/{new}", json=others)
