"""Settings come from the environment once; bad values fail clearly at load time."""

import pytest
from pydantic import ValidationError

from dagster_project.domains import APIS, DOMAINS
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


# every API of the registry on https, real AWS
PRODUCTION_HTTPS = {
    "ENVIRONMENT": "production",
    "HMPPS_AUTH_URL": "https://sign-in.hmpps.service.justice.gov.uk/auth",
    **{
        api.url_setting.upper(): f"https://{api.key.replace('_', '-')}.hmpps.service.justice.gov.uk"
        for api in APIS
    },
    "SQS_ENDPOINT_URL": "",
}


def production(monkeypatch, **overrides: str) -> Settings:
    for name, value in {**PRODUCTION_HTTPS, **overrides}.items():
        monkeypatch.setenv(name, value)
    return Settings()


def test_production_accepts_https_everywhere_and_real_aws(monkeypatch):
    settings = production(monkeypatch)
    assert settings.sqs_endpoint_url is None
    assert set(settings.tls_urls()) == {name.lower() for name in PRODUCTION_HTTPS} - {"environment"}
    vpc_endpoint = "https://sqs.eu-west-2.amazonaws.com"
    assert production(monkeypatch, SQS_ENDPOINT_URL=vpc_endpoint).sqs_endpoint_url == vpc_endpoint


@pytest.mark.parametrize(
    "name", [n for n in PRODUCTION_HTTPS if n.endswith("_URL") and n != "SQS_ENDPOINT_URL"]
)
def test_production_refuses_a_plain_http_api_or_auth_url(monkeypatch, name):
    with pytest.raises(ValidationError, match=f"requires https://.*{name}=http://api.internal/x"):
        production(monkeypatch, **{name: "http://api.internal/x"})


def test_production_refuses_a_plain_http_sqs_endpoint_and_names_every_offender(monkeypatch):
    with pytest.raises(ValidationError) as raised:
        production(
            monkeypatch,
            SQS_ENDPOINT_URL="http://localstack:4566",
            NOMIS_API_URL="http://nomis.internal/api",
        )
    message = str(raised.value)
    assert "SQS_ENDPOINT_URL=http://localstack:4566" in message
    assert "NOMIS_API_URL=http://nomis.internal/api" in message
    assert "may also be empty (real AWS)" in message


@pytest.mark.parametrize("value", ["nomis.internal/api", "ftp://nomis.internal", "https://"])
def test_a_url_without_an_http_scheme_or_a_host_is_refused_in_any_environment(value):
    with pytest.raises(ValidationError, match="NOMIS_API_URL=.*not an http\\(s\\) URL with a host"):
        Settings(environment="local", nomis_api_url=value)


def test_local_keeps_the_http_sandbox():
    assert Settings(environment="local").nomis_api_url.startswith("http://127.0.0.1")


def test_errors_never_echo_the_store_url_password(monkeypatch):
    monkeypatch.setenv("STORE_URL", "postgresql+psycopg2://sync:pw-Secret-77@db/sync")
    with pytest.raises(ValidationError) as raised:
        production(monkeypatch, NOMIS_API_URL="http://user:pw-Secret-77@nomis.internal/")
    assert "pw-Secret-77" not in str(raised.value)
    assert "NOMIS_API_URL=http://nomis.internal/" in str(raised.value)
    settings = production(monkeypatch)
    assert "pw-Secret-77" not in repr(settings)
    assert settings.resolved_store_url == "postgresql+psycopg2://sync:pw-Secret-77@db/sync"


def test_every_api_and_domain_has_its_variables_with_the_old_names_as_defaults(monkeypatch):
    settings = Settings()
    for api in APIS:
        assert settings.api(api).url == f"http://127.0.0.1:8090{api.sandbox_path}"
        assert settings.api(api).client_id == api.default_client_id
        monkeypatch.setenv(api.url_setting.upper(), f"https://{api.env.lower()}.example")
        monkeypatch.setenv(f"{api.env}_CLIENT_ID", f"{api.env.lower()}-client")
    for domain in DOMAINS:
        assert settings.queue(domain) == (
            f"prisoner_to_nomis_{domain.queue}_queue",
            f"prisoner_to_nomis_{domain.queue}_dlq",
        )
        monkeypatch.setenv(f"{domain.env}_QUEUE_NAME", f"{domain.name}-q")
        monkeypatch.setenv(f"{domain.env}_DLQ_NAME", f"{domain.name}-dlq")
    overridden = Settings()
    for api in APIS:
        assert overridden.api(api).url == f"https://{api.env.lower()}.example"
        assert overridden.api(api).client_id == f"{api.env.lower()}-client"
    assert overridden.queues() == {d.name: (f"{d.name}-q", f"{d.name}-dlq") for d in DOMAINS}
