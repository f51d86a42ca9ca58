"""`p2n publish …`: change DPS state in the sandbox and emit the domain event, as DPS would.

The commands are the sandbox domains' own (`sandbox/domains/<name>/publish.py`); this module
only aims them with the service settings. Each command checks first that the topic and the
sandbox answer, so a failure never leaves DPS changed with no event sent. The sandbox and the
local tooling are not in the production image, where `publish` is an empty group that says so.
"""

from __future__ import annotations

import atexit
from importlib.util import find_spec
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from dagster_project.local.publish import Publisher


def checked_publisher() -> Publisher:
    """A publisher on the settings' topic and sandbox, checked reachable before any DPS change."""
    from dagster_project.local.publish import Publisher
    from dagster_project.settings import load_settings

    publisher = Publisher(load_settings())
    atexit.register(publisher.close)  # a command uses it to the end; the process ends then
    publisher.check()
    return publisher


def build_publish_app() -> typer.Typer:
    """The sandbox's `publish` app with a checked publisher made from the settings."""
    if find_spec("dagster_project.sandbox") is None or find_spec("dagster_project.local") is None:
        return typer.Typer(
            help="Publish domain events (local tooling: not in this install).", add_completion=False
        )
    from dagster_project.sandbox.core.publish_cli import build_publish_app as build

    return build(checked_publisher)
