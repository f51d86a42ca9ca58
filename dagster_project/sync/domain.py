"""What a domain declares about itself: the spec types every domain package fills in.

A domain is one package (`dagster_project/domains/<name>/`) exporting one `DOMAIN`. Everything
that used to list domains or APIs by hand (settings, resources, sensors, jobs, assets, schedules,
health probes, the CLI, the local runner, the tests) is a loop over these declarations, so the
engine dispatches generically and never imports a domain.

These types sit below the engine: they import nothing from it, and nothing from Dagster at run
time (an operation's config class is a `dg.Config`, but this module only names its type).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar

import httpx
from pydantic import BaseModel

from dagster_project.events import RetryMappingMessage
from dagster_project.sync.payloads import EventPayload

if TYPE_CHECKING:
    from dagster_project.operations.config import OperationConfig
    from dagster_project.reconciliation.result import ReconciliationResult
    from dagster_project.sync.retry_queue import MappingRetryQueue
    from dagster_project.telemetry import Telemetry
    from resources.history import Mismatch

Cadence = Literal["daily", "daily_state", "weekly"]
"""How a reconciliation is partitioned (see `dagster_project/cadences.py`):

- `daily`: a partition is the date reconciled (the 01:05 run takes yesterday);
- `daily_state`: a partition is the run date; the run compares the state at run time;
- `weekly`: Monday-to-Monday weeks; the run takes the week just ended and compares current state.
"""


class DomainSync(Protocol):
    """What the engine needs from a domain's sync service besides its event handlers."""

    def retry_create_mapping(self, retry: RetryMappingMessage) -> None:
        """Save a mapping again whose first save failed after NOMIS was written."""
        ...


SyncT = TypeVar("SyncT", bound=DomainSync)
PayloadT = TypeVar("PayloadT", bound=EventPayload)
ConfigT = TypeVar("ConfigT", bound="OperationConfig")


@dataclass(frozen=True)
class Api:
    """One HMPPS API: its resource key, environment prefix, defaults and health probe.

    `env` names the variables: `<ENV>_API_URL`, `<ENV>_CLIENT_ID`, `<ENV>_CLIENT_SECRET`.
    """

    key: str
    env: str
    title: str
    default_client_id: str
    sandbox_path: str
    probe: Callable[[httpx.Client], str] = field(repr=False, compare=False)
    spec_file: str | None = None
    no_spec_reason: str | None = None
    timeout_setting: str = "api_timeout_seconds"

    @property
    def url_setting(self) -> str:
        return f"{self.env.lower()}_api_url"

    @property
    def client_id_setting(self) -> str:
        return f"{self.env.lower()}_client_id"

    @property
    def secret_variable(self) -> str:
        return f"{self.env}_CLIENT_SECRET"

    @property
    def sandbox_prefix(self) -> str:
        """The first path segment the sandbox serves this API under, e.g. `nomis`."""
        return self.sandbox_path.strip("/").split("/")[0]


@dataclass(frozen=True)
class Event(Generic[SyncT, PayloadT]):
    """One event type: its payload model and handler (`None` = subscribed and dropped).

    `example` is a valid domain event body (without `eventType`): the conformance test triages
    it, and removes each required field in turn to prove the payload model rejects it.
    """

    event_type: str
    payload: type[PayloadT]
    handle: Callable[[SyncT, PayloadT], None] | None
    example: Mapping[str, Any]
    dropped_because: str | None = None

    def __post_init__(self) -> None:
        if self.handle is None and not self.dropped_because:
            raise ValueError(f"{self.event_type}: a dropped event says why (dropped_because)")


@dataclass(frozen=True)
class SyncWiring:
    """What a domain's `build_sync` is given: one HTTP client per API, telemetry, retries."""

    http: Callable[[Api], httpx.Client]
    telemetry: Telemetry
    retry_queue: MappingRetryQueue


class MismatchLookup(Protocol):
    def open_for(self, reconciliation: str, partition_key: str) -> list[Mismatch]: ...


@dataclass(frozen=True)
class OperationRun(Generic[SyncT]):
    """What an operation's `targets` and `write` get: the domain's wired sync service and more."""

    sync: SyncT
    telemetry: Telemetry
    history: MismatchLookup
    log: logging.Logger | logging.LoggerAdapter[logging.Logger]


