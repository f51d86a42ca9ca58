"""The bodies of `p2n`'s own commands, imported only when one runs (they load the service).

Settings come from `load_settings()`: a wrong variable is one line naming it, never a
traceback. The store is opened from settings, not from its resource (which may hold
`dg.EnvVar("STORE_URL")`, unresolved outside a run).
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.util import find_spec

import typer
from pydantic import BaseModel

from dagster_project.cli.dlq import DlqClients
from dagster_project.cli.failures import CommandInputError
from dagster_project.settings import Settings, load_settings
from dagster_project.wiring import resources_for
from resources.history import MismatchHistory
from resources.store import SyncStore, engine_for


def local_sandbox_secrets(settings: Settings) -> None:
    """Against the sandbox in local mode no credentials are needed (`local/sandbox_secrets.py`).

    The production image has no local tooling; production settings never fill anything.
    """
    if find_spec("dagster_project.local") is not None:
        from dagster_project.local.sandbox_secrets import fill_sandbox_secrets

        fill_sandbox_secrets(settings)


def open_store(settings: Settings) -> SyncStore:
    upgrade = settings.upgrades_store_schema  # production only checks the schema's revision
    return SyncStore(engine_for(settings.resolved_store_url, upgrade_schema=upgrade))


def dlq_clients() -> DlqClients:
    settings = load_settings()
    return DlqClients(resources_for(settings)["event_queue"].get_client(), open_store(settings))


def echo_lines(rows: Iterable[BaseModel]) -> None:
    for row in rows:
        typer.echo(row.model_dump_json())


def drain(domain: str, max_batches: int) -> None:
    import dagster as dg

    from dagster_project.domains import domain_named
    from dagster_project.sync_definitions import build_sync_definitions
    from sensors.drain import drain_queue

    settings = load_settings()
    local_sandbox_secrets(settings)
    target = domain_named(domain)
    job = build_sync_definitions(settings).resolve_job_def(target.job_name)
    with dg.DagsterInstance.get() as instance:
        report = drain_queue(
            target,
            job,
            resources_for(settings)["event_queue"].get_client(),
            open_store(settings),
            instance,
            settings.sensor_batch_size,
            max_batches,
        )
    typer.echo(report.model_dump_json(indent=2))


def telemetry(prefix: str | None, offender: str | None, booking: str | None, limit: int) -> None:
    store = open_store(load_settings())
    echo_lines(store.query_telemetry(prefix, offender, booking, limit))


def mismatches(
    booking: str | None, offender: str | None, reconciliation: str | None, limit: int
) -> None:
    settings = load_settings()
    upgrade = settings.upgrades_store_schema
    history = MismatchHistory(engine_for(settings.resolved_store_url, upgrade_schema=upgrade))
    echo_lines(history.history(booking, offender, reconciliation, limit))


def alerts(name: str | None, event_id: str | None, since_hours: float | None, limit: int) -> None:
    from dagster_project.alerts_view import alert_lines

    lines = list(alert_lines(open_store(load_settings()), name, event_id, since_hours, limit))
    for line in lines:
        typer.echo(line)
    if not lines:  # said on stderr: stdout stays one alert per line for scripts
        typer.echo("no alerts match", err=True)


# the run's own event log (the UI) has every step; the terminal gets warnings and the report
QUIET_RUN = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


class ReconcileReport(BaseModel):
    """What `p2n reconcile` did: the Dagster run and each check's outcome (True = passed)."""

    run_id: str
    reconciliation: str
    partition: str
    run_succeeded: bool
    checks: dict[str, bool]  # this partition's comparisons
    latest_partition_fresh: bool | None  # the freshness check: is the latest due one there?


def reconcile(name: str, partition: str) -> int:
    """Materialise one reconciliation partition in this process, recorded in the instance.

    The run, its check results and its alerts are Dagster's, as if launched from the UI's
    Materialize…; exit status 1 when the run failed or a check found mismatches. The freshness
    check runs too but is about the latest partition, not this one: reported, not an exit status.
    """
    import dagster as dg

    from assets.freshness import CHECK_NAME as FRESHNESS
    from dagster_project.cadences import partitions_for
    from dagster_project.definitions import build_definitions
    from dagster_project.domains import DOMAINS

    known = {r.name: r for domain in DOMAINS for r in domain.reconciliations}
    if name not in known:
        raise CommandInputError(
            f"unknown reconciliation {name!r}; known: {', '.join(sorted(known))}"
        )
    partitions = partitions_for(known[name].cadence)
    if not partitions.has_partition_key(partition):
        latest = partitions.get_last_partition_key()
        raise CommandInputError(
            f"{partition!r} is not a partition of {name} ({known[name].cadence}, "
            f"from {partitions.start:%Y-%m-%d}, latest {latest})"
        )
    settings = load_settings()
    local_sandbox_secrets(settings)
    job = build_definitions(settings).resolve_job_def(known[name].job_name)
    with dg.DagsterInstance.get() as instance:
        result = job.execute_in_process(
            run_config=QUIET_RUN, instance=instance, partition_key=partition, raise_on_error=False
        )
    outcomes = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    report = ReconcileReport(
        run_id=result.run_id,
        reconciliation=name,
        partition=partition,
        run_succeeded=result.success,
        latest_partition_fresh=outcomes.pop(FRESHNESS, None),
        checks=outcomes,
    )
    typer.echo(report.model_dump_json(indent=2))
    return 0 if report.run_succeeded and all(report.checks.values()) else 1
