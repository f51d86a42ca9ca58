"""`p2n`: the operator's command line (local run, catch-up drain, telemetry, publishing).

Fast and quiet by construction: this module imports only typer, and each command imports what
it needs when it runs, so `p2n --help` loads no definitions, Dagster or pandas. In local mode
every command finds the running local stack (`dagster_project/local/stack.py`), so a new shell
needs nothing sourced. A failure a person can act on (a wrong setting, an unreachable service)
is one line on stderr and exit status 2, never a traceback. The local commands need the sandbox
and local tooling, which the production image does not ship.
"""

from __future__ import annotations

import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Annotated

import typer

from dagster_project.cli.failures import EXIT_CODE, actionable
from dagster_project.cli.lazy import add_lazy
from dagster_project.cli.names import domain_names

app = typer.Typer(
    help="prisoner-to-nomis-sync operations",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
add_lazy(
    app,
    "publish",
    "Publish domain events like the DPS services do (local sandbox).",
    "dagster_project.cli.publish:build_publish_app",
)
add_lazy(
    app,
    "store",
    "The store's schema: show its revision, migrate it to this version.",
    "dagster_project.cli.store:store_app",
)
add_lazy(
    app,
    "dlq",
    "Dead-letter queues: list, redrive, purge (same code as the jobs).",
    "dagster_project.cli.dlq:app_from_settings",
)
add_lazy(
    app,
    "health",
    "Check every API (token + one read) and every queue and DLQ.",
    "dagster_project.cli.health:app_from_settings",
)


@app.command()
def local(
    port: Annotated[int, typer.Option(help="Dagster UI port (0: any free port)")] = 3000,
    moto_port: Annotated[int, typer.Option(help="moto (SQS/SNS) port (0: any free)")] = 4566,
    sandbox_port: Annotated[int, typer.Option(help="sandbox estate port (0: any free)")] = 8090,
    reset: Annotated[bool, typer.Option(help="Start from empty state")] = False,
    home: Annotated[
        Path | None, typer.Option(help="Where state and logs live (default <repo>/.local)")
    ] = None,
) -> None:
    """Run everything locally: moto server, sandbox estate, Dagster UI + daemon (sensors on).

    The ports in use are written to <home>/stack.json, which every other p2n command reads.
    """
    from dagster_project.local.runner import run_local
    from dagster_project.local.stack import local_home

    raise typer.Exit(run_local(port, moto_port, sandbox_port, reset, home or local_home()))


@app.command("provision")
def provision_queues() -> None:
    """Create the SNS topic, queues, DLQs and filtered subscriptions (moto server / test AWS)."""
    import json

    from dagster_project.local.aws import provision
    from dagster_project.settings import load_settings

    typer.echo(json.dumps(provision(load_settings()), indent=2))


@app.command()
def drain(
    domain: Annotated[str, typer.Option(help=", ".join(domain_names()))],
    max_batches: int = 100,
) -> None:
    """Process what is on a domain queue now, through the sync job (production catch-up)."""
    from dagster_project.cli import commands

    commands.drain(domain, max_batches)


@app.command()
def reconcile(
    name: Annotated[str, typer.Argument(help="A reconciliation, e.g. attendance_reconciliation")],
    partition: Annotated[str, typer.Option(help="The partition (a date, YYYY-MM-DD) to check")],
) -> None:
    """Run one reconciliation partition now, as the UI's Materialize… does (exit 1: mismatches)."""
    from dagster_project.cli import commands

    raise typer.Exit(commands.reconcile(name, partition))


@app.command()
def telemetry(
    prefix: Annotated[str | None, typer.Option(help="Event name prefix")] = None,
    offender: Annotated[str | None, typer.Option(help="offenderNo dimension")] = None,
    booking: Annotated[str | None, typer.Option(help="bookingId / nomisBookingId")] = None,
    limit: int = 50,
) -> None:
    """What happened to offender Y / booking X: telemetry events, newest first, as JSON lines."""
    from dagster_project.cli import commands

    commands.telemetry(prefix, offender, booking, limit)


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
    from dagster_project.cli import commands

    commands.mismatches(booking, offender, reconciliation, limit)


@app.command()
def alerts(
    name: Annotated[
        str | None, typer.Option(help="Alert name prefix, e.g. reconciliation-check-failed")
    ] = None,
    event: Annotated[
        str | None, typer.Option(help="Event id: the SNS MessageId `p2n publish` printed")
    ] = None,
    since_hours: Annotated[
        float | None, typer.Option(min=0, help="Only alerts raised in the last N hours")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
) -> None:
    """Every alert ops were sent (failed checks, DLQ growth, dead letters), newest first."""
    from dagster_project.cli import commands

    commands.alerts(name, event, since_hours, limit)


@app.command()
def sandbox(port: int = 8090, db_url: str = "sqlite:///.local/sandbox.db") -> None:
    """Serve the fake HMPPS estate on 127.0.0.1 (the run command starts it for you)."""
    from dagster_project.sandbox.server import serve
    from dagster_project.sandbox.settings import SandboxSettings

    serve(port=port, settings=SandboxSettings(db_url=db_url))


def use_local_stack() -> None:
    """In local mode, take the running local stack's variables for any the shell left unset."""
    if find_spec("dagster_project.local") is None:  # the production image has no local tooling
        return
    from dagster_project.local.stack import apply_local_defaults

    apply_local_defaults()


def main() -> None:
    """The `p2n` entry point: local defaults, then the command; actionable failures in one line."""
    use_local_stack()
    try:
        app()
    except Exception as error:
        line = actionable(error)
        if line is None:
            raise
        typer.echo(f"p2n: {line}", err=True)
        sys.exit(EXIT_CODE)
