"""The Postgres stage's server (P2N_TEST_POSTGRES_URL) and the production instance config on it.

`scripts/postgres-stage.sh` starts a throwaway PostgreSQL server and sets the variable; without
it every test marked with `REQUIRES_POSTGRES` is skipped with the reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from sqlalchemy.pool import NullPool

REPO = Path(__file__).resolve().parents[2]
PRODUCTION_YAML = REPO / "deploy" / "production" / "dagster.yaml"
POSTGRES_URL_ENV = "P2N_TEST_POSTGRES_URL"

REQUIRES_POSTGRES = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get(POSTGRES_URL_ENV),
        reason=f"{POSTGRES_URL_ENV} is unset: `make postgres-test` starts a PostgreSQL server and "
        "runs this",
    ),
]


def server_url() -> sa.URL:
    """The stage's database URL; its user may create databases."""
    return sa.make_url(os.environ[POSTGRES_URL_ENV])


@contextmanager
def scratch_database(purpose: str) -> Iterator[sa.URL]:
    """A new, empty database for one test, dropped afterwards (connections and all)."""
    name = f"p2n_{purpose}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server_url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server_url().set(database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def dagster_pg_env(url: sa.URL) -> dict[str, str]:
    """The DAGSTER_PG_* variables deploy/production/dagster.yaml reads, for `url`."""
    return {
        "DAGSTER_PG_USERNAME": url.username or "",
        "DAGSTER_PG_PASSWORD": url.password or "",
        "DAGSTER_PG_HOST": url.host or "127.0.0.1",
        "DAGSTER_PG_DB": url.database or "",
        "DAGSTER_PG_PORT": str(url.port or 5432),
    }


def production_config(**replaced: Any) -> dict[str, Any]:
    """deploy/production/dagster.yaml with the default run launcher (no Kubernetes here).

    Storage stays as written: it reads DAGSTER_PG_* (`dagster_pg_env`). `replaced` swaps
    further top-level keys, e.g. `compute_logs`.
    """
    config: dict[str, Any] = yaml.safe_load(PRODUCTION_YAML.read_text())
    config["run_launcher"] = {"module": "dagster.core.launcher", "class": "DefaultRunLauncher"}
    config.update(replaced)
    return config


def write_instance_home(home: Path, config: dict[str, Any]) -> Path:
    """A DAGSTER_HOME holding `config` as its dagster.yaml."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return home
