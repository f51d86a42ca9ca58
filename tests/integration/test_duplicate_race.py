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

from tests.integration.race_worker import GO

REPO_ROOT = Path(__file__).resolve().parents[2]


def nomis_rows(harness, offender):
    return harness.get("/sandbox/nomis/incentives", offenderNo=offender)


def release_together(barrier: Path, workers: dict[str, subprocess.Popen[bytes]]) -> None:
    """Once every worker has loaded and said so (race_worker's barrier), let them all go."""
    deadline = time.monotonic() + 240
    while not all((barrier / f"{message_id}.ready").exists() for message_id in workers):
        for message_id, worker in workers.items():
            if worker.poll() is not None:
                err = (barrier / f"{message_id}.err").read_text()
                raise AssertionError(f"race worker {message_id} exited before the start: {err}")
        assert time.monotonic() < deadline, "the race workers did not get ready within 240 s"
        time.sleep(0.05)
    (barrier / GO).touch()


def race(harness, tmp_path, messages):
    """Start one worker process per (message id, body); release them together; their outcomes.

    However long each interpreter takes to start (seconds on a busy machine), both enter the
    NOMIS create window together: no start time is guessed.
    """
    settings = harness.settings.model_dump(mode="json")
    settings["store_url"] = harness.settings.resolved_store_url  # the shared store, unmasked
    settings_json = json.dumps(settings)
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    workers = {}
    for message_id, body in messages:
        body_file = tmp_path / f"{message_id}.json"
        body_file.write_text(body)
        # files, not pipes: nothing is read until the end, and a full pipe would block a worker
        with (
            (barrier / f"{message_id}.out").open("wb") as out,
            (barrier / f"{message_id}.err").open("wb") as err,
        ):
            workers[message_id] = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.integration.race_worker",
                    settings_json,
                    message_id,
                    str(body_file),
                    str(barrier),
                ],
                cwd=REPO_ROOT,
                stdout=out,
                stderr=err,
            )
    try:
        release_together(barrier, workers)
        for worker in workers.values():
            worker.wait(timeout=120)
    finally:
        for worker in workers.values():
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    outcomes = []
    for message_id, worker in workers.items():
        err = (barrier / f"{message_id}.err").read_text()
        assert worker.returncode == 0, err[-2000:]
        out = (barrier / f"{message_id}.out").read_text()
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


def test_run_killed_between_nomis_write_and_mapping_is_mapped_not_written_twice(harness, tmp_path):
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
            "-",
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

    # the event comes back (the run's retry, or a redelivery) once the dead run's claim has run
    # out: it reads NOMIS, finds the record the dead run wrote, and maps it without writing
    review_id = json.loads(json.loads(delivered.body)["Message"])["additionalInformation"]["id"]
    harness.queue.send("incentives", delivered.body, event_type="incentives.iep-review.inserted")
    deadline = time.monotonic() + 60
    while not harness.get("/sandbox/mappings/incentives", incentiveId=review_id):
        assert time.monotonic() < deadline, "the returned event never mapped the review"
        harness.pump()
        time.sleep(0.5)

    rows = nomis_rows(harness, offender)
    assert len(rows) == before + 1
    [mapping] = harness.get("/sandbox/mappings/incentives", incentiveId=review_id)
    assert mapping["nomisIncentiveSequence"] == max(row["sequence"] for row in rows)
    assert harness.dead_letters("incentives") == []
    resumed = harness.telemetry("incentive-create-resumed")
    assert [dimensions["foundInNomis"] for dimensions in resumed] == ["true"]
