"""`p2n publish …`: change DPS state in the sandbox and emit the domain event, as DPS would.

The commands are the sandbox domains' own (``sandbox/domains/<name>/publish.py``); this module
only aims them with the service settings. The sandbox and the local tooling are not in the
production image, where ``publish`` is an empty group that says so.
"""

from __future__ import annotations

from importlib.util import find_spec

import typer

from dagster_project.settings import Settings


def build_publish_app() -> typer.Typer:
    """The sandbox's ``publish`` app with a publisher made from ``Settings.from_env()``."""
    if find_spec("dagster_project.sandbox") is None or find_spec("dagster_project.local") is None:
        return typer.Typer(help="Publish domain events (local tooling: not in this install).")
    from dagster_project.local.publish import Publisher
    from dagster_project.sandbox.core.publish_cli import build_publish_app as build

    return build(lambda: Publisher(Settings.from_env()))


publish_app = build_publish_app()
