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


def test_repair_adjustment_job_creates_then_updates_from_dps(harness):
    prisoner = harness.get("/sandbox/prisoners", prisonId="LEI", limit=4)[3]
    adjustment = harness.sandbox.post(
        "/sandbox/dps/adjustments",
        json={
            "offenderNo": prisoner["offenderNo"],
            "adjustmentType": "UAL",
            "adjustmentDays": 3,
            "adjustmentFromDate": "2026-11-01",
        },
    ).json()
    config = {"offender_no": prisoner["offenderNo"], "adjustment_ids": [adjustment["adjustmentId"]]}
    before = harness.get("/sandbox/nomis/adjustments", bookingId=prisoner["bookingId"])

    dry = run(harness, "repair_adjustment_job", "repair_adjustments", config)
    assert written(dry, "repair_adjustments") == (1, 0)
    assert harness.get("/sandbox/nomis/adjustments", bookingId=prisoner["bookingId"]) == before

    run(harness, "repair_adjustment_job", "repair_adjustments", {**config, "dry_run": False})
    after = harness.get("/sandbox/nomis/adjustments", bookingId=prisoner["bookingId"])
    assert len(after) == len(before) + 1
    harness.sandbox.put(
        f"/sandbox/dps/adjustments/{adjustment['adjustmentId']}", json={"adjustmentDays": 7}
    ).raise_for_status()
    run(harness, "repair_adjustment_job", "repair_adjustments", {**config, "dry_run": False})
    again = harness.get("/sandbox/nomis/adjustments", bookingId=prisoner["bookingId"])
    assert len(again) == len(after)
    assert sorted(r["adjustmentDays"] for r in again if r not in before) == [7]
    assert len(harness.telemetry("to-nomis-synch-adjustment-repair")) == 2


def test_delete_duplicate_adjustment_job_deletes_only_the_given_one(harness):
    from dagster_project.sandbox.seed_adjustments import SEEDED_SENTENCE_ADJUSTMENTS

    seeded = SEEDED_SENTENCE_ADJUSTMENTS[0]
    booking = harness.get("/sandbox/prisoners", prisonId="MDI", limit=1)[0]["bookingId"]
    rows = harness.get("/sandbox/nomis/adjustments", bookingId=booking)
    [target] = [
        r
        for r in rows
        if r["category"] == "SENTENCE" and r["adjustmentId"] == seeded.nomis_adjustment_id
    ]
    config = {"category": "SENTENCE", "nomis_adjustment_ids": [target["adjustmentId"]]}

    run(harness, "delete_duplicate_adjustment_job", "delete_duplicate_adjustments", config)
    assert harness.get("/sandbox/nomis/adjustments", bookingId=booking) == rows

    run(
        harness,
        "delete_duplicate_adjustment_job",
        "delete_duplicate_adjustments",
        {**config, "dry_run": False},
    )
    remaining = harness.get("/sandbox/nomis/adjustments", bookingId=booking)
    assert [r for r in rows if r not in remaining] == [target]


def test_resync_activity_schedule_job_creates_an_unmapped_schedule(harness):
    from tests.integration.test_activity_events import activity_mapping, new_schedule

    schedule = new_schedule(harness)
    config = {"activity_schedule_ids": [schedule["id"]]}
    dry = run(harness, "resync_activity_schedule_job", "resync_activity_schedules", config)
    assert written(dry, "resync_activity_schedules") == (1, 0)

    real = run(
        harness,
        "resync_activity_schedule_job",
        "resync_activity_schedules",
        {**config, "dry_run": False},
    )
    assert written(real, "resync_activity_schedules") == (1, 1)
    mapping = activity_mapping(harness, schedule["id"])
    assert harness.get(f"/sandbox/nomis/course-activities/{mapping['nomis_course_activity_id']}")
    again = run(
        harness,
        "resync_activity_schedule_job",
        "resync_activity_schedules",
        {**config, "dry_run": False},
    )
    assert written(again, "resync_activity_schedules") == (1, 1)
    assert harness.telemetry("activity-amend-success")


def test_delete_duplicate_course_activity_job(harness):
    from tests.integration.test_activity_events import activity_mapping, new_schedule

    schedule = new_schedule(harness)
    run(
        harness,
        "resync_activity_schedule_job",
        "resync_activity_schedules",
        {"activity_schedule_ids": [schedule["id"]], "dry_run": False},
    )
    course_id = activity_mapping(harness, schedule["id"])["nomis_course_activity_id"]
    config = {"nomis_course_activity_ids": [course_id]}

    run(
        harness,
        "delete_duplicate_course_activity_job",
        "delete_duplicate_course_activities",
        config,
    )
    assert harness.sandbox.get(f"/sandbox/nomis/course-activities/{course_id}").status_code == 200

    run(
        harness,
        "delete_duplicate_course_activity_job",
        "delete_duplicate_course_activities",
        {**config, "dry_run": False},
    )
    assert harness.sandbox.get(f"/sandbox/nomis/course-activities/{course_id}").status_code == 404
    assert harness.get("/sandbox/nomis/course-activities/20001")  # others untouched


def test_delete_mappings_above_job_reads_the_ceiling_from_nomis(harness):
    from tests.integration.test_activity_events import activity_mapping

    before = activity_mapping(harness, 101)["scheduled_instance_mappings"]
    dry = run(harness, "delete_mappings_above_job", "delete_mappings_above", {})
    assert written(dry, "delete_mappings_above") == (1, 0)
    real = run(harness, "delete_mappings_above_job", "delete_mappings_above", {"dry_run": False})
    assert written(real, "delete_mappings_above") == (1, 1)
    assert activity_mapping(harness, 101)["scheduled_instance_mappings"] == before

    ceiling = min(m["nomis_course_schedule_id"] for m in before)
    run(
        harness,
        "delete_mappings_above_job",
        "delete_mappings_above",
        {"dry_run": False, "max_nomis_course_schedule_id": ceiling},
    )
    kept = activity_mapping(harness, 101)["scheduled_instance_mappings"]
    assert [m["nomis_course_schedule_id"] for m in kept] == [ceiling]
