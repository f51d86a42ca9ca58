"""The rows a non-associations seed adds, built as dicts and inserted in bulk at the end.

A DPS record, the NOMIS detail record made from it (the same dates, codes in NOMIS's form) and
their MIGRATED mapping; seeded values rotate with a counter so every seed is the same.
"""

from datetime import datetime
from typing import Any

from dagster_project.sandbox.core.estate import SEED_CREATED
from dagster_project.sandbox.domains.non_associations.codes import LEGACY_TYPES, legacy_reason

FIRST_DPS_ID = 100_001
SEED_USER = "SANDBOX_SEED"
RESTRICTIONS = ("CELL", "LANDING", "WING")
ROLES = (
    ("VICTIM", "PERPETRATOR"),
    ("PERPETRATOR", "VICTIM"),
    ("NOT_RELEVANT", "NOT_RELEVANT"),
    ("UNKNOWN", "VICTIM"),
)
REASONS = ("VIOLENCE", "BULLYING", "GANG_RELATED", "THREAT", "OTHER")


class Rows:
    """The rows of the three tables, added in bulk at the end (a national seed is large)."""

    def __init__(self) -> None:
        self.dps: list[dict[str, Any]] = []
        self.nomis: list[dict[str, Any]] = []
        self.mappings: list[dict[str, Any]] = []
        self.next_id = FIRST_DPS_ID

    def dps_row(
        self,
        first: str,
        second: str,
        k: int,
        created: datetime,
        closed_at: datetime | None = None,
        restriction: str | None = None,
    ) -> dict[str, Any]:
        roles = ROLES[k % len(ROLES)]
        row = {
            "id": self.next_id,
            "first_prisoner_number": first,
            "first_prisoner_role": roles[0],
            "second_prisoner_number": second,
            "second_prisoner_role": roles[1],
            "reason": REASONS[k % len(REASONS)],
            "restriction_type": restriction or RESTRICTIONS[k % len(RESTRICTIONS)],
            "comment": f"Seeded non-association {k}",
            "authorised_by": "Officer Seed" if k % 2 else None,
            "when_created": created,
            "when_updated": closed_at or created,
            "updated_by": SEED_USER,
            "is_closed": closed_at is not None,
            "closed_by": SEED_USER if closed_at else None,
            "closed_reason": "Seeded as closed" if closed_at else None,
            "closed_at": closed_at,
        }
        self.next_id += 1
        self.dps.append(row)
        return row

    def nomis_row(
        self,
        dps: dict[str, Any],
        sequence: int,
        bookings: dict[str, int],
        reverse: bool = False,
        nomis_type: str | None = None,
        open_in_nomis: bool = False,
    ) -> None:
        first, second = dps["first_prisoner_number"], dps["second_prisoner_number"]
        reasons = [
            legacy_reason(dps[f"{n}_prisoner_role"], dps["reason"]) for n in ("first", "second")
        ]
        if reverse:
            first, second, reasons = second, first, reasons[::-1]
        closed = dps["closed_at"]
        self.nomis.append(
            {
                "offender_no": first,
                "ns_offender_no": second,
                "type_sequence": sequence,
                "offender_booking_id": bookings[first],
                "ns_offender_booking_id": bookings[second],
                "reason": reasons[0],
                "recip_reason": reasons[1],
                "type": nomis_type or LEGACY_TYPES[dps["restriction_type"]],
                "authorised_by": dps["authorised_by"],
                "comment": dps["comment"],
                "effective_date": dps["when_created"].date(),
                "expiry_date": None if closed is None or open_in_nomis else closed.date(),
                "updated_by": SEED_USER,
            }
        )

    def mapping_row(self, dps_id: int, first: str, second: str, sequence: int) -> None:
        one, other = sorted((first, second))
        self.mappings.append(
            {
                "non_association_id": dps_id,
                "first_offender_no": one,
                "second_offender_no": other,
                "nomis_type_sequence": sequence,
                "mapping_type": "MIGRATED",
                "label": None,
                "when_created": SEED_CREATED,
            }
        )

    def synced(
        self, dps: dict[str, Any], sequence: int, bookings: dict[str, int], **nomis: Any
    ) -> None:
        """DPS record, its NOMIS detail and their mapping."""
        self.nomis_row(dps, sequence, bookings, **nomis)
        first, second = dps["first_prisoner_number"], dps["second_prisoner_number"]
        self.mapping_row(dps["id"], first, second, sequence)
