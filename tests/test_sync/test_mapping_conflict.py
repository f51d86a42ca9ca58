"""A mapping 409 after the NOMIS write: the duplicate alert, or (where the old service retried
it: alerts, CSIP reports) a re-queued mapping like any other mapping failure."""

from typing import Any

from dagster_project.domains.incentives.mapping import IncentiveMapping
from dagster_project.sync.synchronise import synchronise_create
from resources.errors import Conflict, ErrorBody
from tests.fakes import FakeSink, telemetry_with

MAPPING = IncentiveMapping(
    nomis_booking_id=1, nomis_incentive_sequence=2, incentive_id=3, mapping_type="INCENTIVE_CREATED"
)
DUPLICATE = {"existing": {"incentiveId": 3}, "duplicate": {"incentiveId": 3}}


class RetryQueue:
    def __init__(self) -> None:
        self.sent: list[tuple[dict[str, Any], dict[str, str], str]] = []

    def send(self, mapping: dict[str, Any], attributes: dict[str, str], entity: str) -> None:
        self.sent.append((mapping, attributes, entity))


def conflicting_save(_mapping: IncentiveMapping) -> None:
    body = ErrorBody(status=409, user_message="Conflict", more_info=DUPLICATE)
    raise Conflict("mapping", "POST", "/mapping/incentives", 409, body)


def create(sink: FakeSink, queue: RetryQueue, **options: bool) -> None:
    synchronise_create(
        name="incentive",
        telemetry=telemetry_with(sink),
        dimensions={"id": "3"},
        mapping_exists=lambda: False,
        transform=lambda _dimensions: MAPPING,
        save_mapping=conflicting_save,
        retry_queue=queue,  # type: ignore[arg-type]
        **options,
    )


def test_by_default_a_mapping_409_is_the_duplicate_alert_and_nothing_is_requeued():
    sink, queue = FakeSink(), RetryQueue()
    create(sink, queue)
    assert [name for name, _ in sink.alerts] == ["to-nomis-synch-incentive-duplicate"]
    assert queue.sent == []
    assert "HTTP 409" in sink.one("incentive-mapping-create-failed")["reason"]


def test_a_409_that_is_not_a_duplicate_requeues_the_mapping_without_an_alert():
    sink, queue = FakeSink(), RetryQueue()
    create(sink, queue, mapping_conflict_is_duplicate=False)
    assert sink.alerts == []
    [(mapping, attributes, entity)] = queue.sent
    assert IncentiveMapping.model_validate(mapping) == MAPPING
    assert entity == "incentive" and attributes["id"] == "3"
    assert "HTTP 409" in sink.one("incentive-mapping-create-failed")["reason"]
    assert "incentive-create-success" not in sink.names()
