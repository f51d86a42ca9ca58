"""Where local state lives, one rule for every command, and what a running local stack is.

Local state lives in `<repo>/.local` (or `$P2N_LOCAL_HOME`). `p2n local` writes what it started
to `<home>/stack.json`: its ports and the variables it set (sandbox URLs, moto endpoint, the
sandbox's demo secrets, `DAGSTER_HOME`). Every other command in local mode reads that file and
uses those values for any variable the shell leaves unset, so a new shell needs nothing sourced
and finds the same queues, sandbox and store as the running stack.
"""

from __future__ import annotations

import json
import os
from collections.abc import MutableMapping
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOME_VARIABLE = "P2N_LOCAL_HOME"
STACK_FILE = "stack.json"


@dataclass(frozen=True)
class LocalStack:
    """What `p2n local` started: its process, ports and the environment its children got.

    A plain dataclass and json, not pydantic: every `p2n` command reads it before anything else.
    """

    pid: int
    ui_port: int
    moto_port: int
    sandbox_port: int
    environment: dict[str, str]


def local_home(environ: MutableMapping[str, str] | None = None) -> Path:
    """`$P2N_LOCAL_HOME`, else `<repo>/.local`: the same place whatever the working directory."""
    env = os.environ if environ is None else environ
    configured = env.get(HOME_VARIABLE)
    return Path(configured).expanduser().resolve() if configured else REPO / ".local"


def write_stack(home: Path, stack: LocalStack) -> Path:
    path = home / STACK_FILE
    path.write_text(json.dumps(asdict(stack), indent=2))
    return path


def read_stack(home: Path) -> LocalStack | None:
    """The stack `p2n local` recorded in `home`, or None (none started, or an unreadable file)."""
    try:
        found = json.loads((home / STACK_FILE).read_text())
        stack = LocalStack(**found)
    except (OSError, ValueError, TypeError):
        return None
    if not all(isinstance(value, str) for value in stack.environment.values()):
        return None
    return stack


def remove_stack(home: Path) -> None:
    (home / STACK_FILE).unlink(missing_ok=True)


def apply_local_defaults(environ: MutableMapping[str, str] | None = None) -> LocalStack | None:
    """In local mode, fill every variable the shell left unset from the running stack's file.

    Production (`ENVIRONMENT=production`) is never touched; a variable set in the shell wins.
    """
    env = os.environ if environ is None else environ
    if env.get("ENVIRONMENT", "local") == "production":
        return None
    stack = read_stack(local_home(env))
    if stack is not None:
        for name, value in stack.environment.items():
            env.setdefault(name, value)
    _absolute_dagster_home(env)
    return stack


def _absolute_dagster_home(env: MutableMapping[str, str]) -> None:
    """Make `DAGSTER_HOME` absolute (against the repository root) and existing, as Dagster needs.

    `.env.example` gives it relative to the repository root (`.local/dagster_home`).
    """
    home = env.get("DAGSTER_HOME")
    if not home:
        return
    path = Path(home).expanduser()
    if not path.is_absolute():
        path = REPO / path
        env["DAGSTER_HOME"] = str(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # Dagster then names the folder it cannot use; every command still starts
