"""`p2n drain --domain NAME` applies a published event of every type, for every domain.

Each event type is published with its own `p2n publish` command (DPS changes first, then the
event), then drained on its own through the CLI: one message received, one settled, no failed
run, queue and DLQ empty, and a `…-success` telemetry row of the domain with no `…-failed`.
The steps are each domain's own (`tests/domains/<name>/drain_steps.py`, found from the registry).
"""

import importlib
import json

import dagster as dg
import pytest
from typer.testing import CliRunner

from dagster_project.cli.main import app
from dagster_project.domains import DOMAINS, domain_named
from tests.integration.drain_plan import DrainPlan, Published
from tests.integration.test_drain_and_cli import cli_env


def drain_plan(name: str) -> DrainPlan:
    try:
        module = importlib.import_module(f"tests.domains.{name}.drain_steps")
    except ModuleNotFoundError:
        pytest.fail(f"tests/domains/{name}/drain_steps.py is missing (docs/adding-a-domain.md)")
    return module.PLAN


# bounded by the steps (personal relationships has 36, each a publish, a run and its checks);
# beside a second suite on two cores that took more than the default 300 s
@pytest.mark.timeout(900)
@pytest.mark.parametrize("name", [domain.name for domain in DOMAINS])
def test_drain_applies_a_published_event_of_every_type(harness, monkeypatch, name):
    for key, value in cli_env(harness).items():
        monkeypatch.setenv(key, value)
    # the drain's instance is the harness's (entered and exited by `drain`, as `with` does)
    monkeypatch.setattr(dg.DagsterInstance, "get", staticmethod(lambda: harness.instance))
    plan = drain_plan(name)
    telemetry_prefix, steps = plan.telemetry_prefix, plan.steps
    domain = domain_named(name)
    who = harness.get("/sandbox/prisoners", prisonId="LEI")[2]
    runner = CliRunner()
    made: dict[str, Published] = {}
    handled = [event for event in domain.events if event.handle is not None]
    published_types = {event.event_type for event in handled} - set(plan.unpublished)
    assert set(plan.unpublished) <= {event.event_type for event in handled}, plan.unpublished
    assert len(steps()) == len(published_types)  # one publish command per handled event type
    for command, arguments in steps():
        before = len(harness.store.query_telemetry(telemetry_prefix, limit=5000))
        published = runner.invoke(app, ["publish", command, *arguments(made, who)])
        assert published.exit_code == 0, f"{command}: {published.output}"
        made[command] = json.loads(published.stdout)

        drained = runner.invoke(app, ["drain", "--domain", name])
        assert drained.exit_code == 0, f"{command}: {drained.output}"
        report = json.loads(drained.stdout)
        assert (report["received"], report["settled"], report["failed_runs"]) == (1, 1, 0), (
            command,
            report,
        )
        assert harness.depth(name) == (0, 0, 0)
        assert harness.depth(name, dead_letters=True) == (0, 0, 0)
        rows = harness.store.query_telemetry(telemetry_prefix, limit=5000)
        new = [row.name for row in rows[: len(rows) - before]]
        assert any(row.endswith(plan.success_suffixes) for row in new), (
            command,
            new,
        )
        assert not any(row.endswith("-failed") for row in new), (command, new)
        run = harness.instance.get_run_by_id(report["run_ids"][0])
        assert run.job_name == domain.job_name and run.tags["sync/trigger"] == "drain"
    assert len(made) == len(published_types)
