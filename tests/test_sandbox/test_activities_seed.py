"""Activities seeding: deterministic, dated from the seed day, scalable, and upgrade-safe."""

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.db import Base, make_engine
from dagster_project.sandbox.core.seed import seed
from dagster_project.sandbox.domains.activities import tables as db_activities
from dagster_project.sandbox.domains.activities.seed import ensure_activities
from dagster_project.sandbox.domains.activities.seed_data import (
    SEEDED_SCHEDULES,
    activity_population,
)
from dagster_project.sandbox.domains.activities.tables import (
    ActivitySeedInfo,
    DpsAllocation,
    DpsAttendance,
    DpsScheduledInstance,
    NomisAllocation,
    NomisAttendance,
    NomisCourseSchedule,
)
from dagster_project.sandbox.settings import SandboxSettings
from tests.test_sandbox.helpers import estate


def _rows(db: Path) -> list[tuple[object, ...]]:
    engine = make_engine(f"sqlite:///{db}")
    with Session(engine) as session:
        found = [
            tuple(r)
            for r in session.execute(
                select(DpsAllocation.id, DpsAllocation.booking_id, DpsAllocation.status)
            )
        ]
        found += [
            tuple(r)
            for r in session.execute(
                select(NomisAttendance.event_id, NomisAttendance.paid, NomisAttendance.event_date)
            )
        ]
    engine.dispose()
    return found


def test_activities_seed_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    for db in (first, second):
        engine = make_engine(f"sqlite:///{db}")
        seed(engine, estate(12))
        engine.dispose()
    assert _rows(first) == _rows(second)
    assert _rows(first)


def test_sessions_are_relative_to_the_seed_day(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'days.db'}")
    seed(engine, estate(10))
    today = date.today()
    with Session(engine) as session:
        info = session.get(ActivitySeedInfo, 1)
        assert info is not None and info.seeded_on in {today, today - timedelta(days=1)}
        today = info.seeded_on
        days = session.scalars(
            select(DpsScheduledInstance.session_date)
            .where(DpsScheduledInstance.schedule_id == 101)
            .order_by(DpsScheduledInstance.id)
        ).all()
        assert days == [today + timedelta(days=d) for d in range(-7, 8)]
        nomis = session.get(NomisCourseSchedule, SEEDED_SCHEDULES[0].course_schedule_id(-1))
        assert nomis is not None and nomis.schedule_date == today - timedelta(days=1)
        latest = session.scalar(select(func.max(DpsAttendance.session_date)))
        assert latest == today - timedelta(days=1), "attendances only for past sessions"
    engine.dispose()


def test_population_knob_scales_to_benchmark_size(tmp_path: Path) -> None:
    assert SandboxSettings().seed_activity_prisoners_per_prison == 30
    assert activity_population(10, 30) == 9, "never the last (inactive) prisoner"
    assert activity_population(800, 700) == 700
    engine = make_engine(f"sqlite:///{tmp_path / 'big.db'}")
    seed(engine, estate(720, 700))
    with Session(engine) as session:
        bookings = session.scalar(
            select(func.count(func.distinct(DpsAllocation.booking_id))).where(
                DpsAllocation.prison_code == "MDI"
            )
        )
        assert bookings == 700 + 1, "plus the planted prisoner who has moved to BXI"
        nomis = session.scalar(select(func.count()).select_from(NomisAllocation))
        assert nomis and nomis > 1300
    engine.dispose()


def test_a_database_seeded_before_activities_gets_them(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    seed(engine, estate(10))
    tables = [
        model.__table__
        for model in vars(db_activities).values()
        if isinstance(model, type)
        and issubclass(model, Base)
        and model.__module__ == db_activities.__name__
    ]
    Base.metadata.drop_all(engine, tables=tables)
    assert seed(engine, estate(10)) is False, "the estate itself was already seeded"
    with Session(engine) as session:
        assert session.get(ActivitySeedInfo, 1) is not None
        assert session.scalar(select(func.count()).select_from(DpsAllocation))
        assert ensure_activities(session, 10, 30) is False, "only ever added once"
    engine.dispose()
