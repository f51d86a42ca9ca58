"""The operation job factory: the domain's one wiring, a dry run by default, clients closed."""

from dataclasses import dataclass, field
from typing import Any

import dagster as dg
import httpx
import pytest
from pydantic import Field

from dagster_project.operations.config import OperationConfig
from dagster_project.operations.jobs import build_operation_job
from dagster_project.sync.domain import Api, Domain, Operation, OperationRun, SyncWiring
from dagster_project.sync.payloads import EventPayload
from resources.queues import EventQueue
from resources.store import Store

API = Api(
    key="things_api",
    env="THINGS",
    title="things",
    default_client_id="things",
    sandbox_path="/things",
    probe=lambda _http: "up",
    no_spec_reason="a test API",
)


class Clients:
    """Stands in for an API resource: hands out httpx clients and remembers them."""

    def __init__(self) -> None:
        self.made: list[httpx.Client] = []

    def build_http(self) -> httpx.Client:
        self.made.append(httpx.Client(base_url="http://127.0.0.1:9"))
        return self.made[-1]


@dataclass
class ThingsSync:
    http: httpx.Client
    written: list[str] = field(default_factory=list)

    def retry_create_mapping(self, retry: Any) -> None:
        raise AssertionError("not used")


class ThingsConfig(OperationConfig):
    ids: list[str] = Field(min_length=1)


def write(run: OperationRun[ThingsSync], config: ThingsConfig, target: str) -> None:
    if target == "bad":
        raise RuntimeError("NOMIS said no")
    run.sync.written.append(target)
    run.telemetry.track("thing-written", {"id": target})


BUILT: list[ThingsSync] = []


def build_sync(wiring: SyncWiring) -> ThingsSync:
    BUILT.append(ThingsSync(wiring.http(API)))
    return BUILT[-1]


OPERATION = Operation(
    job="write_things_job",
    op="write_things",
    config=ThingsConfig,
    targets=lambda _run, config: list(config.ids),
    write=write,
    description="Write things.",
)
DOMAIN = Domain(
    name="things",
    queue="thing",
    telemetry_prefix="thing",
    api=API,
    apis=(API,),
    events=(),
    retry_mapping=EventPayload,
    build_sync=build_sync,
    description="test",
    operations=(OPERATION,),
)


@pytest.fixture
def resources(tmp_path):
    return {
        API.key: Clients(),
        "store": Store(url=f"sqlite:///{tmp_path / 's.db'}"),
        "event_queue": EventQueue(
            region_name="eu-west-2",
            queue_names={},
            dlq_names={},
            endpoint_url="http://127.0.0.1:9",
        ),
    }


def launch(resources, config: dict) -> dg.ExecuteInProcessResult:
    BUILT.clear()
    job = build_operation_job(DOMAIN, OPERATION)
    return job.execute_in_process(
        run_config={"ops": {"write_things": {"config": config}}},
        resources=resources,
        raise_on_error=False,
    )


def test_the_job_and_op_take_the_declared_names_and_config():
    job = build_operation_job(DOMAIN, OPERATION)
    assert job.name == "write_things_job" and job.description == "Write things."
    assert job.tags["operation/domain"] == "things"
    ops = job.run_config_schema.config_type.fields["ops"].config_type.fields
    config = ops["write_things"].config_type.fields["config"].config_type.fields
    assert {"dry_run", "max_writes", "ids"} <= set(config)


def test_a_dry_run_writes_nothing_and_closes_its_clients(resources):
    result = launch(resources, {"ids": ["a", "b"]})
    assert result.success
    assert BUILT[0].written == []
    assert all(client.is_closed for client in resources[API.key].made)


def test_a_real_run_writes_each_target_through_the_wired_service(resources):
    result = launch(resources, {"ids": ["a", "b"], "dry_run": False})
    assert result.success and BUILT[0].written == ["a", "b"]
    rows = resources["store"].get_client().query_telemetry("thing-written")
    assert sorted(row.dimensions["id"] for row in rows) == ["a", "b"]
    assert all(client.is_closed for client in resources[API.key].made)


def test_the_write_guard_refuses_before_any_write(resources):
    result = launch(resources, {"ids": ["a", "b", "c"], "dry_run": False, "max_writes": 2})
    assert not result.success and BUILT[0].written == []
    assert "max_writes=2" in str(result.failure_data_for_node("write_things").error)


def test_a_failed_target_fails_the_run_naming_it_and_the_others_are_still_written(resources):
    result = launch(resources, {"ids": ["a", "bad", "b"], "dry_run": False})
    assert not result.success and BUILT[0].written == ["a", "b"]
    assert "bad: NOMIS said no" in str(result.all_events)
    assert all(client.is_closed for client in resources[API.key].made)


def test_a_config_without_its_required_field_is_refused_before_the_op_runs(resources):
    with pytest.raises(dg.DagsterInvalidConfigError):
        launch(resources, {"dry_run": False})
