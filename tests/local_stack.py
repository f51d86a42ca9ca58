"""`p2n local` as the tests start it: every port 0, the ports read back from its stack.json.

Port 0 lets `p2n local` bind its own ports (the kernel picks them), so no parallel test can take
a port between a test choosing it and the stack serving on it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from dagster_project.local.stack import LocalStack, read_stack


def local_command(home: Path | None = None) -> list[str]:
    """`p2n local` on ports the kernel picks (and `--home`, unless the environment says it)."""
    command = [sys.executable, "-m", "dagster_project.cli", "local"]
    command += ["--port", "0", "--moto-port", "0", "--sandbox-port", "0"]
    return command if home is None else [*command, "--home", str(home)]


def wait_for_stack(
    home: Path, process: subprocess.Popen[bytes], seconds: float, log: Path
) -> dict[str, int]:
    """The running stack's ports, once its stack.json is written (UI up): bounded by `seconds`.

    Raises:
        AssertionError: `p2n local` exited first, or the stack was not up in time (with its log).
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        stack: LocalStack | None = read_stack(home)
        if stack is not None:
            return {"ui": stack.ui_port, "moto": stack.moto_port, "sandbox": stack.sandbox_port}
        if process.poll() is not None:
            break
        time.sleep(0.5)
    tail = log.read_text(errors="replace")[-3000:] if log.is_file() else "(no log)"
    raise AssertionError(f"p2n local not up within {seconds:.0f}s (exit {process.poll()}):\n{tail}")
