"""Duplicate prevention, not just detection: racing deployments, and a run killed mid-write.

SNS delivers at least once, so one domain event can reach the queue twice (two SQS message ids,
one SNS id) and be picked up by two runs in two deployments at the same moment. NOMIS create is
slowed down so both runs are inside the create window together; only one may write.
"""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def nomis_rows(harness, offender):
    return harness.get("/sandbox/nomis/incentives", offenderNo=offender)


def race(harness, tmp_path, messages):
    """Start one worker process per (message id, body) together; return their outcomes."""
    settings = harness.settings.model_dump(mode="json")
    settings["store_url"] = harness.settings.resolved_store_url  # the shared store, unmasked
    settings_json = json.dumps(settings)
    start_at = time.time() + 8  # both interpreters are up by then (~4 s each on 2 cores)
    workers = []
    for message_id, body in messages:
        body_file = tmp_path / f"{message_id}.json"
        body_file.write_text(body)
        workers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.integration.race_worker",
                    settings_json,
                    message_id,
                    str(body_file),
                    str(start_at),
                ],
                cwd=REPO_ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    outcomes = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err[-2000:]
        outcomes.append(json.loads(out.strip().splitlines()[-1]))
    return outcomes


def test_two_deployments_racing_one_event_write_nomis_once(harness, tmp_path):
    offender = harness.first_prisoner()["offenderNo"]
    before = len(nomis_rows(harness, offender))
    review = harness.publisher.incentive_review(offender, "ENH")["review"]
    [delivered] = harness.queue.receive("incentives", 10)
    harness.queue.delete("incentives", [delivered.receipt_handle])
    # both runs are inside the NOMIS create at the same time, for 1.5 s
    harness.fault(service="nomis", method="POST", pathPattern="/incentives$", latencyMs=1500)

    outcomes = race(harness, tmp_path, [("sqs-a", delivered.body), ("sqs-b", delivered.body)])

    assert sorted(o["done"] for o in outcomes) == [0, 1]
    assert sorted(o["claim_conflicts"] for o in outcomes) == [0, 1]
    assert len(nomis_rows(harness, offender)) == before + 1
    # the loser put its copy back on the queue; processing it later finds the event applied
    harness.pump()
    assert harness.telemetry("domain-event-duplicate-delivery")[0]["eventKey"].startswith("sns:")
    assert len(nomis_rows(harness, offender)) == before + 1
    assert harness.get("/sandbox/mappings/incentives", incentiveId=review["id"])
    assert not harness.telemetry("to-nomis-synch-incentive-duplicate")
    assert harness.depth("incentives") == (0, 0, 0)
    assert harness.depth("incentives", dead_letters=True) == (0, 0, 0)


def test_two_deployments_racing_two_events_of_one_entity_apply_both_in_turn(harness, tmp_path):
    """Different events of one prisoner's review are serialised, not dropped."""
    offender = harness.first_prisoner()["offenderNo"]
    before = len(nomis_rows(harness, offender))
    harness.publisher.incentive_review(offender, "ENH")
    harness.publisher.incentive_review(offender, "STD")
    received = harness.queue.receive("incentives", 10)
    assert len(received) == 2
    harness.queue.delete("incentives", [m.receipt_handle for m in received])
    harness.fault(service="nomis", method="POST", pathPattern="/incentives$", latencyMs=800)

    outcomes = race(harness, tmp_path, [(m.message_id, m.body) for m in received])

    assert all(o["success"] for o in outcomes)
    harness.pump()
    assert len(nomis_rows(harness, offender)) == before + 2
    assert harness.depth("incentives") == (0, 0, 0)


def test_run_killed_between_nomis_write_and_mapping_is_not_written_twice(harness, tmp_path):
    offender = harness.first_prisoner()["offenderNo"]
    before = len(nomis_rows(harness, offender))
    harness.publisher.incentive_review(offender, "ENH")
    [delivered] = harness.queue.receive("incentives", 10)
    harness.queue.delete("incentives", [delivered.receipt_handle])
    # the mapping save hangs after NOMIS was written: the moment to pull the plug
    harness.fault(service="mapping", method="POST", pathPattern="^/mapping/incentives$", hang=True)
    body_file = tmp_path / "body.json"
    body_file.write_text(delivered.body)
    settings = harness.settings.model_dump(mode="json")
    settings["store_url"] = harness.settings.resolved_store_url
    settings["entity_claim_seconds"] = 5  # the dead run's claim on the prisoner runs out soon
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.integration.race_worker",
            json.dumps(settings),
            "sqs-a",
            str(body_file),
            "0",
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(nomis_rows(harness, offender)) == before and time.monotonic() < deadline:
        time.sleep(0.1)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    assert len(nomis_rows(harness, offender)) == before + 1
    harness.sandbox.delete("/sandbox/faults").raise_for_status()

    # the event comes back (the run's retry, or a redelivery) and must not write again
    time.sleep(5)
    harness.queue.send("incentives", delivered.body, event_type="incentives.iep-review.inserted")
    harness.pump()

    assert len(nomis_rows(harness, offender)) == before + 1
    [dead] = harness.dead_letters("incentives")
    reason = dead["MessageAttributes"]["reason"]["StringValue"]
    assert "stopped while writing NOMIS" in reason and "InterruptedWrite" in reason
