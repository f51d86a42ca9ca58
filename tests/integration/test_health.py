"""Health checks on the real sandbox and moto server: all up, an API or auth down, a queue gone."""

import datetime as dt
import json

import boto3
import dagster as dg
import pytest
from typer.testing import CliRunner

from dagster_project.cli.main import app
from dagster_project.definitions import build_definitions
from dagster_project.domains import APIS as REGISTERED_APIS
from dagster_project.domains import DOMAINS
from dagster_project.health import check as health
from sensors.health import CRON, build_health_check_schedule
from tests.harness import E2E_SECRET, e2e_settings
from tests.secret_scan import scan

# every API of the registry: the shared two first, then each domain's
APIS = [api.key for api in REGISTERED_APIS]
QUEUES = [f"{d.name}_{kind}" for d in DOMAINS for kind in ("queue", "dlq")]


def cli_env(harness, monkeypatch) -> None:
    s = harness.settings
    for name in ("hmpps_auth_url", *(f for f in type(s).model_fields if f.endswith("_api_url"))):
        monkeypatch.setenv(name.upper(), getattr(s, name))
    monkeypatch.setenv("SQS_ENDPOINT_URL", s.sqs_endpoint_url or "")
    monkeypatch.setenv("STORE_URL", s.resolved_store_url)


def cli(harness, monkeypatch, *args: str):
    cli_env(harness, monkeypatch)
    return CliRunner().invoke(app, ["health", *args])


def cli_report(harness, monkeypatch) -> tuple[int, health.HealthReport, str]:
    result = cli(harness, monkeypatch, "--json")
    return result.exit_code, health.HealthReport.model_validate_json(result.stdout), result.output


def run_job(harness, settings=None) -> dg.ExecuteInProcessResult:
    defs = harness.defs if settings is None else build_definitions(settings)
    return defs.resolve_job_def("health_check_job").execute_in_process(
        instance=harness.instance, raise_on_error=False
    )


def by_name(report: health.HealthReport) -> dict[str, health.ComponentHealth]:
    return {c.component: c for c in report.components}


def output_metadata(result: dg.ExecuteInProcessResult) -> dict:
    [output] = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_OUTPUT]
    return {k: v.value for k, v in output.event_specific_data.metadata.items()}


def failure(result: dg.ExecuteInProcessResult) -> tuple[str, dict]:
    [failed] = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    data = failed.event_specific_data.user_failure_data
    return data.description, {k: v.value for k, v in data.metadata.items()}


def event_log(harness) -> str:
    return "\n".join(
        f"{entry.message}\n{entry.dagster_event!r}"
        for run in harness.instance.get_runs()
        for entry in harness.instance.all_logs(run.run_id)
    )


def test_everything_up_is_healthy_in_the_job_and_the_cli(harness, monkeypatch, capfd):
    result = run_job(harness)
    assert result.success
    metadata = output_metadata(result)
    assert metadata["healthy"] is True
    assert metadata["failed"] == "none"
    table = metadata["components"]
    assert "FAILED" not in table
    for name in [*APIS, *QUEUES]:
        assert f"| {name} |" in table

    code, report, output = cli_report(harness, monkeypatch)
    assert code == 0, output
    assert report.healthy
    found = by_name(report)
    assert sorted(found) == sorted([*APIS, *QUEUES])
    for name in APIS:
        assert found[name].detail.startswith("token "), found[name]
    assert "active prisoners" in found["nomis_prisoner_api"].detail
    assert "404 as expected" in found["visits_api"].detail
    assert "prisoner_to_nomis_visit_dlq: visible 0" in found["visits_dlq"].detail

    text = cli(harness, monkeypatch)
    assert text.exit_code == 0
    assert text.output.splitlines()[-1] == "healthy"

    out, err = capfd.readouterr()
    texts = {"cli": output + text.output, "captured": out + err, "event log": event_log(harness)}
    assert scan(texts, [], secrets=[E2E_SECRET]) == []


