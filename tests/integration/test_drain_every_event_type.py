"""`p2n drain --domain NAME` applies a published event of every type (issue-16 and -19 domains).

Each event type is published with its own `p2n publish` command (DPS changes first, then the
event), then drained on its own through the CLI: one message received, one settled, no failed
run, queue and DLQ empty, and a `…-success` telemetry row of the domain with no `…-failed`.
"""

import json
from collections.abc import Callable
from typing import Any

import dagster as dg
import pytest
from typer.testing import CliRunner

from dagster_project.cli.main import app
from dagster_project.domains import domain_named
from dagster_project.sandbox.core.estate import offender_no
from tests.integration.test_drain_and_cli import cli_env

Published = dict[str, Any]
# (publish arguments, given what the earlier steps published)
Step = Callable[[dict[str, Published], dict[str, Any]], list[str]]


def alert_steps() -> list[tuple[str, Step]]:
    def alert(made: dict[str, Published]) -> str:
        return str(made["alert-created"]["alert"]["alertUuid"])

    return [
        ("alert-created", lambda _, who: [who["offenderNo"], "HA1", "--description", "Drained"]),
        (
            "alert-updated",
            lambda made, who: [alert(made), who["offenderNo"], "HA1", "--description", "Changed"],
        ),
        ("alert-deleted", lambda made, who: [alert(made), who["offenderNo"], "HA1"]),
        ("alert-type-created", lambda _, __: ["DT", "Drained type"]),
        ("alert-code-created", lambda _, __: ["DCODE", "DT", "Drained code"]),
        ("alert-code-updated", lambda _, __: ["DCODE", "Drained code renamed"]),
        ("alert-type-updated", lambda _, __: ["DT", "Drained type renamed"]),
        ("alert-code-deactivated", lambda _, __: ["DCODE"]),
        ("alert-code-reactivated", lambda _, __: ["DCODE"]),
        ("alert-type-deactivated", lambda _, __: ["DT"]),
        ("alert-type-reactivated", lambda _, __: ["DT"]),
    ]


def csip_steps() -> list[tuple[str, Step]]:
    def record(made: dict[str, Published]) -> str:
        return str(made["csip-created"]["record"]["recordUuid"])

    return [
        ("csip-created", lambda _, who: [who["offenderNo"], "--factors", "1"]),
        ("csip-updated", lambda made, _: [record(made), "--add-factors", "1"]),
        ("csip-deleted", lambda made, who: [record(made), who["offenderNo"]]),
    ]


def casenote_steps() -> list[tuple[str, Step]]:
    def note(made: dict[str, Published]) -> str:
        return str(made["casenote-created"]["caseNote"]["caseNoteId"])

    return [
        ("casenote-created", lambda _, who: [who["offenderNo"], "Drained note"]),
        ("casenote-updated", lambda made, _: [note(made), "--amendment", "Seen again"]),
        ("casenote-deleted", lambda made, who: [note(made), who["offenderNo"]]),
    ]


def core_person_steps() -> list[tuple[str, Step]]:
    merged = offender_no(0, 0)  # a seeded MDI prisoner: two mapped religions, the older open
    return [
        ("core-person-religion-created", lambda _, who: [who["offenderNo"], "--religion", "SIKH"]),
        ("core-person-merged", lambda _, __: [merged, "--end-date", "2026-11-30"]),
    ]


DOMAIN_STEPS = {
    "alerts": ("alert", alert_steps),
    "csip": ("csip", csip_steps),
    "casenotes": ("casenotes", casenote_steps),
    "core_person": ("cpr", core_person_steps),
}


@pytest.mark.parametrize("name", sorted(DOMAIN_STEPS))
def test_drain_applies_a_published_event_of_every_type(harness, monkeypatch, name):
    for key, value in cli_env(harness).items():
        monkeypatch.setenv(key, value)
    # the drain's instance is the harness's (entered and exited by `drain`, as `with` does)
    monkeypatch.setattr(dg.DagsterInstance, "get", staticmethod(lambda: harness.instance))
    telemetry_prefix, steps = DOMAIN_STEPS[name]
    domain = domain_named(name)
    who = harness.get("/sandbox/prisoners", prisonId="LEI")[2]
    runner = CliRunner()
    made: dict[str, Published] = {}
    handled = [event for event in domain.events if event.handle is not None]
    assert len(steps()) == len(handled)  # one publish command per handled event type
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
        assert any(row.endswith("-success") for row in new), (command, new)
        assert not any(row.endswith("-failed") for row in new), (command, new)
        run = harness.instance.get_run_by_id(report["run_ids"][0])
        assert run.job_name == domain.job_name and run.tags["sync/trigger"] == "drain"
    assert len(made) == len(handled)
