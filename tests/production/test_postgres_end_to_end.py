"""End to end on Postgres: the Dagster instance and the service's store both on the server.

The integration harness (moto server + sandbox over HTTP, sensors ticked like the daemon, runs
executed against the instance), with the production instance config (launcher aside) on a Postgres
database and STORE_URL on another. One event per domain reaches NOMIS, and every record the
sync keeps is read back from Postgres.
"""

from __future__ import annotations

from typing import Any

import dagster as dg
import httpx
import pytest
import requests
import sqlalchemy as sa

from dagster_project.domains import DOMAINS
from dagster_project.local.aws import provision
from dagster_project.local.publish import domain_event
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


@pytest.fixture
def pg_harness(moto_url, sandbox_server, new_database, store_url, tmp_path, monkeypatch):  # noqa: F811
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
    with httpx.Client(base_url=sandbox_server.base_url, timeout=30) as sandbox:
        sandbox.post("/sandbox/reset").raise_for_status()
        settings = e2e_settings(
            sandbox_server.base_url,
            moto_url,
            tmp_path / "unused.db",
            store_url=store_url.render_as_string(hide_password=False),
        )
        provision(settings)
        with dg.DagsterInstance.from_config(str(home)) as instance:
            yield Harness(settings, instance, sandbox)
    clear_token_cache()


def publish_one_event_per_domain(harness: Harness) -> dict[str, Any]:
    prisoner = harness.first_prisoner()
    offender = prisoner["offenderNo"]
    harness.publisher.incentive_review(offender, "ENH", comments="on postgres")
    visit = harness.publisher.visit_booked(offender_no=offender)["visit"]

    missing = next(
        m
        for m in harness.get("/sandbox/planted")["activityMismatches"]
        if m["reconciliation"] == "allocation" and m["kind"] == "DPS_only"
    )
    [allocation] = [
        a
        for a in harness.get("/sandbox/dps/allocations", bookingId=missing["bookingId"])
        if a["status"] == "ACTIVE"
    ]
    harness.publisher.emit(
        domain_event(
            "activities.prisoner.allocated",
            {"allocationId": str(allocation["id"]), "scheduleId": str(allocation["scheduleId"])},
        )
    )

    sentenced = harness.get("/sandbox/prisoners", prisonId="LEI", limit=1)[0]
    created = harness.sandbox.post(
        "/sandbox/dps/adjustments",
        json={
            "offenderNo": sentenced["offenderNo"],
            "adjustmentType": "RX",
            "sentenceSequence": 1,
            "adjustmentDays": 4,
            "adjustmentDate": "2026-11-20",
        },
    )
    created.raise_for_status()
    adjustment = created.json()
    harness.publisher.emit(
        domain_event(
            "release-date-adjustments.adjustment.inserted",
            {
                "id": adjustment["adjustmentId"],
                "offenderNo": sentenced["offenderNo"],
                "source": "DPS",
            },
        )
    )
    return {
        "offender": offender,
        "visit": visit,
        "booking": missing["bookingId"],
        "adjustment": adjustment,
    }


def test_one_event_per_domain_on_postgres_instance_and_store(pg_harness, store_url):
    harness = pg_harness
    instance = harness.instance
    assert type(instance.run_storage).__name__ == "PostgresRunStorage"
    assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
    assert harness.settings.resolved_store_url.startswith("postgresql+psycopg2://")
    published = publish_one_event_per_domain(harness)

    assert harness.pump() == len(DOMAINS)
    assert all(result.success for result in harness.run_results)

    # NOMIS got every one
    offender = published["offender"]
    current = [
        i for i in harness.get("/sandbox/nomis/incentives", offenderNo=offender) if i["current"]
    ]
    assert current[0]["comments"] == "on postgres"
    visit_ref = published["visit"]["reference"]
    assert harness.get("/sandbox/mappings/visits", vsipId=visit_ref)
    assert harness.get("/sandbox/nomis/allocations", bookingId=published["booking"])
    adjustment_id = published["adjustment"]["adjustmentId"]
    assert harness.get("/sandbox/mappings/adjustments", adjustmentId=adjustment_id)

    # the runs are in Dagster's Postgres storage, one per domain
    runs = instance.get_runs()
    assert sorted(run.tags["domain"] for run in runs) == sorted(d.name for d in DOMAINS)
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
            telemetry = set(
                connection.execute(sa.text("SELECT name FROM telemetry_events")).scalars()
            )
    finally:
        engine.dispose()
    assert sorted(row.domain for row in inbox) == sorted(d.name for d in DOMAINS)
    assert {row.status for row in inbox} == {"done"}
    assert {row.run_id for row in inbox} == {run.run_id for run in runs}
    assert applied_domains == {d.name for d in DOMAINS}
    assert {
        "incentive-create-success",
        "visit-create-success",
        "activity-allocation-success",
        "sentencing-adjustment-create-success",
    } <= telemetry
