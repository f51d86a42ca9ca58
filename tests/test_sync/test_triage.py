"""What happens to each kind of bad or unusual message before any API call."""

import json

import pytest

from dagster_project.domains import domain_named
from dagster_project.domains.incentives.events import ReviewInserted
from dagster_project.sync.switches import feature_switch_name
from dagster_project.sync.triage import MAX_EVENT_BYTES, Accepted, Ignored, Poison, triage
from tests.messages import (
    event,
    padded_review,
    retry_body,
    review_inserted,
    sns_body,
    visit_event,
)

INCENTIVES = domain_named("incentives")
VISITS = domain_named("visits")

NONE_OFF: frozenset[str] = frozenset()


def test_review_event_is_accepted_with_typed_payload():
    decision = triage(INCENTIVES, review_inserted("42", "A1234BC"), NONE_OFF)
    assert isinstance(decision, Accepted)
    assert isinstance(decision.payload, ReviewInserted)
    assert decision.payload.additional_information.id == 42  # string-encoded id accepted
    assert decision.entity_key == "review:42"


@pytest.mark.parametrize(
    ("body", "reason_fragment"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"hello": "world"}), "not an SNS envelope"),
        (sns_body("{broken"), "Message is not valid JSON"),
        (sns_body({"additionalInformation": {"id": 1}}), "eventType"),
        (review_inserted("not-a-number"), "additionalInformation.id"),
        (sns_body(event("incentives.iep-review.inserted", {})), "additionalInformation.id"),
        ("x" * (257 * 1024), "larger than"),
    ],
    ids=["malformed", "non-sns", "bad-inner", "no-event-type", "wrong-id", "empty-info", "big"],
)
def test_poison_messages_get_a_reason(body, reason_fragment):
    decision = triage(INCENTIVES, body, NONE_OFF)
    assert isinstance(decision, Poison)
    assert reason_fragment in decision.reason


def test_unknown_event_type_is_ignored_not_poison():
    decision = triage(INCENTIVES, sns_body(event("incentives.something-new", {"id": 1})), NONE_OFF)
    assert isinstance(decision, Ignored)
    assert decision.event_type == "incentives.something-new"


def test_event_of_another_domain_is_ignored():
    assert isinstance(triage(INCENTIVES, visit_event("booked", "ab-cd"), NONE_OFF), Ignored)


def test_feature_switch_off_ignores_the_event():
    off = frozenset({feature_switch_name("prison-visit.booked")})
    assert feature_switch_name("prison-visit.booked") == "FEATURE_EVENT_PRISON_VISIT_BOOKED"
    decision = triage(VISITS, visit_event("booked", "ab-cd"), off)
    assert isinstance(decision, Ignored) and "FEATURE_EVENT_PRISON_VISIT_BOOKED" in decision.reason
    assert isinstance(triage(VISITS, visit_event("changed", "ab-cd"), off), Accepted)


def test_domain_scoped_feature_switch_also_ignores_the_event():
    off = frozenset({"FEATURE_EVENT_VISITS_PRISON_VISIT_CANCELLED"})
    assert feature_switch_name("prison-visit.cancelled", "visits") in off
    decision = triage(VISITS, visit_event("cancelled", "ab-cd"), off)
    assert isinstance(decision, Ignored)
    assert isinstance(triage(VISITS, visit_event("booked", "ab-cd"), off), Accepted)


def test_unknown_envelope_type_is_ignored():
    body = json.dumps({"Type": "SubscriptionConfirmation", "Message": "{}"})
    assert isinstance(triage(VISITS, body, NONE_OFF), Ignored)


def test_retry_message_accepted_or_poison():
    good = retry_body({"nomisBookingId": 1, "nomisIncentiveSequence": 2, "incentiveId": 3})
    decision = triage(INCENTIVES, good, NONE_OFF)
    assert isinstance(decision, Accepted) and decision.retry is not None
    bad = retry_body({"nomisBookingId": "x"})
    poison = triage(INCENTIVES, bad, NONE_OFF)
    assert isinstance(poison, Poison) and "RETRY_CREATE_MAPPING" in poison.reason


def test_visit_event_without_prisoner_is_poison():
    body = sns_body(event("prison-visit.booked", {"reference": "ab"}))
    decision = triage(VISITS, body, NONE_OFF)
    assert isinstance(decision, Poison) and "prisonerId" in decision.reason


def test_event_over_the_size_limit_is_poison_with_size_and_limit():
    body = padded_review(100 * 1024)
    decision = triage(INCENTIVES, body, NONE_OFF)
    assert isinstance(decision, Poison)
    assert decision.reason == f"message body of {100 * 1024} bytes is over the 65536-byte limit"


def test_event_at_the_size_limit_is_accepted():
    assert MAX_EVENT_BYTES == 64 * 1024
    assert isinstance(triage(INCENTIVES, padded_review(MAX_EVENT_BYTES), NONE_OFF), Accepted)


def test_unknown_envelope_type_over_the_limit_is_poison_not_ignored():
    body = json.dumps({"Type": "SubscriptionConfirmation", "Message": "m" * MAX_EVENT_BYTES})
    assert isinstance(triage(VISITS, body, NONE_OFF), Poison)


def test_mapping_retry_is_held_to_the_sqs_limit_only():
    mapping = {"nomisBookingId": 1, "nomisIncentiveSequence": 2, "incentiveId": 3}
    body = retry_body({**mapping, "notes": "n" * (100 * 1024)})
    assert isinstance(triage(INCENTIVES, body, NONE_OFF), Accepted)
