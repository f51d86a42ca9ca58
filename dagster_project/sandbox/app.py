"""Assemble the fake HMPPS estate as one FastAPI app.

Base URLs (relative to the server root): ``/auth`` (token endpoint ``/auth/oauth/token``),
``/nomis``, ``/mapping-api``, ``/incentives``, ``/visits-api``, ``/activities``,
``/adjustments`` and the admin API ``/sandbox``.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from dagster_project.sandbox import (
    activities_api,
    adjustments_api,
    admin,
    auth,
    dps_schedules_api,
    incentives_api,
    mapping_activities,
    mapping_activity_writes,
    mapping_adjustments,
    mapping_api,
    nomis_activities,
    nomis_activity_counts,
    nomis_adjustments,
    nomis_course_activities,
    nomis_course_admin,
    nomis_incentives,
    nomis_visits,
    visits_api,
)
from dagster_project.sandbox.db import create_schema, make_engine
from dagster_project.sandbox.errors import install_error_handlers
from dagster_project.sandbox.middleware import SandboxMiddleware
from dagster_project.sandbox.seed import seed
from dagster_project.sandbox.settings import SandboxSettings
from dagster_project.sandbox.state import SandboxState

__all__ = ["SandboxSettings", "create_app"]


def create_app(settings: SandboxSettings | None = None) -> FastAPI:
    """Build a sandbox app; its schema is created and seeded on startup if the DB is empty."""
    settings = settings or SandboxSettings()
    state = SandboxState.build(settings, make_engine(settings.db_url))

    def prepare_database() -> None:
        with state.write_lock:
            create_schema(state.engine)
            seed(
                state.engine,
                settings.seed_prisoners_per_prison,
                settings.seed_activity_prisoners_per_prison,
                settings.seed_extra_prisons,
                settings.plant_mismatches,
                settings.seed_activity_prisons,
            )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(prepare_database)
        yield
        state.engine.dispose()

    app = FastAPI(
        title="HMPPS sandbox",
        description=(
            "Fake OAuth2, NOMIS, mapping, DPS incentives, visits, activities and adjustments"
            " services."
        ),
        lifespan=lifespan,
    )
    app.state.sandbox = state
    install_error_handlers(app)
    for module in (
        auth,
        nomis_incentives,
        nomis_visits,
        nomis_activity_counts,
        nomis_activities,
        nomis_course_activities,
        nomis_course_admin,
        nomis_adjustments,
        mapping_api,
        mapping_activities,
        mapping_activity_writes,
        mapping_adjustments,
        incentives_api,
        visits_api,
        activities_api,
        dps_schedules_api,
        adjustments_api,
        admin,
    ):
        app.include_router(module.router)
    app.add_middleware(SandboxMiddleware, state=state)
    return app
