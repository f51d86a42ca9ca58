"""Adjustment runbook jobs: their config rules, the partition repair's plan and writes on the
mocked estate, and a dry run then a real run on the sandbox."""

import logging

import pytest
from pydantic import ValidationError

from dagster_project.domains.sentencing import DOMAIN
from dagster_project.domains.sentencing.operations import (
    REPAIR_ADJUSTMENT,
    RepairAdjustmentConfig,
)
from dagster_project.domains.sentencing.repair_targets import RECONCILIATION
from dagster_project.sync.domain import OperationRun
from resources.history import Mismatch
from tests.domains.sentencing.payloads import (
    ADJUSTMENT_DTO,
    ADJUSTMENT_ID,
    BOOKING_ID,
    KEY_DATE_ADJUSTMENT,
    OFFENDER,
    adjustment_mapping,
)
from tests.harness import written
from tests.wire import sent

UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
PARTITION = "2026-11-27"

# --- config ---------------------------------------------------------------------------------


def test_a_valid_repair_adjustment_config_passes_unchanged():
    adjustment = RepairAdjustmentConfig(offender_no="A1234BC", adjustment_ids=[UUID])
    assert adjustment.adjustment_ids == [UUID]


def test_an_adjustment_id_that_is_not_a_uuid_is_reported_with_its_field():
    with pytest.raises(ValidationError, match="is not a DPS adjustment id") as refused:
        RepairAdjustmentConfig(offender_no="A1234BC", adjustment_ids=[UUID, "12345"])
    assert [error["loc"] for error in refused.value.errors()] == [("adjustment_ids", 1)]


def test_adjustment_ids_need_their_prisoner():
    with pytest.raises(ValidationError, match="give offender_no too"):
        RepairAdjustmentConfig(adjustment_ids=[UUID])


def test_a_partition_alone_is_a_repair_and_nothing_at_all_is_refused():
    assert RepairAdjustmentConfig(partition_key=PARTITION).adjustment_ids == []
    with pytest.raises(ValidationError, match="give partition_key or adjustment_ids"):
        RepairAdjustmentConfig(offender_no="A1234BC")
    with pytest.raises(ValidationError, match="2025-01-01"):
        RepairAdjustmentConfig(partition_key="2025-01-01")  # before the reconciliation began


# --- the partition repair on the mocked estate ----------------------------------------------

OTHER_ID = "0b6f4a1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b"
DPS_PERSON = "/adjustments/adjustments"
MAPPING = "/mapping-api/mapping/sentencing/adjustments/adjustment-id/"
NOMIS_HELD = f"/nomis/prisoners/booking-id/{BOOKING_ID}/sentencing-adjustments"


class History:
    """The store's open mismatches: one booking of the partition."""

    def open_for(self, reconciliation: str, partition_key: str) -> list[Mismatch]:
        if (reconciliation, partition_key) != (RECONCILIATION, PARTITION):
            return []
        return [
            Mismatch(
                reconciliation=RECONCILIATION,
                partition_key=PARTITION,
                key=str(BOOKING_ID),
                kind="different_count",
                booking_id=str(BOOKING_ID),
                offender_no=OFFENDER,
            )
        ]


def nomis_item(nomis_id: int, code: str, days: int, **extra) -> dict:
    return {
        "id": nomis_id,
        "bookingId": BOOKING_ID,
        "bookingSequence": 1,
        "hasBeenReleased": False,
        "prisonId": "MDI",
        "offenderNo": OFFENDER,
        "adjustmentType": {"code": code, "description": code},
        "adjustmentDays": days,
        "active": True,
        **extra,
    }


@pytest.fixture
def run(wired, telemetry) -> OperationRun:
    return OperationRun(wired(DOMAIN), telemetry, History(), logging.getLogger("repair-test"))


