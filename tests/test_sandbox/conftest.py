"""Fixtures: one real sandbox server on a free port with a temp SQLite file for the session."""

from collections.abc import Iterator

import httpx
import pytest

from dagster_project.sandbox.server import SandboxServer
from tests.test_sandbox.helpers import ACTIVITY_PER_PRISON, fetch_token, sandbox_settings


def pytest_configure(config: pytest.Config) -> None:
    # the repository-wide contract plugin honours this; registered here too so it is known
    config.addinivalue_line("markers", "contract_exempt(reason): sends off-contract requests")


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


@pytest.fixture(scope="session")
def activity_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    """A second server sized for activities (30 allocated prisoners per switched prison)."""
    db_file = tmp_path_factory.mktemp("activities") / "sandbox.db"
    settings = sandbox_settings(db_file, seed_prisoners_per_prison=ACTIVITY_PER_PRISON)
    with SandboxServer(settings) as server:
        yield server


@pytest.fixture(scope="session")
def activity_token(activity_sandbox: SandboxServer) -> str:
    return fetch_token(activity_sandbox.base_url)


@pytest.fixture
def acts(activity_sandbox: SandboxServer, activity_token: str) -> Iterator[httpx.Client]:
    """Authenticated client for the activities server (use service prefixes in paths)."""
    headers = {"Authorization": f"Bearer {activity_token}"}
    with httpx.Client(base_url=activity_sandbox.base_url, headers=headers, timeout=10) as client:
        yield client


@pytest.fixture
def acts_admin(activity_sandbox: SandboxServer) -> Iterator[httpx.Client]:
    """Admin client for the activities server; fault rules are cleared after each test."""
    with httpx.Client(base_url=f"{activity_sandbox.base_url}/sandbox", timeout=10) as client:
        yield client
        client.delete("/faults")


@pytest.fixture
def acts_fresh(acts_admin: httpx.Client) -> None:
    """Reset the activities server to its seed for tests that change or assert on it."""
    acts_admin.post("/reset").raise_for_status()
