"""Every domain conforms to the spec, so a new domain is safe by construction.

Parametrised over every domain x event type of the registry: a valid sample triages to accepted,
every required field is needed, every handler is a method of the domain's wired service (and
every such method is in the event table), names are unique, every API has a spec or a reason,
every operation is a dry run by default with a write guard, every reconciliation names its repair.
"""

from __future__ import annotations

import inspect
import json
import logging
import typing
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from dagster_project.domains import APIS, DOMAINS
from dagster_project.operations.config import OperationConfig, RepairConfig
from dagster_project.sync.domain import Domain, Event, SyncWiring
from dagster_project.sync.payloads import EventPayload
from dagster_project.sync.retry_queue import MappingRetryQueue
from dagster_project.sync.triage import Accepted, Ignored, Poison, triage
from dagster_project.telemetry import Telemetry
from tests.contract.specs import missing_reason, specs_dir
from tests.fakes import FakeQueue, FakeSink

DOMAINS_DIR = Path(__file__).resolve().parents[2] / "dagster_project" / "domains"
EVENTS = [(domain, event) for domain in DOMAINS for event in domain.events]
EVENT_IDS = [f"{domain.name}:{event.event_type}" for domain, event in EVENTS]
OPERATIONS = [(domain, op) for domain in DOMAINS for op in domain.operations]
OPERATION_IDS = [op.job for _, op in OPERATIONS]
RECONCILIATIONS = [(domain, r) for domain in DOMAINS for r in domain.reconciliations]
RECONCILIATION_IDS = [r.name for _, r in RECONCILIATIONS]


def body(event_type: str, event: dict[str, Any]) -> str:
    """An SQS body as SNS delivers it (raw delivery off)."""
    message = {"eventType": event_type, **event}
    return json.dumps({"Type": "Notification", "MessageId": "m-1", "Message": json.dumps(message)})


def required_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Wire paths (aliases) of every required field, into nested models too."""
    paths: list[tuple[str, ...]] = []
    for name, field in model.model_fields.items():
        if name == "event_type":
            continue  # a missing eventType is not this event type at all
        alias = (field.alias or name,)
        nested = field.annotation if inspect.isclass(field.annotation) else None
        if field.is_required():
            paths.append(prefix + alias)
        if nested is not None and issubclass(nested, BaseModel):
            paths += required_paths(nested, prefix + alias)
    return paths


def without(event: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    copied = json.loads(json.dumps(event))
    node = copied
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return copied


def wired_service(domain: Domain[Any]) -> Any:
    """The domain's service from its own wiring, on clients that are never called."""
    telemetry = Telemetry(FakeSink(), logging.getLogger("conformance"))
    retry_queue = MappingRetryQueue(FakeQueue(), domain.name, domain.telemetry_prefix, telemetry)
    clients: dict[str, httpx.Client] = {}

    def http(api: Any) -> httpx.Client:
        assert api in domain.apis, f"{domain.name} wires {api.key}, not in its apis"
        return clients.setdefault(api.key, httpx.Client(base_url="http://127.0.0.1:9"))

    service = domain.build_sync(SyncWiring(http, telemetry, retry_queue))
    for client in clients.values():
        client.close()
    return service


# --- events ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("domain", "event"), EVENTS, ids=EVENT_IDS)
def test_a_valid_sample_triages_to_accepted(domain: Domain[Any], event: Event[Any, Any]):
    decision = triage(domain, body(event.event_type, dict(event.example)), frozenset())
    if event.handle is None:
        assert isinstance(decision, Ignored)
        assert event.dropped_because in decision.reason
        return
    assert isinstance(decision, Accepted), decision
    assert decision.handle is event.handle
    assert isinstance(decision.payload, event.payload)
    assert decision.entity_key, "events of one entity are ordered by a non-empty key"


@pytest.mark.parametrize(("domain", "event"), EVENTS, ids=EVENT_IDS)
def test_each_required_field_missing_is_poison(domain: Domain[Any], event: Event[Any, Any]):
    if event.handle is None:  # dropped unread: even a stripped body is acknowledged, not poison
        stripped = body(event.event_type, {})
        assert isinstance(triage(domain, stripped, frozenset()), Ignored)
        return
    paths = required_paths(event.payload)
    for path in paths:
        decision = triage(
            domain, body(event.event_type, without(dict(event.example), path)), frozenset()
        )
        assert isinstance(decision, Poison), f"{'.'.join(path)} missing: {decision}"
        assert decision.event_type == event.event_type
    not_json = json.dumps(
        {"Type": "Notification", "Message": f'{{"eventType": "{event.event_type}"'}
    )
    assert isinstance(triage(domain, not_json, frozenset()), Poison)


