"""Adjustment runbook jobs: their config rules, and a dry run then a real run on the sandbox."""

import pytest
from pydantic import ValidationError

from dagster_project.domains.sentencing.operations import RepairAdjustmentConfig
from tests.harness import written

UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"

# --- config ---------------------------------------------------------------------------------


def test_a_valid_repair_adjustment_config_passes_unchanged():
    adjustment = RepairAdjustmentConfig(offender_no="A1234BC", adjustment_ids=[UUID])
    assert adjustment.adjustment_ids == [UUID]


def test_an_adjustment_id_that_is_not_a_uuid_is_reported_with_its_field():
    with pytest.raises(ValidationError, match="is not a DPS adjustment id") as refused:
        RepairAdjustmentConfig(offender_no="A1234BC", adjustment_ids=[UUID, "12345"])
    assert [error["loc"] for error in refused.value.errors()] == [("adjustment_ids", 1)]


# --- jobs on the sandbox --------------------------------------------------------------------


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

    dry = harness.operate("repair_adjustment_job", "repair_adjustments", config)
    assert written(dry, "repair_adjustments") == (1, 0)
    assert harness.get("/sandbox/nomis/adjustments", bookingId=prisoner["bookingId"]) == before

    harness.operate("repair_adjustment_job", "repair_adjustments", {**config, "dry_run": False})
    after = harness.get("/sandbox/nomis/adjustments", bookingId=prisoner["bookingId"])
    assert len(after) == len(before) + 1
    harness.sandbox.put(
        f"/sandbox/dps/adjustments/{adjustment['adjustmentId']}", json={"adjustmentDays": 7}
    ).raise_for_status()
    harness.operate("repair_adjustment_job", "repair_adjustments", {**config, "dry_run": False})
    again = harness.get("/sandbox/nomis/adjustments", bookingId=prisoner["bookingId"])
    assert len(again) == len(after)
    assert sorted(r["adjustmentDays"] for r in again if r not in before) == [7]
    assert len(harness.telemetry("to-nomis-synch-adjustment-repair")) == 2


def test_delete_duplicate_adjustment_job_deletes_only_the_given_one(harness):
    from dagster_project.sandbox.domains.sentencing.seed import SEEDED_SENTENCE_ADJUSTMENTS

    seeded = SEEDED_SENTENCE_ADJUSTMENTS[0]
    booking = harness.get("/sandbox/prisoners", prisonId="MDI", limit=1)[0]["bookingId"]
    rows = harness.get("/sandbox/nomis/adjustments", bookingId=booking)
    [target] = [
        r
        for r in rows
        if r["category"] == "SENTENCE" and r["adjustmentId"] == seeded.nomis_adjustment_id
    ]
    config = {"category": "SENTENCE", "nomis_adjustment_ids": [target["adjustmentId"]]}

    harness.operate("delete_duplicate_adjustment_job", "delete_duplicate_adjustments", config)
    assert harness.get("/sandbox/nomis/adjustments", bookingId=booking) == rows

    harness.operate(
        "delete_duplicate_adjustment_job",
        "delete_duplicate_adjustments",
        {**config, "dry_run": False},
    )
    remaining = harness.get("/sandbox/nomis/adjustments", bookingId=booking)
    assert [r for r in rows if r not in remaining] == [target]
