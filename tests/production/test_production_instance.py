"""deploy/production/dagster.yaml is a valid Dagster instance config with the production shape.

No database or cluster here: the file is validated against Dagster's instance schema and each
pluggable class's own schema with the environment filled in. The Postgres stage loads it on a
real server (test_postgres_instance.py).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import yaml
from dagster._config import process_config
from dagster._core.instance.ref import InstanceRef
from dagster._serdes.config_class import ConfigurableClassData
from dagster_aws.s3.compute_log_manager import S3ComputeLogManager
from dagster_postgres.utils import pg_url_from_config

from tests.production.postgres import PRODUCTION_YAML, REPO, write_instance_home

ENVIRONMENT = {
    "DAGSTER_PG_USERNAME": "dagster",
    "DAGSTER_PG_PASSWORD": "pg-Secret-1",
    "DAGSTER_PG_HOST": "dagster-db.example.internal",
    "DAGSTER_PG_DB": "dagster",
    "DAGSTER_PG_PORT": "5433",
    "DAGSTER_K8S_JOB_NAMESPACE": "prisoner-to-nomis-sync",
    "DAGSTER_K8S_SERVICE_ACCOUNT": "p2n-runs",
    "DAGSTER_K8S_INSTANCE_CONFIG_MAP": "dagster-instance",
    "DAGSTER_K8S_PG_PASSWORD_SECRET": "dagster-postgresql-secret",
    "DAGSTER_K8S_ENV_CONFIG_MAP": "p2n-env",
    "DAGSTER_K8S_ENV_SECRET": "p2n-secrets",
    "DAGSTER_COMPUTE_LOGS_BUCKET": "p2n-compute-logs",
    "DAGSTER_COMPUTE_LOGS_PREFIX": "prisoner-to-nomis-sync",
    "AWS_DEFAULT_REGION": "eu-west-2",
}
DOMAIN_LIMIT = {"key": "domain", "value": {"applyLimitPerUniqueValue": True}, "limit": 2}


@pytest.fixture
def production_env(monkeypatch):
    for name, value in ENVIRONMENT.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def ref(production_env, tmp_path) -> InstanceRef:
    write_instance_home(tmp_path, raw())
    return InstanceRef.from_dir(str(tmp_path))


def raw(path: Path = PRODUCTION_YAML) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


def validate(data: ConfigurableClassData) -> Any:
    """Validate `data` against its class's own schema, environment resolved."""
    klass = getattr(importlib.import_module(data.module_name), data.class_name)
    return process_config(klass.config_type(), yaml.safe_load(data.config_yaml))


def resolved(data: ConfigurableClassData) -> dict[str, Any]:
    result = validate(data)
    assert result.success, result.errors
    return dict(result.value)


def test_every_pluggable_class_is_valid_with_the_environment_filled_in(ref):
    assert ref.storage_data.class_name == "DagsterPostgresStorage"
    assert ref.run_launcher_data.class_name == "K8sRunLauncher"
    assert ref.compute_logs_data.class_name == "S3ComputeLogManager"
    assert ref.run_coordinator_data.class_name == "QueuedRunCoordinator"
    for data in (
        ref.storage_data,
        ref.run_launcher_data,
        ref.compute_logs_data,
        ref.run_coordinator_data,
    ):
        resolved(data)


def test_postgres_storage_uses_psycopg2_and_the_environment(ref):
    storage = resolved(ref.storage_data)["postgres_db"]
    url = pg_url_from_config({"postgres_db": storage})
    # SQLAlchemy 2.1 reads a bare postgresql:// as psycopg 3, which is not installed
    assert (
        url == "postgresql+psycopg2://dagster:pg-Secret-1@dagster-db.example.internal:5433/dagster"
    )


def test_runs_go_to_kubernetes_with_the_cluster_settings(ref):
    launcher = resolved(ref.run_launcher_data)
    assert launcher["job_namespace"] == "prisoner-to-nomis-sync"
    assert launcher["service_account_name"] == "p2n-runs"
    assert launcher["instance_config_map"] == "dagster-instance"
    assert launcher["postgres_password_secret"] == "dagster-postgresql-secret"
    assert launcher["env_config_maps"] == ["p2n-env"]
    assert launcher["env_secrets"] == ["p2n-secrets"]
    assert "job_image" not in launcher  # a run uses the image of the code location that made it


def test_compute_logs_go_to_s3(ref):
    logs = resolved(ref.compute_logs_data)
    assert (logs["bucket"], logs["prefix"]) == ("p2n-compute-logs", "prisoner-to-nomis-sync")
    assert logs.get("verify", True) and logs.get("use_ssl", True)
    assert isinstance(ref.compute_log_manager, S3ComputeLogManager)


def test_one_run_per_domain_like_local(production_env, tmp_path):
    production, local = raw(), raw(REPO / "deploy" / "local" / "dagster.yaml")
    assert production["concurrency"]["runs"]["tag_concurrency_limits"] == [DOMAIN_LIMIT]
    assert local["concurrency"]["runs"]["tag_concurrency_limits"] == [DOMAIN_LIMIT]
    for key in ("run_coordinator", "run_retries", "sensors", "telemetry"):
        assert production[key] == local[key], key
    # how Dagster reads it: the same file with SQLite storage and a local launcher
    config = {
        **production,
        "storage": {"sqlite": {"base_dir": str(tmp_path / "storage")}},
        "run_launcher": {"module": "dagster.core.launcher", "class": "DefaultRunLauncher"},
        "compute_logs": {
            "module": "dagster.core.storage.local_compute_log_manager",
            "class": "LocalComputeLogManager",
            "config": {"base_dir": str(tmp_path / "logs")},
        },
    }
    home = write_instance_home(tmp_path / "home", config)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        queue = instance.get_concurrency_config().run_queue_config
        assert queue is not None
        assert queue.max_concurrent_runs == production["concurrency"]["runs"]["max_concurrent_runs"]
        assert [dict(limit) for limit in queue.tag_concurrency_limits] == [DOMAIN_LIMIT]
        assert instance.run_monitoring_enabled and instance.run_retries_max_retries == 2
        assert not instance.telemetry_enabled


def test_tick_history_is_purged_and_telemetry_is_off():
    config = raw()
    assert config["retention"]["schedule"]["purge_after_days"] > 0
    sensor_days = config["retention"]["sensor"]["purge_after_days"]
    assert set(sensor_days) == {"skipped", "started", "success", "failure"}
    assert all(days > 0 for days in sensor_days.values())
    assert config["telemetry"] == {"enabled": False}


def test_an_unset_variable_is_named_when_the_instance_loads(production_env, monkeypatch, ref):
    monkeypatch.delenv("DAGSTER_PG_HOST")
    result = validate(ref.storage_data)
    assert not result.success
    assert "DAGSTER_PG_HOST" in " ".join(error.message for error in result.errors)
