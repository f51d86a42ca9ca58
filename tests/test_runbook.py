"""docs/runbook.md names only Dagster objects and `p2n` commands that exist.

The runbook's convention (its "Conventions" section): inside backticks, `job:NAME`, `asset:KEY`
(key path joined by `/`), `check:ASSET_KEY:CHECK_NAME`, `sensor:NAME`, `schedule:NAME`, and CLI
commands as `p2n ...` (or `.venv/bin/p2n ...`). A YAML block whose first line is `# job:NAME` is
that job's run config. Everything is checked against the loaded code location and the typer app.
"""

from __future__ import annotations

import re
import shlex
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import typer
import yaml

from dagster_project.cli.lazy import expand

RUNBOOK = Path(__file__).resolve().parents[1] / "docs" / "runbook.md"

# every procedure of the old runbook, each its own `## ` section
REQUIRED_SECTIONS = (
    "What happened to booking X / offender Y",
    "A domain's sync: stop, restart, drain",
    "DLQ maintenance: inspect and redrive",
    "DLQ purge",
    "Preprod refresh: mapping clean-up above id ceilings",
    "Duplicate visit",
    "Duplicate sentencing adjustment",
    "Duplicate course activity",
    "Duplicate incentive",
    "Duplicate allocation or attendance",
    "Repair one record from DPS",
    "Incentive reconciliation alert",
    "Activities reconciliation alerts",
    "Attendance report rerun",
    "Breaking API change",
    "Store migrations",
    "Health check",
)

KINDS = ("job", "asset", "check", "sensor", "schedule")
# the notation itself, as the Conventions table writes it
PLACEHOLDERS = frozenset(
    {
        "job:NAME",
        "asset:KEY",
        "check:ASSET_KEY:CHECK_NAME",
        "sensor:NAME",
        "schedule:NAME",
        "p2n …",
    }
)

FENCE = re.compile(r"^([ \t]*)```([^\n]*)\n(.*?)^\1```[ \t]*$", re.S | re.M)
OBJECT_REF = re.compile(r"`((?:job|asset|check|sensor|schedule):[^`]*)`")
CLI_REF = re.compile(r"`(?:\.venv/bin/)?(p2n(?:\s[^`]*)?)`")
CLI_LINE = re.compile(r"^\s*(?:\.venv/bin/)?(p2n(?:\s.*)?)$", re.M)
YAML_JOB = re.compile(r"\A\s*#\s*job:(\S+)")
MAX_WRITES = re.compile(r"`max_writes`\D{0,20}?(\d+)")
DRY_RUN_DEFAULT = re.compile(r"`dry_run`\s+(true|false) by default")
PARAGRAPH_START = re.compile(r"^\s*(?:\d+\.|[-*]|\|)\s")


@dataclass
class Section:
    title: str
    prose: str  # the section without its fenced blocks
    blocks: list[str] = field(default_factory=list)

    @property
    def object_refs(self) -> list[str]:
        refs = OBJECT_REF.findall(self.prose)
        refs += [f"job:{m.group(1)}" for b in self.blocks if (m := YAML_JOB.match(b))]
        return [r for r in refs if r not in PLACEHOLDERS]

    @property
    def cli_refs(self) -> list[str]:
        refs = [r.strip() for r in CLI_REF.findall(self.prose)]
        refs += [r.strip() for b in self.blocks for r in CLI_LINE.findall(b)]
        return [r for r in refs if r not in PLACEHOLDERS]

    @property
    def config_examples(self) -> list[tuple[str, dict[str, Any]]]:
        return [(m.group(1), yaml.safe_load(b)) for b in self.blocks if (m := YAML_JOB.match(b))]

    def paragraphs(self) -> Iterator[str]:
        """Blank-line separated text; each list item and table row is one paragraph of its own."""
        current: list[str] = []
        for line in self.prose.splitlines():
            if not line.strip() or PARAGRAPH_START.match(line):
                if current:
                    yield "\n".join(current)
                current = [line] if line.strip() else []
            else:
                current.append(line)
        if current:
            yield "\n".join(current)


def parse_sections(markdown: str) -> list[Section]:
    sections: list[Section] = []
    for chunk in re.split(r"^## ", markdown, flags=re.M)[1:]:
        title, _, body = chunk.partition("\n")
        blocks = [textwrap.dedent(m.group(3)) for m in FENCE.finditer(body)]
        sections.append(Section(title.strip(), FENCE.sub("", body), blocks))
    return sections


