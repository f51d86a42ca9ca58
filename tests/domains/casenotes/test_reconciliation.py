"""Case notes reconciliations end to end, on real sockets: the planted prisoners (and only they)
fail each check with the old telemetry and alert once, the dry run writes nothing, the partition
repair fixes every planted prisoner, and the re-check passes with no second alert. The active
run sees only active prisoners."""

import dagster as dg
import pytest

from dagster_project.domains.casenotes import prisoner
from tests.harness import written

PREFIX = "casenotes-reports-reconciliation"
CASES = [
    pytest.param(
        "casenotes_active_reconciliation",
        "casenotes_active_match",
        "2026-12-01",
        "repair_active_casenotes_job",
        "repair_active_casenotes",
        True,
        id="active",
    ),
    pytest.param(
        "casenotes_full_reconciliation",
        "casenotes_full_match",
        "2026-11-23",
        "repair_all_casenotes_job",
        "repair_all_casenotes",
        False,
        id="full",
    ),
]


def nomis_notes(harness, offenders) -> dict[str, list[dict]]:
    return {o: harness.get("/sandbox/casenotes/nomis", offenderNo=o) for o in sorted(offenders)}


@pytest.mark.parametrize(("asset", "check_name", "partition", "job", "op", "active_only"), CASES)
def test_planted_case_note_mismatches_are_found_and_repaired(
    harness, monkeypatch, asset, check_name, partition, job, op, active_only
):
    monkeypatch.setattr(prisoner, "RETRY_DELAY_SECONDS", 0.0)
    planted = {
        m["offenderNo"]: m["kind"]
        for m in harness.get("/sandbox/planted")["caseNoteMismatches"]
        if m["activePrisoner"] or not active_only
    }
    assert len(planted) == (2 if active_only else 3)
    prisoners = harness.get("/sandbox/prisoners", limit=1000)
    population = [p for p in prisoners if p["active"] or not active_only]
    cursor = harness.alerts_tick(None)

    first = harness.materialize(asset, partition)
    check = harness.check_evaluation(first, check_name)
    assert check.passed is False and check.severity == dg.AssetCheckSeverity.ERROR
    found = first.output_for_node(asset)
    assert dict(zip(found["offender_no"], found["kind"], strict=True)) == planted
    metadata = first.asset_materializations_for_node(asset)[0].metadata
    assert metadata["bookings_checked"].value == len(population)
    assert metadata["mismatch_count"].value == len(planted) and metadata["errors"].value == 0

    [requested] = harness.telemetry(f"{PREFIX}-requested")
    assert requested == {
        "casenotes-nomis-total": str(len(population)),
        "activeOnly": str(active_only).lower(),
    }
    content = {
        t["offenderNo"]: t for t in harness.telemetry(f"{PREFIX}-mismatch") if "nomisId" not in t
    }
    assert set(content) == {o for o, k in planted.items() if k == "content"}
    assert all(set(t) == {"offenderNo", "1"} for t in content.values())
    duplicates = harness.telemetry(f"{PREFIX}-mismatch-nomis-duplicate")
    assert {t["offenderNo"] for t in duplicates} == {
        o for o, k in planted.items() if k == "nomis-duplicate"
    }
    assert harness.telemetry(f"{PREFIX}-report") == [
        {"mismatch-count": str(len(planted)), "success": "true"}
    ]

    cursor = harness.alerts_tick(cursor)
    cursor = harness.alerts_tick(cursor)
    [alert] = harness.failed_alerts()
    assert alert.dimensions["partition"] == partition
    assert alert.dimensions["check"] == f"{asset}:{check_name}"

    before = nomis_notes(harness, planted)
    dry = harness.operate(job, op, {"partition_key": partition})
    assert written(dry, op) == (len(planted), 0)
    assert nomis_notes(harness, planted) == before

    real = harness.operate(job, op, {"partition_key": partition, "dry_run": False})
    assert written(real, op) == (len(planted), len(planted))
    resynchronised = harness.telemetry("to-nomis-synch-casenotes-resynchronisation-repair")
    assert len(resynchronised) == sum(1 for k in planted.values() if k == "content")
    assert len(harness.telemetry(f"{PREFIX}-deleted")) == (
        sum(1 for k in planted.values() if k == "nomis-duplicate")
    )
    request = harness.recheck_request(real)
    assert (request.job_name, request.partition_key) == (f"{asset}_job", partition)

    second = harness.materialize(asset, partition)
    assert harness.check_evaluation(second, check_name).passed is True
    history = harness.resources["store"].get_history().history(reconciliation=asset)
    assert {m.offender_no for m in history} == set(planted)
    assert all(m.repaired_at is not None for m in history)
    harness.alerts_tick(cursor)
    assert len(harness.failed_alerts()) == 1