def test_a_partition_plans_every_dps_adjustment_of_its_bookings_and_names_nomis_extras(
    run, estate, caplog
):
    estate.get(DPS_PERSON, params={"person": OFFENDER}).respond(
        200,
        json=[
            ADJUSTMENT_DTO,
            {**ADJUSTMENT_DTO, "id": UUID, "adjustmentType": "UNLAWFULLY_AT_LARGE"},
            {**ADJUSTMENT_DTO, "id": OTHER_ID, "bookingId": BOOKING_ID - 1},  # another booking
        ],
    )
    estate.get(MAPPING + ADJUSTMENT_ID).respond(200, json=adjustment_mapping(9001, "SENTENCE"))
    estate.get(MAPPING + UUID).respond(404, json={"status": 404})
    estate.get(NOMIS_HELD).respond(
        200,
        json={
            "keyDateAdjustments": [
                nomis_item(9005, "UAL", 2),  # no DPS adjustment maps to it: named
                nomis_item(9006, "UAL", 0),  # zero days: not counted, not named
            ],
            "sentenceAdjustments": [
                nomis_item(9001, "RX", 12, sentenceSequence=2, hiddenFromUsers=False),
                nomis_item(9008, "TCA", 5, sentenceSequence=1, hiddenFromUsers=False),
            ],
        },
    )
    config = RepairAdjustmentConfig(partition_key=PARTITION)
    with caplog.at_level(logging.WARNING, logger="repair-test"):
        planned = REPAIR_ADJUSTMENT.targets(run, config)
    assert planned == [f"{OFFENDER}/{ADJUSTMENT_ID}", f"{OFFENDER}/{UUID}"]
    [warning] = [r.getMessage() for r in caplog.records]
    assert f"booking {BOOKING_ID} ({OFFENDER}): NOMIS adjustments KEY-DATE 9005 are" in warning
    assert "9006" not in warning and "9008" not in warning and "does not delete" in warning


def test_explicit_ids_come_first_and_are_not_planned_twice(run, estate):
    estate.get(DPS_PERSON, params={"person": OFFENDER}).respond(200, json=[ADJUSTMENT_DTO])
    estate.get(MAPPING + ADJUSTMENT_ID).respond(200, json=adjustment_mapping(9001, "SENTENCE"))
    estate.get(NOMIS_HELD).respond(200, json={"keyDateAdjustments": [], "sentenceAdjustments": []})
    config = RepairAdjustmentConfig(
        partition_key=PARTITION, offender_no=OFFENDER, adjustment_ids=[UUID, ADJUSTMENT_ID]
    )
    assert REPAIR_ADJUSTMENT.targets(run, config) == [
        f"{OFFENDER}/{UUID}",
        f"{OFFENDER}/{ADJUSTMENT_ID}",
    ]


@pytest.mark.parametrize(
    ("config", "expected_active"),
    [
        pytest.param({"offender_no": OFFENDER, "adjustment_ids": [ADJUSTMENT_ID]}, None, id="ids"),
        pytest.param({"partition_key": PARTITION}, True, id="partition: DPS's flag"),
        pytest.param(
            {"offender_no": OFFENDER, "adjustment_ids": [ADJUSTMENT_ID], "set_active": True},
            True,
            id="set_active",
        ),
    ],
)
def test_a_mapped_adjustment_is_updated_from_dps(run, estate, sink, config, expected_active):
    estate.get(MAPPING + ADJUSTMENT_ID).respond(200, json=adjustment_mapping(9001, "KEY-DATE"))
    estate.get(f"/adjustments/legacy/adjustments/{ADJUSTMENT_ID}").respond(
        200, json={**KEY_DATE_ADJUSTMENT, "active": True}
    )
    put = estate.put("/nomis/key-date-adjustments/9001").respond(200)
    REPAIR_ADJUSTMENT.write(run, RepairAdjustmentConfig(**config), f"{OFFENDER}/{ADJUSTMENT_ID}")
    expected = {
        "adjustmentTypeCode": "UAL",
        "adjustmentDate": "2026-11-20",
        "adjustmentFromDate": "2026-10-01",
        "adjustmentDays": 3,
        "comment": "Absconded",
    }
    if expected_active is not None:
        expected["active"] = expected_active
    assert sent(put).body == expected
    assert sink.events[-1] == (
        "to-nomis-synch-adjustment-repair",
        {"offenderNo": OFFENDER, "adjustmentId": ADJUSTMENT_ID},
    )


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
