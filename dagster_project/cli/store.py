"""`p2n store upgrade|current`: the store's schema migrations from a shell.

Production never migrates by itself: ops run `p2n store upgrade` with the deployment's
`STORE_URL` before rolling out a version whose schema is newer. Output is JSON and shows the
store's URL without its password; a refused upgrade exits with status 2.
"""

from __future__ import annotations

from typing import Annotated

import typer

store_app = typer.Typer(
    help="The store's schema: show its revision, migrate it to this version.", add_completion=False
)


@store_app.command("upgrade")
def upgrade() -> None:
    """Migrate the store (STORE_URL) to this version's newest revision; safe to repeat."""
    from dagster_project.settings import load_settings
    from resources import store_migrations
    from resources.store import create_store_engine
    from resources.store_migrations import StoreSchemaError

    engine = create_store_engine(load_settings().resolved_store_url)
    try:
        found = store_migrations.upgrade(engine)
    except StoreSchemaError as error:
        typer.echo(f"refused: {error}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    typer.echo(found.model_dump_json())


@store_app.command("current")
def current(
    check: Annotated[
        bool, typer.Option(help="Exit with status 1 unless the store is at the newest revision")
    ] = False,
) -> None:
    """Show the store's schema revision and the newest one this version knows."""
    from dagster_project.settings import load_settings
    from resources import store_migrations
    from resources.store import create_store_engine

    engine = create_store_engine(load_settings().resolved_store_url)
    try:
        found = store_migrations.state(engine)
    finally:
        engine.dispose()
    typer.echo(found.model_dump_json())
    if check and not found.up_to_date:
        raise typer.Exit(1)
