"""`drain` (production catch-up) and `telemetry` through the CLI, against the real sockets."""

import json

import dagster as dg
from typer.testing import CliRunner

from dagster_project.cli.main import app
from dagster_project.domains import APIS, domain_named

INCENTIVES = domain_named("incentives")


def cli_env(harness) -> dict[str, str]:
    s = harness.settings
    return {
        "HMPPS_AUTH_URL": s.hmpps_auth_url,
        **{api.url_setting.upper(): s.api(api).url for api in APIS},
        "SANDBOX_URL": s.sandbox_url,
        "SQS_ENDPOINT_URL": s.sqs_endpoint_url or "",
        "STORE_URL": s.resolved_store_url,
        "EVENT_RETRY_DELAYS_SECONDS": "0,0",
    }


def test_drain_processes_the_queue_through_the_sync_job(harness, monkeypatch):
    for key, value in cli_env(harness).items():
        monkeypatch.setenv(key, value)
    offender = harness.first_prisoner()["offenderNo"]
    runner = CliRunner()
    published = runner.invoke(app, ["publish", "incentive-review", offender, "BAS"])
    assert published.exit_code == 0, published.output
    review_id = json.loads(published.stdout)["review"]["id"]

    # the drain's instance is the harness's (entered and exited by `drain`, as `with` does)
    monkeypatch.setattr(dg.DagsterInstance, "get", staticmethod(lambda: harness.instance))
    drained = runner.invoke(app, ["drain", "--domain", "incentives"])
    assert drained.exit_code == 0, drained.output
    report = json.loads(drained.stdout)
    assert (report["received"], report["settled"], report["failed_runs"]) == (1, 1, 0)
    assert harness.get("/sandbox/mappings/incentives", incentiveId=review_id)
    assert harness.depth("incentives") == (0, 0, 0)
    run = harness.instance.get_run_by_id(report["run_ids"][0])
    assert run.job_name == INCENTIVES.job_name and run.tags["sync/trigger"] == "drain"

    shown = runner.invoke(app, ["telemetry", "--offender", offender, "--limit", "5"])
    assert shown.exit_code == 0
    rows = [json.loads(line) for line in shown.stdout.splitlines()]
    assert rows[0]["name"] == "incentive-create-success"
    assert rows[0]["dimensions"]["offenderNo"] == offender


def test_mock_visits_defaults_and_unknown_domain(harness, monkeypatch):
    for key, value in cli_env(harness).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("MOCK_VISITS_PRISON_ID", "LEI")
    monkeypatch.setenv("MOCK_VISITS_VISITORS", "1838,273723")
    runner = CliRunner()
    booked = runner.invoke(app, ["publish", "visit-booked"])
    assert booked.exit_code == 0, booked.output
    visit = json.loads(booked.stdout)["visit"]
    assert visit["prisonId"] == "LEI"
    assert [v["nomisPersonId"] for v in visit["visitors"]] == [1838, 273723]
    bad = runner.invoke(app, ["drain", "--domain", "nope"])
    assert bad.exit_code != 0 and "unknown domain 'nope'" in str(bad.exception)


def test_publish_commands_for_adjustments_and_activities(harness, monkeypatch):
    for key, value in cli_env(harness).items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()
    prisoner = harness.get("/sandbox/prisoners", prisonId="LEI", limit=5)[4]
    offender = prisoner["offenderNo"]

    inserted = runner.invoke(
        app, ["publish", "adjustment-inserted", offender, "UAL", "4", "--from-date", "2026-11-01"]
    )
    assert inserted.exit_code == 0, inserted.output
    adjustment_id = json.loads(inserted.stdout)["adjustment"]["adjustmentId"]
    harness.pump()
    assert harness.get("/sandbox/mappings/adjustments", adjustmentId=adjustment_id)

    for args in (
        ["adjustment-updated", adjustment_id, offender, "8"],
        ["adjustment-deleted", adjustment_id, offender],
    ):
        result = runner.invoke(app, ["publish", *args])
        assert result.exit_code == 0, result.output
        harness.pump()
    assert harness.get("/sandbox/mappings/adjustments", adjustmentId=adjustment_id) == []

    mdi = harness.get("/sandbox/prisoners", prisonId="MDI", limit=16)[15]
    allocated = runner.invoke(
        app, ["publish", "allocation", mdi["offenderNo"], "103", "2026-11-20"]
    )
    assert allocated.exit_code == 0, allocated.output
    harness.pump()
    assert harness.get("/sandbox/nomis/allocations", bookingId=mdi["bookingId"])
    assert harness.dead_letters("sentencing") == [] and harness.dead_letters("activities") == []
