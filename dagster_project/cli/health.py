"""`p2n health`: the health check job's checks from a shell; exit 0 when healthy, 1 otherwise.

The resources come from a factory handed in (`app_from_settings` for `p2n`). Client secrets
there are still `dg.EnvVar`s: they are read from the environment here, and never printed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

import typer

from dagster_project.health.report import HealthOptions


def _secret(value: Any) -> str | None:
    import dagster as dg

    return value.get_value() if isinstance(value, dg.EnvVar) else value


def build_health_app(resources: Callable[[], Mapping[str, Any]]) -> typer.Typer:
    """The `health` sub-app; `resources` builds the definitions' resources from settings."""
    app = typer.Typer(
        help="Check every API (token + one read) and every queue and DLQ.", add_completion=False
    )

    @app.callback(invoke_without_command=True)
    def health_command(
        as_json: Annotated[bool, typer.Option("--json", help="The report as JSON")] = False,
        timeout_seconds: Annotated[
            float, typer.Option(help="Per request timeout")
        ] = HealthOptions.timeout_seconds,
        max_message_age_seconds: Annotated[
            int, typer.Option(help="A main queue with an older message counts as down")
        ] = HealthOptions.max_message_age_seconds,
    ) -> None:
        """Print one row per component; exit 1 when any is down (for scripts and probes)."""
        from dagster_project.health import check as health

        built = resources()
        report = health.check_all(
            health.api_targets(built, _secret),
            built["event_queue"],
            HealthOptions(timeout_seconds, max_message_age_seconds),
        )
        typer.echo(report.model_dump_json(indent=2) if as_json else report.text())
        raise typer.Exit(0 if report.healthy else 1)

    return app


def app_from_settings() -> typer.Typer:
    """The `health` sub-app on the resources the settings build (`p2n health`)."""

    def resources() -> Mapping[str, Any]:
        from dagster_project.settings import load_settings
        from dagster_project.wiring import resources_for

        # never the sandbox's demo secret here: health reports what is set, a missing secret is
        # named, not guessed (local/sandbox_secrets.py serves `drain` only)
        return resources_for(load_settings())

    return build_health_app(resources)
