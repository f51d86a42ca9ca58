"""Schema migrations of the service's SQL store (Alembic, configured in code: no alembic.ini).

`upgrade` brings a store to the newest revision: local runs and tests call it on first use, ops
call it through `p2n store upgrade` before deploying a new version. Production code only calls
`verify_at_head`, so a deployment never changes the schema by itself. A store made by the code
that predates migrations (same tables, no `alembic_version`) is adopted: stamped at the
baseline revision, then upgraded like any other.

Upgrades hold a lock for their whole transaction (SQLite: `BEGIN IMMEDIATE`; Postgres: an
advisory lock), so processes starting together migrate once. URLs are shown without password.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from pydantic import BaseModel, computed_field

LOG = logging.getLogger("p2n.store")
UPGRADE_COMMAND = "p2n store upgrade"
BASELINE = "0001"
BASELINE_TABLES = frozenset(
    {
        "telemetry_events",
        "alerts",
        "message_inbox",
        "reconciliation_mismatches",
        "entity_claims",
        "applied_events",
        "write_intents",
    }
)
SQLITE_LOCK_ATTEMPTS = 10
_POSTGRES_LOCK_KEY = 7_032_221_115  # any constant; names this service's migration lock


class StoreSchemaError(RuntimeError):
    """The store's schema is not the one this version of the service needs."""


class SchemaState(BaseModel):
    """Where a store's schema stands; `store` is its URL without the password."""

    store: str
    current: str | None
    head: str
    adopted: bool = False

    @computed_field  # type: ignore[prop-decorator]  # pydantic's documented use on a property
    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def shown_url(engine: sa.Engine) -> str:
    """The engine's URL for logs and messages: the password is replaced by ***."""
    return engine.url.render_as_string(hide_password=True)


def _config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).resolve().parent))
    if connection is not None:
        # informational only (env.py uses the connection); `%` is ConfigParser's escape
        config.set_main_option("sqlalchemy.url", shown_url(connection.engine).replace("%", "%%"))
        config.attributes["connection"] = connection
    return config


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head() -> str:
    """The newest revision this version of the code knows."""
    revision = _script().get_current_head()
    if revision is None:  # pragma: no cover - the package always ships its revisions
        raise StoreSchemaError("the store's migrations package has no revisions")
    return revision


def _current(connection: sa.Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def state(engine: sa.Engine) -> SchemaState:
    """The store's current revision next to the newest one; reads only."""
    with engine.connect() as connection:
        current = _current(connection)
    return SchemaState(store=shown_url(engine), current=current, head=head())


def _known(revision: str) -> bool:
    try:
        return _script().get_revision(revision) is not None
    except CommandError:
        return False


def _not_at_head(found: SchemaState) -> str:
    if found.current is not None and not _known(found.current):
        return (
            f"the store {found.store} is at schema revision {found.current}, which this version "
            f"of the service does not know (newest here: {found.head}); a newer version has "
            "migrated it. Deploy that version, or restore the store."
        )
    return (
        f"the store {found.store} is at schema revision {found.current or 'none (empty)'}, "
        f"but this version of the service needs {found.head}. Run `{UPGRADE_COMMAND}` with "
        "this deployment's STORE_URL before starting it."
    )


def verify_at_head(engine: sa.Engine) -> None:
    """Production's check on first use: create nothing, fail with the command to run.

    Raises:
        StoreSchemaError: the store is not at the newest revision (or is at an unknown one).
    """
    found = state(engine)
    if not found.up_to_date:
        raise StoreSchemaError(_not_at_head(found))


@contextmanager
def _locked(engine: sa.Engine) -> Iterator[sa.Connection]:
    """One connection in one transaction, holding the migration lock until it commits."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # waits out busy_timeout for others
        elif engine.dialect.name == "postgresql":
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_LOCK_KEY}
            )
        yield connection
        connection.commit()


def _adopt(connection: sa.Connection, store: str) -> bool:
    """Stamp a store made by create_all at the baseline; False when it holds no store table."""
    tables = set(sa.inspect(connection).get_table_names())
    if not tables & BASELINE_TABLES:
        return False
    missing = sorted(BASELINE_TABLES - tables)
    if missing:
        raise StoreSchemaError(
            f"the store {store} has some of the service's tables but not {missing}, and no "
            "alembic_version: an early version made it. Locally start clean with "
            "`p2n local --reset`; elsewhere create the missing tables by hand, then run "
            f"`{UPGRADE_COMMAND}`."
        )
    command.stamp(_config(connection), BASELINE)
    LOG.warning(
        "store %s: tables made before migrations found (no alembic_version); stamped revision "
        "%s and adopted them",
        store,
        BASELINE,
    )
    return True


def upgrade(engine: sa.Engine) -> SchemaState:
    """Migrate the store to the newest revision; a store already there is left as it is.

    Returns:
        The state after the upgrade; `adopted` when a pre-migration store was stamped.

    Raises:
        StoreSchemaError: the store is at a revision this code does not know, or was only
            partly created by pre-migration code.
    """
    for attempt in range(1, SQLITE_LOCK_ATTEMPTS + 1):
        try:
            return _upgrade_once(engine)
        except sa.exc.OperationalError as error:
            # SQLite answers "locked" at once, not after busy_timeout, when two connections
            # would deadlock; the loser's transaction is rolled back, so it simply tries again
            locked = engine.dialect.name == "sqlite" and "database is locked" in str(error)
            if not locked or attempt == SQLITE_LOCK_ATTEMPTS:
                raise
            LOG.info("store %s locked by another upgrade; trying again", shown_url(engine))
            time.sleep(0.2 * attempt)
    raise AssertionError("unreachable")


def _upgrade_once(engine: sa.Engine) -> SchemaState:
    store = shown_url(engine)
    with _locked(engine) as connection:
        before = _current(connection)
        adopted = before is None and _adopt(connection, store)
        if before is not None and not _known(before):
            raise StoreSchemaError(
                _not_at_head(SchemaState(store=store, current=before, head=head()))
            )
        if before != head():
            command.upgrade(_config(connection), "head")
        after = _current(connection)
    if after != before:
        LOG.info("store %s: schema upgraded from %s to %s", store, before or "empty", after)
    return SchemaState(store=store, current=after, head=head(), adopted=adopted)


def ensure_upgraded(engine: sa.Engine) -> None:
    """Local runs and tests on first use: upgrade unless the store is already at the head."""
    if not state(engine).up_to_date:
        upgrade(engine)
