"""End to end on Postgres: the Dagster instance and the service's store both on the server.

The integration harness (moto server + sandbox over HTTP, sensors ticked like the daemon, runs
executed against the instance), with the production instance config (launcher aside) on a Postgres
database and STORE_URL on another. Every domain's soak actor publishes one unit of work (the
registry decides which domains; none is named here), each reaches NOMIS exactly once, and every
record the sync keeps is read back from Postgres.
"""

from __future__ import annotations

import random

import dagster as dg
import httpx
import pytest
import requests
import sqlalchemy as sa

from bench.soak.workload import soak_actors
from dagster_project.domains import DOMAINS
from dagster_project.local.aws import provision
from dagster_project.sandbox.core.soak import SoakActor, SoakContext
from dagster_project.sandbox.server import SandboxServer
from dagster_project.sandbox.settings import DEFAULT_CLIENT_IDS, SandboxSettings
from resources.auth import clear_token_cache
from tests.harness import E2E_SECRET, SECRET_VARIABLES, Harness, e2e_settings
from tests.production.postgres import (
    REQUIRES_POSTGRES,
    dagster_pg_env,
    production_config,
    write_instance_home,
)

pytestmark = REQUIRES_POSTGRES


@pytest.fixture
def store_url(new_database) -> sa.URL:
    return new_database("store")


# prisoners per seed prison: enough that some are still unallocated, so every soak actor has work
ROOMY_PRISONS = 40


@pytest.fixture(scope="module")
def roomy_sandbox(tmp_path_factory):
    """The sandbox over real sockets, seeded so every domain's soak actor has a unit to publish."""
    db = tmp_path_factory.mktemp("roomy-sandbox") / "sandbox.db"
    settings = SandboxSettings(
        db_url=f"sqlite:///{db}",
        clients=dict.fromkeys(DEFAULT_CLIENT_IDS, E2E_SECRET),
        seed_prisoners_per_prison=ROOMY_PRISONS,
    )
    with SandboxServer(settings) as server:
        yield server


@pytest.fixture
def pg_harness(moto_url, roomy_sandbox, new_database, store_url, tmp_path, monkeypatch):  # noqa: F811
    for name, value in dagster_pg_env(new_database("dagster")).items():
        monkeypatch.setenv(name, value)
    # the URL carries a password, so the wiring binds it as EnvVar("STORE_URL")
    monkeypatch.setenv("STORE_URL", store_url.render_as_string(hide_password=False))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    for api in SECRET_VARIABLES:
        monkeypatch.setenv(api, E2E_SECRET)
    requests.post(f"{moto_url}/moto-api/reset", timeout=10).raise_for_status()
    clear_token_cache()
    local_logs = {
        "module": "dagster.core.storage.local_compute_log_manager",
        "class": "LocalComputeLogManager",
        "config": {"base_dir": str(tmp_path / "compute_logs")},
    }
    home = write_instance_home(
        tmp_path / "dagster_home", production_config(compute_logs=local_logs)
    )
    with httpx.Client(base_url=roomy_sandbox.base_url, timeout=30) as sandbox:
        sandbox.post("/sandbox/reset").raise_for_status()
        settings = e2e_settings(
            roomy_sandbox.base_url,
            moto_url,
            tmp_path / "unused.db",
            store_url=store_url.render_as_string(hide_password=False),
        )
        provision(settings)
        with dg.DagsterInstance.from_config(str(home)) as instance:
            yield Harness(settings, instance, sandbox)
    clear_token_cache()


def publish_one_unit_per_domain(harness: Harness) -> dict[str, SoakActor]:
    """Each domain's soak actor publishes one unit of work (DPS state first, then the event)."""
    context = SoakContext(
        sandbox=harness.sandbox, publisher=harness.publisher, rng=random.Random(20261207)
    )
    actors = {name: actor(context) for name, actor in soak_actors().items()}
    assert set(actors) == {d.name for d in DOMAINS}, "every domain brings a soak actor"
    for actor in actors.values():
        actor.prepare()
    idle = sorted(name for name, actor in actors.items() if not actor.has_work())
    assert not idle, f"no work in this seed for {idle}"
    for actor in actors.values():
        assert actor.step(), "a unit of work publishes at least one event"
    return actors


def test_one_event_per_domain_on_postgres_instance_and_store(pg_harness, store_url):
    harness = pg_harness
    instance = harness.instance
    assert type(instance.run_storage).__name__ == "PostgresRunStorage"
    assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
    assert harness.settings.resolved_store_url.startswith("postgresql+psycopg2://")
    actors = publish_one_unit_per_domain(harness)

    assert harness.pump() >= len(DOMAINS)
    assert all(result.success for result in harness.run_results)

    # NOMIS holds every unit's effect exactly once
    for name, actor in actors.items():
        check = actor.verify()
        assert (check.lost, check.doubled) == (0, 0), (name, check)
        assert check.expected > 0, name

    # the runs are in Dagster's Postgres storage, one per domain
    runs = instance.get_runs()
    assert {run.tags["domain"] for run in runs} == {d.name for d in DOMAINS}
    assert all(run.status == dg.DagsterRunStatus.SUCCESS for run in runs)
    assert instance.all_logs(runs[0].run_id)  # event log on Postgres too

    # and the store's rows are in the store database, pointing at those runs
    engine = sa.create_engine(store_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            inbox = connection.execute(
                sa.text("SELECT domain, status, run_id FROM message_inbox")
            ).all()
            applied = connection.execute(sa.text("SELECT domain FROM applied_events")).scalars()
            applied_domains = set(applied)
            telemetry_runs = set(
                connection.execute(sa.text("SELECT run_id FROM telemetry_events")).scalars()
            )
    finally:
        engine.dispose()
    assert {row.domain for row in inbox} == {d.name for d in DOMAINS}
    statuses = {row.status for row in inbox}
    # A unit may publish a parent and its children at once (a new landing with its cells): a
    # child waits for its parent's mapping, re-queued, then applied (the actors' verify above
    # found nothing lost). Every message ends done or re-queued, none failed or dead-lettered.
    assert "done" in statuses and statuses <= {"done", "requeued"}, statuses
    assert {row.run_id for row in inbox} == {run.run_id for run in runs}
    assert applied_domains == {d.name for d in DOMAINS}
    # every domain's sync run wrote its telemetry to the Postgres store
    assert {run.run_id for run in runs} <= telemetry_runs