@dataclass(frozen=True)
class Known:
    """The names of the loaded code location, by reference kind."""

    names: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, definitions: dg.Definitions) -> Known:
        repo = definitions.get_repository_def()
        graph = repo.asset_graph
        return cls(
            {
                "job": frozenset(j.name for j in repo.get_all_jobs()),
                "asset": frozenset(k.to_user_string() for k in graph.get_all_asset_keys()),
                "check": frozenset(k.to_user_string() for k in graph.asset_check_keys),
                "sensor": frozenset(s.name for s in repo.sensor_defs),
                "schedule": frozenset(s.name for s in repo.schedule_defs),
            }
        )

    def problem(self, ref: str) -> str | None:
        """Why `ref` (e.g. `job:repair_visit_job`) names nothing, or None when it exists."""
        kind, _, name = ref.partition(":")
        if kind not in self.names:
            return f"{ref}: unknown kind {kind!r} (one of {', '.join(KINDS)})"
        if name not in self.names[kind]:
            return f"{ref}: no {kind} named {name!r}"
        return None


def _takes_value(param: Any) -> bool:
    return param.param_type_name == "option" and not (
        getattr(param, "is_flag", False) or getattr(param, "count", False)
    )


def cli_problem(root: Any, command_line: str) -> str | None:
    """Why `p2n ...` is not a command path of the typer app (with its options), or None."""
    tokens = shlex.split(command_line)
    if not tokens or tokens[0] != "p2n":
        return f"{command_line!r}: does not start with p2n"
    command, path, skip_value = root, ["p2n"], False
    for token in tokens[1:]:
        if skip_value:
            skip_value = False
            continue
        if token.startswith("-"):
            name = token.split("=", 1)[0]
            params = {o: p for p in command.params for o in (*p.opts, *p.secondary_opts)}
            if name != "--help" and name not in params:
                return f"{command_line!r}: {' '.join(path)} has no option {name}"
            skip_value = "=" not in token and name in params and _takes_value(params[name])
            continue
        subcommands = getattr(command, "commands", None)
        if subcommands is not None:  # a group: the next word must be one of its commands
            if token not in subcommands:
                known = ", ".join(sorted(subcommands)) or "none"
                return f"{command_line!r}: {' '.join(path)} has no command {token!r} ({known})"
            command = expand(subcommands[token])
            path.append(token)
        # otherwise a positional argument of a leaf command
    return None


def op_config_defaults(job: dg.JobDefinition) -> dict[str, Any]:
    """Default of every op config field of the job (`dry_run`, `max_writes`, ...)."""
    defaults: dict[str, Any] = {}
    ops = job.run_config_schema.config_type.fields.get("ops")
    if ops is None:
        return defaults
    for op_field in ops.config_type.fields.values():
        config = getattr(op_field.config_type, "fields", {}).get("config")
        for name, option in getattr(config.config_type, "fields", {}).items() if config else ():
            if option.default_provided:
                defaults[name] = option.default_value
    return defaults


@pytest.fixture(scope="module")
def definitions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dg.Definitions]:
    """Both code locations as one: the runbook names jobs and sensors of either."""
    from dagster_project.definitions import defs
    from dagster_project.sync_definitions import defs as sync_defs

    store = tmp_path_factory.mktemp("runbook") / "store.db"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("STORE_URL", f"sqlite:///{store}")
        main = defs() if callable(defs) else defs
        sync = sync_defs() if callable(sync_defs) else sync_defs
        # the sync location's resources are the main one's (same keys, same settings)
        loaded = dg.Definitions.merge(main, dg.Definitions(jobs=sync.jobs, sensors=sync.sensors))
        # run config validation resolves the resources' EnvVars (client secrets): dummies
        for resource in (loaded.resources or {}).values():
            for value in vars(resource).values():
                if isinstance(value, dg.EnvVar):
                    env.setenv(value.env_var_name, "runbook-test-dummy")
        yield loaded


@pytest.fixture(scope="module")
def known(definitions: dg.Definitions) -> Known:
    return Known.of(definitions)


@pytest.fixture(scope="module")
def cli_root() -> Any:
    from dagster_project.cli.main import app

    return typer.main.get_command(app)


@pytest.fixture(scope="module")
def sections() -> list[Section]:
    return parse_sections(RUNBOOK.read_text())


def test_every_required_procedure_has_its_section(sections):
    titles = [s.title for s in sections]
    assert [t for t in REQUIRED_SECTIONS if t not in titles] == []
    assert len(titles) == len(set(titles)), "duplicate section titles"


def test_every_section_names_a_dagster_object_or_cli_command(sections):
    assert [s.title for s in sections if not (s.object_refs or s.cli_refs)] == []


def test_every_dagster_name_exists_in_the_definitions(sections, known):
    refs = {ref for s in sections for ref in s.object_refs}
    assert len(refs) > 40  # the parser really found the runbook's references
    assert sorted(p for ref in refs if (p := known.problem(ref))) == []


