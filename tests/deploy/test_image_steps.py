"""The production image, without a Docker engine: the Dockerfile's shape, and its steps re-done.

`test_the_image_steps_build_a_venv_that_serves_the_code_location` runs the Dockerfile's own
`uv sync` commands in a clean directory (offline, from the uv cache the bootstrap filled), ships
only the venv as the final stage does, and then validates the definitions in production mode and
serves them the two ways the Helm chart can start a user deployment.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from dagster_project.settings import Settings
from tests.deploy.dockerfile import Stage, copies, parse, runs

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
METADATA_FILES = ["pyproject.toml", "uv.lock", "README.md"]
# uvicorn is not listed: dagster-webserver (a main dependency) needs it
NOT_IN_PRODUCTION = ["fastapi", "moto", "pytest", "respx", "mypy"]
# local tooling inside the project's own package: excluded from the wheel and the build context
LOCAL_ONLY_PACKAGES = ["dagster_project.sandbox", "dagster_project.local"]
IN_PRODUCTION = ["dagster", "dagster_postgres", "dagster_k8s", "dagster_aws", "psycopg2"]
PORT = "4000"
# NOMIS, MAPPING, …: each API's client id and secret variables start with its prefix
API_PREFIXES = [
    n.removesuffix("_client_id").upper() for n in Settings.model_fields if n.endswith("_client_id")
]


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def wheel_packages() -> set[str]:
    return set(pyproject()["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"])


def stages() -> tuple[dict[str, str], Stage, Stage]:
    args, found = parse(DOCKERFILE)
    [build] = [s for s in found if s.name == "build"]
    return args, build, found[-1]


def uv_syncs(stage: Stage) -> list[tuple[int, list[str]]]:
    return [(index, words) for index, words in runs(stage) if words[:2] == ["uv", "sync"]]


def source_copies(build: Stage) -> list[tuple[int, list[str]]]:
    return [(index, srcs) for index, srcs in copies(build) if srcs != METADATA_FILES]


# --- the Dockerfile's shape -------------------------------------------------------------------


def test_the_copied_source_dirs_are_exactly_the_wheel_packages():
    _, build, _ = stages()
    copied = [src.rstrip("/") for _, srcs in source_copies(build) for src in srcs]
    assert sorted(copied) == sorted(wheel_packages())
    assert [srcs for _, srcs in copies(build)][0] == METADATA_FILES


def test_the_dependency_layer_comes_before_the_source():
    _, build, _ = stages()
    [(metadata_at, _)] = [(i, s) for i, s in copies(build) if s == METADATA_FILES]
    [(deps_at, deps), (project_at, project)] = uv_syncs(build)
    sources_at = [index for index, _ in source_copies(build)]
    assert metadata_at < deps_at < min(sources_at), "uv.lock layer first, then the source"
    assert max(sources_at) < project_at
    assert "--no-install-project" in deps
    assert "--no-install-project" not in project
    for words in (deps, project):
        assert {"--frozen", "--no-default-groups"} <= set(words), words


def test_the_final_stage_runs_as_a_non_root_user():
    _, _, final = stages()
    users = final.of("USER")
    assert users, "the final stage needs a USER"
    user = users[-1].args.split(":")[0]
    assert user not in {"root", "0"}
    assert user.isdigit(), "numeric, so Kubernetes runAsNonRoot can verify it"
    last_user_at = final.instructions.index(users[-1])
    assert all(i.keyword != "RUN" for i in final.instructions[last_user_at:])


def test_the_final_stage_suits_the_helm_chart():
    _, build, final = stages()
    assert final.base == build.base, "the venv's python must exist at the same path"
    assert not final.of("ENTRYPOINT"), "the chart sets `args`; an ENTRYPOINT would prefix them"
    [cmd] = final.of("CMD")
    command = cmd.exec_form()
    assert command[:3] == ["dagster", "code-server", "start"]
    assert command[command.index("-p") + 1] == PORT
    assert command[command.index("-m") + 1] == pyproject()["tool"]["dagster"]["module_name"]
    assert [e.args for e in final.of("EXPOSE")] == [PORT]
    assert [w.args for w in final.of("WORKDIR")] == ["/app"]
    env = " ".join(e.args for e in final.of("ENV"))
    assert "PATH=/app/.venv/bin:" in env, "`dagster` must be on PATH for the chart's commands"
    assert "DAGSTER_HOME" not in env
    [copied] = [i for i in final.of("COPY") if "--from=build" in i.args]
    assert copied.args.split()[-2:] == ["/app/.venv", "/app/.venv"], "only the venv ships"


def test_uv_is_the_version_the_bootstrap_installs():
    args, _, _ = stages()
    bootstrap = (ROOT / "scripts" / "bootstrap.sh").read_text()
    [pinned] = re.findall(r'"uv==([0-9.]+)"', bootstrap)
    assert args["UV_VERSION"] == pinned


def dockerignore_lines() -> list[str]:
    return [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]


def test_the_build_context_admits_what_is_copied_and_nothing_else():
    lines = dockerignore_lines()
    assert lines[0] == "*"
    admitted = {line[1:].rstrip("/") for line in lines if line.startswith("!")}
    assert admitted == {*METADATA_FILES, *wheel_packages()}


def test_local_tooling_is_left_out_of_the_wheel_and_the_build_context():
    paths = [name.replace(".", "/") for name in LOCAL_ONLY_PACKAGES]
    wheel = pyproject()["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert set(paths) <= set(wheel.get("exclude", [])), "hatch would package the sandbox"
    lines = dockerignore_lines()
    for path in paths:
        assert path in lines, f".dockerignore must keep {path} out of the build context"
        assert lines.index(path) > lines.index("!dagster_project/"), "a later rule wins"


# --- the steps re-done --------------------------------------------------------------------------


def uv_binary() -> str | None:
    """Found as scripts/bootstrap.sh installs it, else on PATH."""
    tools = ROOT / ".tools" / "bin" / "uv"
    return str(tools) if tools.exists() else shutil.which("uv")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def production_env(home: Path, venv: Path) -> dict[str, str]:
    """What the Helm values set, with obviously fake values: https URLs, no secrets needed."""
    urls = {
        name.upper(): f"https://{name.removesuffix('_url').replace('_', '-')}.example.invalid"
        for name in Settings().tls_urls()
        if name != "sqs_endpoint_url"
    }
    return {
        "PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "ENVIRONMENT": "production",
        **urls,
        "SQS_ENDPOINT_URL": "",
        "AWS_REGION": "eu-west-2",
        "STORE_URL": "postgresql+psycopg2://p2n:fake-password@store.example.invalid:5432/p2n",
    }


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: float) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def serve_and_probe(servers: list[tuple[list[str], int]], cwd: Path, env: dict[str, str]) -> None:
    """Start the code servers side by side; wait until the chart's readiness probe passes."""
    started = []
    for command, port in servers:
        log = cwd.parent / f"server-{port}.log"
        with log.open("w") as output:  # a file, not a pipe: a chatty server never blocks
            server = subprocess.Popen(  # noqa: S603 - our own command line
                command,
                cwd=cwd,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started.append((server, command, port, log))
    try:
        for server, command, port, log in started:
            probe = ["dagster", "api", "grpc-health-check", "-p", str(port)]
            deadline = time.monotonic() + 120
            while True:
                assert server.poll() is None, f"{command} exited:\n{log.read_text()[-3000:]}"
                checked = subprocess.run(
                    probe, env=env, capture_output=True, timeout=30, check=False
                )
                if checked.returncode == 0:
                    break
                assert time.monotonic() < deadline, f"{command} not ready within 120 s"
                time.sleep(2)
    finally:
        for server, *_ in started:
            os.killpg(server.pid, signal.SIGTERM)
        for server, *_ in started:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


@pytest.mark.image_build
@pytest.mark.timeout(180)
def test_the_image_steps_build_a_venv_that_serves_the_code_location(tmp_path):
    uv = uv_binary()
    if uv is None:
        pytest.skip("uv not found: run `make install` (scripts/bootstrap.sh), as CI does")
    _, build, final = stages()
    app = tmp_path / "app"
    app.mkdir()
    venv = app / ".venv"
    uv_env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    uv_env.update(
        UV_PROJECT_ENVIRONMENT=str(venv),
        UV_PYTHON_DOWNLOADS="never",
        UV_PYTHON=os.path.realpath(sys._base_executable),
        UV_OFFLINE="1",  # everything is in the cache the project's own sync filled
    )
    [(deps_at, deps), (project_at, project)] = uv_syncs(build)
    for index, instruction in enumerate(build.instructions):
        if instruction.keyword == "COPY" and "--from" not in instruction.args:
            for source in instruction.flags_and_words()[1][:-1]:
                if (ROOT / source).is_dir():
                    shutil.copytree(
                        ROOT / source, app / source, ignore=shutil.ignore_patterns("__pycache__")
                    )
                else:
                    shutil.copy2(ROOT / source, app / source)
        if index in (deps_at, project_at):
            run([uv, *instruction.flags_and_words()[1][1:]], app, uv_env, timeout=120)

    # the final stage ships the venv alone
    for source in wheel_packages():
        shutil.rmtree(app / source)
    home = tmp_path / "home"
    home.mkdir()
    env = production_env(home, venv)

    found = json.loads(
        run(
            [
                str(venv / "bin" / "python"),
                "-c",
                "import importlib.util as u, json, sys; "
                "print(json.dumps({m: u.find_spec(m) is not None for m in sys.argv[1:]}))",
                *NOT_IN_PRODUCTION,
                *IN_PRODUCTION,
                *LOCAL_ONLY_PACKAGES,
            ],
            app,
            env,
            timeout=60,
        )
    )
    assert [m for m in NOT_IN_PRODUCTION if found[m]] == [], "local/dev groups leaked in"
    assert [m for m in IN_PRODUCTION if not found[m]] == []
    assert [m for m in LOCAL_ONLY_PACKAGES if found[m]] == [], "local tooling shipped"
    assert (venv / "bin" / "dagster").exists()

    for location in ("dagster_project.definitions", "dagster_project.sync_definitions"):
        validated = run(
            ["dagster", "definitions", "validate", "-m", location], app, env, timeout=120
        )
        assert "Validation successful" in validated, location

    # the CLI (the migration Job's `p2n store upgrade`, `p2n health`) runs without the local group
    fake_secret = "fake-Client-Secret-for-image-test"  # noqa: S105 - not a real secret
    health_env = {
        **env,
        "SQS_ENDPOINT_URL": "https://sqs.example.invalid",
        "AWS_ACCESS_KEY_ID": "fake-key-id",
        "AWS_SECRET_ACCESS_KEY": fake_secret,
        **{f"{api}_CLIENT_SECRET": fake_secret for api in API_PREFIXES},
    }
    checked = subprocess.run(
        ["p2n", "health", "--json", "--timeout-seconds", "5"],
        cwd=app,
        env=health_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 1, checked.stdout[-3000:] + checked.stderr[-3000:]
    report = json.loads(checked.stdout)
    assert len(report["components"]) == len(API_PREFIXES) + 2 * len(Settings().queues())
    assert not any(component["ok"] for component in report["components"])
    assert fake_secret not in checked.stdout + checked.stderr

    [cmd] = final.of("CMD")
    code_server = cmd.exec_form()  # the image's default: what codeServerArgs runs too
    port = free_port()
    code_server[code_server.index("-p") + 1] = str(port)
    code_server[code_server.index("-h") + 1] = "127.0.0.1"
    grpc_port = free_port()  # the chart's dagsterApiGrpcArgs form
    grpc = ["dagster", "api", "grpc", "-h", "127.0.0.1", "-p", str(grpc_port)]
    grpc += ["-m", "dagster_project.definitions"]
    serve_and_probe([(code_server, port), (grpc, grpc_port)], app, env)
