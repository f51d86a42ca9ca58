"""Profile details reconciliation end to end: the planted prisoners found exactly -> failed
check -> one alert -> a dry run writes nothing -> the repair -> the re-check passes; schedule."""

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg

from dagster_project.definitions import build_definitions
from dagster_project.sandbox.domains.personal_relationships.seed import (
    PLANTED_CONTACT_MISMATCHES,
    PLANTED_PROFILE_MISMATCHES,
    PLANTED_RESTRICTION_MISMATCHES,
)
from dagster_project.settings import Settings

PARTITION = dt.datetime.now(ZoneInfo("Europe/London")).date().isoformat()  # daily_state
ASSET = "profile_details_reconciliation"
CHECK = "profile_details_match"
JOB = "repair_profile_details_job"
OP = "repair_profile_details"
PREFIX = "contact-person-profile-details-reconciliation"


def planted() -> dict[str, str]:
    return {p.offender_no: p.differences for p in PLANTED_PROFILE_MISMATCHES}


def repair(harness, dry_run: bool, max_writes: int = 10) -> dg.ExecuteInProcessResult:
    config = {"partition_key": PARTITION, "dry_run": dry_run, "max_writes": max_writes}
    return harness.defs.resolve_job_def(JOB).execute_in_process(
        run_config={"ops": {OP: {"config": config}}},
        instance=harness.instance,
        raise_on_error=False,
    )


def nomis_state(harness) -> list[dict]:
    return [
        *harness.get("/sandbox/personal-relationships/nomis/profile-MARITAL"),
        *harness.get("/sandbox/personal-relationships/nomis/profile-CHILD"),
    ]


def test_planted_prisoners_fail_the_check_alert_once_and_the_repair_fixes_them(harness):
    cursor = harness.alerts_tick(None)

    first = harness.materialize(ASSET, PARTITION)
    check = harness.check_evaluation(first, CHECK)
    assert check.passed is False and check.severity == dg.AssetCheckSeverity.ERROR
    mismatches = first.output_for_node(ASSET)
    assert dict(zip(mismatches["offender_no"], mismatches["differences"], strict=True)) == (
        planted()
    )
    metadata = first.asset_materializations_for_node(ASSET)[0].metadata
    assert metadata["mismatch_count"].value == len(planted()) and metadata["errors"].value == 0
    [report] = harness.telemetry(f"{PREFIX}-report-failed")
    assert report["mismatch-count"] == str(len(planted()))
    assert report["mismatch-prisoners"] == f"[{', '.join(sorted(planted()))}]"
    failed = {
        d["offenderNo"]: d["differences"] for d in harness.telemetry(f"{PREFIX}-prisoner-failed")
    }
    assert failed == planted()

    cursor = harness.alerts_tick(cursor)
    cursor = harness.alerts_tick(cursor)
    [alert] = harness.failed_alerts()
    assert alert.dimensions["partition"] == PARTITION

    before = nomis_state(harness)
    dry = repair(harness, dry_run=True)
    assert dry.success and nomis_state(harness) == before

    real = repair(harness, dry_run=False)
    assert real.success
    # each prisoner's two details re-applied: created where NOMIS had none, else updated
    written = [
        row["offenderNo"]
        for name in ("created", "updated")
        for detail in ("domestic-status", "number-of-children")
        for row in harness.telemetry(f"contact-person-{detail}-{name}")
    ]
    assert sorted(written) == sorted(2 * list(planted()))

    request = harness.recheck_request(real)
    assert request.partition_key == PARTITION and request.job_name == f"{ASSET}_job"

    second = harness.materialize(ASSET, PARTITION)
    assert harness.check_evaluation(second, CHECK).passed is True
    history = harness.resources["store"].get_history().history(reconciliation=ASSET)
    assert {m.offender_no for m in history} == set(planted())
    assert all(m.repaired_at is not None for m in history)
    harness.alerts_tick(cursor)
    assert len(harness.failed_alerts()) == 1


def test_max_writes_refuses_a_larger_repair_before_any_write(harness):
    harness.materialize(ASSET, PARTITION)
    before = nomis_state(harness)
    result = repair(harness, dry_run=False, max_writes=2)
    assert not result.success and nomis_state(harness) == before


