"""From failed check to repair in one click: the check's mismatches table and its repair link.

The link is Dagster's Launchpad URL (`/guess/<job>/playground/setup?config=<yaml>`, checked
against the UI's own code and, end to end, in tests/ui) with the reconciliation's declared
repair filled in for the partition, as a dry run. Built from the declared repair alone: every
reconciliation with a repair gets a link whose config its repair job accepts and whose
write (dry_run false) the re-check sensor recognises.
"""

from urllib.parse import parse_qs, urlsplit

import dagster as dg
import pandas as pd
import pytest
import yaml

from assets.reporting import (
    MAX_TABLE_ROWS,
    check_result,
    check_status_metadata,
    launchpad_url,
    repair_link,
    repair_run_config,
)
from dagster_project.definitions import build_definitions
from dagster_project.domains import APIS, DOMAINS
from dagster_project.sandbox.domains.incentives.seed import PLANTED_INCENTIVE_MISMATCHES
from dagster_project.settings import Settings
from sensors.repair_sensors import repair_routes, repaired_reconciliation

REPAIRED = [r for d in DOMAINS for r in d.reconciliations if r.repair is not None]
UNREPAIRED = [r for d in DOMAINS for r in d.reconciliations if r.repair is None]
PARTITION = "2026-11-16"


def opened(url: str) -> tuple[str, dict]:
    """What the UI does with the link: the path it routes, the run config it puts in the editor."""
    parts = urlsplit(url)
    [config] = parse_qs(parts.query)["config"]
    return parts.path, yaml.safe_load(config)


def frame(rows: int) -> pd.DataFrame:
    return pd.DataFrame(
        {"booking_id": range(1, rows + 1), "kind": ["different_level"] * rows, "x": [None] * rows}
    )


def test_the_link_opens_the_job_launchpad_with_the_config_filled_in():
    config = {"ops": {"op": {"config": {"partition_key": PARTITION, "dry_run": True, "n": 3}}}}
    path, shown = opened(launchpad_url("some_job", config))
    assert path == "/guess/some_job/playground/setup" and shown == config
    assert launchpad_url("j", config, "https://ui.example/dagster/").startswith(
        "https://ui.example/dagster/guess/j/playground/setup?config=ops%3A%0A"
    )


def test_dagster_webserver_url_makes_the_link_absolute():
    reconciliation = REPAIRED[0]
    assert reconciliation.repair is not None
    relative = repair_link(reconciliation.repair, PARTITION, environ={})
    absolute = repair_link(
        reconciliation.repair, PARTITION, environ={"DAGSTER_WEBSERVER_URL": "https://ops.example"}
    )
    assert relative.startswith("/guess/") and absolute == f"https://ops.example{relative}"


@pytest.mark.parametrize("reconciliation", REPAIRED, ids=lambda r: r.name)
def test_every_repair_link_is_a_dry_run_its_job_accepts(tmp_path, monkeypatch, reconciliation):
    for api in APIS:  # resolving the config resolves the resources' secrets too
        monkeypatch.setenv(api.secret_variable, "test-secret")
    repair = reconciliation.repair
    definitions = build_definitions(Settings(store_url=f"sqlite:///{tmp_path / 's.db'}"))
    path, config = opened(repair_link(repair, PARTITION, environ={}))
    job = definitions.resolve_job_def(repair.operation.job)
    assert path == f"/guess/{job.name}/playground/setup"
    assert config == repair_run_config(repair, PARTITION)
    op_config = config["ops"][repair.operation.op]["config"]
    assert op_config["partition_key"] == PARTITION and op_config["dry_run"] is True
    assert dg.validate_run_config(job, config)
    # the same config with dry_run false is the write the re-check sensor follows up
    write = {"ops": {repair.operation.op: {"config": {**op_config, "dry_run": False}}}}
    routes = repair_routes(DOMAINS)
    assert repaired_reconciliation(routes, write, job.name) == (reconciliation.name, PARTITION)


def test_a_failed_check_lists_the_mismatches_as_a_table_and_links_the_repair():
    result = check_result("c", frame(3), ["MDI: 500"], repair_url="/guess/j/playground/setup")
    assert not result.passed and result.severity == dg.AssetCheckSeverity.ERROR
    table = result.metadata["mismatches"]
    assert isinstance(table, dg.TableMetadataValue)
    assert [c.name for c in table.schema.columns] == ["booking_id", "kind", "x"]
    assert [r.data["booking_id"] for r in table.records] == ["1", "2", "3"]
    assert result.metadata["mismatch_count"].value == 3
    assert result.metadata["repair"] == dg.MetadataValue.url("/guess/j/playground/setup")
    assert "mismatches_shown" not in result.metadata


def test_a_long_list_shows_its_first_rows_and_says_how_many_there_are():
    result = check_result("c", frame(MAX_TABLE_ROWS + 20), [], repair_url="/x")
    assert len(result.metadata["mismatches"].records) == MAX_TABLE_ROWS
    assert result.metadata["mismatch_count"].value == MAX_TABLE_ROWS + 20
    assert f"of {MAX_TABLE_ROWS + 20}" in result.metadata["mismatches_shown"].value


def test_a_passing_check_has_no_repair_and_a_reconciliation_without_one_says_why():
    passing = check_result("c", frame(0), [], repair_url="/x")
    assert passing.passed and "repair" not in passing.metadata
    failing = check_result("c", frame(1), [], no_repair_reason="no NOMIS delete operation")
    assert "repair" not in failing.metadata
    assert failing.metadata["no_repair"].value == "no NOMIS delete operation"
    assert all(r.no_repair_reason for r in UNREPAIRED)


def test_the_partition_s_own_metadata_says_its_check_failed():
    assert check_status_metadata(False, "/x") == {
        "check_passed": dg.MetadataValue.bool(False),
        "repair": dg.MetadataValue.url("/x"),
    }
    assert check_status_metadata(True, None) == {"check_passed": dg.MetadataValue.bool(True)}


def test_the_planted_incentive_mismatches_fail_with_a_link_whose_dry_run_works(harness):
    """End to end on the sandbox: materialise, follow the link's config, alert with the link."""
    job = harness.defs.resolve_job_def("incentive_levels_reconciliation_job")
    result = job.execute_in_process(partition_key=PARTITION, instance=harness.instance)
    [check] = [e for e in result.get_asset_check_evaluations() if e.check_name != "freshness_check"]
    planted = {str(m.booking_id) for m in PLANTED_INCENTIVE_MISMATCHES}
    assert {r.data["booking_id"] for r in check.metadata["mismatches"].value.records} == planted
    link = check.metadata["repair"].value
    materialization = result.asset_materializations_for_node("incentive_levels_reconciliation")[0]
    assert materialization.metadata["check_passed"].value is False
    assert materialization.metadata["repair"].value == link

    path, config = opened(link)
    assert path == "/guess/repair_incentives_job/playground/setup"
    before = len(harness.get("/sandbox/nomis/incentives"))
    dry = harness.defs.resolve_job_def("repair_incentives_job").execute_in_process(
        run_config=config, instance=harness.instance
    )
    assert dry.success and len(harness.get("/sandbox/nomis/incentives")) == before

    sensor = harness.defs.resolve_sensor_def("reconciliation_alerts_sensor")
    with dg.build_sensor_context(
        instance=harness.instance, cursor="0", resources=harness.resources
    ) as context:
        sensor.evaluate_tick(context)
    [alert] = harness.failed_alerts()
    assert alert.dimensions["eventId"].startswith("check:")
    assert alert.dimensions["repair"] == link and alert.dimensions["partition"] == PARTITION
