"""Sub-apps that load only when run, so `p2n --help` imports no definitions, Dagster or pandas."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import typer


def load(target: str) -> typer.Typer:
    """`module:name` -> the typer app (or a function returning it) found there."""
    module, _, name = target.partition(":")
    found = getattr(importlib.import_module(module), name)
    return found if isinstance(found, typer.Typer) else found()


def add_lazy(app: typer.Typer, name: str, help_text: str, target: str) -> None:
    """Mount `target` (`module:name`) as `p2n <name>`, imported only when that command runs.

    The arguments after `name` (its sub-commands, options and `--help`) go to the loaded app.
    """

    @app.command(
        name,
        help=help_text,
        add_help_option=False,
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    )
    def run(context: typer.Context) -> None:
        command = typer.main.get_command(load(target))
        command.main(args=list(context.args), prog_name=f"p2n {name}", standalone_mode=True)

    run.__doc__ = help_text


def lazy_factory(target: str) -> Callable[[], typer.Typer]:
    return lambda: load(target)