def test_the_daily_run_at_half_past_three_london_takes_the_run_date(tmp_path):
    defs = build_definitions(Settings(store_url=f"sqlite:///{tmp_path / 's.db'}"))
    schedule = defs.resolve_schedule_def(f"{ASSET}_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("30 3 * * *", "Europe/London")
    at = dt.datetime(2026, 11, 24, 3, 30, tzinfo=ZoneInfo("Europe/London"))
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(instance=instance, scheduled_execution_time=at)
        [request] = schedule.evaluate_tick(context).run_requests
    assert request.partition_key == "2026-11-24"


# --- prisoner restrictions --------------------------------------------------------------------

R_ASSET = "prisoner_restrictions_reconciliation"
R_PREFIX = "contact-person-prisoner-restriction-reconciliation"


def repair_restrictions(harness, dry_run: bool) -> dg.ExecuteInProcessResult:
    config = {"partition_key": PARTITION, "dry_run": dry_run, "max_writes": 10}
    return harness.defs.resolve_job_def("repair_prisoner_restrictions_job").execute_in_process(
        run_config={"ops": {"repair_prisoner_restrictions": {"config": config}}},
        instance=harness.instance,
        raise_on_error=False,
    )


def test_planted_restrictions_are_found_exactly_and_the_repair_fixes_them(harness):
    planted_restrictions = {(r.offender_no, r.kind) for r in PLANTED_RESTRICTION_MISMATCHES}
    first = harness.materialize(R_ASSET, PARTITION)
    assert harness.check_evaluation(first, "prisoner_restrictions_match").passed is False
    mismatches = first.output_for_node(R_ASSET)
    assert set(zip(mismatches["offender_no"], mismatches["kind"], strict=True)) == (
        planted_restrictions
    )
    [report] = harness.telemetry(f"{R_PREFIX}-report")
    assert report["mismatch-count"] == "2" and report["success"] == "true"
    reasons = {(d["offenderNo"], d["reason"]) for d in harness.telemetry(f"{R_PREFIX}-mismatch")}
    assert reasons == planted_restrictions

    before = harness.get("/sandbox/personal-relationships/nomis/prisoner-restriction")
    assert repair_restrictions(harness, dry_run=True).success
    assert harness.get("/sandbox/personal-relationships/nomis/prisoner-restriction") == before

    real = repair_restrictions(harness, dry_run=False)
    assert real.success
    assert len(harness.telemetry("prisoner-restriction-update-success")) == 1
    assert len(harness.telemetry("prisoner-restriction-delete-success")) == 1
    assert harness.recheck_request(real).job_name == f"{R_ASSET}_job"

    second = harness.materialize(R_ASSET, PARTITION)
    assert harness.check_evaluation(second, "prisoner_restrictions_match").passed is True
    history = harness.resources["store"].get_history().history(reconciliation=R_ASSET)
    assert {(m.offender_no, m.kind) for m in history} == planted_restrictions
    assert all(m.repaired_at is not None for m in history)


# --- prisoner contacts ------------------------------------------------------------------------

C_ASSET = "prisoner_contacts_reconciliation"
C_PREFIX = "contact-person-prisoner-contact-reconciliation"


def test_planted_contacts_are_found_exactly_and_the_repair_fixes_them(harness):
    planted_contacts = {(c.offender_no, c.kind) for c in PLANTED_CONTACT_MISMATCHES}
    first = harness.materialize(C_ASSET, PARTITION)
    assert harness.check_evaluation(first, "prisoner_contacts_match").passed is False
    mismatches = first.output_for_node(C_ASSET)
    assert set(zip(mismatches["offender_no"], mismatches["kind"], strict=True)) == (
        planted_contacts
    )
    [report] = harness.telemetry(f"{C_PREFIX}-report")
    assert report["mismatch-count"] == "3" and report["success"] == "true"
    reasons = {(d["offenderNo"], d["reason"]) for d in harness.telemetry(f"{C_PREFIX}-mismatch")}
    assert reasons == planted_contacts

    config = {"partition_key": PARTITION, "dry_run": False, "max_writes": 10}
    real = harness.defs.resolve_job_def("repair_prisoner_contacts_job").execute_in_process(
        run_config={"ops": {"repair_prisoner_contacts": {"config": config}}},
        instance=harness.instance,
        raise_on_error=False,
    )
    assert real.success
    assert len(harness.telemetry("contact-create-success")) == 1  # the relationship NOMIS lacked
    assert len(harness.telemetry("contact-update-success")) == 3
    assert len(harness.telemetry("contactperson-update-success")) == 3
    assert harness.recheck_request(real).job_name == f"{C_ASSET}_job"

    second = harness.materialize(C_ASSET, PARTITION)
    assert harness.check_evaluation(second, "prisoner_contacts_match").passed is True
    history = harness.resources["store"].get_history().history(reconciliation=C_ASSET)
    assert {(m.offender_no, m.kind) for m in history} == planted_contacts
    assert all(m.repaired_at is not None for m in history)


# --- person contacts (weekly) ---------------------------------------------------------------

P_ASSET = "person_contacts_reconciliation"
WEEK = "2026-11-16"  # a Monday-to-Monday week; the run compares the current state


def test_planted_persons_are_found_exactly_and_the_repair_fixes_them(harness):
    planted_persons = {str(p) for p in harness.get("/sandbox/planted")["person_contacts"]}
    assert len(planted_persons) == 2
    first = harness.materialize(P_ASSET, WEEK)
    assert harness.check_evaluation(first, "person_contacts_match").passed is False
    mismatches = first.output_for_node(P_ASSET)
    assert set(mismatches["person_id"]) == planted_persons
    assert set(mismatches["kind"]) == {"different-person-details"}
    [report] = harness.telemetry("contact-person-reconciliation-report")
    assert report["mismatch-count"] == "2" and report["success"] == "true"

    config = {"partition_key": WEEK, "dry_run": False, "max_writes": 10}
    real = harness.defs.resolve_job_def("repair_person_contacts_job").execute_in_process(
        run_config={"ops": {"repair_person_contacts": {"config": config}}},
        instance=harness.instance,
        raise_on_error=False,
    )
    assert real.success
    assert len(harness.telemetry("contactperson-update-success")) == 2
    assert len(harness.telemetry("contact-create-success")) == 1  # the missing relationship

    second = harness.materialize(P_ASSET, WEEK)
    assert harness.check_evaluation(second, "person_contacts_match").passed is True


def test_the_weekly_run_is_saturday_at_ten_to_two_london(tmp_path):
    defs = build_definitions(Settings(store_url=f"sqlite:///{tmp_path / 's.db'}"))
    schedule = defs.resolve_schedule_def(f"{P_ASSET}_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("50 1 * * 6", "Europe/London")
