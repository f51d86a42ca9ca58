"""Fixtures: one real sandbox server on a free port with a temp SQLite file for the session."""

from collections.abc import Iterator

import httpx
import pytest

from dagster_project.sandbox.server import SandboxServer
from tests.test_sandbox.helpers import fetch_token, sandbox_settings


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    db_file = tmp_path_factory.mktemp("sandbox") / "sandbox.db"
    with SandboxServer(sandbox_settings(db_file)) as server:
        yield server


@pytest.fixture(scope="session")
def sandbox_url(sandbox: SandboxServer) -> str:
    return sandbox.base_url


@pytest.fixture(scope="session")
def token(sandbox: SandboxServer) -> str:
    return fetch_token(sandbox.base_url)


@pytest.fixture
def api(sandbox: SandboxServer, token: str) -> Iterator[httpx.Client]:
    """Authenticated client rooted at the server (use service prefixes in paths)."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers, timeout=10) as client:
        yield client


@pytest.fixture
def admin(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    """Unauthenticated client for the /sandbox admin API."""
    with httpx.Client(base_url=f"{sandbox.base_url}/sandbox", timeout=10) as client:
        yield client


@pytest.fixture(autouse=True)
def _no_faults(sandbox: SandboxServer) -> Iterator[None]:
    """Every test starts and ends without fault rules."""
    httpx.delete(f"{sandbox.base_url}/sandbox/faults")
    yield
    httpx.delete(f"{sandbox.base_url}/sandbox/faults")


@pytest.fixture
def fresh(admin: httpx.Client) -> None:
    """Reset the database to the seed for tests that assert on seeded state."""
    admin.post("/reset").raise_for_status()
