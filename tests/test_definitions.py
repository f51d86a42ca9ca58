"""Guards both code locations: they load, and every name is where reviewers expect it."""

import dagster as dg
import pytest

from dagster_project.definitions import build_definitions
from dagster_project.domains import DOMAINS
from dagster_project.settings import Settings
from dagster_project.sync_definitions import build_sync_definitions, defs

EXPECTED_NAMES = {
    "assets": [
        "adjudications_reconciliation",
        "alerts",
        "alerts_reconciliation",
        "allocation_reconciliation",
        "attendance_reconciliation",
        "casenotes_active_reconciliation",
        "casenotes_full_reconciliation",
        "core_person_reconciliation",
        "court_cases_active_reconciliation",
        "court_cases_reconciliation",
        "csip_reconciliation",
        "incentive_levels_reconciliation",
        "locations_reconciliation",
        "non_associations_reconciliation",
        "person_contacts_reconciliation",
        "prisoner_contacts_reconciliation",
        "prisoner_restrictions_reconciliation",
        "profile_details_reconciliation",
        "queues/activities_dlq",
        "queues/activities_queue",
        "queues/adjudications_dlq",
        "queues/adjudications_queue",
        "queues/alerts_dlq",
        "queues/alerts_queue",
        "queues/casenotes_dlq",
        "queues/casenotes_queue",
        "queues/core_person_dlq",
        "queues/core_person_queue",
        "queues/court_sentencing_dlq",
        "queues/court_sentencing_queue",
        "queues/csip_dlq",
        "queues/csip_queue",
        "queues/incentives_dlq",
        "queues/incentives_queue",
        "queues/locations_dlq",
        "queues/locations_queue",
        "queues/non_associations_dlq",
        "queues/non_associations_queue",
        "queues/personal_relationships_dlq",
        "queues/personal_relationships_queue",
        "queues/sentencing_dlq",
        "queues/sentencing_queue",
        "queues/visits_dlq",
        "queues/visits_queue",
        "sentencing_adjustments_reconciliation",
        "suspended_allocation_reconciliation",
    ],
    "asset_checks": [
        "adjudications_reconciliation:adjudication_ada_awards_match",
        "adjudications_reconciliation:freshness_check",
        "alerts_reconciliation:alerts_match",
        "alerts_reconciliation:freshness_check",
        "allocation_reconciliation:allocation_counts_match",
        "allocation_reconciliation:freshness_check",
        "attendance_reconciliation:attendance_counts_match",
        "attendance_reconciliation:freshness_check",
        "casenotes_active_reconciliation:casenotes_active_match",
        "casenotes_active_reconciliation:freshness_check",
        "casenotes_full_reconciliation:casenotes_full_match",
        "casenotes_full_reconciliation:freshness_check",
        "core_person_reconciliation:core_person_religions_match",
        "core_person_reconciliation:freshness_check",
        "court_cases_active_reconciliation:court_cases_active_match",
        "court_cases_active_reconciliation:freshness_check",
        "court_cases_reconciliation:court_cases_match",
        "court_cases_reconciliation:freshness_check",
        "csip_reconciliation:csip_reports_match",
        "csip_reconciliation:freshness_check",
        "incentive_levels_reconciliation:freshness_check",
        "incentive_levels_reconciliation:incentive_levels_match",
        "locations_reconciliation:freshness_check",
        "locations_reconciliation:locations_match",
        "non_associations_reconciliation:freshness_check",
        "non_associations_reconciliation:non_associations_match",
        "person_contacts_reconciliation:freshness_check",
        "person_contacts_reconciliation:person_contacts_match",
        "prisoner_contacts_reconciliation:freshness_check",
        "prisoner_contacts_reconciliation:prisoner_contacts_match",
        "prisoner_restrictions_reconciliation:freshness_check",
        "prisoner_restrictions_reconciliation:prisoner_restrictions_match",
        "profile_details_reconciliation:freshness_check",
        "profile_details_reconciliation:profile_details_match",
        "sentencing_adjustments_reconciliation:freshness_check",
        "sentencing_adjustments_reconciliation:sentencing_adjustments_match",
        "suspended_allocation_reconciliation:freshness_check",
        "suspended_allocation_reconciliation:suspended_allocation_counts_match",
    ],
    "jobs": [
        "adjudications_reconciliation_job",
        "alerts_reconciliation_job",
        "allocation_reconciliation_job",
        "attendance_reconciliation_job",
        "cancel_duplicate_visit_job",
        "casenotes_active_reconciliation_job",
        "casenotes_full_reconciliation_job",
        "clone_court_case_to_latest_booking_job",
        "core_person_reconciliation_job",
        "court_cases_active_reconciliation_job",
        "court_cases_reconciliation_job",
        "csip_reconciliation_job",
        "dead_letters_list_job",
        "dead_letters_purge_job",
        "dead_letters_redrive_job",
        "delete_adjudication_hearing_result_job",
        "delete_duplicate_adjustment_job",
        "delete_duplicate_course_activity_job",
        "delete_mappings_above_job",
        "health_check_job",
        "incentive_levels_reconciliation_job",
        "locations_reconciliation_job",
        "merge_core_person_religions_job",
        "non_associations_reconciliation_job",
        "person_contacts_reconciliation_job",
        "prisoner_contacts_reconciliation_job",
        "prisoner_restrictions_reconciliation_job",
        "profile_details_reconciliation_job",
        "repair_active_casenotes_job",
        "repair_active_court_cases_job",
        "repair_adjudication_ada_job",
        "repair_adjudication_hearing_job",
        "repair_adjudication_job",
        "repair_adjudication_outcome_job",
        "repair_adjudication_punishments_job",
        "repair_adjustment_job",
        "repair_all_casenotes_job",
        "repair_court_cases_job",
        "repair_csip_job",
        "repair_incentives_job",
        "repair_location_job",
        "repair_non_associations_job",
        "repair_person_contacts_job",
        "repair_prisoner_contacts_job",
        "repair_prisoner_restrictions_job",
        "repair_profile_details_job",
        "repair_visit_job",
        "resync_activity_schedule_job",
        "resync_allocations_job",
        "resync_attendances_job",
        "resync_profile_details_job",
        "resynchronise_alerts_job",
        "resynchronise_casenotes_job",
        "resynchronise_contact_job",
        "resynchronise_court_case_job",
        "resynchronise_court_sentencing_entity_job",
        "resynchronise_csip_report_job",
        "resynchronise_prisoner_contact_job",
        "sentencing_adjustments_reconciliation_job",
        "store_retention_job",
        "suspended_allocation_reconciliation_job",
    ],
    "sensors": [
        "alerts_view_sensor",
        "auto_repair_sensor",
        "dead_letter_queues_sensor",
        "recheck_after_repair_sensor",
        "reconciliation_alerts_sensor",
        "reconciliation_freshness_sensor",
        "stranded_messages_sensor",
    ],
    "schedules": [
        "adjudications_reconciliation_schedule",
        "alerts_reconciliation_schedule",
        "allocation_reconciliation_schedule",
        "attendance_reconciliation_schedule",
        "casenotes_active_reconciliation_schedule",
        "casenotes_full_reconciliation_schedule",
        "core_person_reconciliation_schedule",
        "court_cases_active_reconciliation_schedule",
        "court_cases_reconciliation_schedule",
        "csip_reconciliation_schedule",
        "health_check_schedule",
        "incentive_levels_reconciliation_schedule",
        "locations_reconciliation_schedule",
        "non_associations_reconciliation_schedule",
        "person_contacts_reconciliation_schedule",
        "prisoner_contacts_reconciliation_schedule",
        "prisoner_restrictions_reconciliation_schedule",
        "profile_details_reconciliation_schedule",
        "sentencing_adjustments_reconciliation_schedule",
        "store_retention_schedule",
        "suspended_allocation_reconciliation_schedule",
    ],
    "resources": [
        "activities_api",
        "adjudications_api",
        "adjustments_api",
        "alerts",
        "alerts_api",
        "casenotes_api",
        "core_person_api",
        "court_sentencing_api",
        "csip_api",
        "event_queue",
        "incentives_api",
        "locations_api",
        "nomis_mapping_api",
        "nomis_prisoner_api",
        "non_associations_api",
        "personal_relationships_api",
        "reconciliation_options",
        "store",
        "visits_api",
    ],
}


