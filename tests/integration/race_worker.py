"""One "deployment" in the duplicate race: its own process and Dagster instance, same store.

Usage: python -m tests.integration.race_worker SETTINGS_JSON MESSAGE_ID BODY_FILE START_AT
Waits until START_AT (epoch seconds) so two workers hit the APIs together, runs the incentives
sync job on one message, and prints the op's outcome metadata as JSON.
"""

import json
import sys
import time
from pathlib import Path

import dagster as dg

from dagster_project.definitions import build_definitions
from dagster_project.settings import Settings


def main(settings_json: str, message_id: str, body_file: str, start_at: str) -> None:
    settings = Settings.model_validate_json(settings_json)
    job = build_definitions(settings).resolve_job_def("incentives_sync_job")
    body = Path(body_file).read_text()
    config = {"messages": [{"message_id": message_id, "body": body}]}
    time.sleep(max(0.0, float(start_at) - time.time()))
    with dg.DagsterInstance.ephemeral() as instance:
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
