"""Per-app runtime state shared by routers, middleware and the admin API.

Everything mutable lives here (DB engine, tokens, fault rules, journal) so that two sandbox
apps in one process never share anything; so do the domains the app serves.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from dagster_project.sandbox.core.domain import SandboxDomain, Service, services
from dagster_project.sandbox.core.faults import FaultStore
from dagster_project.sandbox.core.journal import RequestJournal
from dagster_project.sandbox.core.tokens import TokenStore
from dagster_project.sandbox.settings import SandboxSettings


@dataclass
class SandboxState:
    """The live state of one sandbox app."""

    settings: SandboxSettings
    engine: Engine
    tokens: TokenStore
    faults: FaultStore
    journal: RequestJournal
    session_factory: sessionmaker[Session]
    domains: tuple[SandboxDomain, ...]
    write_lock: threading.RLock = field(default_factory=threading.RLock)

    @classmethod
    def build(
        cls, settings: SandboxSettings, engine: Engine, domains: tuple[SandboxDomain, ...]
    ) -> "SandboxState":
        """Assemble fresh state for ``settings`` on top of ``engine``, serving ``domains``."""
        return cls(
            settings=settings,
            engine=engine,
            tokens=TokenStore(settings.token_ttl_seconds),
            faults=FaultStore(settings.fault_seed),
            journal=RequestJournal(),
            session_factory=sessionmaker(engine, expire_on_commit=False),
            domains=domains,
        )

    @property
    def services(self) -> tuple[Service, ...]:
        """The fake APIs this app serves, by path prefix: the core's, then each domain's."""
        return services(self.domains)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """Open a session for reads; SQLite WAL lets these run beside a writer."""
        with self.session_factory() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """Open a session while holding the write lock.

        SQLite has a single writer anyway; serialising writers here also makes the
        check-then-insert duplicate rules (409s) race-free under concurrent sync calls.
        Callers commit explicitly.
        """
        with self.write_lock, self.session_factory() as session:
            yield session


def get_state(request: Request) -> SandboxState:
    """FastAPI dependency: the state of the app serving this request."""
    state: SandboxState = request.app.state.sandbox
    return state


StateDep = Annotated[SandboxState, Depends(get_state)]
