"""`p2n`: the operator's command line (local run, catch-up drain, telemetry, publishing).

The local commands (`local`, `provision`, `sandbox`, `publish`) need the sandbox and local
tooling, which the production image does not ship: they are imported only when run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import dagster as dg
import typer

from dagster_project.cli.dlq import DlqClients, build_dlq_app
from dagster_project.cli.health import build_health_app
from dagster_project.cli.publish import publish_app
from dagster_project.cli.store import store_app
from dagster_project.definitions import build_definitions
from dagster_project.domains import DOMAINS, domain_named
from dagster_project.settings import Settings
from dagster_project.wiring import resources_for
from resources.history import MismatchHistory
from resources.store import SyncStore, engine_for
from sensors.drain import drain_queue

app = typer.Typer(help="prisoner-to-nomis-sync operations", no_args_is_help=True)
app.add_typer(publish_app, name="publish")
app.add_typer(store_app, name="store")


def _store(settings: Settings) -> SyncStore:
    """The store outside a run: its resource may hold `dg.EnvVar("STORE_URL")`, unresolved here."""
    upgrade = settings.upgrades_store_schema  # production only checks the schema's revision
    return SyncStore(engine_for(settings.resolved_store_url, upgrade_schema=upgrade))


def _dlq_clients() -> DlqClients:
    settings = Settings.from_env()
    return DlqClients(resources_for(settings)["event_queue"].get_client(), _store(settings))


app.add_typer(build_dlq_app(_dlq_clients), name="dlq")
app.add_typer(build_health_app(lambda: resources_for(Settings.from_env())), name="health")


@app.command()
def local(
    port: int = 3000,
    moto_port: int = 4566,
    sandbox_port: int = 8090,
    reset: Annotated[bool, typer.Option(help="Start from empty state")] = False,
    home: Annotated[Path, typer.Option(help="Where state and logs live")] = Path(".local"),
) -> None:
    """Run everything locally: moto server, sandbox estate, Dagster UI + daemon (sensors on)."""
    from dagster_project.local.runner import run_local

    raise typer.Exit(run_local(port, moto_port, sandbox_port, reset, home))


@app.command("provision")
def provision_queues() -> None:
    """Create the SNS topic, queues, DLQs and filtered subscriptions (moto server / test AWS)."""
    from dagster_project.local.aws import provision

    typer.echo(json.dumps(provision(Settings.from_env()), indent=2))


@app.command()
def drain(
    domain: Annotated[str, typer.Option(help=", ".join(d.name for d in DOMAINS))],
    max_batches: int = 100,
) -> None:
    """Process what is on a domain queue now, through the sync job (production catch-up)."""
    settings = Settings.from_env()
    target = domain_named(domain)
    job = build_definitions(settings).resolve_job_def(target.job_name)
    resources = resources_for(settings)
    with dg.DagsterInstance.get() as instance:
        report = drain_queue(
            target,
            job,
            resources["event_queue"].get_client(),
            _store(settings),
            instance,
            settings.sensor_batch_size,
            max_batches,
        )
    typer.echo(report.model_dump_json(indent=2))


@app.command()
def telemetry(
    prefix: Annotated[str | None, typer.Option(help="Event name prefix")] = None,
    offender: Annotated[str | None, typer.Option(help="offenderNo dimension")] = None,
    booking: Annotated[str | None, typer.Option(help="bookingId / nomisBookingId")] = None,
    limit: int = 50,
) -> None:
    """What happened to offender Y / booking X: telemetry events, newest first, as JSON lines."""
    store = _store(Settings.from_env())
    for row in store.query_telemetry(prefix, offender, booking, limit):
        typer.echo(row.model_dump_json())


@app.command()
def mismatches(
    booking: Annotated[str | None, typer.Option(help="NOMIS booking id")] = None,
    offender: Annotated[str | None, typer.Option(help="Prisoner number")] = None,
    reconciliation: Annotated[
        str | None, typer.Option(help="e.g. attendance_reconciliation")
    ] = None,
    limit: int = 50,
) -> None:
    """Reconciliation history: since when has a booking been out of step, and was it repaired."""
    settings = Settings.from_env()
    upgrade = settings.upgrades_store_schema
    history = MismatchHistory(engine_for(settings.resolved_store_url, upgrade_schema=upgrade))
    for row in history.history(booking, offender, reconciliation, limit):
        typer.echo(row.model_dump_json())


@app.command()
def sandbox(port: int = 8090, db_url: str = "sqlite:///.local/sandbox.db") -> None:
    """Serve the fake HMPPS estate on 127.0.0.1 (the run command starts it for you)."""
    from dagster_project.sandbox.server import serve  # heavy import only when serving
    from dagster_project.sandbox.settings import SandboxSettings

    serve(port=port, settings=SandboxSettings(db_url=db_url))


if __name__ == "__main__":
    app()
