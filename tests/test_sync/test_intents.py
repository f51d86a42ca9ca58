"""Write intents: a half-done write is never repeated blindly; every normal exit closes it."""

import httpx
import pytest

from dagster_project.domains.incentives.mapping import IncentiveMapping
from dagster_project.sync.intents import EventScope, InterruptedWrite, event_scope, note_write
from dagster_project.sync.synchronise import synchronise_create
from tests.fakes import FakeClaims, FakeSink, telemetry_with

MAPPING = IncentiveMapping(
    nomis_booking_id=1, nomis_incentive_sequence=2, incentive_id=3, mapping_type="INCENTIVE_CREATED"
)
# what the run's API clients' request hook sees: the DPS read, then the NOMIS create
DPS_READ = httpx.Request("GET", "http://dps.test/visits/v-1")
NOMIS_WRITE = httpx.Request("POST", "http://nomis.test/prisoners/A1234BC/visits")


class Recorder:
    """A create whose NOMIS write and mapping save are recorded (and can be made to fail)."""

    def __init__(
        self,
        mapped: bool = False,
        fail_write: BaseException | None = None,
        fail_read: BaseException | None = None,
    ) -> None:
        self.mapped = mapped
        self.fail_write = fail_write
        self.fail_read = fail_read
        self.writes = 0
        self.saved: list[IncentiveMapping] = []

    def run(self, sink: FakeSink) -> None:
        def transform(dimensions: dict[str, str]) -> IncentiveMapping:
            note_write(DPS_READ)
            if self.fail_read:
                raise self.fail_read
            note_write(NOMIS_WRITE)
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


def test_a_run_stopped_before_its_first_write_leaves_nothing_for_ops():
    """Killed in the DPS read: nothing left the process that NOMIS could hold, so no intent."""
    from dagster._core.errors import DagsterExecutionInterruptedError

    claims = FakeClaims()
    stopped = Recorder(fail_read=DagsterExecutionInterruptedError())
    with event_scope(scope(claims)), pytest.raises(DagsterExecutionInterruptedError):
        stopped.run(FakeSink())
    assert claims.writes == {}
    retry = Recorder()
    with event_scope(scope(claims)):
        retry.run(FakeSink())
    assert retry.writes == 1 and retry.saved == [MAPPING]


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


class Resumable(Recorder):
    """A create that can look its record up in NOMIS (`find_written`)."""

    def __init__(self, in_nomis: bool, fail_write: BaseException | None = None) -> None:
        super().__init__(fail_write=fail_write)
        self.in_nomis = in_nomis
        self.lookups = 0

    def run(self, sink: FakeSink) -> None:
        def transform(dimensions: dict[str, str]) -> IncentiveMapping:
            self.writes += 1
            note_write(NOMIS_WRITE)
            if self.fail_write:
                raise self.fail_write
            return MAPPING

        def find_written(dimensions: dict[str, str]) -> IncentiveMapping | None:
            self.lookups += 1
            return MAPPING if self.in_nomis else None

        synchronise_create(
            name="incentive",
            telemetry=telemetry_with(sink),
            dimensions={"id": "3"},
            mapping_exists=lambda: bool(self.saved),
            transform=transform,
            save_mapping=self.saved.append,
            retry_queue=None,
            find_written=find_written,
        )


def test_a_dead_runs_write_found_in_nomis_is_mapped_not_written_again():
    claims, sink = FakeClaims(), FakeSink()
    claims.begin_write("sns:e-1", "visits", "run-1")  # run-1 was SIGKILLed inside the bracket
    create = Resumable(in_nomis=True)
    with event_scope(scope(claims)):
        create.run(sink)
    assert (create.lookups, create.writes, create.saved) == (1, 0, [MAPPING])
    assert claims.writes == {}
    resumed = sink.one("incentive-create-resumed")
    assert (resumed["foundInNomis"], resumed["earlierRun"]) == ("true", "run-1")


