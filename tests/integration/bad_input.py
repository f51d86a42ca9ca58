"""The bad-input catalogue as data: each case's input, where it is caught and what ops sees.

docs/bad-input.md has one row per case id; `test_bad_input_catalogue` checks the rows and the
outcomes against these entries, so the table and the behaviour cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dagster_project.local.publish import domain_event
from dagster_project.sandbox.domains.sentencing.publish import adjustment_event
from tests.messages import event, padded_review, retry_body, review_inserted, sns_body

SENSOR, RUN = "sensor triage", "sync run"
DLQ, IGNORED = "dlq", "ignored"
MISSING_ID = 99999999
MISSING_ADJUSTMENT = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
MISSING_VISIT = "zz-zz-zz-zz"


def as_documented(text: str) -> str:
    """The wording in docs/bad-input.md: this catalogue's sample values become placeholders."""
    for sample, placeholder in [
        (str(MISSING_ID), "{id}"),
        (MISSING_ADJUSTMENT, "{id}"),
        (MISSING_VISIT, "{reference}"),
        (str(100 * 1024), "{size}"),
    ]:
        text = text.replace(sample, placeholder)
    return text


@dataclass(frozen=True)
class QueueCase:
    """A bad SQS body; `sees` is in the DLQ reason, or in the telemetry event named `telemetry`."""

    id: str
    domain: str
    body: Callable[[], str]
    caught: str
    outcome: str
    sees: str
    telemetry: str | None = None


def dead(
    case_id: str,
    body: Callable[[], str],
    sees: str,
    domain: str = "incentives",
    caught: str = SENSOR,
) -> QueueCase:
    return QueueCase(case_id, domain, body, caught, DLQ, sees)


def dropped(
    case_id: str, body: Callable[[], str], sees: str, telemetry: str, domain: str, caught: str
) -> QueueCase:
    return QueueCase(case_id, domain, body, caught, IGNORED, sees, telemetry)


def adjustment_inserted(adjustment_id: str) -> str:
    info = {"id": adjustment_id, "offenderNo": "A1234BC", "source": "DPS"}
    return sns_body(event("release-date-adjustments.adjustment.inserted", info))


QUEUE_CASES = [
    dead("malformed-json", lambda: "{this is not json", "body is not valid JSON"),
    dead("not-an-sns-envelope", lambda: json.dumps({"hello": "world"}), "not an SNS envelope"),
    dead("message-not-json", lambda: sns_body("{broken"), "Message is not valid JSON"),
    dead(
        "missing-event-type",
        lambda: sns_body({"additionalInformation": {"id": 1}}),
        "invalid domain event (eventType: Field required)",
    ),
    dropped(
        "unknown-event-type",
        lambda: sns_body(event("incentives.something-new", {"id": 1})),
        "event type not handled by the incentives domain",
        "domain-event-ignored",
        "incentives",
        SENSOR,
    ),
    dead(
        "wrong-id-type",
        lambda: review_inserted("not-a-number"),
        "additionalInformation.id: Input should be a valid integer",
    ),
    dead(
        "empty-additional-information",
        lambda: sns_body(event("incentives.iep-review.inserted", {})),
        "additionalInformation.id: Field required",
    ),
    dead(
        "null-additional-information",
        lambda: sns_body(
            {**event("incentives.iep-review.inserted"), "additionalInformation": None}
        ),
        "additionalInformation: Input should be an object",
    ),
    dead(
        "oversize-message",
        lambda: padded_review(100 * 1024),
        f"message body of {100 * 1024} bytes is over the 65536-byte limit",
    ),
    dropped(
        "unknown-sns-type",
        lambda: json.dumps({"Type": "SubscriptionConfirmation", "Message": "confirm"}),
        "message type 'SubscriptionConfirmation' is not a domain event",
        "domain-event-ignored",
        "incentives",
        SENSOR,
    ),
    dead(
        "retry-mapping-bad-ids",
        lambda: retry_body({"nomisBookingId": "x"}),
        "RETRY_CREATE_MAPPING mapping: nomisBookingId: Input should be a valid integer",
    ),
    dead(
        "retry-mapping-not-json",
        lambda: json.dumps({"Type": "RETRY_CREATE_MAPPING", "Message": "{oops"}),
        "invalid RETRY_CREATE_MAPPING payload",
    ),
    dead(
        "visit-without-prisoner",
        lambda: sns_body(event("prison-visit.booked", {"reference": "ab-cd-ef-gh"})),
        "prison-visit.booked: prisonerId: Field required",
        "visits",
    ),
    dead(
        "activity-id-not-a-number",
        lambda: sns_body(event("activities.prisoner.allocated", {"allocationId": "abc"})),
        "additionalInformation.allocationId: Input should be a valid integer",
        "activities",
    ),
    dead(
        "adjustment-id-not-a-uuid",
        lambda: adjustment_inserted("123"),
        "additionalInformation.id: Value error, badly formed hexadecimal UUID",
        "sentencing",
    ),
    dead(
        "review-not-in-dps",
        lambda: review_inserted(MISSING_ID),
        f"/incentive-reviews/id/{MISSING_ID} -> HTTP 404",
        "incentives",
        RUN,
    ),
    dead(
        "visit-not-in-dps",
        lambda: sns_body(
            event("prison-visit.booked", {"reference": MISSING_VISIT}, prisonerId="A1234BC")
        ),
        f"/visits/{MISSING_VISIT} -> HTTP 404",
        "visits",
        RUN,
    ),
    dead(
        "allocation-not-in-dps",
        lambda: sns_body(event("activities.prisoner.allocated", {"allocationId": MISSING_ID})),
        f"/allocations/id/{MISSING_ID} -> HTTP 404",
        "activities",
        RUN,
    ),
    dropped(
        "adjustment-not-in-dps",
        lambda: adjustment_inserted(MISSING_ADJUSTMENT),
        MISSING_ADJUSTMENT,
        "sentencing-adjustment-create-skipped",
        "sentencing",
        RUN,
    ),
]


