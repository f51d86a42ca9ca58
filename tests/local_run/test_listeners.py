"""Ports bound by the parent and handed down: no window for another process to take them.

The CI soak once waited 300 s for a sandbox that had died at start; these tests pin the three
parts of the cure: a taken port fails at once by name, a server serves on the socket it was
handed, and a server that dies is reported with its log instead of waited for.
"""

import subprocess
import sys
import time
from pathlib import Path

import boto3
import httpx
import pytest
from botocore.exceptions import EndpointConnectionError

from dagster_project.local.listeners import (
    PortInUseError,
    ServerExitedError,
    listen_on,
    port_of,
    wait_for,
)
from dagster_project.local.runner import REPO, moto_command, port_open, sandbox_command

STARTUP_SECONDS = 120


def spawn(command: list[str], listener, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        child = subprocess.Popen(  # noqa: S603 - argv built by the runner's own helpers
            command, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, pass_fds=(listener.fileno(),)
        )
    listener.close()
    return child


def stop(child: subprocess.Popen[bytes]) -> None:
    child.terminate()
    try:
        child.wait(timeout=15)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait(timeout=5)


def test_a_port_already_taken_fails_at_once_naming_the_port():
    held = listen_on()
    try:
        with pytest.raises(PortInUseError, match=f"port {port_of(held)} "):
            listen_on(port_of(held))
    finally:
        held.close()


def test_the_port_is_held_from_the_moment_it_is_chosen():
    listener = listen_on()
    try:
        assert port_open(port_of(listener))  # connections queue before any server runs
    finally:
        listener.close()


def test_a_server_that_dies_at_start_is_reported_with_its_log(tmp_path):
    log = tmp_path / "server.log"
    log.write_text("starting\nboom: the seed data is corrupt\n")
    child = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])  # noqa: S603
    started = time.monotonic()
    with pytest.raises(ServerExitedError) as raised:
        wait_for("sandbox", lambda: False, seconds=60, process=child, log=log)
    assert time.monotonic() - started < 30  # not the 60 s bound
    message = str(raised.value)
    assert message.startswith("sandbox exited with code 3 before it came up")
    assert "boom: the seed data is corrupt" in message


def test_a_probe_that_never_succeeds_times_out_naming_the_check():
    with pytest.raises(TimeoutError, match="moto server did not come up within 1s"):
        wait_for("moto server", lambda: False, seconds=1)


def test_moto_serves_sqs_on_the_socket_it_was_handed(tmp_path):
    listener = listen_on()
    port = port_of(listener)
    child = spawn(moto_command(listener), listener, tmp_path / "moto.log")
    try:
        sqs = boto3.client(
            "sqs",
            endpoint_url=f"http://127.0.0.1:{port}",
            region_name="eu-west-2",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106 - moto's dummy key
        )

        def queue_created() -> bool:
            try:
                return bool(sqs.create_queue(QueueName="handed-down")["QueueUrl"])
            except EndpointConnectionError:
                return False

        wait_for(
            "moto server",
            queue_created,
            seconds=STARTUP_SECONDS,
            process=child,
            log=tmp_path / "moto.log",
        )
        url = sqs.get_queue_url(QueueName="handed-down")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="hello")
        received = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
        assert [message["Body"] for message in received] == ["hello"]
    finally:
        stop(child)


def test_the_sandbox_serves_on_the_socket_it_was_handed(tmp_path):
    listener = listen_on()
    port = port_of(listener)
    command = sandbox_command(listener, f"sqlite:///{tmp_path / 'sandbox.db'}")
    child = spawn([*command, "--prisoners-per-prison", "10"], listener, tmp_path / "sandbox.log")
    try:
        health = f"http://127.0.0.1:{port}/sandbox/health"
        wait_for(
            "sandbox",
            lambda: httpx.get(health, timeout=2).is_success,
            seconds=STARTUP_SECONDS,
            process=child,
            log=tmp_path / "sandbox.log",
        )
        assert httpx.get(health, timeout=5).json()
    finally:
        stop(child)
    # stopped: the port is free again, nothing of the parent's kept it
    listen_on(port).close()


def test_p2n_local_on_a_taken_port_says_so_in_one_line(tmp_path):
    held = listen_on()
    port = port_of(held)
    try:
        result = subprocess.run(  # noqa: S603 - the project's own CLI
            [
                sys.executable,
                "-m",
                "dagster_project.cli",
                "local",
                "--sandbox-port",
                str(port),
                "--moto-port",
                "0",
                "--home",
                str(tmp_path / "home"),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        held.close()
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"p2n: port {port} on 127.0.0.1 is already in use: stop what holds it, "
        "or choose another port (see p2n local --help)"
    ]
