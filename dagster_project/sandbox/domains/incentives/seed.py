"""Seed the incentives domain: levels, prison levels, and a current review per prisoner.

Every prisoner gets a current DPS review mirrored in NOMIS and mapped (MIGRATED), except the
``PLANTED_INCENTIVE_MISMATCHES`` whose NOMIS record later moved on without DPS knowing —
those exist so reconciliation has something real to find. Review ids follow the prisoners'
order (prison by prison), so they are the same on every seed.
"""

from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import insert
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.domain import SeedContext
from dagster_project.sandbox.core.estate import (
    LEVEL_NAMES,
    LEVELS,
    SEED_CREATED,
    SEED_USER,
    booking_id,
    offender_no,
    prison_code,
    prison_count,
)
from dagster_project.sandbox.domains.incentives.tables import (
    DpsIncentiveLevel,
    DpsIncentiveReview,
    DpsPrisonLevel,
    IncentiveMapping,
    NomisIncentive,
    NomisPrisonLevel,
)
from dagster_project.sandbox.settings import SandboxSettings

FIRST_REVIEW_TIME = datetime(2025, 1, 6, 9, 0)
DEFAULT_ADMISSION_LEVEL = "STD"


class LevelSettings(NamedTuple):
    """A prison's settings for one level (limits in pence), identical in NOMIS and DPS."""

    visit_orders: int
    privileged_visit_orders: int
    remand_transfer: int
    remand_spend: int
    convicted_transfer: int
    convicted_spend: int


PRISON_LEVEL_SETTINGS: dict[str, LevelSettings] = {
    "BAS": LevelSettings(1, 1, 2750, 27500, 550, 5500),
    "STD": LevelSettings(2, 1, 6050, 60500, 1980, 19800),
    "ENH": LevelSettings(2, 2, 6600, 66000, 3300, 33000),
    "EN2": LevelSettings(3, 2, 6600, 66000, 3300, 33000),
}


class PlantedMismatch(NamedTuple):
    """A prisoner whose current NOMIS level deliberately differs from DPS."""

    offender_no: str
    booking_id: int
    nomis_level: str
    dps_level: str


# (prison index, position in prison, NOMIS current level, DPS current level)
PLANTED_POSITIONS: tuple[tuple[int, int, str, str], ...] = (
    (0, 1, "BAS", "STD"),
    (0, 4, "STD", "ENH"),
    (1, 2, "ENH", "STD"),
    (1, 6, "STD", "BAS"),
    (2, 3, "EN2", "ENH"),
)
PLANTED_INCENTIVE_MISMATCHES: tuple[PlantedMismatch, ...] = tuple(
    PlantedMismatch(offender_no(p, j), booking_id(p, j), nomis, dps)
    for p, j, nomis, dps in PLANTED_POSITIONS
)


def dps_level_for(position: int) -> str:
    """The DPS level a prisoner gets unless planted: mostly STD, some ENH and BAS."""
    if position % 7 == 3:
        return "ENH"
    if position % 11 == 5:
        return "BAS"
    return "STD"


def _levels(session: Session, prisons: int) -> None:
    """DPS global levels, and every prison's level settings on both sides."""
    for order, (code, name, active, required) in enumerate(LEVELS, start=1):
        session.add(
            DpsIncentiveLevel(
                code=code, name=name, active=active, required=required, sort_order=order
            )
        )
    for prison_id in (prison_code(p) for p in range(prisons)):
        for code, limits in PRISON_LEVEL_SETTINGS.items():
            default = code == DEFAULT_ADMISSION_LEVEL
            session.add(
                DpsPrisonLevel(
                    prison_id=prison_id,
                    level_code=code,
                    level_name=LEVEL_NAMES[code],
                    active=True,
                    default_on_admission=default,
                    remand_transfer_limit_in_pence=limits.remand_transfer,
                    remand_spend_limit_in_pence=limits.remand_spend,
                    convicted_transfer_limit_in_pence=limits.convicted_transfer,
                    convicted_spend_limit_in_pence=limits.convicted_spend,
                    visit_orders=limits.visit_orders,
                    privileged_visit_orders=limits.privileged_visit_orders,
                )
            )
            session.add(
                NomisPrisonLevel(
                    prison_id=prison_id,
                    level_code=code,
                    active=True,
                    default_on_admission=default,
                    visit_order_allowance=limits.visit_orders,
                    privileged_visit_order_allowance=limits.privileged_visit_orders,
                    remand_transfer_limit_in_pence=limits.remand_transfer,
                    remand_spend_limit_in_pence=limits.remand_spend,
                    convicted_transfer_limit_in_pence=limits.convicted_transfer,
                    convicted_spend_limit_in_pence=limits.convicted_spend,
                )
            )


