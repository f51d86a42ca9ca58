"""Store URLs for the store's tests: a SQLite file, or a scratch Postgres database.

The Postgres variant runs when `P2N_TEST_POSTGRES_URL` names a server where the user may create
databases (the Postgres stage, scripts/postgres-stage.sh, sets it); otherwise it is skipped.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

POSTGRES_ENV = "P2N_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgres"]


def scratch_store_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty store on `backend`; a Postgres database is dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"{POSTGRES_ENV} is not set: no Postgres server (scripts/postgres-stage.sh)")
    url = sa.make_url(base)
    name = f"p2n_store_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
