"""Seed the activities domain: schedules and their NOMIS twins, allocations and attendances.

Rows are built in memory first (:class:`SeedRows`, every allocated prisoner mirrored in NOMIS
the way the sync would have written it), then the planted positions are set up deliberately
out of step, and everything is bulk-inserted. MDI and LEI (where the planted rows live) go in
one batch and every further switched prison in its own, so a benchmark estate (120 prisons x
700 allocated prisoners, ~1M attendances) is held in memory one batch at a time.
"""

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.domain import SeedContext
from dagster_project.sandbox.core.tables import Prison
from dagster_project.sandbox.domains.activities.seed_data import (
    ACTIVITY_PRISON_INDEXES,
    DEFAULT_ACTIVITY_PRISONS,
    PLANTED_ACTIVITY_POSITIONS,
    PLANTED_ELSEWHERE_POSITIONS,
    YESTERDAY,
    PlantedPosition,
    activity_population,
    schedule_for,
    seeded_schedules,
)
from dagster_project.sandbox.domains.activities.seed_rows import SeedRows, default_status
from dagster_project.sandbox.domains.activities.seed_schedules import insert_rows, seed_schedules
from dagster_project.sandbox.domains.activities.tables import (
    ActivitySeedInfo,
    DpsAllocation,
    DpsAttendance,
    NomisAllocation,
    NomisAttendance,
)


def _plant(rows: SeedRows, planted: PlantedPosition) -> None:
    """Set up one planted position so its counts differ exactly as the constant says."""
    prisoner = (planted.prisoner_prison_index, planted.position)
    main = schedule_for(planted.checked_prison_index, planted.position)
    second = schedule_for(planted.checked_prison_index, planted.position, shift=1)
    today = rows.today
    elsewhere = planted.prisoner_prison_index != planted.checked_prison_index
    match planted.reconciliation, planted.kind:
        case "allocation", "NOMIS_only":
            rows.allocate(prisoner, main, "ENDED", nomis="allocated")
        case "allocation", "DPS_only":
            rows.allocate(prisoner, main, start=today, nomis="none")
        case "allocation", "different_count":
            rows.allocate(prisoner, main)
            rows.allocate(prisoner, second, start=today, extra=True, nomis="none")
        case "suspended-allocation", "NOMIS_only":
            rows.allocate(prisoner, main, "ENDED", nomis="suspended")
        case "suspended-allocation", "DPS_only":
            rows.allocate(prisoner, main, "SUSPENDED", nomis="none")
        case "suspended-allocation", "different_count":
            rows.allocate(prisoner, main, "SUSPENDED_WITH_PAY")
            rows.allocate(prisoner, second, "AUTO_SUSPENDED", extra=True, nomis="none")
        case "attendance", "NOMIS_only" if elsewhere:
            rows.attend(prisoner, main, YESTERDAY, dps=None, nomis=("ATTENDED", True))
        case "attendance", "NOMIS_only":
            rows.allocate(prisoner, main)
            refused, attended = ("REFUSED", False), ("ATTENDED", True)
            rows.attend(prisoner, main, YESTERDAY, dps=refused, nomis=attended)
        case "attendance", "DPS_only":
            rows.allocate(prisoner, main)
            rows.attend(prisoner, main, YESTERDAY, dps=("ATTENDED", True), nomis=None)
        case "attendance", "different_count":
            rows.allocate(prisoner, main)
            rows.allocate(prisoner, second, start=today - timedelta(days=10), extra=True)
            paid = ("ATTENDED", True)
            rows.attend(prisoner, main, YESTERDAY, dps=paid, nomis=paid)
            rows.attend(prisoner, second, YESTERDAY, dps=paid, nomis=("SCH", False))
        case _:
            raise ValueError(f"no way to plant {planted}")


def _bulk(session: Session, rows: SeedRows) -> None:
    for model, by_id in (
        (DpsAllocation, rows.dps_allocations),
        (NomisAllocation, rows.nomis_allocations),
        (DpsAttendance, rows.dps_attendances),
        (NomisAttendance, rows.nomis_attendances),
    ):
        insert_rows(session, model, [by_id[key] for key in sorted(by_id)])


def ensure_activities(
    session: Session,
    prisoners_per_prison: int,
    activity_prisoners: int,
    plant_mismatches: bool = True,
    today: date | None = None,
    activity_prisons: int = DEFAULT_ACTIVITY_PRISONS,
) -> bool:
    """Add the activities rows (dated from ``today``, default the local date) unless present.

    The first ``activity_prisons`` prisons (at least MDI and LEI) are switched on for ACTIVITY.
    The prisoners must already be in the session; returns whether anything was added.

    Raises:
        ValueError: if ``activity_prisons`` is below 2 or above the number of seeded prisons.
    """
    if session.get(ActivitySeedInfo, 1) is not None:
        return False
    prisons = session.scalar(select(func.count()).select_from(Prison)) or 0
    if not len(ACTIVITY_PRISON_INDEXES) <= activity_prisons <= prisons:
        raise ValueError(
            f"activity_prisons must be {len(ACTIVITY_PRISON_INDEXES)}..{prisons} (the seeded"
            f" prisons), not {activity_prisons}"
        )
    today = today or date.today()
    session.add(ActivitySeedInfo(id=1, seeded_on=today))
    seed_schedules(session, today, seeded_schedules(activity_prisons))
    planted = PLANTED_ACTIVITY_POSITIONS + PLANTED_ELSEWHERE_POSITIONS if plant_mismatches else ()
    taken = {(p.prisoner_prison_index, p.position) for p in planted}
    population = activity_population(prisoners_per_prison, activity_prisoners)
    batches = [ACTIVITY_PRISON_INDEXES] + [
        (p,) for p in range(len(ACTIVITY_PRISON_INDEXES), activity_prisons)
    ]
    session.flush()
    for batch in batches:
        rows = SeedRows(today)
        for p in batch:
            for j in range(population):
                if (p, j) not in taken:
                    rows.allocate((p, j), schedule_for(p, j), default_status(j))
        if batch == ACTIVITY_PRISON_INDEXES:
            for position in planted:
                _plant(rows, position)
        _bulk(session, rows)
    return True


def seed_activities(session: Session, context: SeedContext) -> None:
    """Activities rows dated from today, unless an earlier seed added them already."""
    settings = context.settings
    ensure_activities(
        session,
        settings.seed_prisoners_per_prison,
        settings.seed_activity_prisoners_per_prison,
        settings.plant_mismatches,
        activity_prisons=settings.seed_activity_prisons,
    )
