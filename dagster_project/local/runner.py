"""`p2n local`: moto server + sandbox estate + `dagster dev` (UI, daemon, sensors on), one command.

Everything binds to 127.0.0.1 and needs no credentials: the sandbox accepts its own demo client
secrets, moto accepts any AWS key.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx

from dagster_project.domains import APIS
from dagster_project.local.aws import provision
from dagster_project.local.listeners import listen_on_all, port_of, wait_for
from dagster_project.local.processes import stop_trees, stop_with_parent
from dagster_project.local.sandbox_secrets import SANDBOX_SECRET
from dagster_project.local.stack import LocalStack, remove_stack, write_stack
from dagster_project.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def moto_command(listener: socket.socket) -> list[str]:
    """The command serving moto on `listener` (passed down), through `moto_server.py`."""
    module = "dagster_project.local.moto_server"
    return [sys.executable, "-m", module, "--fd", str(listener.fileno())]


def sandbox_command(listener: socket.socket, db_url: str) -> list[str]:
    """The command serving the sandbox estate on `listener` (passed down), data in `db_url`."""
    module = "dagster_project.sandbox"
    return [sys.executable, "-m", module, "--fd", str(listener.fileno()), "--db-url", db_url]


def local_environment(
    home: Path, moto_port: int, sandbox_port: int, shell_wins: bool = True
) -> dict[str, str]:
    """Environment for local mode; by default anything already set in the shell wins."""
    sandbox = f"http://127.0.0.1:{sandbox_port}"
    defaults = {
        "ENVIRONMENT": "local",
        "DAGSTER_HOME": str(home / "dagster_home"),
        "SQS_ENDPOINT_URL": f"http://127.0.0.1:{moto_port}",
        "AWS_REGION": "eu-west-2",
        "AWS_DEFAULT_REGION": "eu-west-2",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "SANDBOX_URL": sandbox,
        "HMPPS_AUTH_URL": f"{sandbox}/auth",
        **{api.url_setting.upper(): f"{sandbox}{api.sandbox_path}" for api in APIS},
        **{api.secret_variable: SANDBOX_SECRET for api in APIS},
    }
    if not shell_wins:
        return defaults
    return {**defaults, **{k: v for k, v in os.environ.items() if k in defaults}}


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def run_local(ui_port: int, moto_port: int, sandbox_port: int, reset: bool, home: Path) -> int:
    """Start the three processes, provision queues, and wait until Ctrl-C (or SIGTERM).

    Ctrl-C, SIGTERM, SIGHUP or the death of the parent (`make run` killed) stop every process
    started here and everything below them (webserver, daemon, code server, run workers).
    """
    signal.signal(signal.SIGTERM, _raise_interrupt)
    signal.signal(signal.SIGHUP, _raise_interrupt)
    stop_with_parent()
    # Every port is bound here, first: one already taken fails now, by name (0: the kernel
    # picks, stack.json says which). moto and the sandbox serve the very sockets bound here;
    # the UI's is held until `dagster dev` starts, which binds it itself.
    listeners = listen_on_all(moto_port, sandbox_port, ui_port)
    moto_listener, sandbox_listener, ui_listener = listeners
    moto_port, sandbox_port, ui_port = (port_of(listener) for listener in listeners)
    home = home.resolve()
    if reset and home.exists():
        shutil.rmtree(home)
    (home / "dagster_home").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "deploy/local/dagster.yaml", home / "dagster_home/dagster.yaml")
    env = {**os.environ, **local_environment(home, moto_port, sandbox_port)}
    os.environ.update(env)
    logs = home / "logs"
    logs.mkdir(exist_ok=True)
    children: list[subprocess.Popen[bytes]] = []

    def start(
        name: str, command: list[str], listener: socket.socket | None = None
    ) -> subprocess.Popen[bytes]:
        log = (logs / f"{name}.log").open("ab")
        child = subprocess.Popen(  # noqa: S603 - fixed argv built above, no shell
            command,
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us; we stop each tree in order
            pass_fds=() if listener is None else (listener.fileno(),),
        )
        if listener is not None:
            listener.close()  # the child serves it; a dead child now means "connection refused"
        children.append(child)
        return child

    try:
        moto = start("moto", moto_command(moto_listener), moto_listener)
        wait_for("moto server", lambda: port_open(moto_port), process=moto, log=logs / "moto.log")
        db_url = f"sqlite:///{home / 'sandbox.db'}"
        sandbox = start("sandbox", sandbox_command(sandbox_listener, db_url), sandbox_listener)
        health = f"http://127.0.0.1:{sandbox_port}/sandbox/health"
        wait_for(
            "sandbox",
            lambda: httpx.get(health, timeout=2).is_success,
            process=sandbox,
            log=logs / "sandbox.log",
        )
        provision(Settings())
        dagster = shutil.which("dagster", path=str(Path(sys.executable).parent)) or "dagster"
        ui = ["dev", "-h", "127.0.0.1", "-p", str(ui_port), "-w", "workspace.yaml"]
        ui_listener.close()
        dev = start("dagster", [dagster, *ui])
        wait_for(
            "dagster UI",
            lambda: port_open(ui_port),
            seconds=180,
            process=dev,
            log=logs / "dagster.log",
        )
        stack = LocalStack(
            pid=os.getpid(),
            ui_port=ui_port,
            moto_port=moto_port,
            sandbox_port=sandbox_port,
            environment=local_environment(home, moto_port, sandbox_port),
        )
        write_stack(home, stack)
        _banner(ui_port, sandbox_port, logs)
        return children[-1].wait()
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second signal must not cut the stop
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        remove_stack(home)
        stop_trees(list(reversed(children)))
        for listener in listeners:
            listener.close()  # still ours if the start failed before handing it down


def _raise_interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _banner(ui_port: int, sandbox_port: int, logs: Path) -> None:
    lines = [
        f"Dagster UI      http://127.0.0.1:{ui_port}  (sensors and daemon running)",
        f"Sandbox estate  http://127.0.0.1:{sandbox_port}/docs",
        f"Logs            {logs}",
        "Try, in another shell:  .venv/bin/p2n publish incentive-review A1000AA ENH",
        "                        .venv/bin/p2n telemetry --prefix incentive",
        "Stop with Ctrl-C.",
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