@dataclass(frozen=True)
class Operation(Generic[SyncT, ConfigT]):
    """A runbook or repair job: a dry run by default, a `max_writes` guard, a summary.

    `targets` lists what the job would touch (the dry run's plan); `write` does one of them.
    `job` and `op` are literal, greppable names (the op name is what run config addresses).
    """

    job: str
    op: str
    config: type[ConfigT]
    targets: Callable[[OperationRun[SyncT], ConfigT], list[str]]
    write: Callable[[OperationRun[SyncT], ConfigT, str], None]
    description: str
    destructive: bool = False
    tags: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Repair:
    """The operation that repairs a reconciliation's mismatches, with its fixed config."""

    operation: Operation[Any, Any]
    config: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Schedule:
    """When a reconciliation runs, in London time (the old service's production CronJob)."""

    hour: int
    minute: int
    day_of_week: int | None = None  # 0 = Sunday ... 6 = Saturday; None = every day
    # a daily reconciliation on these weekdays only (0 = Sunday), e.g. Sunday to Thursday
    days_of_week: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.days_of_week and self.day_of_week is not None:
            raise ValueError("give day_of_week (weekly) or days_of_week (daily), not both")
        if any(day not in range(7) for day in self.days_of_week):
            raise ValueError(f"days_of_week must be 0 (Sunday) to 6: {self.days_of_week}")


@dataclass(frozen=True)
class ReconciliationRun:
    """What a reconciliation's `run` gets: HTTP clients, telemetry, its partition and limits."""

    http: Callable[[Api], httpx.Client]
    telemetry: Telemetry
    partition_key: str
    page_size: int
    concurrency: int
    log: logging.Logger | logging.LoggerAdapter[logging.Logger]


@dataclass(frozen=True)
class RunIn:
    """A reconciliation's run function, named by module and imported when it first runs.

    A domain package's `__init__` imports its reconciliation declarations; naming the run
    function instead of importing it keeps pandas and the fetchers out of every process that
    only syncs events (a sync run loads the light event-sync code location).
    """

    module: str
    function: str = "reconcile"

    def resolve(self) -> Callable[[ReconciliationRun], ReconciliationResult]:
        found = getattr(importlib.import_module(self.module), self.function, None)
        if not callable(found):
            raise ImportError(f"{self.module} has no run function {self.function!r}")
        return found

    def __call__(self, run: ReconciliationRun) -> ReconciliationResult:
        return self.resolve()(run)


@dataclass(frozen=True)
class Reconciliation:
    """A partitioned comparison of NOMIS and DPS: asset, check, schedule, freshness, repair.

    `run` fetches and diffs with no Dagster inside; the asset factory records the mismatches,
    builds the metadata and the check result. The job and schedule names derive from `name`.
    """

    name: str
    check: str
    cadence: Cadence
    schedule: Schedule
    freshness_deadline: str  # cron, London: the latest partition must exist by then
    apis: tuple[Api, ...]
    run: Callable[[ReconciliationRun], ReconciliationResult]  # a RunIn in a domain package
    repair: Repair | None
    description: str
    check_description: str
    no_repair_reason: str | None = None

    def __post_init__(self) -> None:
        if self.repair is None and not self.no_repair_reason:
            raise ValueError(f"{self.name}: a reconciliation names its repair or says why not")

    @property
    def job_name(self) -> str:
        return f"{self.name}_job"

    @property
    def schedule_name(self) -> str:
        return f"{self.name}_schedule"


@dataclass(frozen=True)
class Domain(Generic[SyncT]):
    """A DPS domain: queue, API, event table, the one wiring, operations, reconciliations.

    `queue` is the queue's short name (`prisoner_to_nomis_<queue>_queue`); `telemetry_prefix`
    starts the old service's queue-level telemetry (`<prefix>-create-mapping-retry`).
    `apis` lists every API the domain calls (the shared NOMIS and mapping APIs included).
    """

    name: str
    queue: str
    telemetry_prefix: str
    api: Api
    apis: tuple[Api, ...]
    events: tuple[Event[SyncT, Any], ...]
    retry_mapping: type[BaseModel]
    build_sync: Callable[[SyncWiring], SyncT]
    description: str
    operations: tuple[Operation[SyncT, Any], ...] = ()
    reconciliations: tuple[Reconciliation, ...] = ()

    def __post_init__(self) -> None:
        if self.api not in self.apis:
            raise ValueError(f"{self.name}: its own API {self.api.key} is missing from apis")
        types = [event.event_type for event in self.events]
        if len(types) != len(set(types)):
            raise ValueError(f"{self.name}: an event type is listed twice")

    @property
    def sensor_name(self) -> str:
        return f"{self.name}_events_sensor"

    @property
    def job_name(self) -> str:
        return f"{self.name}_sync_job"

    @property
    def op_name(self) -> str:
        return f"sync_{self.name}_events"

    @property
    def env(self) -> str:
        """Prefix of the domain's variables: `<ENV>_QUEUE_NAME`, `<ENV>_DLQ_NAME`."""
        return self.name.upper()

    @property
    def event_types(self) -> frozenset[str]:
        """Every subscribed event type, handled or dropped (the SNS filter policy)."""
        return frozenset(event.event_type for event in self.events)

    def event(self, event_type: str) -> Event[SyncT, Any] | None:
        """The row for an event type, or None when the domain does not subscribe to it."""
        for row in self.events:
            if row.event_type == event_type:
                return row
        return None
