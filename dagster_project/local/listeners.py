"""Listening sockets bound by the parent and handed to the servers it starts.

Picking a free port, closing it and letting a child bind it later leaves a window in which
anything else on the machine (a parallel test's outgoing connection, another server) can take
the port; the child then dies on "address in use" and whoever waits for it waits in vain.
Binding here and passing the open socket down (`--fd`) closes that window: the port is ours
from the moment it is chosen, and a port that is already taken fails at once, by name.
"""

from __future__ import annotations

import errno
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx

LOOPBACK = "127.0.0.1"
BACKLOG = 128
LOG_TAIL_LINES = 20


class PortInUseError(RuntimeError):
    """The port asked for is held by another process."""


class ServerExitedError(RuntimeError):
    """A server the stack started exited before it came up."""


def listen_on(port: int = 0) -> socket.socket:
    """A listening TCP socket on 127.0.0.1:`port` (0: the kernel picks), inheritable by children.

    Raises:
        PortInUseError: naming the port, when another process holds it.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((LOOPBACK, port))
    except OSError as error:
        listener.close()
        if error.errno == errno.EADDRINUSE:
            raise PortInUseError(f"port {port} on {LOOPBACK} is already in use") from None
        raise
    listener.listen(BACKLOG)
    listener.set_inheritable(True)
    return listener


def listen_on_all(*ports: int) -> list[socket.socket]:
    """`listen_on` each port; if one is taken, those already bound are let go again.

    Raises:
        PortInUseError: naming the first port that is taken.
    """
    listeners: list[socket.socket] = []
    try:
        for port in ports:
            listeners.append(listen_on(port))
    except Exception:
        for listener in listeners:
            listener.close()
        raise
    return listeners


def port_of(listener: socket.socket) -> int:
    return int(listener.getsockname()[1])


def log_tail(log: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def wait_for(
    check: str,
    probe: Callable[[], bool],
    seconds: float = 60.0,
    process: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
) -> None:
    """Poll `probe` until true, for at most `seconds`.

    With `process`, a child that exits first ends the wait at once, with its exit code and
    the tail of `log`: a server that died is reported, not waited for.

    Raises:
        ServerExitedError: the process exited before the probe succeeded.
        TimeoutError: the probe did not succeed in time.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log_tail(log) if log is not None else "(no log)"
            raise ServerExitedError(
                f"{check} exited with code {process.returncode} before it came up "
                f"(log: {log}); its last lines:\n{tail}"
            )
        try:
            if probe():
                return
        except (OSError, httpx.HTTPError):
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{check} did not come up within {seconds:.0f}s")
