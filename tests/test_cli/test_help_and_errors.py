"""`p2n` is quick and quiet, and a mistake a person can fix is one line and exit status 2.

The speed itself is measured, not asserted (`time .venv/bin/p2n --help` in the README); what a
test can hold is its cause: printing help imports no Dagster, pandas, definitions or domain.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from dagster_project.cli.failures import actionable

REPO = Path(__file__).resolve().parents[2]
HELP_COMMANDS = [
    [],
    ["drain"],
    ["telemetry"],
    ["mismatches"],
    ["alerts"],
    ["local"],
    ["provision"],
    ["dlq"],
    ["dlq", "list"],
    ["health"],
    ["store"],
    ["store", "upgrade"],
    ["reconcile"],
]
HEAVY = ("dagster", "pandas", "dagster_project.definitions", "dagster_project.domains", "boto3")


def run_main(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    """`p2n args` in this process, with no running stack's defaults; (exit status, stderr)."""
    monkeypatch.setenv("P2N_LOCAL_HOME", str(REPO / ".no-such-local-home"))
    monkeypatch.setattr(sys, "argv", ["p2n", *args])
    from dagster_project.cli.main import main

    with pytest.raises(SystemExit) as exited:
        main()
    return int(exited.value.code or 0), capsys.readouterr().err


