"""A sync run loads the event-sync location first: it must stay free of the heavy modules.

Checked in a fresh interpreter, as a run worker starts: build the location, then look at what
got imported. pandas, the reconciliation engine, Slack and the asset factories belong to the
main location only (docs/performance.md, "Launch cost").
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
KEPT_OUT = (
    "pandas",
    "dagster_slack",
    "assets",
    "dagster_project.reconciliation.diffing",
    "dagster_project.operations.engine",
    "dagster_project.sandbox",
)
PROBE = f"""
import json, sys
from dagster_project.sync_definitions import defs
loaded = defs()
jobs = sorted(job.name for job in loaded.get_repository_def().get_all_jobs())
print(json.dumps({{
    "jobs": [name for name in jobs if not name.startswith("__")],
    "imported": [name for name in {list(KEPT_OUT)!r} if name in sys.modules],
}}))
"""


def test_the_sync_location_builds_without_the_heavy_modules(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DAGSTER_HOME": str(tmp_path),
        "STORE_URL": f"sqlite:///{tmp_path / 's.db'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["imported"] == [], f"a sync run would import {loaded['imported']}"
    assert loaded["jobs"] and all(name.endswith("_sync_job") for name in loaded["jobs"])
