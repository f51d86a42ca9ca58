"""Runbook jobs against the sandbox: a dry run writes nothing, a real run writes what it said."""

import dagster as dg


def run(harness, job: str, op: str, config: dict) -> dg.ExecuteInProcessResult:
    return harness.defs.resolve_job_def(job).execute_in_process(
        run_config={"ops": {op: {"config": config}}}, instance=harness.instance
    )


def written(result: dg.ExecuteInProcessResult, op: str) -> tuple[int, int]:
    [output] = [
        e
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.STEP_OUTPUT and e.step_key == op
    ]
    metadata = output.event_specific_data.metadata
    return metadata["planned"].value, metadata["written"].value


def test_repair_visit_job_creates_the_missing_nomis_visit(harness):
    offender = harness.first_prisoner()["offenderNo"]
    visit = harness.sandbox.post(
        "/sandbox/dps/visits",
        json={
            "prisonerId": offender,
            "prisonId": "MDI",
            "visitors": [4729570],
            "startTimestamp": "2026-12-20T14:00:00",
            "endTimestamp": "2026-12-20T15:00:00",
            "visitRoom": "Visits Main Hall",
        },
    ).json()
    config = {"offender_no": offender, "visit_references": [visit["reference"]]}
    before = harness.get("/sandbox/nomis/visits", offenderNo=offender)

    dry = run(harness, "repair_visit_job", "repair_visits", config)
    assert written(dry, "repair_visits") == (1, 0)
    assert harness.get("/sandbox/nomis/visits", offenderNo=offender) == before

    real = run(harness, "repair_visit_job", "repair_visits", {**config, "dry_run": False})
    assert written(real, "repair_visits") == (1, 1)
    after = harness.get("/sandbox/nomis/visits", offenderNo=offender)
    assert len(after) == len(before) + 1
    assert harness.get("/sandbox/mappings/visits", vsipId=visit["reference"])
    assert harness.telemetry("to-nomis-synch-visit-resynchronisation-repair")


def test_cancel_duplicate_visit_job_cancels_exactly_the_given_visit(harness):
    visits = harness.get("/sandbox/nomis/visits")
    target = next(v for v in visits if v["status"] == "SCH")
    config = {"offender_no": target["offenderNo"], "nomis_visit_ids": [target["visitId"]]}

    dry = run(harness, "cancel_duplicate_visit_job", "cancel_duplicate_visits", config)
    assert written(dry, "cancel_duplicate_visits") == (1, 0)
    assert harness.get("/sandbox/nomis/visits") == visits

    run(
        harness,
        "cancel_duplicate_visit_job",
        "cancel_duplicate_visits",
        {**config, "dry_run": False},
    )
    after = {v["visitId"]: v for v in harness.get("/sandbox/nomis/visits")}
    assert after[target["visitId"]]["status"] == "CANC"
    assert after[target["visitId"]]["outcome"] == "ADMIN"
    changed = [v for v in visits if after[v["visitId"]] != v]
    assert [v["visitId"] for v in changed] == [target["visitId"]]