class _ReviewRows:
    """Rows of a prison's current DPS reviews, their NOMIS twins and their mappings."""

    def __init__(self) -> None:
        self.reviews: list[dict[str, Any]] = []
        self.nomis: list[dict[str, Any]] = []
        self.mappings: list[dict[str, Any]] = []

    def add(
        self, p: int, j: int, review_id: int, planted: dict[tuple[int, int], tuple[str, str]]
    ) -> None:
        """One prisoner's current review, its NOMIS twin (and planted NOMIS change), its mapping."""
        prison_id = prison_code(p)
        number, booking = offender_no(p, j), booking_id(p, j)
        nomis_level, dps_level = planted.get((p, j), (None, dps_level_for(j)))
        when = FIRST_REVIEW_TIME + timedelta(
            days=(review_id * 3) % 300, minutes=(review_id * 17) % 480
        )
        self.reviews.append(
            {
                "id": review_id,
                "prisoner_number": number,
                "booking_id": booking,
                "iep_code": dps_level,
                "iep_level": LEVEL_NAMES[dps_level],
                "iep_date": when.date(),
                "iep_time": when,
                "agency_id": prison_id,
                "user_id": SEED_USER,
                "comments": "Seeded review",
                "review_type": "REVIEW",
                "audit_module_name": "MIGRATION",
                "is_real_review": True,
            }
        )
        common = {"booking_id": booking, "prison_id": prison_id, "created": SEED_CREATED}
        self.nomis.append(
            {
                "sequence": 1,
                "iep_level": dps_level,
                "iep_date_time": when,
                "user_id": SEED_USER,
                "comments": "Seeded review",
                **common,
            }
        )
        self.mappings.append(
            {
                "incentive_id": review_id,
                "nomis_booking_id": booking,
                "nomis_incentive_sequence": 1,
                "mapping_type": "MIGRATED",
                "label": None,
                "when_created": SEED_CREATED,
            }
        )
        if nomis_level is not None:
            self.nomis.append(
                {
                    "sequence": 2,
                    "iep_level": nomis_level,
                    "iep_date_time": when + timedelta(days=14),
                    "user_id": "NOMIS_USER",
                    "comments": "Changed in NOMIS only (planted mismatch)",
                    **common,
                }
            )

    def insert(self, session: Session) -> None:
        """Bulk-insert and forget them (a benchmark estate holds ~100k prisoners)."""
        for model, rows in (
            (DpsIncentiveReview, self.reviews),
            (NomisIncentive, self.nomis),
            (IncentiveMapping, self.mappings),
        ):
            if rows:
                session.execute(insert(model), rows)
            rows.clear()


def seed_incentives(session: Session, context: SeedContext) -> None:
    """Levels, prison levels and every prisoner's current review, on a freshly seeded estate."""
    if not context.fresh:
        return
    settings = context.settings
    prisons, per_prison = (
        prison_count(settings.seed_extra_prisons),
        settings.seed_prisoners_per_prison,
    )
    _levels(session, prisons)
    session.flush()
    positions = PLANTED_POSITIONS if settings.plant_mismatches else ()
    planted = {(p, j): (nomis, dps) for p, j, nomis, dps in positions}
    rows = _ReviewRows()
    review_id = 0
    for p in range(prisons):
        for j in range(per_prison):
            review_id += 1
            rows.add(p, j, review_id, planted)
        rows.insert(session)


def planted_incentives(_session: Session, settings: SandboxSettings) -> dict[str, Any]:
    """The ``incentiveMismatches`` of ``GET /sandbox/planted``."""
    mismatches = PLANTED_INCENTIVE_MISMATCHES if settings.plant_mismatches else ()
    return {
        "incentiveMismatches": [
            {
                "offenderNo": m.offender_no,
                "bookingId": m.booking_id,
                "nomisLevel": m.nomis_level,
                "dpsLevel": m.dps_level,
            }
            for m in mismatches
        ]
    }
