"""`make test` runs the suite on xdist workers: grouped tests must really share one worker.

A tiny suite runs under `pytest -n 2 --dist loadgroup` with a conftest that groups the way
tests/conftest.py does; each test writes down its worker, and each build of a module-scoped
fixture is counted.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONFTEST = """
import pytest
from tests.xdist_groups import join_group

@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if "heavy" in item.name:
            join_group(item, "heavy")
        elif item.path.name == "test_shared.py":
            join_group(item, "test_shared.py")
"""
TESTS = """
import os
from pathlib import Path
import pytest

OUT = Path(os.environ["GROUP_OUT"])

def record(name):
    (OUT / name).write_text(os.environ["PYTEST_XDIST_WORKER"])

@pytest.mark.parametrize("i", range(4))
def test_heavy(i):
    record(f"heavy-{i}")

@pytest.mark.parametrize("i", range(4))
def test_light(i):
    record(f"light-{i}")
"""
SHARED = """
import os
from pathlib import Path
import pytest

OUT = Path(os.environ["GROUP_OUT"])

@pytest.fixture(scope="module")
def built():
    (OUT / f"built-{os.environ['PYTEST_XDIST_WORKER']}-{os.getpid()}").write_text("")

@pytest.mark.parametrize("i", range(4))
def test_uses_the_shared_fixture(built, i):
    pass
"""


def test_grouped_tests_run_on_one_worker_and_a_shared_fixture_is_built_once(tmp_path):
    suite, out = tmp_path / "suite", tmp_path / "out"
    suite.mkdir(), out.mkdir()
    (suite / "pytest.ini").write_text("[pytest]\n")
    (suite / "conftest.py").write_text(textwrap.dedent(CONFTEST))
    (suite / "test_mix.py").write_text(textwrap.dedent(TESTS))
    (suite / "test_shared.py").write_text(textwrap.dedent(SHARED))
    env = {**os.environ, "GROUP_OUT": str(out), "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup"]
    command += ["-p", "no:cacheprovider", "-q"]
    done = subprocess.run(
        command, cwd=suite, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    heavy_workers = {(out / f"heavy-{i}").read_text() for i in range(4)}
    assert len(heavy_workers) == 1, f"the heavy group ran on {sorted(heavy_workers)}"
    assert len(list(out.glob("built-*"))) == 1, "the module fixture was built once"
    assert all((out / f"light-{i}").exists() for i in range(4))
