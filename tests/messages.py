"""Builders of SQS bodies as SNS delivers them (raw delivery off), for tests."""

from __future__ import annotations

import json
import uuid
from typing import Any


def event(event_type: str, info: dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    return {
        "eventType": event_type,
        "version": "1.0",
        "occurredAt": top.pop("occurredAt", "2026-11-20T10:15:00Z"),
        "additionalInformation": info or {},
        **top,
    }


def sns_body(inner: dict[str, Any] | str) -> str:
    message = inner if isinstance(inner, str) else json.dumps(inner)
    return json.dumps(
        {
            "Type": "Notification",
            "MessageId": str(uuid.uuid4()),
            "TopicArn": "arn:aws:sns:eu-west-2:123456789012:hmpps_domain_events",
            "Message": message,
            "Timestamp": "2026-11-20T10:15:01.000Z",
            "MessageAttributes": {"eventType": {"Type": "String", "Value": "x"}},
        }
    )


def review_inserted(review_id: int | str = 101, offender: str = "A1000AA", **info: Any) -> str:
    return sns_body(
        event("incentives.iep-review.inserted", {"id": review_id, "nomsNumber": offender, **info})
    )


def padded_review(size: int) -> str:
    """A valid review event whose SQS body is exactly `size` bytes."""
    body = review_inserted(42, "A1234BC", padding="")
    return review_inserted(42, "A1234BC", padding="p" * (size - len(body)))


def visit_event(kind: str, reference: str, prisoner: str = "A1000AA", **top: Any) -> str:
    return sns_body(
        event(f"prison-visit.{kind}", {"reference": reference}, prisonerId=prisoner, **top)
    )


def retry_body(mapping: dict[str, Any], entity: str = "incentive") -> str:
    inner = {"mapping": mapping, "telemetryAttributes": {"id": "1"}, "entityName": entity}
    return json.dumps({"Type": "RETRY_CREATE_MAPPING", "Message": json.dumps(inner)})