def valid_incentive(harness: Any) -> Callable[[], bool]:
    """Publish a real review; the returned check says whether it reached NOMIS (mapped)."""
    offender = harness.first_prisoner()["offenderNo"]
    review = harness.publisher.incentive_review(offender, "ENH")["review"]
    return lambda: bool(harness.get("/sandbox/mappings/incentives", incentiveId=review["id"]))


def valid_visit(harness: Any) -> Callable[[], bool]:
    visit = harness.publisher.visit_booked()["visit"]
    return lambda: bool(harness.get("/sandbox/mappings/visits", vsipId=visit["reference"]))


def valid_allocation(harness: Any) -> Callable[[], bool]:
    missing = next(
        m
        for m in harness.get("/sandbox/planted")["activityMismatches"]
        if m["reconciliation"] == "allocation" and m["kind"] == "DPS_only"
    )
    booking = missing["bookingId"]
    [allocation] = [
        a
        for a in harness.get("/sandbox/dps/allocations", bookingId=booking)
        if a["status"] == "ACTIVE"
    ]
    info = {"allocationId": allocation["id"], "scheduleId": allocation["scheduleId"]}
    harness.publisher.emit(domain_event("activities.prisoner.allocated", info))
    return lambda: bool(harness.get("/sandbox/nomis/allocations", bookingId=booking))


def valid_adjustment(harness: Any) -> Callable[[], bool]:
    offender = harness.get("/sandbox/prisoners", prisonId="LEI", limit=1)[0]["offenderNo"]
    body = {
        "offenderNo": offender,
        "adjustmentType": "RX",
        "sentenceSequence": 1,
        "adjustmentDays": 4,
        "adjustmentDate": "2026-11-20",
    }
    created = harness.publisher.dps_change("POST", "/adjustments", body)
    adjustment_event(harness.publisher, "inserted", created["adjustmentId"], offender)
    return lambda: bool(
        harness.get("/sandbox/mappings/adjustments", adjustmentId=created["adjustmentId"])
    )


VALID_EVENT: dict[str, Callable[[Any], Callable[[], bool]]] = {
    "incentives": valid_incentive,
    "visits": valid_visit,
    "activities": valid_allocation,
    "sentencing": valid_adjustment,
}


@dataclass(frozen=True)
class ConfigCase:
    """Op config of a runbook job that its config class refuses when the step starts."""

    rule: str
    job: str
    config: dict[str, Any]
    field: str
    sees: str


