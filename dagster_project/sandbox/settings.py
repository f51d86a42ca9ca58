"""Configuration of one sandbox instance."""

from typing import Any

from pydantic import BaseModel, Field

from dagster_project.sandbox.core.domain import client_ids

DEFAULT_CLIENT_SECRET = "sandbox-secret"  # noqa: S105 - a well-known local-only secret


def default_clients() -> dict[str, str]:
    """Give every OAuth2 client registration the sync uses (each domain's too) the same secret."""
    return dict.fromkeys(client_ids(), DEFAULT_CLIENT_SECRET)


def __getattr__(name: str) -> Any:
    """``DEFAULT_CLIENT_IDS``: known only once the sandbox domains are loaded, so computed late."""
    if name == "DEFAULT_CLIENT_IDS":
        return client_ids()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class SandboxSettings(BaseModel):
    """Knobs for one sandbox: storage, OAuth2 clients, token lifetime and determinism."""

    db_url: str = "sqlite:///.local/sandbox.db"
    clients: dict[str, str] = Field(default_factory=default_clients)
    token_ttl_seconds: int = Field(default=1200, ge=1)
    fault_seed: int = 0
    seed_prisoners_per_prison: int = Field(default=100, ge=10, le=999)
    # bulk prisons X03… (prisoners + incentives) on top of MDI, LEI, BXI, for benchmarks
    seed_extra_prisons: int = Field(default=0, ge=0, le=200)
    # allocated prisoners per ACTIVITY prison, capped at seed_prisoners_per_prison - 1
    seed_activity_prisoners_per_prison: int = Field(default=30, ge=10, le=998)
    # the first K prisons get the ACTIVITY switch, schedules, allocations and attendances
    # (2: MDI and LEI, where the planted mismatches are); at most the seeded prisons
    seed_activity_prisons: int = Field(default=2, ge=2, le=203)
    hang_seconds: float = Field(default=30.0, ge=0)
    # False seeds an estate where NOMIS and DPS agree everywhere (chaos soak: any mismatch is ours)
    plant_mismatches: bool = True
