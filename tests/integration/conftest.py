"""Session servers (moto, sandbox) on 127.0.0.1, reset per test; a temp Dagster instance."""

from __future__ import annotations

import logging

import dagster as dg
import httpx
import pytest
import requests

from dagster_project.local.aws import provision
from dagster_project.sandbox.server import SandboxServer
from dagster_project.sandbox.settings import DEFAULT_CLIENT_IDS, SandboxSettings
from resources.auth import clear_token_cache
from tests.integration.harness import API_PREFIXES, E2E_SECRET, Harness, e2e_settings, start_moto

logging.getLogger("werkzeug").setLevel(logging.WARNING)


@pytest.fixture(scope="session")
def moto_url():
    server = start_moto()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory):
    db = tmp_path_factory.mktemp("sandbox") / "sandbox.db"
    settings = SandboxSettings(
        db_url=f"sqlite:///{db}",
        clients=dict.fromkeys(DEFAULT_CLIENT_IDS, E2E_SECRET),
        seed_prisoners_per_prison=20,
    )
    with SandboxServer(settings) as server:
        yield server


@pytest.fixture
def harness(moto_url, sandbox_server, tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    for api in API_PREFIXES:
        monkeypatch.setenv(f"{api}_CLIENT_SECRET", E2E_SECRET)
    requests.post(f"{moto_url}/moto-api/reset", timeout=10).raise_for_status()
    clear_token_cache()
    with httpx.Client(base_url=sandbox_server.base_url, timeout=30) as sandbox:
        sandbox.post("/sandbox/reset").raise_for_status()
        settings = e2e_settings(sandbox_server.base_url, moto_url, tmp_path / "store.db")
        provision(settings)
        with dg.instance_for_test() as instance:
            yield Harness(settings, instance, sandbox)
    clear_token_cache()
