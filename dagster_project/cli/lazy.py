"""Sub-apps that load only when run, so `p2n --help` imports no definitions, Dagster or pandas."""

from __future__ import annotations

import importlib
from typing import Any

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
    setattr(run, "lazy_target", target)  # noqa: B010 - read by `expand`


def expand(command: Any) -> Any:
    """The loaded sub-app behind a lazy command (for tools that walk the command tree)."""
    target = getattr(command.callback, "lazy_target", None)
    return typer.main.get_command(load(target)) if target else command
