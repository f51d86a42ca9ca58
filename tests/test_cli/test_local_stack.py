"""The one rule for local state: where it lives; a new shell takes the running stack's values."""

import os
from pathlib import Path

from dagster_project.local.stack import (
    LocalStack,
    apply_local_defaults,
    local_home,
    read_stack,
    remove_stack,
    write_stack,
)

STACK = LocalStack(
    pid=4242,
    ui_port=3000,
    moto_port=4566,
    sandbox_port=8090,
    environment={
        "SQS_ENDPOINT_URL": "http://127.0.0.1:4566",
        "DAGSTER_HOME": "/somewhere/.local/dagster_home",
    },
)


def test_local_state_lives_in_the_repo_unless_told_otherwise(tmp_path):
    assert local_home({}) == Path(__file__).resolve().parents[2] / ".local"
    assert local_home({"P2N_LOCAL_HOME": str(tmp_path)}) == tmp_path.resolve()


def test_a_new_shell_takes_the_running_stacks_values_for_what_it_leaves_unset(tmp_path):
    write_stack(tmp_path, STACK)
    mine = str(tmp_path / "mine")
    env = {"P2N_LOCAL_HOME": str(tmp_path), "DAGSTER_HOME": mine}
    assert apply_local_defaults(env) == STACK
    assert env["SQS_ENDPOINT_URL"] == "http://127.0.0.1:4566"
    assert env["DAGSTER_HOME"] == mine  # what the shell set wins


def test_production_never_takes_local_values(tmp_path):
    write_stack(tmp_path, STACK)
    env = {"P2N_LOCAL_HOME": str(tmp_path), "ENVIRONMENT": "production"}
    assert apply_local_defaults(env) is None
    assert "SQS_ENDPOINT_URL" not in env


def test_no_stack_or_an_unreadable_file_changes_nothing(tmp_path):
    env = {"P2N_LOCAL_HOME": str(tmp_path)}
    assert apply_local_defaults(env) is None and env == {"P2N_LOCAL_HOME": str(tmp_path)}
    (tmp_path / "stack.json").write_text("{not json")
    assert read_stack(tmp_path) is None
    write_stack(tmp_path, STACK)
    remove_stack(tmp_path)
    assert read_stack(tmp_path) is None


def test_a_relative_dagster_home_is_taken_from_the_repo_root_and_made(tmp_path):
    # .env.example's DAGSTER_HOME=.local/dagster_home, from any working directory
    repo = Path(__file__).resolve().parents[2]
    relative = os.path.relpath(tmp_path / "new" / "dagster_home", repo)
    env = {"P2N_LOCAL_HOME": str(tmp_path), "DAGSTER_HOME": relative}
    apply_local_defaults(env)
    assert env["DAGSTER_HOME"] == str(repo / relative)
    assert (tmp_path / "new" / "dagster_home").is_dir()
