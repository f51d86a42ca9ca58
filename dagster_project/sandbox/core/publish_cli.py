"""`p2n publish …`: one typer app made of every sandbox domain's publish commands.

The CLI that mounts it decides how a :class:`Publisher` is made (from the service settings),
so this module, like the rest of the sandbox, never reads them.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from dagster_project.sandbox.core.domain import PublisherFactory, SandboxDomain, sandbox_domains
from dagster_project.sandbox.core.publish import domain_event

HELP = "Publish domain events like the DPS services do (local sandbox)."


def echo_result(result: dict[str, Any]) -> None:
    """Print a command's result as one JSON line."""
    typer.echo(json.dumps(result, default=str))


def _raw_command(app: typer.Typer, publisher: PublisherFactory) -> None:
    @app.command("raw")
    def raw(
        event_type: str,
        additional_information: Annotated[str, typer.Option(help="JSON object")] = "{}",
    ) -> None:
        """Emit any event (no DPS change): for trying bad or unknown events."""
        info = json.loads(additional_information)
        echo_result({"messageId": publisher().emit(domain_event(event_type, info))})


def build_publish_app(
    publisher: PublisherFactory, domains: tuple[SandboxDomain, ...] | None = None
) -> typer.Typer:
    """The ``publish`` app: each domain's commands, in domain order, then ``raw``.

    Args:
        publisher: makes the publisher a command uses (called per command, not at build).
        domains: the sandbox domains whose commands to add (default: all of them).
    """
    app = typer.Typer(help=HELP, add_completion=False)
    for domain in sandbox_domains() if domains is None else domains:
        if domain.publish_commands is not None:
            domain.publish_commands(app, publisher)
    _raw_command(app, publisher)
    return app
