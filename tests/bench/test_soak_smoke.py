"""The CI chaos soak: faults, duplicates, re-ordering, poison, a killed run and a killed daemon.

It runs `python -m bench.soak --smoke` (its own moto, sandbox and Dagster daemon on 127.0.0.1)
and asserts the zero counts, then scans everything the soak left behind for secrets. Nothing
here depends on the machine being quiet: the kills wait for their targets (publishing more
work if needed), the drain waits for every state that still leads to work, and each wait has
a bound well above what a loaded machine needs, reported when it is hit.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dagster_project.sandbox.core.domain import sandbox_domains
from tests.secret_scan import scan

REPO = Path(__file__).resolve().parents[2]
SANDBOX_SECRET = "sandbox-secret"
# bounds, not expectations (a quiet two-core machine needs about two minutes): the soak's
# own waits (start, kills, drain) end well inside this and report which one was hit
SOAK_TIMEOUT_SECONDS = 2400
pytestmark = pytest.mark.timeout(SOAK_TIMEOUT_SECONDS + 60)


@pytest.fixture(scope="module")
def soak(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("soak")
    result = subprocess.run(
        [sys.executable, "-m", "bench.soak", "--smoke", "--json", "--workdir", str(workdir)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=SOAK_TIMEOUT_SECONDS,
    )
    (workdir / "soak.stdout").write_text(result.stdout)
    (workdir / "soak.stderr").write_text(result.stderr)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, result.stderr[-3000:]
    return json.loads(lines[-1]), result.returncode, workdir


def test_nothing_lost_nothing_doubled_reconciliations_clean(soak):
    report, returncode, _ = soak
    assert report["drained"], (
        f"not drained {report['drain_seconds']:.0f} s after the last publish: "
        f"{report['undrained']}; kills {report['kills']}; runs {report['runs']}"
    )
    # every domain whose sandbox brings a soak actor took part and came out clean
    actors = {domain.name for domain in sandbox_domains() if domain.soak is not None}
    counts = {d: (c["lost"], c["doubled"]) for d, c in report["domains"].items()}
    # on failure: each domain's lost examples, what the DLQs hold and where the kills landed
    evidence = {key: report[key] for key in ("domains", "dead_letters", "kills", "runs")}
    assert counts == {name: (0, 0) for name in actors}, json.dumps(evidence, indent=1)
    assert set(report["reconciliations"].values()) == {0}
    letters = report["dead_letters"]
    assert letters["poison_found"] == letters["poison_expected"] > 0
    assert letters["unexpected"] == []
    assert returncode == 0


def test_every_fault_kind_and_both_kills_happened(soak):
    report, _, _ = soak
    assert {
        "write-then-hang",
        "hang",
        "reset",
        "status:500",
        "status:502",
        "status:503",
        "status:504",
    } <= set(report["faults_fired"])
    assert report["duplicates_injected"] > 0 and report["reordered_injected"] > 0
    kills = {k["what"]: k for k in report["kills"]}
    assert set(kills) == {"sync run", "daemon"}
    for kill in kills.values():
        assert kill["done"], kill["detail"]
        assert "pid" in kill["detail"]
    assert "inside a held" in kills["sync run"]["detail"]
    assert report["runs"].get("retries", 0) >= 1  # the killed run was run again


def test_no_secret_in_anything_the_soak_left_behind(soak):
    _, _, workdir = soak
    hits = scan(paths=[workdir], secrets=[SANDBOX_SECRET])
    assert hits == []
