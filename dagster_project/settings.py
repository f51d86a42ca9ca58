"""Configuration from the environment, read once when definitions are built (12-factor).

Per-API and per-domain fields are derived from the domain registry (`dagster_project.domains`):
`<ENV>_API_URL` and `<ENV>_CLIENT_ID` for every API, `<DOMAIN>_QUEUE_NAME` and `<DOMAIN>_DLQ_NAME`
for every domain, so a new domain brings its settings with it and a missing one cannot exist.

Secrets are deliberately absent: they are bound as `dg.EnvVar` in `wiring.py`, so their values
never enter a settings object, run config or the UI. `STORE_URL` may carry a database password,
so it is a `SecretStr` here and bound as `dg.EnvVar` when it does.

With `ENVIRONMENT=production` every API, auth and SQS URL must be https (TLS, always verified).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from dagster_project.domains import APIS, DOMAINS
from dagster_project.sync.domain import Api, Domain
from dagster_project.sync.switches import FEATURE_PREFIX, feature_switch_name

__all__ = [
    "FEATURE_PREFIX",
    "ApiSettings",
    "CoreSettings",
    "Settings",
    "SettingsError",
    "auto_repair_enabled",
    "disabled_event_types",
    "feature_switch_name",
    "load_settings",
]

SANDBOX = "http://127.0.0.1:8090"


@dataclass(frozen=True)
class ApiSettings:
    """Where one API is and who we are to it (the secret stays an environment variable)."""

    url: str
    client_id: str
    timeout_seconds: float
    secret_variable: str


class CoreSettings(BaseSettings):
    """Every setting that is not per API or per domain; names are the environment variables."""

    # hide_input_in_errors: a validation error must not echo STORE_URL (it may hold a password)
    model_config = SettingsConfigDict(extra="ignore", frozen=True, hide_input_in_errors=True)

    environment: Literal["local", "production"] = "local"

    hmpps_auth_url: str = f"{SANDBOX}/auth"
    api_timeout_seconds: float = 30.0
    mapping_timeout_seconds: float = 10.0

    sqs_endpoint_url: str | None = None
    aws_region: str = "eu-west-2"
    domain_events_topic_arn: str = "arn:aws:sns:eu-west-2:123456789012:hmpps_domain_events"

    sandbox_url: str = SANDBOX
    mock_visits_prison_id: str = "MDI"
    mock_visits_visitors: str = "4729570,4729550"
    mock_visits_prisoner_id: str | None = None

    reconciliation_page_size: int = Field(default=200, ge=1, le=2000)
    reconciliation_concurrency: int = Field(default=10, ge=1, le=200)
    slack_enabled: bool = False  # SLACK_TOKEN is set; the token itself is bound as dg.EnvVar
    slack_channel: str = "#prisoner-to-nomis-alerts"

    store_url: SecretStr | None = None  # may hold a database password
    dagster_home: str | None = None
    # Days the store keeps inbox, applied-event ledger, telemetry, alerts and repaired
    # mismatches; longer than SQS keeps a message (14 days), so a redelivery finds its rows.
    store_retention_days: int = Field(default=90, ge=15, le=3650)

    sensor_interval_seconds: int = Field(default=5, ge=1, le=300)
    # Most messages one tick hands to one run: a backlog leaves in few large runs (each run
    # start costs seconds); the bodies travel in the run config, so it stays bounded.
    sensor_batch_size: int = Field(default=500, ge=1, le=500)
    # Entities of a batch a sync run applies at once; each entity's events stay in order. A
    # write a killed run left unfinished is resolved by reading NOMIS on the next attempt (see
    # sync/intents.py), so a kill costs no DLQ message however many entities were in flight.
    sync_concurrency: int = Field(default=16, ge=1, le=200)
    # Requests one sync run keeps in flight to any one API (NOMIS, mapping, the DPS API); the
    # entities beyond it wait for a free connection. An event makes several calls, so more
    # entities than this keep every API busy.
    sync_api_concurrency: int = Field(default=8, ge=1, le=100)
    queue_visibility_timeout_seconds: int = Field(default=300, ge=30, le=43200)
    event_retry_delays_seconds: Annotated[tuple[int, ...], NoDecode] = (1, 10, 60)
    # Tries of a failed event inside the same run (1 s apart) before it is re-queued.
    event_in_run_retries: int = Field(default=1, ge=0, le=5)
    # How long an entity claim outlives a run killed while holding it (one event's API calls).
    entity_claim_seconds: int = Field(default=120, ge=5, le=3600)
    # A sync run still STARTED after this is failed by run monitoring and retried; with the
    # local DefaultRunLauncher this is how a SIGKILLed run worker is noticed.
    sync_run_max_runtime_seconds: int = Field(default=900, ge=10, le=86400)

    @field_validator("sqs_endpoint_url", "store_url", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("event_retry_delays_seconds", mode="before")
    @classmethod
    def _parse_delays(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in value.split(",") if part.strip())
        return value

    @field_validator("event_retry_delays_seconds")
    @classmethod
    def _delays_fit_sqs(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(delay < 0 or delay > 900 for delay in value):
            raise ValueError("each retry delay must be 0..900 seconds (the SQS DelaySeconds range)")
        return value

    @model_validator(mode="after")
    def _urls_are_http(self) -> CoreSettings:
        """A URL without an http(s) scheme or a host fails here, not at the first request."""
        urls = {**self.tls_urls(), "sandbox_url": self.sandbox_url}
        bad = [
            f"{name.upper()}={_shown(url)}"
            for name, url in urls.items()
            if url is not None
            and (urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).netloc)
        ]
        if bad:
            raise ValueError(
                f"{', '.join(bad)}: not an http(s) URL with a host (e.g. https://host/path)"
            )
        return self

    @model_validator(mode="after")
    def _production_uses_tls(self) -> CoreSettings:
        if self.environment != "production":
            return self
        plain = [
            f"{name.upper()}={_shown(url)}"
            for name, url in self.tls_urls().items()
            if url is not None and urlsplit(url).scheme.lower() != "https"
        ]
        if plain:
            raise ValueError(
                "ENVIRONMENT=production requires https:// URLs (TLS, certificates verified); "
                f"not https: {', '.join(plain)}. SQS_ENDPOINT_URL may also be empty (real AWS)."
            )
        return self

    def tls_urls(self) -> dict[str, str | None]:
        """Every URL the service sends credentials or events to: auth, each API, SQS."""
        names = ["hmpps_auth_url", *(api.url_setting for api in APIS)]
        return {
            **{name: getattr(self, name) for name in names},
            "sqs_endpoint_url": self.sqs_endpoint_url,
        }

    def api(self, api: Api) -> ApiSettings:
        """URL, client id and timeout of one API (`<ENV>_API_URL`, `<ENV>_CLIENT_ID`)."""
        return ApiSettings(
            url=getattr(self, api.url_setting),
            client_id=getattr(self, api.client_id_setting),
            timeout_seconds=getattr(self, api.timeout_setting),
            secret_variable=api.secret_variable,
        )

    def queue(self, domain: Domain[Any]) -> tuple[str, str]:
        """(queue name, DLQ name) of one domain (`<DOMAIN>_QUEUE_NAME`, `<DOMAIN>_DLQ_NAME`)."""
        prefix = domain.name
        return getattr(self, f"{prefix}_queue_name"), getattr(self, f"{prefix}_dlq_name")

    def queues(self) -> dict[str, tuple[str, str]]:
        """Domain -> (queue name, DLQ name), for every domain."""
        return {domain.name: self.queue(domain) for domain in DOMAINS}

    @property
    def upgrades_store_schema(self) -> bool:
        """Local runs migrate the store on first use; production only checks its revision."""
        return self.environment != "production"

    @property
    def schedules_on(self) -> bool:
        """Reconciliation schedules run by default in production only."""
        return self.environment == "production"

    @property
    def token_url(self) -> str:
        """HMPPS auth token endpoint."""
        return f"{self.hmpps_auth_url.rstrip('/')}/oauth/token"

    @property
    def max_event_attempts(self) -> int:
        """Attempts per event: the first plus one per retry delay; then the DLQ."""
        return len(self.event_retry_delays_seconds) + 1

    @property
    def resolved_store_url(self) -> str:
        """STORE_URL, or SQLite beside the Dagster instance."""
        if self.store_url is not None:
            return self.store_url.get_secret_value()
        home = Path(self.dagster_home or ".local").resolve()
        return f"sqlite:///{home / 'sync-store.db'}"

    @classmethod
    def from_env(cls) -> Settings:
        """The single place the process environment is read for settings."""
        return Settings(slack_enabled=bool(os.environ.get("SLACK_TOKEN")))


def registry_fields() -> dict[str, Any]:
    """The per-API and per-domain fields, with the sandbox and the old queue names as defaults."""
    fields: dict[str, Any] = {}
    for api in APIS:
        fields[api.url_setting] = (str, f"{SANDBOX}{api.sandbox_path}")
        fields[api.client_id_setting] = (str, api.default_client_id)
    for domain in DOMAINS:
        fields[f"{domain.name}_queue_name"] = (str, f"prisoner_to_nomis_{domain.queue}_queue")
        fields[f"{domain.name}_dlq_name"] = (str, f"prisoner_to_nomis_{domain.queue}_dlq")
    return fields


if TYPE_CHECKING:

    class Settings(CoreSettings):
        """Every setting; per-API and per-domain fields are reached through `api()`/`queue()`."""

else:
    Settings = create_model(
        "Settings",
        __base__=CoreSettings,
        __module__=__name__,
        __doc__="Every setting the service reads; names are the environment variable names.",
        **registry_fields(),
    )


class SettingsError(ValueError):
    """Settings a person must fix: one line per variable, naming it and what is allowed."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = lines


