"""SQLite engine and schema of the fake estate, and the declarative base of every table.

Each service owns its own tables (prefixed ``nomis_``, ``mapping_``, ``dps_``) so that the
sandbox can hold the two sides in genuine disagreement, which is what reconciliation needs.
The shared tables are in ``core/tables.py``; each domain declares its own in its ``tables.py``.
"""

import importlib
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import StaticPool

from dagster_project.sandbox.core.domain import sandbox_domains

ANYIO_THREADS = 40  # the thread pool FastAPI runs sync endpoints in


class Base(DeclarativeBase):
    """Declarative base shared by every sandbox table."""


def _enable_wal(dbapi_connection: Any, _record: Any) -> None:
    """Switch each new SQLite connection to WAL so readers never block the single writer."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create a SQLite engine usable from uvicorn's worker threads.

    An in-memory URL gets a single shared connection, otherwise every thread would see its
    own empty database. A file URL has its parent directory created for convenience.
    """
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        raise ValueError(f"the sandbox only supports SQLite URLs, got {parsed.drivername}")
    in_memory = parsed.database in (None, "", ":memory:")
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 30}}
    if in_memory:
        kwargs["poolclass"] = StaticPool
    elif parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # one pooled connection per request thread (anyio's default 40): the default pool of 5
        # closed and reopened a connection (and its PRAGMAs) for most requests under load
        kwargs.update(pool_size=ANYIO_THREADS, max_overflow=10)
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _enable_wal)
    return engine


def _register_all_tables() -> None:
    """Make sure every table is declared on :class:`Base` before the schema is touched.

    The shared tables and each domain's are declared when their modules are imported, which
    loading the sandbox domains does; creating or dropping the schema never misses a table.
    """
    importlib.import_module("dagster_project.sandbox.core.tables")
    sandbox_domains()


def _schema_is_stale(engine: Engine) -> bool:
    """Whether an existing table lacks a column the models now declare (an older file DB)."""
    inspector = inspect(engine)
    existing = set(inspector.get_table_names())
    return any(
        column.name not in {c["name"] for c in inspector.get_columns(table.name)}
        for table in Base.metadata.sorted_tables
        if table.name in existing
        for column in table.columns
    )


def create_schema(engine: Engine) -> None:
    """Create missing tables; an older sandbox's DB (a column missing) is dropped to reseed."""
    _register_all_tables()
    if _schema_is_stale(engine):
        Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)


def drop_schema(engine: Engine) -> None:
    """Drop every sandbox table, used by ``reset``."""
    _register_all_tables()
    Base.metadata.drop_all(engine)
