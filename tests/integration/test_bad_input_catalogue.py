"""Every kind of bad input has its documented outcome (docs/bad-input.md) and none crash-loops.

Queue cases run over real sockets: the bad message, then a valid event on the same queue; the
tick returns, the queue empties, the bad one ends on the DLQ with its reason or is dropped with
telemetry, and the valid one reaches NOMIS in the same pump. Config and partition cases need no
servers: Dagster (or the config class, before the op body) refuses them and nothing is written.
"""

from pathlib import Path

import dagster as dg
import pytest

from dagster_project.definitions import build_definitions
from dagster_project.local.aws import sqs_client
from dagster_project.settings import Settings
from dagster_project.wiring import resources_for
from tests.harness import SECRET_VARIABLES, e2e_settings
from tests.integration.bad_input import (
    CONFIG_CASES,
    DLQ,
    GENERIC_ROWS,
    QUEUE_CASES,
    SENSOR,
    VALID_EVENT,
    ConfigCase,
    QueueCase,
    as_documented,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "bad-input.md"
UNREACHABLE = "http://127.0.0.1:9"  # nothing listens: any API call would fail loudly
DEFS = build_definitions(Settings())
JOBS = sorted(job.name for job in DEFS.resolve_all_job_defs())
PARTITIONED_JOBS = sorted(j.name for j in DEFS.resolve_all_job_defs() if j.partitions_def)
PARTITIONED_ASSETS = [a for a in DEFS.assets or [] if getattr(a, "partitions_def", None)]
NOT_PARTITIONS = ["not-a-date", "2026-13-01", "1999-01-04", "2999-01-04", "2026-01-06"]
UNKNOWN = "no_such_option"


def send(harness, domain: str, body: str) -> None:
    sqs = sqs_client(harness.settings)
    sqs.send_message(QueueUrl=harness.queue.queue_url(domain), MessageBody=body)


def assert_outcome(harness, case: QueueCase, body: str) -> None:
    dead = harness.dead_letters(case.domain)
    if case.outcome == DLQ:
        [letter] = dead
        assert case.sees in letter["MessageAttributes"]["reason"]["StringValue"]
        assert letter["Body"] == body  # parked as received, nothing lost
        assert any(a.name.endswith("-sent-to-dlq") for a in harness.store.list_alerts())
    else:
        assert dead == []
        dropped = [t for t in harness.telemetry(case.telemetry) if case.sees in str(t)]
        assert len(dropped) == 1, harness.telemetry(case.telemetry)


@pytest.mark.parametrize("case", QUEUE_CASES, ids=lambda case: case.id)
def test_bad_message_is_settled_and_the_next_event_still_syncs(harness, case):
    body = case.body()
    send(harness, case.domain, body)
    reached_nomis = VALID_EVENT[case.domain](harness)

    [request] = harness.tick(case.domain)  # returns normally: the bad body broke nothing
    handed_over = "1" if case.caught == SENSOR else "2"
    assert request.tags["sync/messages"] == handed_over
    harness.run(case.domain, request)
    harness.pump()

    assert reached_nomis()
    assert_outcome(harness, case, body)
    assert harness.depth(case.domain) == (0, 0, 0)


def test_a_batch_of_every_bad_message_settles_in_one_tick(harness):
    cases = [c for c in QUEUE_CASES if c.domain == "incentives" and c.caught == SENSOR]
    for case in cases:
        send(harness, "incentives", case.body())
    reached_nomis = VALID_EVENT["incentives"](harness)

    [request] = harness.tick("incentives")
    assert request.tags["sync/messages"] == "1"
    harness.run("incentives", request)
    assert harness.pump() == 0

    assert reached_nomis()
    reasons = [
        m["MessageAttributes"]["reason"]["StringValue"] for m in harness.dead_letters("incentives")
    ]
    for case in cases:
        if case.outcome == DLQ:
            assert [r for r in reasons if case.sees in r], case.id
    assert len(reasons) == sum(c.outcome == DLQ for c in cases)
    ignored = harness.telemetry("domain-event-ignored")
    assert len(ignored) == sum(c.outcome != DLQ for c in cases)
    assert harness.depth("incentives") == (0, 0, 0)


def test_every_case_has_its_row_in_the_docs_table():
    rows = {
        line.split("`")[1]: line for line in DOC.read_text().splitlines() if line.startswith("| `")
    }
    for case in QUEUE_CASES:
        row = rows[case.id]
        assert as_documented(case.sees) in row, case.id
        assert case.caught in row and ("DLQ" if case.outcome == DLQ else "ignored") in row
        assert case.telemetry is None or case.telemetry in row
    for config_case in CONFIG_CASES:
        assert config_case.sees in rows[config_case.rule], config_case.rule
    for rule, sees in GENERIC_ROWS.items():
        assert sees in rows[rule], rule


def wrong_leaf(config_type, path: tuple[str, ...]) -> tuple[tuple[str, ...], object] | None:
    """The first scalar field under `config_type` and a value of the wrong type for it."""
    kind = config_type.kind.name
    if kind == "NONEABLE":
        return wrong_leaf(config_type.inner_type, path)
    if kind == "SCALAR_UNION":
        return wrong_leaf(config_type.scalar_type, path)
    if kind == "ARRAY":
        return wrong_leaf(config_type.inner_type, (*path, "[0]"))
    if kind == "SCALAR":
        wrong = {"Int": "not-a-number", "Float": "not-a-number", "Bool": "not-a-bool"}
        return (path, wrong.get(config_type.given_name, 12345))
    if kind in {"STRICT_SHAPE", "PERMISSIVE_SHAPE", "SELECTOR"}:
        order = ["ops", "execution", "resources", "loggers"]
        rank = {name: position for position, name in enumerate(order)}
        for name in sorted(config_type.fields, key=lambda n: (rank.get(n, len(order)), n)):
            found = wrong_leaf(config_type.fields[name].config_type, (*path, name))
            if found:
                return found
    return None


def shown(path: tuple[str, ...]) -> str:
    """A config path as Dagster prints it: root:ops:op:config:messages[0]:attempt."""
    return "root:" + ":".join(path).replace(":[0]", "[0]")


def nested(path: tuple[str, ...], value: object) -> dict:
    for name in reversed(path):
        value = [value] if name == "[0]" else {name: value}
    assert isinstance(value, dict)
    return value


@pytest.mark.parametrize("job_name", JOBS)
def test_unknown_config_key_is_refused_by_the_launchpad_check(job_name):
    job = DEFS.resolve_job_def(job_name)
    ops = job.run_config_schema.config_type.fields["ops"].config_type.fields
    typed = [
        name
        for name in sorted(ops)
        if "config" in ops[name].config_type.fields
        and ops[name].config_type.fields["config"].config_type.kind.name == "STRICT_SHAPE"
        and ops[name].config_type.fields["config"].config_type.fields
    ]
    op = (typed or sorted(ops))[0]
    path = ("ops", op, "config") if typed else ("ops", op)

    with pytest.raises(dg.DagsterInvalidConfigError) as refused:
        dg.validate_run_config(job, nested((*path, UNKNOWN), 1))

    expected = f'{GENERIC_ROWS["unknown-config-key"]}{UNKNOWN}" at path {shown(path)}'
    assert expected in str(refused.value)


@pytest.mark.parametrize("job_name", JOBS)
def test_ill_typed_config_value_is_refused_by_the_launchpad_check(job_name):
    job = DEFS.resolve_job_def(job_name)
    found = wrong_leaf(job.run_config_schema.config_type, ())
    assert found, f"{job_name} has no scalar config field at all"
    path, value = found

    with pytest.raises(dg.DagsterInvalidConfigError) as refused:
        dg.validate_run_config(job, nested(path, value))

    assert f"{GENERIC_ROWS['ill-typed-config-value']}{shown(path)}" in str(refused.value)


def test_unknown_category_is_refused_by_the_launchpad_check():
    job = DEFS.resolve_job_def("delete_duplicate_adjustment_job")
    config = {"category": "BOTH", "nomis_adjustment_ids": [1]}
    with pytest.raises(dg.DagsterInvalidConfigError) as refused:
        dg.validate_run_config(job, {"ops": {"delete_duplicate_adjustments": {"config": config}}})
    assert "category" in str(refused.value)
    assert GENERIC_ROWS["unknown-category"] in str(refused.value)


@pytest.fixture
def offline_defs(tmp_path, monkeypatch):
    """The definitions with every API unreachable, so an op that got past its config would fail
    with a connection error instead of the config rule."""
    for api in SECRET_VARIABLES:
        monkeypatch.setenv(api, "unused")
    settings = e2e_settings(UNREACHABLE, UNREACHABLE, tmp_path / "store.db")
    return build_definitions(settings), settings


def step_failure(result: dg.ExecuteInProcessResult) -> str:
    assert not result.success
    [failure] = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    error = failure.event_specific_data.error
    return "\n".join(e.message for e in (error, error.cause) if e is not None)


@pytest.mark.parametrize(
    "case", CONFIG_CASES, ids=lambda case: f"{case.rule}-{case.job.removesuffix('_job')}"
)
def test_config_rule_stops_the_job_before_any_write(case: ConfigCase, offline_defs):
    defs, _ = offline_defs
    job = defs.resolve_job_def(case.job)
    [op] = job.graph.node_dict
    run_config = {"ops": {op: {"config": case.config}}}
    dg.validate_run_config(job, run_config)  # types are right: only the meaning is wrong

    with dg.instance_for_test() as instance:
        message = step_failure(
            job.execute_in_process(run_config, instance=instance, raise_on_error=False)
        )

    assert "validation error for" in message
    assert case.field in message and case.sees in message
    assert "ConnectError" not in message and "TokenError" not in message


@pytest.mark.parametrize(
    ("target", "key"),
    [
        (f"job:{j}", k)
        for j in PARTITIONED_JOBS
        for k in NOT_PARTITIONS
        if not DEFS.resolve_job_def(j).partitions_def.has_partition_key(k)
    ]
    + [
        (f"asset:{a.key.to_user_string()}", k)
        for a in PARTITIONED_ASSETS
        for k in NOT_PARTITIONS
        if not a.partitions_def.has_partition_key(k)
    ],
)
def test_unknown_partition_key_is_refused_and_nothing_materialises(target, key, offline_defs):
    defs, settings = offline_defs
    kind, name = target.split(":")
    with dg.instance_for_test() as instance:
        with pytest.raises(dg.DagsterUnknownPartitionError, match=key):
            if kind == "job":
                defs.resolve_job_def(name).execute_in_process(partition_key=key, instance=instance)
            else:
                [asset] = [a for a in PARTITIONED_ASSETS if a.key.to_user_string() == name]
                dg.materialize(
                    [asset], partition_key=key, instance=instance, resources=resources_for(settings)
                )
        assert instance.get_runs() == []


@pytest.mark.parametrize("job_name", PARTITIONED_JOBS)
def test_partitioned_job_without_a_partition_stops_before_any_api_call(job_name, offline_defs):
    defs, _ = offline_defs
    job = defs.resolve_job_def(job_name)
    with dg.instance_for_test() as instance:
        for key in (None, ""):  # "" is no partition to Dagster, not an unknown one
            result = job.execute_in_process(
                partition_key=key, instance=instance, raise_on_error=False
            )
            message = step_failure(result)
            assert GENERIC_ROWS["no-partition"] in message, message
            assert "ConnectError" not in message and "TokenError" not in message
            assert result.get_asset_materialization_events() == []
