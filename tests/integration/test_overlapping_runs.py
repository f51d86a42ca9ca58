"""Two runs of a domain overlap, and one entity's events still reach NOMIS in order.

Run A holds adjustment X's create and is still unfinished (its record says STARTED) when X's
update and another adjustment Y are published. The next tick hands Y to a second run at once,
and holds X's update back on the queue until A has ended; it then reaches NOMIS after the
create. On real sockets: moto SQS, the sandbox, the SQL store.
"""

from __future__ import annotations

import json
import time

import dagster as dg

from dagster_project.domains import domain_named
from dagster_project.local.publish import domain_event
from sensors.in_flight import held_entities, holding_runs
from tests.domains.sentencing.test_events import (
    INSERTED,
    UPDATED,
    create_dps,
    emit,
    mapping,
    nomis_adjustments,
)

DOMAIN = "sentencing"


def unfinished_run(harness, request: dg.RunRequest) -> dg.DagsterRun:
    """The run a daemon would have created for `request`, launched and still applying it."""
    job = harness.sync_defs.resolve_job_def(domain_named(DOMAIN).job_name)
    return harness.instance.create_run_for_job(
        job_def=job,
        run_config=request.run_config,
        tags=request.tags,
        status=dg.DagsterRunStatus.STARTED,
    )


def messages_of(request: dg.RunRequest) -> list[str]:
    config = request.run_config["ops"][domain_named(DOMAIN).op_name]["config"]
    return [message["body"] for message in config["messages"]]


def publish_update(harness, adjustment: dict) -> str:
    """X's update event, as DPS publishes it; its SNS message id."""
    info = {"id": adjustment["adjustmentId"], "offenderNo": adjustment["offenderNo"]}
    return harness.publisher.emit(domain_event(UPDATED, {**info, "source": "DPS"}))


def applied_order(harness, sns_ids: list[str]) -> list[str]:
    """The given events in the order the runs applied them (each run's batch in order)."""
    seen: list[str] = []
    for result in harness.run_results:
        if not result.success:
            continue
        config = result.dagster_run.run_config["ops"][domain_named(DOMAIN).op_name]["config"]
        for message in config["messages"]:
            sns_id = json.loads(message["body"])["MessageId"]
            if sns_id in sns_ids and sns_id not in seen:
                seen.append(sns_id)
    return seen


def pump_until(harness, done, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, f"not done within {seconds} s"
        harness.pump()
        time.sleep(0.5)


def test_an_entity_held_by_an_unfinished_run_waits_while_others_go_ahead(harness):
    x_prisoner, y_prisoner = harness.get("/sandbox/prisoners", prisonId="LEI", limit=2)
    x = create_dps(harness, x_prisoner["offenderNo"], adjustmentDays=4)
    emit(harness, INSERTED, x)
    [request_a] = harness.tick(DOMAIN)
    run_a = unfinished_run(harness, request_a)

    harness.sandbox.put(
        f"/sandbox/dps/adjustments/{x['adjustmentId']}", json={"adjustmentDays": 9}
    ).raise_for_status()
    first_update = publish_update(harness, x)
    y = create_dps(harness, y_prisoner["offenderNo"])
    emit(harness, INSERTED, y)
    [request_b] = harness.tick(DOMAIN)

    # Y goes ahead in a second run; X's update waits for run A
    assert [y["adjustmentId"] in body for body in messages_of(request_b)] == [True]
    [held] = harness.telemetry("domain-event-held")
    assert run_a.run_id in held["reason"] and held["eventType"] == UPDATED
    harness.run(DOMAIN, request_b)
    assert mapping(harness, y) and not mapping(harness, x)

    # while A is unfinished, X's update keeps waiting, however often the sensor ticks
    time.sleep(harness.settings.sensor_interval_seconds + 0.5)
    for request in harness.tick(DOMAIN):
        assert all(x["adjustmentId"] not in body for body in messages_of(request))
        harness.run(DOMAIN, request)

    # A applies the create and ends; a newer update arrives while the held one is still away:
    # it waits behind it, and both follow in later runs, in order
    harness.run(DOMAIN, request_a)
    harness.instance.report_run_canceled(run_a)  # the record of A: ended
    harness.sandbox.put(
        f"/sandbox/dps/adjustments/{x['adjustmentId']}", json={"adjustmentDays": 11}
    ).raise_for_status()
    second_update = publish_update(harness, x)
    for request in harness.tick(DOMAIN):
        assert all(x["adjustmentId"] not in body for body in messages_of(request))
        harness.run(DOMAIN, request)
    assert any("earlier event" in h["reason"] for h in harness.telemetry("domain-event-held"))
    [mapped] = mapping(harness, x)
    pump_until(
        harness, lambda: len(harness.telemetry("sentencing-adjustment-updated-success")) == 2
    )
    assert not harness.telemetry("sentencing-adjustment-updated-failed")  # never before the create
    updates = [first_update, second_update]
    assert applied_order(harness, updates) == updates
    [row] = [
        row
        for row in nomis_adjustments(harness, x_prisoner["bookingId"])
        if row["adjustmentId"] == mapped["nomisAdjustmentId"]
    ]
    assert row["adjustmentDays"] == 11  # the end state is DPS's
    assert harness.dead_letters(DOMAIN) == []


def test_a_failed_run_holds_its_entities_only_while_a_retry_may_follow(harness):
    prisoner = harness.get("/sandbox/prisoners", prisonId="LEI", limit=3)[2]
    emit(harness, INSERTED, create_dps(harness, prisoner["offenderNo"]))
    [request] = harness.tick(DOMAIN)
    run = unfinished_run(harness, request)
    domain = domain_named(DOMAIN)
    assert [r.run_id for r in holding_runs(harness.instance, domain)] == [run.run_id]

    harness.instance.report_run_failed(run)
    assert [r.run_id for r in holding_runs(harness.instance, domain)] == [run.run_id]

    harness.instance.add_run_tags(run.run_id, {"dagster/will_retry": "false"})
    assert holding_runs(harness.instance, domain) == []


def test_a_run_stops_holding_an_entity_once_it_settled_its_events(harness):
    prisoner = harness.get("/sandbox/prisoners", prisonId="LEI", limit=4)[3]
    emit(harness, INSERTED, create_dps(harness, prisoner["offenderNo"]))
    [request] = harness.tick(DOMAIN)
    run = unfinished_run(harness, request)
    domain = domain_named(DOMAIN)
    held = held_entities(harness.instance, domain, frozenset(), harness.store)
    assert list(held.values()) == [run.run_id]

    [message] = request.run_config["ops"][domain.op_name]["config"]["messages"]
    harness.store.mark_message(message["message_id"], DOMAIN, "done")
    assert held_entities(harness.instance, domain, frozenset(), harness.store) == {}