VISIT = {"offender_no": "A1234BC", "visit_references": ["ab-cd-ef-gh"]}
ADJUSTMENT = {"offender_no": "A1234BC", "adjustment_ids": [MISSING_ADJUSTMENT]}

CONFIG_CASES = [
    ConfigCase("max-writes-below-1", "repair_visit_job", {**VISIT, "max_writes": 0},
               "max_writes", "Input should be greater than or equal to 1"),
    ConfigCase("max-writes-below-1", "repair_incentives_job",
               {"partition_key": "2026-11-16", "max_writes": -5}, "max_writes",
               "Input should be greater than or equal to 1"),
    ConfigCase("not-a-prisoner-number", "repair_visit_job", {**VISIT, "offender_no": "a1234bc"},
               "offender_no", "is not a prisoner number such as A1234BC"),
    ConfigCase("not-a-prisoner-number", "repair_incentives_job", {"offender_nos": ["A1234"]},
               "offender_nos.0", "is not a prisoner number such as A1234BC"),
    ConfigCase("not-a-prisoner-number", "cancel_duplicate_visit_job",
               {"offender_no": "A1234BC1", "nomis_visit_ids": [1]}, "offender_no",
               "is not a prisoner number such as A1234BC"),
    ConfigCase("not-a-positive-id", "cancel_duplicate_visit_job",
               {"offender_no": "A1234BC", "nomis_visit_ids": [0]}, "nomis_visit_ids.0",
               "is not an id: ids are positive"),
    ConfigCase("not-a-positive-id", "resync_activity_schedule_job",
               {"activity_schedule_ids": [-7]}, "activity_schedule_ids.0",
               "is not an id: ids are positive"),
    ConfigCase("not-a-positive-id", "resync_allocations_job", {"allocation_ids": [0]},
               "allocation_ids.0", "is not an id: ids are positive"),
    ConfigCase("not-a-positive-id", "delete_mappings_above_job",
               {"max_nomis_course_schedule_id": 0}, "max_nomis_course_schedule_id",
               "is not an id: ids are positive"),
    ConfigCase("not-a-uuid", "repair_adjustment_job", {**ADJUSTMENT, "adjustment_ids": ["123"]},
               "adjustment_ids.0", "is not a DPS adjustment id (a UUID)"),
    ConfigCase("not-a-visit-reference", "repair_visit_job",
               {**VISIT, "visit_references": ["ab cd"]}, "visit_references.0",
               "is not a VSIP visit reference"),
    ConfigCase("empty-target-list", "repair_visit_job", {**VISIT, "visit_references": []},
               "visit_references", "List should have at least 1 item"),
    ConfigCase("empty-target-list", "delete_duplicate_adjustment_job",
               {"category": "SENTENCE", "nomis_adjustment_ids": []}, "nomis_adjustment_ids",
               "List should have at least 1 item"),
    ConfigCase("empty-target-list", "delete_duplicate_course_activity_job",
               {"nomis_course_activity_ids": []}, "nomis_course_activity_ids",
               "List should have at least 1 item"),
    ConfigCase("nothing-to-repair", "repair_incentives_job", {}, "partition_key",
               "nothing to repair: give partition_key or offender_nos"),
    ConfigCase("nothing-to-repair", "resync_attendances_job", {"dry_run": False},
               "partition_key", "nothing to repair: give partition_key or attendance_ids"),
    ConfigCase("not-a-partition", "repair_incentives_job", {"partition_key": "2026-11-17"},
               "partition_key", "is not a partition of this reconciliation"),
    ConfigCase("not-a-partition", "resync_allocations_job", {"partition_key": "2999-01-01"},
               "partition_key", "is not a partition of this reconciliation"),
    ConfigCase("not-a-partition", "resync_attendances_job", {"partition_key": "yesterday"},
               "partition_key", "is not a partition of this reconciliation"),
]  # fmt: skip

# Rows of the table that are not one case each: every job, or every partitioned asset and job.
GENERIC_ROWS = {
    "unknown-config-key": 'Received unexpected config entry "',
    "ill-typed-config-value": "Invalid scalar at path ",
    "unknown-category": "not in enum type",
    "unknown-partition-key": "Could not find a partition with key",
    "no-partition": "is partitioned: launch it for one partition",
}
