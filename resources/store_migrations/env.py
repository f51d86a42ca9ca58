"""Alembic environment: runs on the connection `resources.store_migrations` hands over.

There is no alembic.ini and no URL here: the caller opens the connection (holding the
migration lock) and puts it in `config.attributes["connection"]`.
"""

from alembic import context

from resources.store_schema import metadata


def run_migrations() -> None:
    """Run the migrations on the connection the caller opened."""
    connection = context.config.attributes.get("connection")
    if context.is_offline_mode() or connection is None:
        raise RuntimeError(
            "the store's migrations run online, through `p2n store upgrade` "
            "(resources.store_migrations.upgrade), on the connection it opens"
        )
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite alters tables by copy; batch ops are plain ALTERs elsewhere
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


# Alembic runs this file as a script; anything else that imports it (a walk over the
# `resources` package, say) must not start a migration.
if getattr(context, "config", None) is not None:
    run_migrations()