# The event-sync location: each domain's queue sensor and sync job, and what they use.
SYNC_EXPECTED_NAMES = {
    "assets": [],
    "asset_checks": [],
    "jobs": sorted(f"{d.name}_sync_job" for d in DOMAINS),
    "sensors": sorted(f"{d.name}_events_sensor" for d in DOMAINS),
    "schedules": [],
    "resources": sorted(set(EXPECTED_NAMES["resources"]) - {"alerts", "reconciliation_options"}),
}


@pytest.fixture
def sync_definitions(tmp_path):
    return build_sync_definitions(Settings(store_url=f"sqlite:///{tmp_path / 's.db'}"))


@pytest.fixture
def definitions(tmp_path):
    return build_definitions(Settings(store_url=f"sqlite:///{tmp_path / 's.db'}"))


def names(definitions: dg.Definitions) -> dict[str, list[str]]:
    repo = definitions.get_repository_def()
    return {
        "assets": sorted(k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()),
        "asset_checks": sorted(k.to_user_string() for k in repo.asset_graph.asset_check_keys),
        "jobs": sorted(j.name for j in repo.get_all_jobs() if not j.name.startswith("__")),
        "sensors": sorted(s.name for s in repo.sensor_defs),
        "schedules": sorted(s.name for s in repo.schedule_defs),
        "resources": sorted(definitions.resources or {}),
    }