def test_every_p2n_command_exists_in_the_cli(sections, cli_root):
    commands = {ref for s in sections for ref in s.cli_refs}
    assert len(commands) > 10
    assert sorted(p for c in commands if (p := cli_problem(cli_root, c))) == []


def test_every_config_example_is_valid_run_config_for_its_job(sections, definitions):
    examples = [example for s in sections for example in s.config_examples]
    assert len(examples) > 5
    for job_name, config in examples:
        dg.validate_run_config(definitions.resolve_job_def(job_name), config)


def test_every_yaml_block_says_which_job_it_configures():
    blocks = [m.group(3) for m in FENCE.finditer(RUNBOOK.read_text()) if m.group(2) == "yaml"]
    assert len(blocks) > 5
    assert [b for b in blocks if not YAML_JOB.match(b)] == []


def test_stated_guards_are_the_jobs_config_defaults(sections, definitions):
    """Where a paragraph names jobs and `max_writes` or a default `dry_run`, they are real."""
    checked, wrong = 0, []
    for section in sections:
        for paragraph in section.paragraphs():
            jobs = {
                ref.partition(":")[2]
                for ref in OBJECT_REF.findall(paragraph)
                if ref.startswith("job:") and ref not in PLACEHOLDERS
            }
            stated_max = {int(n) for n in MAX_WRITES.findall(paragraph)}
            stated_dry = {v == "true" for v in DRY_RUN_DEFAULT.findall(paragraph)}
            for job in sorted(jobs):
                defaults = op_config_defaults(definitions.resolve_job_def(job))
                if stated_max and "max_writes" in defaults:
                    checked += 1
                    if defaults["max_writes"] not in stated_max:
                        wrong.append(f"{section.title}: {job} max_writes {defaults['max_writes']}")
                if stated_dry and "dry_run" in defaults:
                    checked += 1
                    if {defaults["dry_run"]} != stated_dry:
                        wrong.append(f"{section.title}: {job} dry_run {defaults['dry_run']}")
    assert wrong == []
    assert checked > 10


# The checks above must be able to fail: made-up and misspelt names.

SAMPLE = """# Title

## Made up

Launch `job:repair_incentive_job` then `check:attendance_reconciliation:attendance_count_match`,
see `asset:queues/incentive_dlq` and `p2n dlq redrve --domain visits`.

1. Cancel:

   ```yaml
   # job:cancel_duplicate_visit_job
   ops:
     cancel_duplicate_visits:
       config:
         offender_no: A1234BC
         nomis_visit_idz: [1]
   ```
"""


def test_the_parser_finds_references_in_prose_and_blocks():
    (section,) = parse_sections(SAMPLE)
    assert section.title == "Made up"
    assert section.object_refs == [
        "job:repair_incentive_job",
        "check:attendance_reconciliation:attendance_count_match",
        "asset:queues/incentive_dlq",
        "job:cancel_duplicate_visit_job",
    ]
    assert section.cli_refs == ["p2n dlq redrve --domain visits"]


def test_misspelt_dagster_names_are_reported(known):
    (section,) = parse_sections(SAMPLE)
    problems = [known.problem(ref) for ref in section.object_refs]
    assert problems[:3] == [
        "job:repair_incentive_job: no job named 'repair_incentive_job'",
        "check:attendance_reconciliation:attendance_count_match: no check named "
        "'attendance_reconciliation:attendance_count_match'",
        "asset:queues/incentive_dlq: no asset named 'queues/incentive_dlq'",
    ]
    assert problems[3] is None
    assert known.problem("job:repair_incentives_job") is None
    assert known.problem("sensr:visits_events_sensor") is not None


def test_misspelt_cli_commands_and_options_are_reported(cli_root):
    assert cli_problem(cli_root, "p2n dlq redrive --domain visits --max-messages 10") is None
    assert cli_problem(cli_root, "p2n publish raw incentives.iep-review.inserted") is None
    assert "no command 'redrve'" in str(cli_problem(cli_root, "p2n dlq redrve --domain visits"))
    assert "no command 'telemtry'" in str(cli_problem(cli_root, "p2n telemtry"))
    assert "no option --ofender" in str(cli_problem(cli_root, "p2n telemetry --ofender A1234BC"))


def test_an_invalid_config_example_is_refused(definitions):
    (section,) = parse_sections(SAMPLE)
    ((job_name, config),) = section.config_examples
    with pytest.raises(dg.DagsterInvalidConfigError, match="nomis_visit_idz"):
        dg.validate_run_config(definitions.resolve_job_def(job_name), config)
