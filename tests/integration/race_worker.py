"""One "deployment" in the duplicate race: its own process and Dagster instance, same store.

Usage: python -m tests.integration.race_worker SETTINGS_JSON MESSAGE_ID BODY_FILE BARRIER
With BARRIER a directory, the worker loads everything, writes BARRIER/MESSAGE_ID.ready and waits
for BARRIER/go (the test writes it once every worker is ready), so the workers hit the APIs
together however long their interpreters took to start; with "-" it runs at once. Runs the
incentives sync job on one message and prints the op's outcome metadata as JSON.
"""

import json
import sys
import time
from pathlib import Path

import dagster as dg

from dagster_project.settings import Settings
from dagster_project.sync_definitions import build_sync_definitions

GO = "go"
BARRIER_SECONDS = 300  # the test gives up long before this; a worker never waits forever


def wait_at(barrier: Path, message_id: str) -> None:
    """Say this worker is ready, then wait for the test's go."""
    (barrier / f"{message_id}.ready").touch()
    deadline = time.monotonic() + BARRIER_SECONDS
    while not (barrier / GO).exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"no go in {barrier} within {BARRIER_SECONDS} s")
        time.sleep(0.005)


def main(settings_json: str, message_id: str, body_file: str, barrier: str) -> None:
    settings = Settings.model_validate_json(settings_json)
    job = build_sync_definitions(settings).resolve_job_def("incentives_sync_job")
    body = Path(body_file).read_text()
    config = {"messages": [{"message_id": message_id, "body": body}]}
    with dg.DagsterInstance.ephemeral() as instance:
        if barrier != "-":
            wait_at(Path(barrier), message_id)
        result = job.execute_in_process(
            run_config={"ops": {"sync_incentives_events": {"config": config}}},
            instance=instance,
            raise_on_error=False,
        )
        materialized = [
            e.step_output_data.metadata
            for e in result.all_events
            if e.event_type_value == "STEP_OUTPUT" and e.step_output_data
        ]
    outcome = {k: v.value for k, v in materialized[0].items()} if materialized else {}
    sys.stdout.write(json.dumps({"success": result.success, **outcome}) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:5])