@pytest.mark.parametrize("domain", DOMAINS, ids=[d.name for d in DOMAINS])
def test_every_handler_is_a_method_of_the_wired_service_and_every_method_is_handled(
    domain: Domain[Any],
):
    service = type(wired_service(domain))
    handlers = {event.handle for event in domain.events if event.handle is not None}
    for handler in handlers:
        assert getattr(service, handler.__name__, None) is handler, (
            f"{domain.name}: {handler.__qualname__} is not a method of {service.__name__}"
        )
    takes_an_event = {
        member
        for name, member in vars(service).items()
        if not name.startswith("_")
        and inspect.isfunction(member)
        and any(
            inspect.isclass(hint) and issubclass(hint, EventPayload)
            for hint in typing.get_type_hints(member).values()
        )
    }
    assert takes_an_event - handlers == set(), "event handlers missing from the event table"
    assert callable(getattr(service, "retry_create_mapping", None))


@pytest.mark.parametrize("domain", DOMAINS, ids=[d.name for d in DOMAINS])
def test_a_domain_is_its_folder_and_its_apis_are_registered(domain: Domain[Any]):
    assert (DOMAINS_DIR / domain.name / "__init__.py").is_file()
    assert (DOMAINS_DIR / domain.name / "contracts.toml").is_file()
    assert set(domain.apis) <= set(APIS)
    assert domain.event_types, "a domain subscribes to at least one event type"


# --- names ---------------------------------------------------------------------------------------


def test_names_are_unique_across_domains():
    def unique(values: list[str]) -> None:
        assert len(values) == len(set(values)), sorted(v for v in values if values.count(v) > 1)

    unique([d.name for d in DOMAINS])
    unique([d.queue for d in DOMAINS])
    unique([d.telemetry_prefix for d in DOMAINS])
    unique([d.env for d in DOMAINS])
    unique([d.job_name for d in DOMAINS] + [op.job for _, op in OPERATIONS])
    unique([op.op for _, op in OPERATIONS] + [d.op_name for d in DOMAINS])
    unique([r.name for _, r in RECONCILIATIONS] + [d.job_name for d in DOMAINS])
    unique([r.check for _, r in RECONCILIATIONS])
    unique([api.key for api in APIS])
    unique([api.env for api in APIS])


def test_sentencing_and_court_sentencing_can_never_be_confused():
    """`sentencing` holds the adjustments API; a court sentencing domain has its own name."""
    by_name = {d.name: d for d in DOMAINS}
    assert by_name["sentencing"].api.key == "adjustments_api"
    assert "court" not in by_name["sentencing"].description.lower()


# --- APIs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("api", APIS, ids=[api.key for api in APIS])
def test_every_api_has_a_spec_or_a_stated_reason(api):
    assert bool(api.spec_file) != bool(api.no_spec_reason), api.key
    assert api.sandbox_path.startswith("/") and api.key.endswith("_api")
    if api.spec_file is None:
        return
    if missing_reason(specs_dir()) is not None:
        pytest.skip(missing_reason(specs_dir()))
    assert (specs_dir() / api.spec_file).is_file()


# --- operations and reconciliations --------------------------------------------------------------


@pytest.mark.parametrize(("domain", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_every_operation_is_a_dry_run_by_default_with_a_write_guard(domain, operation):
    fields = operation.config.model_fields
    assert issubclass(operation.config, OperationConfig)
    assert fields["dry_run"].default is True
    guard = fields["max_writes"]
    assert isinstance(guard.default, int) and guard.default >= 1
    assert any(getattr(rule, "ge", 0) >= 1 for rule in guard.metadata), "max_writes >= 1"
    assert operation.job.endswith("_job") and operation.description


@pytest.mark.parametrize(("domain", "reconciliation"), RECONCILIATIONS, ids=RECONCILIATION_IDS)
def test_every_reconciliation_names_its_repair(domain, reconciliation):
    if reconciliation.repair is None:
        assert reconciliation.no_repair_reason
        return
    operation = reconciliation.repair.operation
    assert operation in domain.operations, "the repair is one of the domain's own operations"
    assert issubclass(operation.config, RepairConfig), "a repair takes a partition key"
    assert operation.config.cadence == reconciliation.cadence
    assert set(reconciliation.repair.config) <= set(operation.config.model_fields)
    assert set(reconciliation.apis) <= set(domain.apis)