def test_a_failing_api_fails_its_component_the_run_and_the_cli(harness, monkeypatch):
    harness.fault(service="nomis", status=503)

    code, report, output = cli_report(harness, monkeypatch)
    assert code == 1, output
    [down] = report.failed()
    assert down.component == "nomis_prisoner_api"
    assert "token ok; read failed" in down.detail
    assert "503" in down.detail

    result = run_job(harness)
    assert not result.success
    description, metadata = failure(result)
    assert description.startswith("1 component(s) down: nomis_prisoner_api: token ok; read failed")
    assert metadata["healthy"] is False
    assert metadata["failed"] == "nomis_prisoner_api"
    assert "| nomis_prisoner_api | api | **FAILED** |" in metadata["components"]

    text = cli(harness, monkeypatch)
    assert text.exit_code == 1
    assert text.output.splitlines()[-1] == "UNHEALTHY: 1 failed"


def test_auth_down_fails_every_api_on_its_token_and_leaks_nothing(harness, monkeypatch, capfd):
    harness.fault(service="auth", method="POST", pathPattern="/oauth/token$", status=500)

    code, report, output = cli_report(harness, monkeypatch)
    assert code == 1, output
    found = by_name(report)
    for name in APIS:
        assert not found[name].ok
        assert found[name].detail.startswith("token: token request for client"), found[name]
    assert all(found[name].ok for name in QUEUES)

    result = run_job(harness)
    assert not result.success
    description, _ = failure(result)
    assert f"{len(APIS)} component(s) down" in description

    out, err = capfd.readouterr()
    texts = {"cli": output, "captured": out + err, "event log": event_log(harness)}
    assert scan(texts, [], secrets=[E2E_SECRET]) == []


def test_a_missing_client_secret_is_named_not_guessed(harness, monkeypatch):
    monkeypatch.delenv("VISITS_CLIENT_SECRET")
    code, report, _ = cli_report(harness, monkeypatch)
    assert code == 1
    [down] = report.failed()
    assert (down.component, down.detail) == (
        "visits_api",
        "client secret not set (VISITS_CLIENT_SECRET)",
    )


def test_a_queue_that_does_not_exist_is_down(harness, monkeypatch, tmp_path):
    settings = e2e_settings(
        harness.settings.sandbox_url,
        harness.settings.sqs_endpoint_url,
        tmp_path / "other-store.db",
        visits_dlq_name="prisoner_to_nomis_no_such_dlq",
    )
    result = run_job(harness, settings)
    assert not result.success
    description, _ = failure(result)
    assert description == (
        "1 component(s) down: visits_dlq: prisoner_to_nomis_no_such_dlq: queue does not exist"
    )

    monkeypatch.setenv("VISITS_DLQ_NAME", "prisoner_to_nomis_no_such_dlq")
    code, report, _ = cli_report(harness, monkeypatch)
    assert code == 1
    assert [c.component for c in report.failed()] == ["visits_dlq"]


@pytest.mark.parametrize(("age", "ok"), [(4000.0, False), (60.0, True)])
def test_a_main_queue_with_an_old_message_is_down(harness, age, ok):
    settings = harness.settings
    cloudwatch = boto3.client(
        "cloudwatch", region_name=settings.aws_region, endpoint_url=settings.sqs_endpoint_url
    )
    cloudwatch.put_metric_data(
        Namespace="AWS/SQS",
        MetricData=[
            {
                "MetricName": "ApproximateAgeOfOldestMessage",
                "Dimensions": [{"Name": "QueueName", "Value": settings.incentives_queue_name}],
                "Timestamp": dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2),
                "Value": age,
            }
        ],
    )
    report = health.check_all(
        [], harness.resources["event_queue"], health.HealthOptions(max_message_age_seconds=1800)
    )
    found = by_name(report)
    assert found["incentives_queue"].ok is ok
    assert f"oldest {age:.0f} s" in found["incentives_queue"].detail
    assert "oldest n/a (no CloudWatch datapoints)" in found["visits_queue"].detail
    assert report.healthy is ok


def test_the_schedule_runs_every_five_minutes_in_production_only():
    assert CRON == "*/5 * * * *"
    assert build_health_check_schedule(True).default_status == dg.DefaultScheduleStatus.RUNNING
    assert build_health_check_schedule(False).default_status == dg.DefaultScheduleStatus.STOPPED


def test_the_report_json_has_no_secret_fields():
    report = health.HealthReport(checked_at=dt.datetime.now(dt.UTC), components=[])
    assert set(json.loads(report.model_dump_json())) == {"checked_at", "components"}
