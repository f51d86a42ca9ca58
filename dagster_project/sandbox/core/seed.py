"""Seed and reset the fake estate's database with deterministic demo data.

The core seeds the estate every domain shares (prisons, prisoners, NOMIS's IEP level codes);
each sandbox domain then adds its own rows, in domain order, in the same transaction. A domain
seed runs on every start: on an estate seeded earlier (``fresh`` False) it adds only what it
finds missing, so an old ``.local`` database gains a domain added since.
"""

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from dagster_project.sandbox.core.db import create_schema, drop_schema
from dagster_project.sandbox.core.domain import SandboxDomain, SeedContext, sandbox_domains
from dagster_project.sandbox.core.estate import (
    LEVELS,
    MAX_PRISONERS_PER_PRISON,
    MIN_PRISONERS_PER_PRISON,
    PRISONS,
    booking_id,
    offender_no,
    prison_code,
    prison_count,
)
from dagster_project.sandbox.core.tables import NomisReferenceCode, Prison, Prisoner
from dagster_project.sandbox.settings import SandboxSettings

__all__ = ["reset", "seed"]


def _estate(session: Session, settings: SandboxSettings) -> None:
    """Prisons, the NOMIS IEP level codes, and every prisoner (the last of a prison inactive)."""
    prisons, per_prison = (
        prison_count(settings.seed_extra_prisons),
        settings.seed_prisoners_per_prison,
    )
    session.add_all(
        Prison(prison_id=prison_code(p), description=PRISONS[p][1] if p < len(PRISONS) else "Bulk")
        for p in range(prisons)
    )
    for order, (code, name, active, _required) in enumerate(LEVELS, start=1):
        session.add(NomisReferenceCode(code=code, description=name, active=active, sequence=order))
    session.flush()
    for p in range(prisons):  # one prison at a time: a benchmark estate holds ~100k prisoners
        rows = [
            {
                "offender_no": offender_no(p, j),
                "booking_id": booking_id(p, j),
                "prison_id": prison_code(p),
                "active": j != per_prison - 1,
            }
            for j in range(per_prison)
        ]
        session.execute(insert(Prisoner), rows)


def seed(
    engine: Engine,
    settings: SandboxSettings | None = None,
    domains: tuple[SandboxDomain, ...] | None = None,
) -> bool:
    """Fill an empty database with the demo estate; returns False if it was already seeded.

    Every domain's seed still runs on a seeded database, to add what it finds missing.

    Raises:
        ValueError: if ``seed_prisoners_per_prison`` is out of range, or a domain refuses its
            knobs (e.g. more activity prisons than prisons).
    """
    settings = settings or SandboxSettings()
    if (
        not MIN_PRISONERS_PER_PRISON
        <= settings.seed_prisoners_per_prison
        <= MAX_PRISONERS_PER_PRISON
    ):
        raise ValueError(
            f"prisoners_per_prison must be {MIN_PRISONERS_PER_PRISON}..{MAX_PRISONERS_PER_PRISON}"
        )
    create_schema(engine)
    with Session(engine) as session:
        fresh = not session.scalar(select(func.count()).select_from(Prison))
        if fresh:
            _estate(session, settings)
            session.flush()
        context = SeedContext(settings=settings, fresh=fresh)
        for domain in sandbox_domains() if domains is None else domains:
            if domain.seed is not None:
                domain.seed(session, context)
                session.flush()
        session.commit()
    return fresh


def reset(
    engine: Engine,
    settings: SandboxSettings | None = None,
    domains: tuple[SandboxDomain, ...] | None = None,
) -> None:
    """Drop every table, recreate the schema and seed it again (dated rows from today)."""
    drop_schema(engine)
    create_schema(engine)
    seed(engine, settings, domains)
