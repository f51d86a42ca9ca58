"""The domain registry stays light: importing it never imports pandas.

Every domain package imports its reconciliation declarations; each names its run function with a
`RunIn` (module and function) instead of importing it, so the fetchers and pandas load only when
a reconciliation runs. A sync run, which imports the registry, stays free of them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dagster_project.sync.domain import RunIn

REPO = Path(__file__).resolve().parents[2]
PROBE = f"""
import json, sys, traceback

REPO = {str(REPO)!r}


class Spy:
    chain = None

    def find_spec(self, name, path=None, target=None):
        if name == "pandas" and Spy.chain is None:
            Spy.chain = [
                f"{{frame.filename.removeprefix(REPO + '/')}}:{{frame.lineno}}"
                for frame in traceback.extract_stack()
                if frame.filename.startswith(REPO) and "/.venv/" not in frame.filename
            ]
        return None


sys.meta_path.insert(0, Spy())
import dagster_project.domains

print(json.dumps({{"pandas": "pandas" in sys.modules, "chain": Spy.chain}}))
"""


def test_importing_the_registry_leaves_pandas_out():
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    chain = "\n".join(loaded["chain"] or [])
    assert not loaded["pandas"], f"import dagster_project.domains imports pandas via:\n{chain}"


def test_every_reconciliation_names_a_run_function_that_resolves():
    from dagster_project.domains import DOMAINS

    reconciliations = [r for domain in DOMAINS for r in domain.reconciliations]
    assert reconciliations
    for reconciliation in reconciliations:
        run = reconciliation.run
        assert isinstance(run, RunIn), f"{reconciliation.name}: run is not a RunIn"
        assert callable(run.resolve()), f"{reconciliation.name}: {run} does not resolve"