def _allowed(name: str) -> str:
    """The allowed range of a numeric setting, e.g. ` (allowed 30..43200)`, else empty."""
    field = Settings.model_fields.get(name)
    if field is None:
        return ""
    low = next((getattr(m, "ge", None) for m in field.metadata if hasattr(m, "ge")), None)
    high = next((getattr(m, "le", None) for m in field.metadata if hasattr(m, "le")), None)
    if low is None and high is None:
        return ""
    return f" (allowed {'' if low is None else low}..{'' if high is None else high})"


def describe_settings_error(error: ValidationError) -> list[str]:
    """One line per mistake: `VARIABLE=value: the problem (allowed range)`; secrets not shown."""
    lines = []
    for problem in error.errors():
        message = str(problem["msg"]).removeprefix("Value error, ")
        if not problem["loc"]:  # a rule across variables: its message names them
            lines.append(message)
            continue
        name = str(problem["loc"][0])
        field = Settings.model_fields.get(name)
        secret = field is not None and "SecretStr" in str(field.annotation)
        value = "<hidden>" if secret else str(problem.get("input", ""))
        message = message[:1].lower() + message[1:]
        lines.append(f"{name.upper()}={value}: {message}{_allowed(name)}")
    return lines


def load_settings() -> Settings:
    """`Settings.from_env()`, with a wrong variable reported as a `SettingsError` (no traceback)."""
    try:
        return Settings.from_env()
    except ValidationError as error:
        raise SettingsError(describe_settings_error(error)) from None


def _shown(url: str) -> str:
    """A URL for an error message: scheme, host and path, never a user or password."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return f"{parts.scheme}://{host}{parts.path}" if parts.scheme else repr(url)


def disabled_event_types(environ: dict[str, str] | None = None) -> frozenset[str]:
    """Feature switches set to false, as normalised switch names (default: every event is on)."""
    env = os.environ if environ is None else environ
    return frozenset(
        name
        for name, value in env.items()
        if name.startswith(FEATURE_PREFIX) and value.strip().lower() in {"false", "0", "off", "no"}
    )


def auto_repair_enabled(environ: dict[str, str] | None = None) -> frozenset[str]:
    """Reconciliations with `AUTO_REPAIR_<RECONCILIATION>=true` (default off for all)."""
    env = os.environ if environ is None else environ
    return frozenset(
        name.removeprefix("AUTO_REPAIR_").lower()
        for name, value in env.items()
        if name.startswith("AUTO_REPAIR_") and value.strip().lower() in {"true", "1", "on", "yes"}
    )
