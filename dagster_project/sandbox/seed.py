"""Seed and reset the fake estate's database with deterministic demo data.

Every prisoner gets a current DPS review mirrored in NOMIS and mapped (MIGRATED), except the
``PLANTED_INCENTIVE_MISMATCHES`` whose NOMIS record later moved on without DPS knowing —
those exist so reconciliation has something real to find. Activities are dated from today;
a few sentencing adjustments are already synced (``seed_adjustments``).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.db import (
    DpsIncentiveLevel,
    DpsIncentiveReview,
    DpsPrisonLevel,
    IncentiveMapping,
    NomisIncentive,
    NomisPrisonLevel,
    NomisReferenceCode,
    Prison,
    Prisoner,
    create_schema,
    drop_schema,
)
from dagster_project.sandbox.seed_activities import ensure_activities
from dagster_project.sandbox.seed_activity_data import (
    DEFAULT_ACTIVITY_PRISONS,
    PLANTED_ACTIVITY_MISMATCHES,
    PLANTED_ELSEWHERE,
)
from dagster_project.sandbox.seed_adjustments import SEEDED_ADJUSTMENTS, ensure_adjustments
from dagster_project.sandbox.seed_data import (
    DEFAULT_ADMISSION_LEVEL,
    LEVEL_NAMES,
    LEVELS,
    MAX_PRISONERS_PER_PRISON,
    MIN_PRISONERS_PER_PRISON,
    PLANTED_INCENTIVE_MISMATCHES,
    PLANTED_POSITIONS,
    PRISON_LEVEL_SETTINGS,
    PRISONS,
    SEEDED_VISITS,
    booking_id,
    dps_level_for,
    offender_no,
    prison_code,
)
from dagster_project.sandbox.seed_visits import SEED_CREATED, seed_visits

SEED_USER = "SANDBOX_SEED"
FIRST_REVIEW_TIME = datetime(2025, 1, 6, 9, 0)

__all__ = [
    "PLANTED_ACTIVITY_MISMATCHES",
    "PLANTED_ELSEWHERE",
    "PLANTED_INCENTIVE_MISMATCHES",
    "SEEDED_ADJUSTMENTS",
    "SEEDED_VISITS",
    "reset",
    "seed",
]


def _reference_data(session: Session, prisons: int) -> None:
    session.add_all(
        Prison(prison_id=prison_code(p), description=PRISONS[p][1] if p < len(PRISONS) else "Bulk")
        for p in range(prisons)
    )
    for order, (code, name, active, required) in enumerate(LEVELS, start=1):
        session.add(
            DpsIncentiveLevel(
                code=code, name=name, active=active, required=required, sort_order=order
            )
        )
        session.add(NomisReferenceCode(code=code, description=name, active=active, sequence=order))
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


@dataclass
class _PrisonerRows:
    """Rows of every prisoner, their current DPS review, its NOMIS twin and their mapping."""

    prisoners: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    nomis: list[dict[str, Any]] = field(default_factory=list)
    mappings: list[dict[str, Any]] = field(default_factory=list)

    def insert(self, session: Session) -> None:
        """Bulk-insert and forget them (a benchmark estate holds ~100k prisoners)."""
        for model, rows in (
            (Prisoner, self.prisoners),
            (DpsIncentiveReview, self.reviews),
            (NomisIncentive, self.nomis),
            (IncentiveMapping, self.mappings),
        ):
            if rows:
                session.execute(insert(model), rows)
            rows.clear()


def _prisoner(
    rows: _PrisonerRows, p: int, j: int, review_id: int, active: bool, plant: bool
) -> None:
    """One prisoner with a current DPS review, its NOMIS twin and their mapping."""
    prison_id = prison_code(p)
    number, booking = offender_no(p, j), booking_id(p, j)
    positions = PLANTED_POSITIONS if plant else ()
    planted = {(pp, jj): (nomis, dps) for pp, jj, nomis, dps in positions}
    nomis_level, dps_level = planted.get((p, j), (None, dps_level_for(j)))
    when = FIRST_REVIEW_TIME + timedelta(days=(review_id * 3) % 300, minutes=(review_id * 17) % 480)
    rows.prisoners.append(
        {"offender_no": number, "booking_id": booking, "prison_id": prison_id, "active": active}
    )
    rows.reviews.append(
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
    rows.nomis.append(
        {
            "sequence": 1,
            "iep_level": dps_level,
            "iep_date_time": when,
            "user_id": SEED_USER,
            "comments": "Seeded review",
            **common,
        }
    )
    rows.mappings.append(
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
        rows.nomis.append(
            {
                "sequence": 2,
                "iep_level": nomis_level,
                "iep_date_time": when + timedelta(days=14),
                "user_id": "NOMIS_USER",
                "comments": "Changed in NOMIS only (planted mismatch)",
                **common,
            }
        )


def seed(
    engine: Engine,
    prisoners_per_prison: int = 100,
    activity_prisoners: int = 30,
    extra_prisons: int = 0,
    plant_mismatches: bool = True,
    activity_prisons: int = DEFAULT_ACTIVITY_PRISONS,
) -> bool:
    """Fill an empty database with the demo estate; a no-op (returns False) if already seeded.

    ``extra_prisons`` adds bulk prisons with prisoners and incentives (benchmarks);
    ``activity_prisons`` switches the first that many prisons on for activities (default MDI
    and LEI); ``plant_mismatches=False`` leaves out the planted NOMIS/DPS disagreements.

    A database seeded before activities existed still gets them (an old ``.local`` file DB).
    """
    if not MIN_PRISONERS_PER_PRISON <= prisoners_per_prison <= MAX_PRISONERS_PER_PRISON:
        raise ValueError(
            f"prisoners_per_prison must be {MIN_PRISONERS_PER_PRISON}..{MAX_PRISONERS_PER_PRISON}"
        )
    create_schema(engine)
    with Session(engine) as session:
        if session.scalar(select(func.count()).select_from(Prison)):
            ensure_activities(
                session,
                prisoners_per_prison,
                activity_prisoners,
                plant_mismatches,
                activity_prisons=activity_prisons,
            )
            ensure_adjustments(session)
            session.commit()
            return False
        _reference_data(session, len(PRISONS) + extra_prisons)
        session.flush()
        review_id = 0
        rows = _PrisonerRows()
        for p in range(len(PRISONS) + extra_prisons):
            for j in range(prisoners_per_prison):
                review_id += 1
                active = j != prisoners_per_prison - 1
                _prisoner(rows, p, j, review_id, active, plant_mismatches)
            rows.insert(session)
        seed_visits(session)
        session.flush()
        ensure_activities(
            session,
            prisoners_per_prison,
            activity_prisoners,
            plant_mismatches,
            activity_prisons=activity_prisons,
        )
        ensure_adjustments(session)
        session.commit()
    return True


def reset(
    engine: Engine,
    prisoners_per_prison: int = 100,
    activity_prisoners: int = 30,
    extra_prisons: int = 0,
    plant_mismatches: bool = True,
    activity_prisons: int = DEFAULT_ACTIVITY_PRISONS,
) -> None:
    """Drop every table, recreate the schema and seed it again (activities from today)."""
    drop_schema(engine)
    create_schema(engine)
    seed(
        engine,
        prisoners_per_prison,
        activity_prisoners,
        extra_prisons,
        plant_mismatches,
        activity_prisons,
    )
