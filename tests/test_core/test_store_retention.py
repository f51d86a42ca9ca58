"""Store retention deletes only what no redelivery, live claim or unfinished write still needs."""

import datetime as dt

import dagster as dg
import pytest
import sqlalchemy as sa
from pydantic import ValidationError

from dagster_project.settings import Settings
from resources.store import Store, engine_for
from resources.store_retention import StoreRetention
from resources.store_schema import (
    alerts,
    applied_events,
    entity_claims,
    inbox,
    mismatches,
    telemetry_events,
    write_intents,
)
from sensors.store_retention import build_store_retention, prune_runs
from tests.test_core.store_databases import BACKENDS, scratch_store_url

NOW = dt.datetime.now(dt.UTC)
OLD = NOW - dt.timedelta(days=31)
RECENT = NOW - dt.timedelta(days=29)
FUTURE = NOW + dt.timedelta(minutes=2)


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path):
    yield from scratch_store_url(request.param, tmp_path)


def telemetry(name: str, at: dt.datetime) -> dict:
    return {"name": name, "occurred_at": at, "dimensions": "{}"}


def mismatch(key: str, seen: dt.datetime, repaired: dt.datetime | None) -> dict:
    return {
        "reconciliation": "r",
        "partition_key": "p",
        "mismatch_key": key,
        "kind": "k",
        "first_seen": seen,
        "last_seen": seen,
        "repaired_at": repaired,
    }


def seed(engine: sa.Engine) -> None:
    """Two rows per table on either side of a 30-day cutoff, and the rows never to delete."""
    rows = {
        inbox: [
            {"message_id": m, "domain": "visits", "status": "done", "updated_at": at}
            for m, at in [("m-old-1", OLD), ("m-old-2", OLD), ("m-old-3", OLD), ("m-new", RECENT)]
        ],
        applied_events: [
            {"event_key": k, "domain": "visits", "message_id": k, "applied_at": at}
            for k, at in [("e-old", OLD), ("e-new", RECENT)]
        ],
        entity_claims: [
            {"domain": "visits", "entity_key": k, "owner": "run", "expires_at": at}
            for k, at in [("lease-ended-long-ago", OLD), ("lease-ended", RECENT), ("live", FUTURE)]
        ],
        write_intents: [
            {"event_key": k, "domain": "visits", "owner": "run", "started_at": at}
            for k, at in [("w-old", OLD), ("w-new", RECENT)]
        ],
        telemetry_events: [telemetry("t-old", OLD), telemetry("t-new", RECENT)],
        alerts: [
            {"name": n, "raised_at": at, "dimensions": "{}"}
            for n, at in [("a-old", OLD), ("a-new", RECENT)]
        ],
        mismatches: [
            mismatch("open-old", OLD, None),
            mismatch("repaired-old", OLD, OLD),
            mismatch("repaired-new", OLD, RECENT),
        ],
    }
    with engine.begin() as connection:
        for table, values in rows.items():
            connection.execute(table.insert(), values)


def keys(engine: sa.Engine, column: sa.Column) -> list[str]:
    with engine.connect() as connection:
        return sorted(connection.execute(sa.select(column)).scalars())


def test_rows_past_retention_are_deleted_in_batches_and_the_rest_kept(store_url):
    engine = engine_for(store_url)
    seed(engine)
    report = StoreRetention(engine).prune(retention_days=30, batch_size=2)
    assert report.deleted == {
        "message_inbox": 3,
        "applied_events": 1,
        "entity_claims": 1,
        "telemetry_events": 1,
        "alerts": 1,
        "reconciliation_mismatches": 1,
    }
    assert report.old_write_intents_kept == 1 and not report.dry_run
    assert keys(engine, inbox.c.message_id) == ["m-new"]
    assert keys(engine, applied_events.c.event_key) == ["e-new"]
    assert keys(engine, entity_claims.c.entity_key) == ["lease-ended", "live"]
    assert keys(engine, write_intents.c.event_key) == ["w-new", "w-old"]  # never deleted
    assert keys(engine, telemetry_events.c.name) == ["t-new"]
    assert keys(engine, alerts.c.name) == ["a-new"]
    assert keys(engine, mismatches.c.mismatch_key) == ["open-old", "repaired-new"]
    again = StoreRetention(engine).prune(retention_days=30, batch_size=2)
    assert again.total == 0


