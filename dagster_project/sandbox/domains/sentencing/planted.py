"""Adjustments planted in BXI for the sentencing adjustments reconciliation to find.

Three bookings disagree in several buckets, each in a way a repair from DPS can fix: two DPS
adjustments never synced (DPS_only); a mapped ADA whose NOMIS twin was made inactive, so only
the active-only NOMIS read misses it; a mapped LAL that NOMIS holds as UAL (equal totals, two
buckets differ). Zero-day adjustments on both sides sit beside them and must not count. They are
added next to the seeded adjustments (never instead), with NOMIS ids below the seeded ones so
the ids NOMIS hands out next are unchanged, and only when the estate plants mismatches.
"""

import uuid
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from dagster_project.sandbox.core.estate import booking_id, offender_no, prison_code
from dagster_project.sandbox.domains.sentencing.tables import (
    KEY_DATE,
    SENTENCE,
    AdjustmentMapping,
    AdjustmentSeedInfo,
    DpsAdjustment,
    NomisAdjustment,
)
from dagster_project.sandbox.settings import SandboxSettings

PLANTED_PRISON = 2  # BXI: no other sentencing test writes there
PLANTED_MARKER = 2  # the AdjustmentSeedInfo row that says the planted rows were added
PLANTED_AT = datetime(2025, 1, 1, 8, 0)


class PlantedAdjustment(NamedTuple):
    """One adjustment as each side holds it (a side's type None: that side does not have it)."""

    n: int
    position: int
    sentence_sequence: int | None
    dps_type: str | None
    days: int
    on: date
    start: date | None
    nomis_id: int | None
    nomis_type: str | None = None  # defaults to the DPS type
    nomis_active: bool = True
    mapped: bool = True

    @property
    def adjustment_id(self) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox/adjustments/planted/{self.n}"))

    @property
    def category(self) -> str:
        return KEY_DATE if self.sentence_sequence is None else SENTENCE


class PlantedMismatch(NamedTuple):
    """What the reconciliation must report for one planted booking (the old telemetry's values)."""

    position: int
    kind: str
    differences: str
    nomis_count: int
    dps_count: int

    @property
    def offender_no(self) -> str:
        return offender_no(PLANTED_PRISON, self.position)

    @property
    def booking_id(self) -> int:
        return booking_id(PLANTED_PRISON, self.position)


PLANTED_ADJUSTMENTS: tuple[PlantedAdjustment, ...] = (
    # never synced: NOMIS has nothing
    PlantedAdjustment(
        1, 4, None, "UAL", 6, date(2025, 5, 1), date(2025, 4, 20), None, mapped=False
    ),
    PlantedAdjustment(2, 4, 1, "RX", 10, date(2025, 5, 2), date(2025, 3, 1), None, mapped=False),
    # synced, but NOMIS's ADA was made inactive there; the tagged bail agrees
    PlantedAdjustment(
        3, 6, None, "ADA", 14, date(2025, 6, 1), date(2025, 6, 1), 8001, nomis_active=False
    ),
    PlantedAdjustment(4, 6, 2, "S240A", 5, date(2025, 6, 2), None, 8001),
    # synced, then changed to UAL in NOMIS only; zero-day ones on both sides are not counted
    PlantedAdjustment(
        5, 8, None, "LAL", 3, date(2025, 7, 1), date(2025, 6, 28), 8002, nomis_type="UAL"
    ),
    PlantedAdjustment(6, 8, 1, "UR", 0, date(2025, 7, 2), None, None, mapped=False),
    PlantedAdjustment(
        7, 8, 1, None, 0, date(2025, 7, 3), None, 8002, nomis_type="RSR", mapped=False
    ),
)
PLANTED_ADJUSTMENT_MISMATCHES: tuple[PlantedMismatch, ...] = (
    PlantedMismatch(4, "DPS_only", "unlawfullyAtLarge 1, remand 1", 0, 2),
    PlantedMismatch(6, "different_count", "additionalDaysAwarded 1", 1, 2),
    PlantedMismatch(8, "different_count", "lawfullyAtLarge 1, unlawfullyAtLarge -1", 1, 1),
)


def _add(session: Session, planted: PlantedAdjustment) -> None:
    """The planted adjustment's DPS row, NOMIS row and mapping, as far as each exists."""
    when = PLANTED_AT
    common = {
        "booking_id": booking_id(PLANTED_PRISON, planted.position),
        "sentence_sequence": planted.sentence_sequence,
        "adjustment_days": planted.days,
        "adjustment_date": planted.on,
        "adjustment_from_date": planted.start,
        "comment": "Planted for the adjustments reconciliation",
    }
    if planted.dps_type is not None:
        session.add(
            DpsAdjustment(
                id=planted.adjustment_id,
                offender_no=offender_no(PLANTED_PRISON, planted.position),
                prison_id=prison_code(PLANTED_PRISON),
                adjustment_type=planted.dps_type,
                active=True,
                created=when,
                last_updated=when,
                **common,
            )
        )
    if planted.nomis_id is not None:
        session.add(
            NomisAdjustment(
                category=planted.category,
                adjustment_id=planted.nomis_id,
                adjustment_type=planted.nomis_type or planted.dps_type,
                active=planted.nomis_active,
                created=when,
                **common,
            )
        )
    if planted.mapped and planted.nomis_id is not None:
        session.add(
            AdjustmentMapping(
                adjustment_id=planted.adjustment_id,
                nomis_adjustment_id=planted.nomis_id,
                nomis_adjustment_category=planted.category,
                mapping_type="MIGRATED",
                when_created=when,
            )
        )


def ensure_planted(session: Session) -> bool:
    """Add the planted adjustments unless already added; returns whether anything was added."""
    if session.get(AdjustmentSeedInfo, PLANTED_MARKER) is not None:
        return False
    session.add(AdjustmentSeedInfo(id=PLANTED_MARKER, seeded_at=PLANTED_AT))
    for planted in PLANTED_ADJUSTMENTS:
        _add(session, planted)
    return True


def planted_adjustments(_session: Session, settings: SandboxSettings) -> dict[str, Any]:
    """The ``adjustmentMismatches`` of ``GET /sandbox/planted``."""
    mismatches = PLANTED_ADJUSTMENT_MISMATCHES if settings.plant_mismatches else ()
    return {
        "adjustmentMismatches": [
            {
                "offenderNo": m.offender_no,
                "bookingId": m.booking_id,
                "kind": m.kind,
                "differences": m.differences,
                "nomisAdjustmentsCount": m.nomis_count,
                "dpsAdjustmentsCount": m.dps_count,
            }
            for m in mismatches
        ]
    }
