"""The `postgres` marker: tests that need the Postgres stage's server (see postgres.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
import sqlalchemy as sa

from tests.production.postgres import scratch_database


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "postgres: needs a PostgreSQL server (P2N_TEST_POSTGRES_URL); run by "
        "scripts/postgres-stage.sh (`make postgres-test`)",
    )


@pytest.fixture
def new_database() -> Iterator[Callable[[str], sa.URL]]:
    """Make fresh databases on the stage's server; all dropped after the test."""
    with ExitStack() as stack:
        yield lambda purpose: stack.enter_context(scratch_database(purpose))
