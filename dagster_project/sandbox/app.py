"""Assemble the fake HMPPS estate as one FastAPI app from the core and every sandbox domain.

Base URLs (relative to the server root): ``/auth`` (token endpoint ``/auth/oauth/token``),
``/nomis``, ``/mapping-api``, each domain's DPS API (e.g. ``/incentives``) and the admin API
``/sandbox``.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from starlette.concurrency import run_in_threadpool

from dagster_project.sandbox.core import admin, auth, nomis
from dagster_project.sandbox.core.db import create_schema, make_engine
from dagster_project.sandbox.core.domain import SandboxDomain, sandbox_domains
from dagster_project.sandbox.core.errors import install_error_handlers
from dagster_project.sandbox.core.middleware import SandboxMiddleware
from dagster_project.sandbox.core.routing import prefilter_routes
from dagster_project.sandbox.core.seed import seed
from dagster_project.sandbox.core.state import SandboxState
from dagster_project.sandbox.settings import SandboxSettings

__all__ = ["SandboxSettings", "create_app"]


def _admin_router(domains: tuple[SandboxDomain, ...]) -> APIRouter:
    """The core admin endpoints, then each domain's, all under ``/sandbox``."""
    router = APIRouter(prefix="/sandbox", tags=["sandbox"])
    router.include_router(admin.router)
    for domain in domains:
        for domain_router in domain.admin_routers:
            router.include_router(domain_router)
    return router


def create_app(
    settings: SandboxSettings | None = None, domains: tuple[SandboxDomain, ...] | None = None
) -> FastAPI:
    """Build a sandbox app; its schema is created and seeded on startup if the DB is empty.

    Args:
        settings: the instance's knobs (defaults: a file DB under ``.local``).
        domains: the sandbox domains to serve (default: every one under ``sandbox/domains``).
    """
    settings = settings or SandboxSettings()
    domains = sandbox_domains() if domains is None else domains
    state = SandboxState.build(settings, make_engine(settings.db_url), domains)

    def prepare_database() -> None:
        with state.write_lock:
            create_schema(state.engine)
            seed(state.engine, settings, domains)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(prepare_database)
        yield
        state.engine.dispose()

    names = ", ".join(d.name for d in domains)
    app = FastAPI(
        title="HMPPS sandbox",
        description=f"Fake OAuth2, NOMIS and mapping services, and the DPS side of: {names}.",
        lifespan=lifespan,
    )
    app.state.sandbox = state
    install_error_handlers(app)
    for router in (auth.router, nomis.router):
        app.include_router(router)
    for domain in domains:
        for router in domain.routers:
            app.include_router(router)
    app.include_router(_admin_router(domains))
    prefilter_routes(app)
    app.add_middleware(SandboxMiddleware, state=state)
    return app
