"""Settings come from the environment once; bad values fail clearly at load time."""

import pytest
from pydantic import ValidationError

from dagster_project.settings import Settings, disabled_event_types, feature_switch_name


def test_defaults_point_at_the_local_sandbox_and_sqlite(monkeypatch, tmp_path):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    settings = Settings()
    assert settings.nomis_api_url == "http://127.0.0.1:8090/nomis"
    assert settings.token_url == "http://127.0.0.1:8090/auth/oauth/token"
    assert settings.resolved_store_url == f"sqlite:///{tmp_path / 'sync-store.db'}"
    assert settings.sqs_endpoint_url is None


def test_environment_overrides(monkeypatch):
    monkeypatch.setenv("SQS_ENDPOINT_URL", "")
    monkeypatch.setenv("EVENT_RETRY_DELAYS_SECONDS", "5,30,120,900")
    monkeypatch.setenv("STORE_URL", "postgresql+psycopg2://u@h/db")
    settings = Settings()
    assert settings.sqs_endpoint_url is None
    assert settings.event_retry_delays_seconds == (5, 30, 120, 900)
    assert settings.max_event_attempts == 5
    assert settings.resolved_store_url == "postgresql+psycopg2://u@h/db"


@pytest.mark.parametrize(
    ("name", "value"),
    [("EVENT_RETRY_DELAYS_SECONDS", "1,901"), ("SENSOR_BATCH_SIZE", "0"), ("ENVIRONMENT", "dev")],
)
def test_bad_values_are_rejected_with_the_variable_named(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=name.lower()):
        Settings()


def test_feature_switches_default_on():
    env = {
        "FEATURE_EVENT_PRISON_VISIT_BOOKED": "false",
        "FEATURE_EVENT_PRISON_VISIT_CHANGED": "true",
        "OTHER": "false",
    }
    assert disabled_event_types(env) == frozenset({"FEATURE_EVENT_PRISON_VISIT_BOOKED"})
    assert feature_switch_name("incentives.iep-review.inserted") == (
        "FEATURE_EVENT_INCENTIVES_IEP_REVIEW_INSERTED"
    )