def test_a_dead_runs_write_that_never_reached_nomis_is_written_once():
    claims = FakeClaims()
    claims.begin_write("sns:e-1", "visits", "run-1")
    create = Resumable(in_nomis=False)
    with event_scope(scope(claims)):
        create.run(FakeSink())
    assert (create.lookups, create.writes, create.saved) == (1, 1, [MAPPING])


def test_a_lost_answer_keeps_the_bracket_so_the_retry_reads_before_writing():
    claims = FakeClaims()
    timed_out = Resumable(in_nomis=False, fail_write=httpx.ReadTimeout("no answer"))
    with event_scope(scope(claims)), pytest.raises(httpx.ReadTimeout):
        timed_out.run(FakeSink())
    assert "sns:e-1" in claims.writes  # NOMIS may hold the record
    retry = Resumable(in_nomis=True)  # it did: the POST landed before the timeout
    with event_scope(scope(claims)):
        retry.run(FakeSink())
    assert (retry.lookups, retry.writes, retry.saved) == (1, 0, [MAPPING])


@pytest.mark.parametrize(
    "error",
    [httpx.ConnectError("refused"), httpx.ConnectTimeout("no connection"), ValueError("bad")],
)
def test_a_failure_before_anything_was_sent_closes_the_bracket(error):
    claims = FakeClaims()
    with event_scope(scope(claims)), pytest.raises(type(error)):
        Resumable(in_nomis=False, fail_write=error).run(FakeSink())
    assert claims.writes == {}


def test_without_a_lookup_a_lost_answer_closes_the_bracket_as_before():
    claims = FakeClaims()
    with event_scope(scope(claims)), pytest.raises(httpx.ReadTimeout):
        Recorder(fail_write=httpx.ReadTimeout("no answer")).run(FakeSink())
    assert claims.writes == {}


def test_a_failed_lookup_keeps_the_earlier_bracket_so_the_next_attempt_reads_again():
    claims = FakeClaims()
    claims.begin_write("sns:e-1", "visits", "run-1")

    def lookup_fails(dimensions: dict[str, str]) -> IncentiveMapping | None:
        raise ValueError("NOMIS answered 500")

    with event_scope(scope(claims)), pytest.raises(ValueError):
        synchronise_create(
            name="incentive",
            telemetry=telemetry_with(FakeSink()),
            dimensions={"id": "3"},
            mapping_exists=lambda: False,
            transform=lambda dimensions: MAPPING,
            save_mapping=lambda mapping: None,
            retry_queue=None,
            find_written=lookup_fails,
        )
    assert "sns:e-1" in claims.writes  # still unresolved: the retry must read, not write
    retry = Resumable(in_nomis=True)
    with event_scope(scope(claims)):
        retry.run(FakeSink())
    assert (retry.lookups, retry.writes, retry.saved) == (1, 0, [MAPPING])


class MockSource:
    """Builds the run's client for one API over an in-process transport."""

    def build_http(self) -> httpx.Client:
        return httpx.Client(
            base_url="http://nomis.test",
            transport=httpx.MockTransport(lambda request: httpx.Response(201, json={})),
        )


def test_the_runs_api_clients_record_the_intent_at_the_first_write_not_at_a_read():
    from dagster_project.domains.apis import NOMIS_API
    from dagster_project.sync.apis import ApiClients
    from dagster_project.sync.intents import nomis_write

    claims, clients = FakeClaims(), ApiClients({NOMIS_API.key: MockSource()})
    http = clients.http(NOMIS_API)
    with event_scope(scope(claims)), nomis_write():
        http.get("/prisoners/A1234BC/visits")
        assert claims.writes == {}
        http.post("/prisoners/A1234BC/visits", json={})
        assert claims.writes["sns:e-1"].owner == "run-2"
        http.post("/prisoners/A1234BC/visits", json={})  # still the one intent
    assert claims.writes == {}  # closed with the bracket
    http.post("/prisoners/A1234BC/visits", json={})  # outside a bracket: nothing recorded
    assert claims.writes == {}
    clients.close()
