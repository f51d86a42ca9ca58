"""Stopping what `p2n local` started, all of it: every child and every process below it.

`dagster dev` starts the webserver, the daemon and a code server, and the daemon starts run
workers; a signal to `dagster dev` alone can leave them behind. So each child starts in its own
session, the whole tree under it is read from /proc before stopping, each process gets SIGTERM,
and whatever is still alive after the grace period gets SIGKILL.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

PROC = Path("/proc")
PR_SET_PDEATHSIG = 1


def children_of(pids: Iterable[int]) -> set[int]:
    """Every live process whose parent chain reaches one of `pids` (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in PROC.iterdir() if PROC.is_dir() else []:
        if not entry.name.isdigit():
            continue
        try:
            # "pid (comm) state ppid ...": comm may hold spaces, so split after its ")"
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = set(pids)
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = PROC / str(pid) / "stat"
    try:  # a zombie has exited: only its parent's wait is missing
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _signal(pids: Iterable[int], signum: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, signum)
        except (ProcessLookupError, PermissionError):
            pass


def stop_trees(children: list[subprocess.Popen[bytes]], grace_seconds: float = 7.0) -> None:
    """SIGTERM every child and its descendants, then SIGKILL what outlives `grace_seconds`."""
    roots = [child.pid for child in children if child.poll() is None]
    tree = set(roots) | children_of(roots)
    _signal(tree, signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    while time.monotonic() < deadline:
        for child in children:
            child.poll()  # reap our own children so they stop counting as alive
        tree |= children_of(tree)  # a process started while stopping is stopped too
        if not any(alive(pid) for pid in tree):
            return
        time.sleep(0.2)
    _signal((pid for pid in tree if alive(pid)), signal.SIGKILL)
    for child in children:
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


def stop_with_parent() -> None:
    """Ask Linux to send this process SIGTERM when its parent dies (`make run` killed)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: Ctrl-C and SIGTERM still stop everything
        pass
