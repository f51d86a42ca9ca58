"""Adjustment events through SNS -> SQS -> sensor -> run -> sandbox NOMIS, on real sockets.

Including an update and a delete that arrive before their create.
"""

from dagster_project.local.publish import domain_event

INSERTED = "release-date-adjustments.adjustment.inserted"
UPDATED = "release-date-adjustments.adjustment.updated"
DELETED = "release-date-adjustments.adjustment.deleted"


def emit(harness, event_type: str, adjustment: dict, occurred_at: str | None = None) -> None:
    event = domain_event(
        event_type,
        {"id": adjustment["adjustmentId"], "offenderNo": adjustment["offenderNo"], "source": "DPS"},
    )
    if occurred_at:
        event["occurredAt"] = occurred_at
    harness.publisher.emit(event)


def create_dps(harness, offender: str, **fields) -> dict:
    body = {
        "offenderNo": offender,
        "adjustmentType": "RX",
        "sentenceSequence": 1,
        "adjustmentDays": 4,
        "adjustmentDate": "2026-11-20",
        **fields,
    }
    response = harness.sandbox.post("/sandbox/dps/adjustments", json=body)
    response.raise_for_status()
    return response.json()


def nomis_adjustments(harness, booking: int) -> list[dict]:
    return harness.get("/sandbox/nomis/adjustments", bookingId=booking)


def mapping(harness, adjustment: dict) -> list[dict]:
    return harness.get("/sandbox/mappings/adjustments", adjustmentId=adjustment["adjustmentId"])


def test_inserted_updated_deleted_reach_nomis(harness):
    prisoner = harness.get("/sandbox/prisoners", prisonId="LEI", limit=1)[0]
    before = len(nomis_adjustments(harness, prisoner["bookingId"]))
    adjustment = create_dps(harness, prisoner["offenderNo"])
    emit(harness, INSERTED, adjustment)
    assert harness.pump() == 1
    [mapped] = mapping(harness, adjustment)
    assert mapped["nomisAdjustmentCategory"] == "SENTENCE"
    rows = nomis_adjustments(harness, prisoner["bookingId"])
    assert len(rows) == before + 1

    harness.sandbox.put(
        f"/sandbox/dps/adjustments/{adjustment['adjustmentId']}", json={"adjustmentDays": 9}
    ).raise_for_status()
    emit(harness, UPDATED, adjustment)
    harness.pump()
    [row] = [
        r
        for r in nomis_adjustments(harness, prisoner["bookingId"])
        if r["adjustmentId"] == mapped["nomisAdjustmentId"] and r["category"] == "SENTENCE"
    ]
    assert row["adjustmentDays"] == 9

    harness.sandbox.delete(f"/sandbox/dps/adjustments/{adjustment['adjustmentId']}")
    emit(harness, DELETED, adjustment)
    harness.pump()
    assert len(nomis_adjustments(harness, prisoner["bookingId"])) == before
    assert mapping(harness, adjustment) == []
    assert harness.telemetry("sentencing-adjustment-deleted-success")
    assert harness.depth("sentencing") == (0, 0, 0)
    assert harness.dead_letters("sentencing") == []


def test_update_before_create_is_retried_until_the_create_lands(harness):
    prisoner = harness.get("/sandbox/prisoners", prisonId="LEI", limit=2)[1]
    adjustment = create_dps(
        harness,
        prisoner["offenderNo"],
        adjustmentType="UAL",
        sentenceSequence=None,
        adjustmentFromDate="2026-11-01",
    )
    harness.sandbox.put(
        f"/sandbox/dps/adjustments/{adjustment['adjustmentId']}", json={"adjustmentDays": 6}
    ).raise_for_status()
    emit(harness, UPDATED, adjustment, occurred_at="2026-11-27T10:05:00Z")
    [request] = harness.tick("sentencing")
    harness.run("sentencing", request)  # fails: not created yet -> re-queued with backoff
    assert harness.telemetry("sentencing-adjustment-updated-failed")
    emit(harness, INSERTED, adjustment, occurred_at="2026-11-27T10:00:00Z")

    harness.pump()

    [mapped] = mapping(harness, adjustment)
    [row] = [
        r
        for r in nomis_adjustments(harness, prisoner["bookingId"])
        if r["adjustmentId"] == mapped["nomisAdjustmentId"] and r["category"] == "KEY-DATE"
    ]
    assert row["adjustmentDays"] == 6
    assert harness.dead_letters("sentencing") == []
    assert harness.depth("sentencing") == (0, 0, 0)


def test_delete_before_create_leaves_nothing_in_nomis(harness):
    prisoner = harness.get("/sandbox/prisoners", prisonId="LEI", limit=3)[2]
    before = len(nomis_adjustments(harness, prisoner["bookingId"]))
    adjustment = create_dps(harness, prisoner["offenderNo"])
    harness.sandbox.delete(f"/sandbox/dps/adjustments/{adjustment['adjustmentId']}")
    emit(harness, DELETED, adjustment)
    harness.pump()
    emit(harness, INSERTED, adjustment)
    harness.pump()

    assert len(nomis_adjustments(harness, prisoner["bookingId"])) == before
    assert mapping(harness, adjustment) == []
    assert harness.telemetry("sentencing-adjustment-create-skipped")
    assert harness.dead_letters("sentencing") == []


def test_a_key_date_adjustment_updated_in_dps_updates_the_nomis_key_date_adjustment(harness):
    prisoner = harness.get("/sandbox/prisoners", prisonId="LEI", limit=4)[3]
    adjustment = create_dps(
        harness,
        prisoner["offenderNo"],
        adjustmentType="UAL",
        sentenceSequence=None,
        adjustmentFromDate="2026-11-01",
    )
    emit(harness, INSERTED, adjustment)
    assert harness.pump() == 1
    [mapped] = mapping(harness, adjustment)
    assert mapped["nomisAdjustmentCategory"] == "KEY-DATE"

    harness.sandbox.put(
        f"/sandbox/dps/adjustments/{adjustment['adjustmentId']}", json={"adjustmentDays": 11}
    ).raise_for_status()
    emit(harness, UPDATED, adjustment)
    harness.pump()

    [row] = [
        r
        for r in nomis_adjustments(harness, prisoner["bookingId"])
        if r["adjustmentId"] == mapped["nomisAdjustmentId"] and r["category"] == "KEY-DATE"
    ]
    assert row["adjustmentDays"] == 11 and row["sentenceSequence"] is None
    assert harness.telemetry("sentencing-adjustment-updated-success")
    assert not harness.telemetry("sentencing-adjustment-updated-failed")
    assert harness.dead_letters("sentencing") == []
    assert harness.depth("sentencing") == (0, 0, 0)
