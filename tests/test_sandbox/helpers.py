"""Helpers shared by the sandbox tests."""

from pathlib import Path

import httpx

from dagster_project.sandbox.settings import DEFAULT_CLIENT_SECRET, SandboxSettings

PER_PRISON = 10
ACTIVITY_PER_PRISON = 40  # the default 30 allocated prisoners fit (capped at this - 1)


def sandbox_settings(db_file: Path, **overrides: object) -> SandboxSettings:
    values: dict[str, object] = {
        "db_url": f"sqlite:///{db_file}",
        "seed_prisoners_per_prison": PER_PRISON,
        "hang_seconds": 1.0,
        "fault_seed": 7,
    }
    values.update(overrides)
    return SandboxSettings.model_validate(values)


def fetch_token(base_url: str, client_id: str = "nomis-api") -> str:
    response = httpx.post(
        f"{base_url}/auth/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(client_id, DEFAULT_CLIENT_SECRET),
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def estate(
    prisoners_per_prison: int, activity_prisoners: int = 30, **overrides: object
) -> SandboxSettings:
    """Seed knobs for calling ``seed``/``reset`` directly (no server, no DB URL needed)."""
    values: dict[str, object] = {
        "seed_prisoners_per_prison": prisoners_per_prison,
        "seed_activity_prisoners_per_prison": activity_prisoners,
    }
    values.update(overrides)
    return SandboxSettings.model_validate(values)
