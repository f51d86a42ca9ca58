"""`p2n dlq list|redrive|purge`: the dead-letter jobs' functions from a shell.

The queue and store come from a factory handed in (`app_from_settings` for `p2n`), so the
functions here build no resources themselves; output is JSON, a refused request exits with
status 2.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from dagster_project.cli.names import domain_names

if TYPE_CHECKING:
    from resources.queues import SqsEventQueue
    from resources.store import SyncStore

T = TypeVar("T")
ALL = "all"  # as dagster_project.ALL, without importing it to print help
DomainOption = Annotated[
    str, typer.Option(help=f'"all" or one domain: {", ".join(domain_names())}')
]
LOG = logging.getLogger("p2n.dlq")


@dataclass(frozen=True)
class DlqClients:
    queue: SqsEventQueue
    store: SyncStore


def _refused(action: Callable[[], T]) -> T:
    from dagster_project.dead_letters import DeadLetterRequestError

    try:
        return action()
    except DeadLetterRequestError as error:
        typer.echo(f"refused: {error}", err=True)
        raise typer.Exit(2) from None


def build_dlq_app(clients: Callable[[], DlqClients]) -> typer.Typer:
    """The `dlq` sub-app; `clients` builds the SQS queue and the store from settings."""
    app = typer.Typer(
        help="Dead-letter queues: list, redrive, purge (same code as the jobs).",
        add_completion=False,
    )

    @app.command("list")
    def list_command(domain: DomainOption = ALL, limit: int = 100) -> None:
        """Show DLQ messages without consuming them, one JSON line each."""
        from dagster_project import dead_letters

        queue = clients().queue
        for row in _refused(lambda: dead_letters.browse(queue, domain, limit)):
            typer.echo(row.model_dump_json())

    @app.command("redrive")
    def redrive_command(domain: DomainOption = ALL, max_messages: int = 100) -> None:
        """Move DLQ messages back to their main queue (attempt 1); the sensors process them."""
        from dagster_project import dead_letters
        from dagster_project.telemetry import Telemetry

        built = clients()
        telemetry = Telemetry(built.store, LOG)
        summaries = _refused(
            lambda: dead_letters.redrive(built.queue, telemetry, domain, max_messages)
        )
        typer.echo(json.dumps([s.model_dump(mode="json") for s in summaries], indent=2))
        if any(s.error for s in summaries):
            raise typer.Exit(1)

    @app.command("purge")
    def purge_command(
        domain: Annotated[str, typer.Option(help="Exactly one domain")],
        confirm: Annotated[str, typer.Option(help="That domain's DLQ name, to confirm")],
        max_messages: int = 100,
    ) -> None:
        """DESTRUCTIVE: delete one domain's DLQ messages; each is kept as telemetry."""
        from dagster_project import dead_letters
        from dagster_project.telemetry import Telemetry

        built = clients()
        telemetry = Telemetry(built.store, LOG)
        summary = _refused(
            lambda: dead_letters.purge(built.queue, telemetry, domain, max_messages, confirm)
        )
        typer.echo(summary.model_dump_json(indent=2))
        if summary.error:
            raise typer.Exit(1)

    return app


def app_from_settings() -> typer.Typer:
    """The `dlq` sub-app on the queue and store the settings name (`p2n dlq`)."""

    def clients() -> DlqClients:
        from dagster_project.cli.commands import dlq_clients

        return dlq_clients()

    return build_dlq_app(clients)
