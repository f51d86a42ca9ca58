"""The store's schema is Alembic's: same tables as store_schema, adopted, verified in production."""

import json
import logging
import threading

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from typer.testing import CliRunner

from dagster_project.cli.store import store_app
from dagster_project.settings import Settings
from dagster_project.wiring import resources_for
from resources import store_migrations
from resources.store import Store, SyncStore, create_store_engine, engine_for
from resources.store_migrations import StoreSchemaError, shown_url
from resources.store_schema import metadata
from tests.test_core.store_databases import BACKENDS, scratch_store_url


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path):
    yield from scratch_store_url(request.param, tmp_path)


@pytest.fixture
def engine(store_url):
    engine = create_store_engine(store_url)
    yield engine
    engine.dispose()


def tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def schema_diffs(engine: sa.Engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)


def test_a_fresh_store_upgraded_by_alembic_is_exactly_the_schema_module(engine):
    found = store_migrations.upgrade(engine)
    assert found.current == found.head == store_migrations.head() and found.up_to_date
    assert not found.adopted
    assert tables(engine) == set(metadata.tables) | {"alembic_version"}
    assert schema_diffs(engine) == []
    indexes = {
        index["name"]
        for table in metadata.tables
        for index in sa.inspect(engine).get_indexes(table)
        if not index.get("duplicates_constraint")  # Postgres: the unique constraint's own index
    }
    assert indexes == {index.name for table in metadata.tables.values() for index in table.indexes}


def test_upgrade_is_idempotent_and_keeps_the_data(engine):
    store_migrations.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(
            metadata.tables["alerts"]
            .insert()
            .values(name="a", raised_at=sa.func.now(), dimensions="{}", dedupe_key="k")
        )
    again = store_migrations.upgrade(engine)
    assert again.up_to_date and not again.adopted
    assert schema_diffs(engine) == []
    with engine.connect() as connection:
        assert connection.execute(sa.text("select count(*) from alerts")).scalar_one() == 1


def test_production_refuses_an_unmigrated_store_and_creates_nothing(store_url):
    with pytest.raises(StoreSchemaError) as refused:
        engine_for(store_url, upgrade_schema=False)
    message = str(refused.value)
    assert "`p2n store upgrade`" in message and "none (empty)" in message
    password = sa.make_url(store_url).password
    assert password is None or password not in message
    with pytest.raises(StoreSchemaError, match="p2n store upgrade"):
        Store(url=store_url, upgrade_schema=False).get_client()
    engine = create_store_engine(store_url)
    assert tables(engine) == set()
    store_migrations.upgrade(engine)  # what ops run
    engine.dispose()
    store = Store(url=store_url, upgrade_schema=False).get_client()  # now accepted, not cached
    store.record_alert("after-upgrade", {})
    assert [a.name for a in store.list_alerts()] == ["after-upgrade"]


def test_a_store_made_by_the_old_create_all_is_adopted_with_a_log_line(engine, caplog):
    metadata.create_all(engine)  # what the code did before migrations
    with engine.begin() as connection:
        connection.execute(
            metadata.tables["telemetry_events"]
            .insert()
            .values(name="old", occurred_at=sa.func.now(), dimensions="{}")
        )
    with caplog.at_level(logging.WARNING, logger="p2n.store"):
        found = store_migrations.upgrade(engine)
    assert found.adopted and found.up_to_date
    assert f"stamped revision {store_migrations.BASELINE}" in caplog.text
    assert schema_diffs(engine) == []
    store_migrations.verify_at_head(engine)
    with engine.connect() as connection:
        assert connection.execute(sa.text("select name from telemetry_events")).scalar() == "old"


def test_engine_for_adopts_an_old_local_store_on_first_use(tmp_path):
    url = f"sqlite:///{tmp_path / 'old-local.db'}"
    old = sa.create_engine(url)
    metadata.create_all(old)
    old.dispose()
    engine_for(url)
    assert store_migrations.state(engine_for(url)).up_to_date


def test_a_partly_created_old_store_is_refused_with_what_is_missing(engine):
    metadata.tables["alerts"].create(engine)
    with pytest.raises(StoreSchemaError, match="applied_events"):
        store_migrations.upgrade(engine)
    assert "alembic_version" not in tables(engine)


def test_a_store_migrated_by_a_newer_version_is_refused(engine):
    store_migrations.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(sa.text("update alembic_version set version_num = '9999'"))
    with pytest.raises(StoreSchemaError, match="does not know"):
        store_migrations.verify_at_head(engine)
    with pytest.raises(StoreSchemaError, match="does not know"):
        store_migrations.upgrade(engine)


def test_processes_starting_together_migrate_once(store_url):
    engines = [create_store_engine(store_url) for _ in range(4)]
    barrier = threading.Barrier(len(engines))
    errors: list[BaseException] = []

    def start(engine: sa.Engine) -> None:
        barrier.wait()
        try:
            store_migrations.upgrade(engine)
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=start, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store_migrations.state(engines[0]).up_to_date
    assert schema_diffs(engines[0]) == []
    for engine in engines:
        engine.dispose()


def test_cli_shows_then_upgrades_the_revision_without_the_password(store_url, monkeypatch):
    monkeypatch.setenv("STORE_URL", store_url)
    runner = CliRunner()
    before = runner.invoke(store_app, ["current", "--check"])
    assert before.exit_code == 1, before.output
    assert json.loads(before.output)["current"] is None
    upgraded = runner.invoke(store_app, ["upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    shown = json.loads(upgraded.output)
    assert shown["current"] == shown["head"] == store_migrations.head() and shown["up_to_date"]
    again = runner.invoke(store_app, ["current", "--check"])
    assert again.exit_code == 0 and json.loads(again.output)["up_to_date"]
    password = sa.make_url(store_url).password
    for result in (before, upgraded, again):
        assert password is None or password not in result.output


def test_urls_are_shown_without_their_password():
    engine = sa.create_engine("postgresql+psycopg2://sync:pw-Secret-77@db.internal/sync")
    assert shown_url(engine) == "postgresql+psycopg2://sync:***@db.internal/sync"


def test_production_wiring_only_verifies_the_schema(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    assert resources_for(Settings(store_url=url))["store"].upgrade_schema
    production = Settings.model_construct(environment="production", store_url=None)
    assert not production.upgrades_store_schema


def test_a_local_store_in_a_folder_not_made_yet_is_created_with_it(tmp_path):
    # a new shell's first command may run before Dagster made DAGSTER_HOME
    path = tmp_path / "new_dagster_home" / "sync-store.db"
    SyncStore(engine_for(f"sqlite:///{path}")).record_alert("probe", {})
    assert path.is_file()
