"""Seeding: deterministic, idempotent, and the planted mismatches are real."""

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.db import make_engine
from dagster_project.sandbox.core.seed import reset, seed
from dagster_project.sandbox.core.tables import Prisoner
from dagster_project.sandbox.domains.incentives.seed import PLANTED_INCENTIVE_MISMATCHES
from dagster_project.sandbox.domains.incentives.tables import (
    DpsIncentiveReview,
    IncentiveMapping,
    NomisIncentive,
)
from dagster_project.sandbox.domains.visits.dps_views import reference_for
from dagster_project.sandbox.domains.visits.seed import SEEDED_VISITS
from dagster_project.sandbox.domains.visits.tables import VisitMapping
from tests.test_sandbox.helpers import estate


def _snapshot(db: Path) -> list[tuple[object, ...]]:
    engine = make_engine(f"sqlite:///{db}")
    with Session(engine) as session:
        reviews = session.execute(
            select(
                DpsIncentiveReview.id,
                DpsIncentiveReview.prisoner_number,
                DpsIncentiveReview.iep_code,
            )
        ).all()
        nomis = session.execute(
            select(NomisIncentive.booking_id, NomisIncentive.sequence, NomisIncentive.iep_level)
        ).all()
    engine.dispose()
    return [tuple(r) for r in reviews] + [tuple(r) for r in nomis]


def test_seed_is_idempotent_and_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    for db in (first, second):
        engine = make_engine(f"sqlite:///{db}")
        assert seed(engine, estate(12)) is True
        assert seed(engine, estate(12)) is False, "seeding a seeded DB is a no-op"
        with Session(engine) as session:
            assert session.scalar(select(func.count()).select_from(Prisoner)) == 36
        engine.dispose()
    assert _snapshot(first) == _snapshot(second)


def test_planted_mismatches_and_visits_are_consistent(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'seed.db'}")
    seed(engine, estate(10))
    assert len(PLANTED_INCENTIVE_MISMATCHES) == 5
    with Session(engine) as session:
        for planted in PLANTED_INCENTIVE_MISMATCHES:
            assert planted.nomis_level != planted.dps_level
            prisoner = session.get(Prisoner, planted.offender_no)
            assert prisoner is not None and prisoner.booking_id == planted.booking_id
            assert prisoner.active
            current_nomis = session.scalars(
                select(NomisIncentive.iep_level)
                .where(NomisIncentive.booking_id == planted.booking_id)
                .order_by(NomisIncentive.sequence.desc())
            ).first()
            assert current_nomis == planted.nomis_level
            dps = session.scalars(
                select(DpsIncentiveReview.iep_code).where(
                    DpsIncentiveReview.prisoner_number == planted.offender_no
                )
            ).all()
            assert dps == [planted.dps_level]
        mismatched = 0
        for prisoner in session.scalars(select(Prisoner)):
            nomis = session.scalars(
                select(NomisIncentive.iep_level)
                .where(NomisIncentive.booking_id == prisoner.booking_id)
                .order_by(NomisIncentive.sequence.desc())
            ).first()
            dps = session.scalars(
                select(DpsIncentiveReview.iep_code).where(
                    DpsIncentiveReview.prisoner_number == prisoner.offender_no
                )
            ).first()
            mismatched += nomis != dps
        assert mismatched == len(PLANTED_INCENTIVE_MISMATCHES)
        assert session.scalar(select(func.count()).select_from(IncentiveMapping)) == 30
        for visit in SEEDED_VISITS:
            mapping = session.get(VisitMapping, visit.nomis_visit_id)
            assert mapping is not None and mapping.vsip_id == visit.reference
    engine.dispose()


def test_estate_without_planted_mismatches_agrees_everywhere(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'clean.db'}")
    seed(engine, estate(10, 10, plant_mismatches=False))
    with Session(engine) as session:
        for planted in PLANTED_INCENTIVE_MISMATCHES:
            current_nomis = session.scalars(
                select(NomisIncentive.iep_level)
                .where(NomisIncentive.booking_id == planted.booking_id)
                .order_by(NomisIncentive.sequence.desc())
            ).first()
            dps = session.scalars(
                select(DpsIncentiveReview.iep_code).where(
                    DpsIncentiveReview.prisoner_number == planted.offender_no
                )
            ).all()
            assert [current_nomis] == dps
    engine.dispose()


def test_reset_drops_changes(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'reset.db'}")
    seed(engine, estate(10))
    with Session(engine) as session:
        session.add(Prisoner(offender_no="Z0001ZZ", booking_id=1, prison_id="MDI", active=True))
        session.commit()
    reset(engine, estate(10))
    with Session(engine) as session:
        assert session.get(Prisoner, "Z0001ZZ") is None
        assert session.scalar(select(func.count()).select_from(Prisoner)) == 30
    engine.dispose()


def test_prisoners_per_prison_bounds(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'bounds.db'}")
    with pytest.raises(ValueError):
        seed(engine, estate(5))
    engine.dispose()


def test_references_are_unique_and_well_formed() -> None:
    references = {reference_for(i) for i in range(1, 5000)}
    assert len(references) == 4999
    assert all(len(r) == 11 and r[2] == r[5] == r[8] == "-" for r in references)


def test_in_memory_engine_is_shared_across_threads() -> None:
    import threading

    engine = make_engine("sqlite://")
    seed(engine, estate(10))
    counts: list[int] = []

    def count() -> None:
        with Session(engine) as session:
            counts.append(session.scalar(select(func.count()).select_from(Prisoner)) or 0)

    thread = threading.Thread(target=count)
    thread.start()
    thread.join()
    assert counts == [30]
