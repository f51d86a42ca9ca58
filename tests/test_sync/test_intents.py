"""Write intents: a write that died half way is never repeated; every normal exit closes it."""

import pytest

from dagster_project.domains.incentives.mapping import IncentiveMapping
from dagster_project.sync.intents import EventScope, InterruptedWrite, event_scope
from dagster_project.sync.synchronise import synchronise_create
from tests.fakes import FakeClaims, FakeSink, telemetry_with

MAPPING = IncentiveMapping(
    nomis_booking_id=1, nomis_incentive_sequence=2, incentive_id=3, mapping_type="INCENTIVE_CREATED"
)


class Recorder:
    """A create whose NOMIS write and mapping save are recorded (and can be made to fail)."""

    def __init__(self, mapped: bool = False, fail_write: BaseException | None = None) -> None:
        self.mapped = mapped
        self.fail_write = fail_write
        self.writes = 0
        self.saved: list[IncentiveMapping] = []

    def run(self, sink: FakeSink) -> None:
        def transform(dimensions: dict[str, str]) -> IncentiveMapping:
            if self.fail_write:
                raise self.fail_write
            self.writes += 1
            return MAPPING

        synchronise_create(
            name="visit",
            telemetry=telemetry_with(sink),
            dimensions={"reference": "v-1"},
            mapping_exists=lambda: self.mapped,
            transform=transform,
            save_mapping=self.saved.append,
            retry_queue=None,
        )


def scope(claims: FakeClaims) -> EventScope:
    return EventScope(claims, "visits", "sns:e-1", "run-2")


def test_normal_write_opens_and_closes_the_bracket():
    claims, create = FakeClaims(), Recorder()
    with event_scope(scope(claims)):
        create.run(FakeSink())
    assert create.writes == 1 and create.saved == [MAPPING] and claims.writes == {}


def test_failed_write_closes_the_bracket_so_the_retry_writes():
    claims = FakeClaims()
    with event_scope(scope(claims)), pytest.raises(ConnectionError):
        Recorder(fail_write=ConnectionError("NOMIS unreachable")).run(FakeSink())
    retry = Recorder()
    with event_scope(scope(claims)):
        retry.run(FakeSink())
    assert retry.writes == 1


def test_a_run_stopped_inside_the_bracket_leaves_it_open_like_a_kill():
    """Dagster's terminate raises a BaseException; NOMIS may already hold the record."""
    from dagster._core.errors import DagsterExecutionInterruptedError

    claims = FakeClaims()
    stopped = Recorder(fail_write=DagsterExecutionInterruptedError())
    with event_scope(scope(claims)), pytest.raises(DagsterExecutionInterruptedError):
        stopped.run(FakeSink())
    assert "sns:e-1" in claims.writes
    retry = Recorder()
    with event_scope(scope(claims)), pytest.raises(InterruptedWrite, match="run run-2"):
        retry.run(FakeSink())
    assert retry.writes == 0


def test_write_left_open_by_a_dead_run_is_not_repeated_but_handed_to_ops():
    claims = FakeClaims()
    claims.begin_write("sns:e-1", "visits", "run-1")  # run-1 was SIGKILLed inside the bracket
    create = Recorder()
    with event_scope(scope(claims)), pytest.raises(InterruptedWrite, match="run run-1"):
        create.run(FakeSink())
    assert create.writes == 0
    assert claims.writes == {}  # after ops checked NOMIS, a redrive writes normally
    with event_scope(scope(claims)):
        create.run(FakeSink())
    assert create.writes == 1


def test_dead_run_that_had_saved_the_mapping_leaves_nothing_to_do():
    claims = FakeClaims()
    claims.begin_write("sns:e-1", "visits", "run-1")
    create = Recorder(mapped=True)
    sink = FakeSink()
    with event_scope(scope(claims)):
        create.run(sink)
    assert create.writes == 0 and claims.writes == {}
    assert "visit-create-duplicate" in sink.names()


def test_without_an_event_scope_there_is_no_bracket():
    create = Recorder()
    create.run(FakeSink())
    assert create.writes == 1
