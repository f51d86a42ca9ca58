"""`python -m bench.soak [--smoke] [--events N] [--workdir DIR] [--json]`: run a chaos soak.

Prints the report table (or JSON) and exits 1 unless nothing was lost or doubled, the
reconciliations are clean and the DLQs hold exactly the injected poison.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import warnings
from pathlib import Path

from bench.soak.plan import FULL, SMOKE
from bench.soak.run import Soak
from dagster_project.local.runner import REPO


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="the small CI soak")
    parser.add_argument("--events", type=int, help="events to publish (overrides the preset)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=REPO / ".local/soak",
        help="state, logs and report.json (emptied first; default .local/soak)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # Dagster preview/supersession notes, not soak results
    plan = SMOKE if args.smoke else FULL
    if args.events:
        plan = plan.model_copy(update={"events": args.events})
    workdir = args.workdir.resolve()
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    report = Soak(plan, workdir).run()
    (workdir / "report.json").write_text(report.model_dump_json(indent=2))
    if args.json:
        print(report.model_dump_json())
    else:
        print(report.markdown())
    return 0 if report.clean() else 1


if __name__ == "__main__":
    sys.exit(main())