def p2n(*args: str, env: dict[str, str] | None = None, timeout: int = 120):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("P2N_", "DAGSTER_HOME"))}
    base["P2N_LOCAL_HOME"] = str(REPO / ".no-such-local-home")  # no running stack's defaults
    return subprocess.run(
        [sys.executable, "-m", "dagster_project.cli", *args],
        cwd=REPO,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_help_prints_no_warning_and_loads_no_service_code():
    """Every command's help, in one fresh interpreter: no warning, nothing heavy imported."""
    probe = (
        "import sys, json\n"
        "from dagster_project.cli.main import main\n"
        f"for command in {HELP_COMMANDS!r}:\n"
        "    sys.argv = ['p2n', *command, '--help']\n"
        "    try:\n        main()\n    except SystemExit as exit:\n"
        "        assert exit.code in (0, None), (command, exit.code)\n"
        f"heavy = {HEAVY!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules\n"
        "    if any(m == h or m.startswith(h + '.') for h in heavy))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "default", "-c", probe],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "warning" not in (result.stdout + result.stderr).lower()
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"printing help imported {loaded}"
    assert result.stdout.count("Usage: p2n") == len(HELP_COMMANDS)


def test_publish_help_lists_every_domain_command_without_a_warning():
    result = p2n("publish", "--help")
    assert result.returncode == 0 and "warning" not in (result.stdout + result.stderr).lower()
    for command in ("incentive-review", "visit-booked", "adjustment-inserted", "allocation"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        (
            "QUEUE_VISIBILITY_TIMEOUT_SECONDS",
            "5",
            "QUEUE_VISIBILITY_TIMEOUT_SECONDS=5: input should be greater than or equal to 30 "
            "(allowed 30..43200)",
        ),
        (
            "SENSOR_BATCH_SIZE",
            "lots",
            "SENSOR_BATCH_SIZE=lots: input should be a valid integer, unable to parse string as "
            "an integer (allowed 1..500)",
        ),
        (
            "EVENT_RETRY_DELAYS_SECONDS",
            "1,901",
            "EVENT_RETRY_DELAYS_SECONDS=1,901: each retry delay must be 0..900 seconds",
        ),
        (
            "LOCATIONS_API_URL",
            "locations.internal",
            "LOCATIONS_API_URL='locations.internal': not an http(s) URL with a host",
        ),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_variable_and_exit_2(
    monkeypatch, capsys, variable, value, expected
):
    monkeypatch.setenv(variable, value)
    code, err = run_main(monkeypatch, capsys, "telemetry")
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"p2n: {expected}"), err


@pytest.mark.parametrize(
    "command",
    [["health"], ["dlq", "list"], ["drain", "--domain", "incentives"], ["store", "current"]],
)
def test_every_command_reports_a_bad_setting_the_same_way(monkeypatch, capsys, command):
    monkeypatch.setenv("SENSOR_BATCH_SIZE", "0")
    code, err = run_main(monkeypatch, capsys, *command)
    assert code == 2
    [line] = err.strip().splitlines()
    assert line.startswith("p2n: SENSOR_BATCH_SIZE=0: input should be greater than or equal to 1")


def test_production_names_every_plain_http_url_in_one_line(monkeypatch, capsys):
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("NOMIS_API_URL", "http://x")
    code, err = run_main(monkeypatch, capsys, "telemetry")
    assert code == 2
    [line] = err.strip().splitlines()
    assert "requires https://" in line and "NOMIS_API_URL=http://x" in line


def test_a_store_url_with_a_password_is_never_echoed(tmp_path):
    secret = "pw-Secret-1234"
    result = p2n(
        "telemetry",
        env={
            "STORE_URL": f"postgresql+psycopg2://u:{secret}@127.0.0.1:9/db",
            "SENSOR_BATCH_SIZE": "x",
        },
    )
    assert result.returncode == 2 and secret not in result.stdout + result.stderr


def test_an_unreachable_queue_is_one_line_naming_the_endpoint(monkeypatch, capsys, tmp_path):
    endpoint = "http://127.0.0.1:9"
    for name, value in {
        "SQS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "STORE_URL": f"sqlite:///{tmp_path / 's.db'}",
    }.items():
        monkeypatch.setenv(name, value)
    code, err = run_main(monkeypatch, capsys, "dlq", "list")
    assert code == 2, err
    [line] = err.strip().splitlines()
    assert line.startswith("p2n: AWS:") and endpoint in line


def test_a_service_that_answered_is_named_with_its_status_and_detail():
    request = httpx.Request("POST", "http://127.0.0.1:8090/sandbox/dps/non-associations?x=1")
    body = {"detail": "an open non-association exists"}
    response = httpx.Response(409, json=body, request=request)
    error = httpx.HTTPStatusError("409 Conflict", request=request, response=response)
    assert actionable(error) == (
        "POST http://127.0.0.1:8090/sandbox/dps/non-associations answered 409: "
        "an open non-association exists"
    )


def test_an_unset_variable_a_job_reads_is_one_line_naming_it():
    class DagsterInvalidConfigError(Exception):  # Dagster's, by name (the CLI imports no dagster)
        pass

    error = DagsterInvalidConfigError(
        'Error 1: ... You have attempted to fetch the environment variable "NOMIS_CLIENT_SECRET" '
        "which is not set. In order for this execution to succeed it must be set."
    )
    assert actionable(error) == (
        "NOMIS_CLIENT_SECRET is not set (a variable the job's resources read at run time)"
    )


@pytest.mark.parametrize(
    ("module", "builder"),
    [("definitions", "build_definitions"), ("sync_definitions", "build_sync_definitions")],
)
def test_building_and_resolving_the_definitions_prints_no_warning(module, builder):
    # every command that loads the service (drain, reconcile, both code locations) builds these
    code = (
        f"from dagster_project.{module} import {builder}\n"
        "from dagster_project.settings import Settings\n"
        f"{builder}(Settings()).get_repository_def()\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "default", "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Warning" not in done.stderr, done.stderr[-2000:]


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["nope", "--partition", "2026-12-01"], ["unknown reconciliation 'nope'", "attendance"]),
        (  # weekly: a partition is a Monday
            ["incentive_levels_reconciliation", "--partition", "2026-12-01"],
            ["'2026-12-01' is not a partition", "weekly", "from 2026-01-05"],
        ),
        (
            ["attendance_reconciliation", "--partition", "yesterday"],
            ["'yesterday' is not a partition", "daily"],
        ),
    ],
)
def test_reconcile_names_what_does_not_exist_in_one_line_before_running(
    monkeypatch, capsys, args, names
):
    status, err = run_main(monkeypatch, capsys, "reconcile", *args)
    assert status == 2
    [line] = err.strip().splitlines()
    assert all(name in line for name in names), line
