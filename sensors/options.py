"""Settings the sync sensors and jobs are built with (a Dagster-free view of Settings)."""

from __future__ import annotations

from dataclasses import dataclass

from dagster_project.settings import Settings, disabled_event_types
from dagster_project.sync.batch import RetryPolicy


@dataclass(frozen=True)
class SyncOptions:
    """Tick cadence, batch bound, retry delays, feature switches, claim lease, concurrency."""

    interval_seconds: int
    batch_size: int
    policy: RetryPolicy
    disabled_switches: frozenset[str]
    claim_lease_seconds: int = 120
    max_runtime_seconds: int = 900
    concurrency: int = 1  # entities of a batch applied at once
    api_concurrency: int | None = None  # requests in flight per API from one run (None: no cap)

    @classmethod
    def from_settings(
        cls, settings: Settings, environ: dict[str, str] | None = None
    ) -> SyncOptions:
        return cls(
            interval_seconds=settings.sensor_interval_seconds,
            batch_size=settings.sensor_batch_size,
            policy=RetryPolicy(settings.event_retry_delays_seconds, settings.event_in_run_retries),
            disabled_switches=disabled_event_types(environ),
            claim_lease_seconds=settings.entity_claim_seconds,
            max_runtime_seconds=settings.sync_run_max_runtime_seconds,
            concurrency=settings.sync_concurrency,
            api_concurrency=settings.sync_api_concurrency,
        )
