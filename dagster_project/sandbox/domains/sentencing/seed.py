"""Seed sentencing adjustments: a few DPS adjustments already synced to NOMIS and mapped.

The reconciliation's planted disagreements are added beside them (``planted.py``).

The first prisoners of MDI each have a sentence adjustment (RX on sentence 1), a key-date
adjustment (UAL), or both; every one is in NOMIS and mapped with mappingType MIGRATED. NOMIS
ids are allocated per category, so the first sentence and first key-date adjustment share
NOMIS id ``FIRST_NOMIS_ADJUSTMENT_ID`` — the mapping's NOMIS identity is (id, category).
"""

import uuid
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy.orm import Session

from dagster_project.sandbox.core.domain import SeedContext
from dagster_project.sandbox.core.estate import PRISONS, booking_id, offender_no
from dagster_project.sandbox.domains.sentencing.planted import ensure_planted
from dagster_project.sandbox.domains.sentencing.tables import (
    KEY_DATE,
    SENTENCE,
    AdjustmentMapping,
    AdjustmentSeedInfo,
    DpsAdjustment,
    NomisAdjustment,
)

FIRST_NOMIS_ADJUSTMENT_ID = 9001
SENTENCES_PER_BOOKING = 3  # every booking has sentences 1..3 (NOMIS 404s any other)
ADJUSTMENTS_SEEDED_AT = datetime(2025, 1, 1, 8, 0)
ADJUSTMENT_SEED_USER = "SANDBOX_SEED"


class SeededAdjustment(NamedTuple):
    """A DPS adjustment, its NOMIS twin and their MIGRATED mapping."""

    adjustment_id: str
    offender_no: str
    booking_id: int
    prison_id: str
    sentence_sequence: int | None
    adjustment_type: str
    adjustment_days: int
    adjustment_date: date
    adjustment_from_date: date | None
    comment: str
    nomis_adjustment_id: int

    @property
    def category(self) -> str:
        """The NOMIS category: SENTENCE when it is on a sentence, else KEY-DATE."""
        return KEY_DATE if self.sentence_sequence is None else SENTENCE


def _adjustment(
    n: int,
    position: int,
    sentence_sequence: int | None,
    kind: str,
    days: int,
    on: date,
    start: date | None,
    nomis_id: int,
) -> SeededAdjustment:
    return SeededAdjustment(
        adjustment_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox/adjustments/{n}")),
        offender_no=offender_no(0, position),
        booking_id=booking_id(0, position),
        prison_id=PRISONS[0][0],
        sentence_sequence=sentence_sequence,
        adjustment_type=kind,
        adjustment_days=days,
        adjustment_date=on,
        adjustment_from_date=start,
        comment=f"Seeded {kind} adjustment",
        nomis_adjustment_id=nomis_id,
    )


FIRST = FIRST_NOMIS_ADJUSTMENT_ID
SEEDED_ADJUSTMENTS: tuple[SeededAdjustment, ...] = (
    _adjustment(1, 0, 1, "RX", 10, date(2025, 2, 1), date(2024, 11, 1), FIRST),
    _adjustment(2, 0, None, "UAL", 5, date(2025, 3, 10), date(2025, 3, 1), FIRST),
    _adjustment(3, 1, 1, "RX", 3, date(2025, 2, 3), None, FIRST + 1),
    _adjustment(4, 2, None, "UAL", 2, date(2025, 4, 2), date(2025, 3, 30), FIRST + 1),
)
SEEDED_SENTENCE_ADJUSTMENTS = tuple(a for a in SEEDED_ADJUSTMENTS if a.category == SENTENCE)
SEEDED_KEY_DATE_ADJUSTMENTS = tuple(a for a in SEEDED_ADJUSTMENTS if a.category == KEY_DATE)


def ensure_adjustments(session: Session) -> bool:
    """Add the seeded adjustments unless already seeded; returns whether anything was added."""
    if session.get(AdjustmentSeedInfo, 1) is not None:
        return False
    session.add(AdjustmentSeedInfo(id=1, seeded_at=ADJUSTMENTS_SEEDED_AT))
    for a in SEEDED_ADJUSTMENTS:
        common = {
            "booking_id": a.booking_id,
            "sentence_sequence": a.sentence_sequence,
            "adjustment_type": a.adjustment_type,
            "adjustment_days": a.adjustment_days,
            "adjustment_date": a.adjustment_date,
            "adjustment_from_date": a.adjustment_from_date,
            "comment": a.comment,
            "active": True,
        }
        session.add(
            DpsAdjustment(
                id=a.adjustment_id,
                offender_no=a.offender_no,
                prison_id=a.prison_id,
                created=ADJUSTMENTS_SEEDED_AT,
                last_updated=ADJUSTMENTS_SEEDED_AT,
                **common,
            )
        )
        session.add(
            NomisAdjustment(
                category=a.category,
                adjustment_id=a.nomis_adjustment_id,
                created=ADJUSTMENTS_SEEDED_AT,
                **common,
            )
        )
        session.add(
            AdjustmentMapping(
                adjustment_id=a.adjustment_id,
                nomis_adjustment_id=a.nomis_adjustment_id,
                nomis_adjustment_category=a.category,
                mapping_type="MIGRATED",
                when_created=ADJUSTMENTS_SEEDED_AT,
            )
        )
    return True


def seed_adjustments(session: Session, context: SeedContext) -> None:
    """The seeded adjustments, then the planted ones, unless an earlier seed added them."""
    ensure_adjustments(session)
    if context.settings.plant_mismatches:
        ensure_planted(session)
