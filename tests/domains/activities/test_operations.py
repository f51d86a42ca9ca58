"""Activities runbook jobs against the sandbox: a dry run writes nothing, a real run writes what it
said (resync a schedule, delete a duplicate course activity, delete mappings above a ceiling)."""

from tests.domains.activities.test_events import activity_mapping, new_schedule
from tests.harness import written


def test_resync_activity_schedule_job_creates_an_unmapped_schedule(harness):
    schedule = new_schedule(harness)
    config = {"activity_schedule_ids": [schedule["id"]]}
    dry = harness.operate("resync_activity_schedule_job", "resync_activity_schedules", config)
    assert written(dry, "resync_activity_schedules") == (1, 0)

    real = harness.operate(
        "resync_activity_schedule_job",
        "resync_activity_schedules",
        {**config, "dry_run": False},
    )
    assert written(real, "resync_activity_schedules") == (1, 1)
    mapping = activity_mapping(harness, schedule["id"])
    assert harness.get(f"/sandbox/nomis/course-activities/{mapping['nomis_course_activity_id']}")
    again = harness.operate(
        "resync_activity_schedule_job",
        "resync_activity_schedules",
        {**config, "dry_run": False},
    )
    assert written(again, "resync_activity_schedules") == (1, 1)
    assert harness.telemetry("activity-amend-success")


def test_delete_duplicate_course_activity_job(harness):
    schedule = new_schedule(harness)
    harness.operate(
        "resync_activity_schedule_job",
        "resync_activity_schedules",
        {"activity_schedule_ids": [schedule["id"]], "dry_run": False},
    )
    course_id = activity_mapping(harness, schedule["id"])["nomis_course_activity_id"]
    config = {"nomis_course_activity_ids": [course_id]}

    harness.operate(
        "delete_duplicate_course_activity_job",
        "delete_duplicate_course_activities",
        config,
    )
    assert harness.sandbox.get(f"/sandbox/nomis/course-activities/{course_id}").status_code == 200

    harness.operate(
        "delete_duplicate_course_activity_job",
        "delete_duplicate_course_activities",
        {**config, "dry_run": False},
    )
    assert harness.sandbox.get(f"/sandbox/nomis/course-activities/{course_id}").status_code == 404
    assert harness.get("/sandbox/nomis/course-activities/20001")  # others untouched


def test_delete_mappings_above_job_reads_the_ceiling_from_nomis(harness):
    before = activity_mapping(harness, 101)["scheduled_instance_mappings"]
    dry = harness.operate("delete_mappings_above_job", "delete_mappings_above", {})
    assert written(dry, "delete_mappings_above") == (1, 0)
    real = harness.operate("delete_mappings_above_job", "delete_mappings_above", {"dry_run": False})
    assert written(real, "delete_mappings_above") == (1, 1)
    assert activity_mapping(harness, 101)["scheduled_instance_mappings"] == before

    ceiling = min(m["nomis_course_schedule_id"] for m in before)
    harness.operate(
        "delete_mappings_above_job",
        "delete_mappings_above",
        {"dry_run": False, "max_nomis_course_schedule_id": ceiling},
    )
    kept = activity_mapping(harness, 101)["scheduled_instance_mappings"]
    assert [m["nomis_course_schedule_id"] for m in kept] == [ceiling]
