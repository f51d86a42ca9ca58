"""Shared test configuration: every test session checks its HTTP traffic against the specs.

Fixtures shared across folders are plugins: `unit` (the respx estate, fakes, wired domain
services) and `stack` (moto server, the sandbox over real sockets, a Dagster instance).

Parallel runs (`make test` runs `pytest -n 3 --dist loadgroup`, see the Makefile): the tests in
`HEAVY` each start several processes (a daemon, a whole local stack, a venv build, a benchmark)
and are put in one xdist group, so they run one after another on one worker while the other
workers take everything else; started first (the largest group goes first), they are not the
straggler at the end. A module whose tests share a module-scoped fixture (a server, built
definitions) is its own group, so that fixture is built once, not once per worker.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dagster._core.storage.defs_state.base import set_defs_state_storage

from tests.xdist_groups import join_group

pytest_plugins = ["tests.contract.plugin", "tests.fixtures.unit", "tests.fixtures.stack"]

TESTS = Path(__file__).resolve().parent
HEAVY_GROUP = "heavy"
# Files (or folders) of tests that start many processes; relative to tests/.
HEAVY = (
    "bench/test_bench_smoke.py",  # every benchmark part, each its own stack (~2 min)
    "bench/test_soak_smoke.py",  # the chaos soak: moto, sandbox, daemon, kills (~2 min)
    "local_run",  # `p2n local`: moto, sandbox, `dagster dev` (webserver, daemon, code server)
    "ui",  # the browser stage: `p2n local` and Chromium
    "deploy/test_image_steps.py",  # a venv built from the lock, two code servers
    "integration/test_duplicate_race.py",  # worker processes with their own Dagster instances
    "production/test_postgres_run_queue.py",  # a real dagster-daemon (Postgres stage)
)
SHARED_SCOPES = ("module", "class", "package")


def _is_heavy(path: Path) -> bool:
    return any(path == TESTS / heavy or path.is_relative_to(TESTS / heavy) for heavy in HEAVY)


def _shares_a_fixture(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(
        definitions[-1].scope in SHARED_SCOPES for definitions in info.name2fixturedefs.values()
    )


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups into the node ids
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put heavy tests in one xdist group, and each module sharing a fixture in its own."""
    for item in items:
        path = Path(str(item.path))
        if _is_heavy(path):
            join_group(item, HEAVY_GROUP)
        elif _shares_a_fixture(item):
            join_group(item, item.nodeid.split("::", 1)[0])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    """Each test (its fixtures' set-up and teardown included) starts with no "current" Dagster
    defs-state storage.

    Entering a `DagsterInstance` makes its defs-state storage current (a context variable, read
    whenever a `Definitions` object is first resolved); Dagster's sensor and schedule contexts
    built from an instance ref enter one and keep it until they are closed. One left behind by
    an earlier test on the same worker, its instance since gone, fails the next resolve with
    "Attempted to resolve undefined DagsterInstance weakref", so the outcome would depend on
    which tests xdist gave that worker first. The service uses no defs state: None is its value.
    """
    with set_defs_state_storage(None):
        return (yield)
