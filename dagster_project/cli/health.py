"""`p2n health`: the health check job's checks from a shell; exit 0 when healthy, 1 otherwise.

The resources come from a factory handed in by `cli.py` (the composition root). Client secrets
there are still `dg.EnvVar`s: they are read from the environment here, and never printed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

import dagster as dg
import typer

from dagster_project import health


def _secret(value: Any) -> str | None:
    return value.get_value() if isinstance(value, dg.EnvVar) else value


def build_health_app(resources: Callable[[], Mapping[str, Any]]) -> typer.Typer:
    """The `health` sub-app; `resources` builds the definitions' resources from settings."""
    app = typer.Typer(help="Check every API (token + one read) and every queue and DLQ.")

    @app.callback(invoke_without_command=True)
    def health_command(
        as_json: Annotated[bool, typer.Option("--json", help="The report as JSON")] = False,
        timeout_seconds: Annotated[
            float, typer.Option(help="Per request timeout")
        ] = health.HealthOptions.timeout_seconds,
        max_message_age_seconds: Annotated[
            int, typer.Option(help="A main queue with an older message counts as down")
        ] = health.HealthOptions.max_message_age_seconds,
    ) -> None:
        """Print one row per component; exit 1 when any is down (for scripts and probes)."""
        built = resources()
        report = health.check_all(
            health.api_targets(built, _secret),
            built["event_queue"],
            health.HealthOptions(timeout_seconds, max_message_age_seconds),
        )
        typer.echo(report.model_dump_json(indent=2) if as_json else report.text())
        raise typer.Exit(0 if report.healthy else 1)

    return app
