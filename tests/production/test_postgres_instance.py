"""deploy/production/dagster.yaml, unchanged, loads on a real PostgreSQL server.

Everything but the run launcher (loaded lazily, and only inside the cluster) is built: the
Postgres storages create their schema, the queue reads the per-domain limit.
"""

from __future__ import annotations

import dagster as dg
import pytest
import sqlalchemy as sa
from dagster._core.definitions.run_request import InstigatorType
from dagster._core.scheduler.instigation import TickStatus
from dagster_aws.s3.compute_log_manager import S3ComputeLogManager

from tests.production.postgres import PRODUCTION_YAML, REQUIRES_POSTGRES, dagster_pg_env
from tests.production.test_production_instance import DOMAIN_LIMIT, ENVIRONMENT

pytestmark = REQUIRES_POSTGRES


@pytest.fixture
def production_home(new_database, tmp_path, monkeypatch):
    database = new_database("instance")
    for name, value in {**ENVIRONMENT, **dagster_pg_env(database)}.items():
        monkeypatch.setenv(name, value)
    (tmp_path / "dagster.yaml").write_text(PRODUCTION_YAML.read_text())
    return tmp_path, database


def test_the_production_file_loads_on_postgres(production_home):
    home, database = production_home
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
        assert type(instance.schedule_storage).__name__ == "PostgresScheduleStorage"
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        assert isinstance(instance.compute_log_manager, S3ComputeLogManager)
        assert instance.get_ref().run_launcher_data.class_name == "K8sRunLauncher"
        queue = instance.get_concurrency_config().run_queue_config
        assert queue is not None
        assert [dict(limit) for limit in queue.tag_concurrency_limits] == [DOMAIN_LIMIT]
        sensor_ticks = instance.get_tick_retention_settings(InstigatorType.SENSOR)
        assert sensor_ticks[TickStatus.SKIPPED] == 2
        assert instance.run_retries_enabled and instance.run_monitoring_enabled
        instance.add_run(dg.DagsterRun(job_name="probe", run_id="probe-run", tags={"domain": "x"}))

    engine = sa.create_engine(database, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
            runs = connection.execute(sa.text("SELECT run_id FROM runs")).scalars().all()
    finally:
        engine.dispose()
    assert {"runs", "event_logs", "jobs", "job_ticks", "run_tags"} <= tables
    assert runs == ["probe-run"]