def test_location_loads_and_names_match_snapshot(definitions):
    dg.Definitions.validate_loadable(definitions)
    assert names(definitions) == EXPECTED_NAMES


def test_sync_location_loads_and_names_match_snapshot(sync_definitions):
    dg.Definitions.validate_loadable(sync_definitions)
    assert names(sync_definitions) == SYNC_EXPECTED_NAMES
    assert len(SYNC_EXPECTED_NAMES["jobs"]) == len(DOMAINS) >= 6


def test_entry_point_builds_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("STORE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    monkeypatch.setenv("SENSOR_INTERVAL_SECONDS", "17")
    loaded = defs() if callable(defs) else defs
    sensor = loaded.resolve_sensor_def("incentives_events_sensor")
    assert sensor.minimum_interval_seconds == 17
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING


def test_sync_jobs_are_limited_per_domain_and_not_retried_on_op_failure(sync_definitions):
    for domain in (d.name for d in DOMAINS):
        job = sync_definitions.resolve_job_def(f"{domain}_sync_job")
        assert job.tags["domain"] == domain
        assert job.tags["dagster/retry_on_asset_or_op_failure"] == "false"
        assert int(job.tags["dagster/max_runtime"]) > 0  # a dead worker is failed and retried


def test_local_instance_config_lets_two_runs_per_domain_overlap():
    import yaml

    from dagster_project.local.runner import REPO

    config = yaml.safe_load((REPO / "deploy/local/dagster.yaml").read_text())
    limits = config["concurrency"]["runs"]["tag_concurrency_limits"]
    assert {"key": "domain", "value": {"applyLimitPerUniqueValue": True}, "limit": 2} in limits


def test_dagster_cli_validates_the_workspace(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    dagster = Path(sys.executable).parent / "dagster"
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path), "STORE_URL": f"sqlite:///{tmp_path}/s.db"}
    result = subprocess.run(
        [str(dagster), "definitions", "validate", "-w", "workspace.yaml"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for location in ("prisoner-to-nomis-sync", "prisoner-to-nomis-sync-events"):
        assert f"Validation successful for code location {location}." in (
            result.stdout + result.stderr
        )
