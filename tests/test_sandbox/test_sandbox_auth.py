"""The OAuth2 token endpoint and the bearer check on every fake API."""

import time
import warnings
from pathlib import Path

import httpx
import pytest

from dagster_project.sandbox.server import SandboxServer
from tests.test_sandbox.helpers import bearer, fetch_token, sandbox_settings

PROTECTED = [
    "/nomis/incentives/reference-codes/STD",
    "/mapping-api/mapping/incentives/incentive-id/1",
    "/incentives/incentive/levels/STD",
    "/visits-api/visits/aa-bb-cc-dd",
]


def test_token_issued_for_good_credentials(sandbox: SandboxServer) -> None:
    response = httpx.post(
        f"{sandbox.base_url}/auth/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=("incentives-api", "sandbox-secret"),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 1200
    assert len(body["access_token"]) > 20
    assert response.headers["cache-control"] == "no-store"


def test_client_secret_post_is_accepted(sandbox: SandboxServer) -> None:
    response = httpx.post(
        f"{sandbox.base_url}/auth/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "visits-api",
            "client_secret": "sandbox-secret",
        },
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "auth",
    [("nomis-api", "wrong"), ("no-such-client", "sandbox-secret"), None],
    ids=["bad-secret", "unknown-client", "no-credentials"],
)
def test_bad_credentials_are_401(sandbox: SandboxServer, auth: tuple[str, str] | None) -> None:
    response = httpx.post(
        f"{sandbox.base_url}/auth/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=auth,
    )
    assert response.status_code == 401
    assert response.json() == {"error": "invalid_client"}


def test_wrong_grant_type_is_400(sandbox: SandboxServer) -> None:
    response = httpx.post(
        f"{sandbox.base_url}/auth/oauth/token",
        data={"grant_type": "password"},
        auth=("nomis-api", "sandbox-secret"),
    )
    assert response.status_code == 400
    assert response.json() == {"error": "unsupported_grant_type"}


@pytest.mark.parametrize("path", PROTECTED)
@pytest.mark.parametrize("headers", [{}, bearer("not-a-token"), {"Authorization": "Basic x"}])
def test_apis_require_a_live_bearer_token(
    sandbox: SandboxServer, path: str, headers: dict[str, str]
) -> None:
    response = httpx.get(f"{sandbox.base_url}{path}", headers=headers)
    assert response.status_code == 401
    body = response.json()
    assert body["status"] == 401
    assert isinstance(body["userMessage"], str)


def test_admin_api_needs_no_token(sandbox: SandboxServer) -> None:
    assert httpx.get(f"{sandbox.base_url}/sandbox/health").json() == {"status": "UP"}


def test_expired_token_is_401(tmp_path: Path) -> None:
    settings = sandbox_settings(tmp_path / "ttl.db", token_ttl_seconds=1)
    with SandboxServer(settings) as server:
        token = fetch_token(server.base_url)
        url = f"{server.base_url}/incentives/incentive/levels/STD"
        assert httpx.get(url, headers=bearer(token)).status_code == 200
        time.sleep(1.1)
        expired = httpx.get(url, headers=bearer(token))
        assert expired.status_code == 401
        assert expired.json()["status"] == 401
        assert httpx.get(url, headers=bearer(fetch_token(server.base_url))).status_code == 200


def test_custom_clients(tmp_path: Path) -> None:
    settings = sandbox_settings(tmp_path / "clients.db", clients={"only-me": "s3cret"})
    with SandboxServer(settings) as server:
        url = f"{server.base_url}/auth/oauth/token"
        form = {"grant_type": "client_credentials"}
        assert httpx.post(url, data=form, auth=("only-me", "s3cret")).status_code == 200
        assert httpx.post(url, data=form, auth=("nomis-api", "sandbox-secret")).status_code == 401


def test_authlib_client_credentials_flow(sandbox: SandboxServer) -> None:
    """The OAuth2 library the project depends on can fetch and use a sandbox token."""
    with warnings.catch_warnings(record=True):  # authlib warns about its own httpx shim
        httpx_client = pytest.importorskip("authlib.integrations.httpx_client")
    with httpx_client.OAuth2Client(
        client_id="mapping-api",
        client_secret="sandbox-secret",
        token_endpoint=f"{sandbox.base_url}/auth/oauth/token",
    ) as client:
        client.fetch_token(grant_type="client_credentials")
        response = client.get(f"{sandbox.base_url}/mapping-api/mapping/incentives/incentive-id/1")
    assert response.status_code == 200