def test_a_dry_run_counts_and_deletes_nothing(tmp_path):
    engine = engine_for(f"sqlite:///{tmp_path / 'store.db'}")
    seed(engine)
    report = StoreRetention(engine).prune(retention_days=30, dry_run=True)
    assert report.dry_run and report.total == 8
    assert len(keys(engine, inbox.c.message_id)) == 4


def test_retention_shorter_than_sqs_keeps_messages_is_refused(tmp_path, monkeypatch):
    engine = engine_for(f"sqlite:///{tmp_path / 'store.db'}")
    with pytest.raises(ValueError, match="at least 15 days"):
        StoreRetention(engine).prune(retention_days=14)
    assert Settings().store_retention_days == 90
    monkeypatch.setenv("STORE_RETENTION_DAYS", "14")
    with pytest.raises(ValidationError, match="store_retention_days"):
        Settings()
    monkeypatch.setenv("STORE_RETENTION_DAYS", "15")
    assert Settings().store_retention_days == 15


def output_metadata(result: dg.ExecuteInProcessResult) -> dict:
    [output] = [
        e
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.STEP_OUTPUT and e.step_key == "prune_store"
    ]
    return {key: value.value for key, value in output.event_specific_data.metadata.items()}


def test_the_job_runs_in_process_and_reports_what_it_deleted(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    seed(engine_for(url))
    job, schedule = build_store_retention(retention_days=30, running=False)
    resources = {"store": Store(url=url)}

    preview = job.execute_in_process(
        run_config={"ops": {"prune_store": {"config": {"dry_run": True}}}}, resources=resources
    )
    assert preview.success
    assert output_metadata(preview)["deleted_total"] == 8  # the default retention still applies

    result = job.execute_in_process(resources=resources)
    assert result.success
    shown = output_metadata(result)
    assert shown["deleted_total"] == 8 and not shown["dry_run"]
    assert shown["deleted_message_inbox"] == 3 and shown["deleted_applied_events"] == 1
    assert shown["old_write_intents_kept"] == 1
    assert output_metadata(job.execute_in_process(resources=resources))["deleted_total"] == 0

    assert schedule.job_name == "store_retention_job"
    assert schedule.cron_schedule == "15 3 * * *"
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    running = build_store_retention(retention_days=30, running=True)[1]
    assert running.default_status == dg.DefaultScheduleStatus.RUNNING


def test_the_job_refuses_a_retention_below_the_minimum(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    seed(engine_for(url))
    job, _ = build_store_retention(retention_days=30, running=False)
    result = job.execute_in_process(
        run_config={"ops": {"prune_store": {"config": {"retention_days": 3}}}},
        resources={"store": Store(url=url)},
        raise_on_error=False,
    )
    assert not result.success
    assert len(keys(engine_for(url), inbox.c.message_id)) == 4


@dg.op
def noop() -> None:
    pass


@dg.job
def tiny_job() -> None:
    noop()


def test_finished_runs_past_retention_are_deleted_and_a_live_one_kept():
    with dg.instance_for_test() as instance:
        finished = [tiny_job.execute_in_process(instance=instance).run_id for _ in range(3)]
        live = instance.create_run_for_job(tiny_job, status=dg.DagsterRunStatus.STARTED).run_id
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=16)

        assert prune_runs(instance, 15, 100, dry_run=False)[1] == 0, "nothing is 15 days old yet"
        assert prune_runs(instance, 15, 100, dry_run=True, now=later)[1] == 3
        assert len(instance.get_run_records()) == 4, "a dry run deletes nothing"
        assert prune_runs(instance, 15, 2, dry_run=False, now=later)[1] == 2, "bounded per run"
        assert prune_runs(instance, 15, 100, dry_run=False, now=later)[1] == 1
        left = {record.dagster_run.run_id for record in instance.get_run_records()}
        assert left == {live} and not set(finished) & left
        assert not instance.all_logs(finished[0]), "the event log goes with the run"
